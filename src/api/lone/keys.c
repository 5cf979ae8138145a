/* The keys of a getTranslations file export: spelled for the format, unique (keys.h). */
#include "api/lone/keys.h"
#include "formats/lone_keys.h"
#include "formats/textutil.h"
#include "model/content.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Who a key belongs to: a category and a key without its array index. */
struct owner {
	int64_t node;
	const char *base;
	size_t len;
};

/* A name of the file (spelled key; "[]" appended for arrays), open addressing. */
struct slot {
	const char *name;
	struct owner own;
	int stage;		/* 1: plain key, 2: category path, 3: string id */
	bool clash;		/* claimed by more than one owner at its stage */
};

struct names {
	struct slot *s;
	size_t cap;		/* a power of two, > 4 x the names ever claimed */
};

struct krow {
	struct owner own;
	const char *suffix;	/* "[3]" of an array item, else "" */
	const char *name;	/* spelled key of the current stage */
};

struct keys_ctx {
	struct db_conn *db;
	struct arena *a;
	const struct lone_key_style *style;
	struct names t;
	struct buf b;
	int64_t path_node;	/* node_path cache */
	const char *path;
};

static bool same_owner(const struct owner *x, const struct owner *y)
{
	return x->node == y->node && x->len == y->len && memcmp(x->base, y->base, x->len) == 0;
}

static struct slot *find(struct names *t, const char *name)
{
	size_t i = (size_t)text_hash(name, strlen(name)) & (t->cap - 1);
	while (t->s[i].name && strcmp(t->s[i].name, name) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->s[i];
}

/* The file name of row r's `name`: array items share one name per array. */
static const char *ident(struct keys_ctx *k, const struct krow *r, const char *name)
{
	return *r->suffix ? arena_printf(k->a, "%s[]", name) : name;
}

/* Claim a name for r's owner at `stage`; another owner there makes it a clash. */
static struct slot *claim(struct keys_ctx *k, const struct krow *r, int stage)
{
	const char *id = ident(k, r, r->name);
	struct slot *s = find(&k->t, id);
	if (!s->name)
		*s = (struct slot){ id, r->own, stage, false };
	else if (s->stage == stage && !same_owner(&s->own, &r->own))
		s->clash = true;
	return s;
}

/* The spelling of text[0..n). */
static const char *spell(struct keys_ctx *k, const char *text, size_t n)
{
	if (!k->style->spell)
		return arena_strndup(k->a, text, n);
	buf_reset(&k->b);
	k->style->spell(text, n, &k->b);
	return arena_strndup(k->a, k->b.data, k->b.len);
}

/* "category/path/key" (+ tail), spelled. */
static const char *qualified(struct keys_ctx *k, const struct krow *r, const char *tail)
{
	if (k->path_node != r->own.node) {
		k->path = node_path(k->db, k->a, r->own.node);
		k->path_node = r->own.node;
	}
	if (!k->path)
		return NULL;
	const char *q = arena_printf(k->a, "%s/%.*s%s", k->path, (int)r->own.len, r->own.base,
				     tail);
	return spell(k, q, strlen(q));
}

static void split(struct keys_ctx *k, const char *key, struct krow *r, int64_t node)
{
	size_t len = k->style->arrays ? lone_key_array_name_len(key) : 0;
	if (!len)
		len = strlen(key);
	r->own = (struct owner){ node, key, len };
	r->suffix = key + len;
	r->name = spell(k, key, len);
}

/* Stage 3: the string id, then "~2", "~3"... until the name is free. */
static int by_string_id(struct keys_ctx *k, struct krow *rows, size_t i, int64_t public_id)
{
	for (size_t j = 0; j < i; j++) {
		if (rows[j].suffix[0] && same_owner(&rows[j].own, &rows[i].own)) {
			rows[i].name = rows[j].name;	/* the array's earlier item */
			return 0;
		}
	}
	for (unsigned try = 1;; try++) {
		char tail[48];
		int w = snprintf(tail, sizeof(tail), "#%" PRId64, public_id);
		if (try > 1)
			snprintf(tail + w, sizeof(tail) - (size_t)w, "~%u", try);
		if (!(rows[i].name = qualified(k, &rows[i], tail)))
			return -1;
		if (!find(&k->t, ident(k, &rows[i], rows[i].name))->name) {
			claim(k, &rows[i], 3);
			return 0;
		}
	}
}

static int make_keys(struct keys_ctx *k, const struct export_row *rows, size_t n,
		     struct krow *r, const char **keys)
{
	for (size_t i = 0; i < n; i++) {
		split(k, rows[i].key, &r[i], rows[i].node_id);
		claim(k, &r[i], 1);
	}
	for (size_t i = 0; i < n; i++)
		if (!find(&k->t, ident(k, &r[i], r[i].name))->clash)
			keys[i] = r[i].name;
	for (size_t i = 0; i < n; i++) {
		if (keys[i])
			continue;
		if (!(r[i].name = qualified(k, &r[i], "")))
			return -1;
		claim(k, &r[i], 2);
	}
	for (size_t i = 0; i < n; i++) {
		if (keys[i])
			continue;
		struct slot *s = find(&k->t, ident(k, &r[i], r[i].name));
		if (s->stage == 2 && !s->clash)
			keys[i] = r[i].name;
		else if (by_string_id(k, r, i, rows[i].public_id))
			return -1;
		else
			keys[i] = r[i].name;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = arena_printf(k->a, "%s%s", keys[i], r[i].suffix);
	return 0;
}

int lone_export_keys(struct db_conn *db, struct arena *a, const char *format,
		     const struct export_row *rows, size_t n, const char **keys)
{
	struct keys_ctx k = { .db = db, .a = a, .style = lone_key_style(format), .path_node = -1 };
	k.t.cap = 16;
	while (k.t.cap < 4 * n + 8)
		k.t.cap *= 2;
	k.t.s = arena_alloc(a, k.t.cap * sizeof(*k.t.s));
	struct krow *r = arena_alloc(a, (n ? n : 1) * sizeof(*r));
	memset(keys, 0, n * sizeof(*keys));
	buf_init(&k.b, 0);
	int rc = make_keys(&k, rows, n, r, keys);
	buf_release(&k.b);
	return rc;
}
