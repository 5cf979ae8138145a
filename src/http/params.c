#include "http/params.h"
#include "core/limits.h"
#include "core/utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void params_init(struct params *p, struct arena *a)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
}

struct param *param_child(const struct param *m, const char *key)
{
	if (!m)
		return NULL;
	size_t klen = strlen(key);
	for (struct param *c = m->first; c; c = c->next)
		if (c->name_len == klen && memcmp(c->name, key, klen) == 0)
			return c;
	return NULL;
}

/*
 * The index: (parent, generation, name) -> child, open addressing, so that
 * building a tree from N names costs O(N) and not O(N^2) (an unauthenticated
 * body of 10,000 distinct names must not burn seconds before the 401).
 * A parent's generation changes whenever its children are dropped, which
 * leaves the old entries unreachable without deleting them.
 */
static uint64_t name_hash(const struct param *parent, const char *key, size_t klen)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent ^
		     ((uint64_t)parent->generation << 32);
	for (size_t i = 0; i < klen; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static bool slot_is(const struct param *c, const struct param *parent, const char *key, size_t klen)
{
	return c->parent == parent && c->parent_generation == parent->generation &&
	       c->name_len == klen && memcmp(c->name, key, klen) == 0;
}

static struct param *index_find(const struct params *p, const struct param *parent,
				const char *key, size_t klen)
{
	if (!p->n_slots)
		return NULL;
	size_t mask = p->n_slots - 1;
	for (size_t i = (size_t)name_hash(parent, key, klen) & mask;; i = (i + 1) & mask) {
		struct param *c = p->slots[i];
		if (!c)
			return NULL;
		if (slot_is(c, parent, key, klen))
			return c;
	}
}

static void index_put(struct params *p, struct param *c)
{
	if ((p->n_used + 1) * 2 > p->n_slots) {
		size_t n = p->n_slots ? p->n_slots * 2 : 64;
		struct param **old = p->slots;
		size_t old_n = p->n_slots;
		p->slots = arena_alloc(p->arena, n * sizeof(*p->slots));
		p->n_slots = n;
		p->n_used = 0;
		for (size_t i = 0; i < old_n; i++)
			if (old[i] && old[i]->parent_generation == old[i]->parent->generation)
				index_put(p, old[i]);
	}
	size_t mask = p->n_slots - 1;
	size_t i = (size_t)name_hash(c->parent, c->name, c->name_len) & mask;
	while (p->slots[i])
		i = (i + 1) & mask;
	p->slots[i] = c;
	p->n_used++;
}

static void drop_children(struct param *n)
{
	n->first = n->last = NULL;
	n->n_children = 0;
	n->generation++;
}

static struct param *add_child(struct params *p, struct param *m, const char *key, size_t klen)
{
	struct param *c = arena_alloc(p->arena, sizeof(*c));
	c->name = arena_strndup(p->arena, key, klen);
	c->name_len = klen;
	c->parent = m;
	c->parent_generation = m->generation;
	if (m->last)
		m->last->next = c;
	else
		m->first = c;
	m->last = c;
	m->n_children++;
	index_put(p, c);
	return c;
}

static struct param *child_n(struct params *p, struct param *m, const char *key, size_t klen)
{
	struct param *c = index_find(p, m, key, klen);
	return c ? c : add_child(p, m, key, klen);
}

/* Turn a node into an empty map (PHP overwrites a scalar with an array). */
static void make_map(struct param *n)
{
	if (n->value || n->file) {
		n->value = NULL;
		n->file = NULL;
		drop_children(n);
	}
}

static struct param *append_index(struct params *p, struct param *m)
{
	char idx[24];
	int n = snprintf(idx, sizeof(idx), "%zu", m->n_children);
	return add_child(p, m, idx, (size_t)n);
}

/*
 * Split "a[b][c]" into segments and walk/create the path.  Returns the leaf
 * to assign, or NULL when the key is unusable.
 */
static struct param *resolve(struct params *p, const char *key, size_t klen, bool *bare_repeat)
{
	*bare_repeat = false;
	if (klen == 0 || klen > LIMIT_PARAM_NAME)
		return NULL;
	const char *end_key = key + klen;
	const char *br = memchr(key, '[', klen);
	/* PHP: a name whose brackets don't close is a plain name */
	if (br && (br == key || !memchr(br, ']', (size_t)(end_key - br))))
		br = NULL;
	size_t base = br ? (size_t)(br - key) : klen;
	struct param *cur = index_find(p, &p->root, key, base);
	if (!br) {
		if (cur) {
			*bare_repeat = true;
			return cur;
		}
		return add_child(p, &p->root, key, base);
	}
	if (!cur)
		cur = add_child(p, &p->root, key, base);
	const char *s = br;
	int depth = 0;
	while (s < end_key && *s == '[') {
		const char *end = memchr(s, ']', (size_t)(end_key - s));
		if (!end)
			break;
		if (++depth > LIMIT_PARAM_DEPTH)
			return NULL;
		make_map(cur);
		if (end == s + 1)
			cur = append_index(p, cur);
		else
			cur = child_n(p, cur, s + 1, (size_t)(end - s - 1));
		s = end + 1;
	}
	return cur;
}

static struct param *leaf_for(struct params *p, const char *key, size_t klen)
{
	if (p->overflow)
		return NULL;
	if (++p->count > LIMIT_PARAMS) {
		p->overflow = true;
		return NULL;
	}
	if (memchr(key, '\0', klen))
		p->has_nul = true;
	bool repeat;
	struct param *n = resolve(p, key, klen, &repeat);
	if (!n) {
		p->overflow = true;
		return NULL;
	}
	if (repeat) {
		/* a bare name seen again: keep every value, as a list */
		if (!n->repeated) {
			struct param old = *n;
			make_map(n);
			n->repeated = true;
			if (old.value || old.file) {
				struct param *first = append_index(p, n);
				first->value = old.value;
				first->value_len = old.value_len;
				first->file = old.file;
			}
		}
		return append_index(p, n);
	}
	return n;
}

void params_add(struct params *p, const char *key, size_t klen, const char *value, size_t len)
{
	struct param *n = leaf_for(p, key, klen);
	if (!n)
		return;
	if (value && memchr(value, '\0', len))
		p->has_nul = true;
	drop_children(n);
	n->file = NULL;
	n->value = arena_strndup(p->arena, value ? value : "", value ? len : 0);
	n->value_len = value ? len : 0;
}

void params_add_file(struct params *p, const char *key, struct upload *u)
{
	struct param *n = leaf_for(p, key, strlen(key));
	if (!n)
		return;
	if (n->file)
		p->duplicate_file = true;
	drop_children(n);
	n->value = NULL;
	n->file = u;
}

struct param *params_get(const struct params *p, const char *name)
{
	return param_child(&p->root, name);
}

const char *params_str(const struct params *p, const char *name)
{
	struct param *n = params_get(p, name);
	if (!n || !n->value || !n->value[0])
		return NULL;
	return n->value;
}

bool params_has(const struct params *p, const char *name)
{
	return params_get(p, name) != NULL;
}

bool params_bool(const struct params *p, const char *name, bool def)
{
	struct param *n = params_get(p, name);
	if (!n || !n->value)
		return def;
	const char *v = n->value;
	if (!*v || strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "yes") == 0 || strcasecmp(v, "on") == 0)
		return true;
	if (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 ||
	    strcasecmp(v, "no") == 0 || strcasecmp(v, "off") == 0)
		return false;
	return def;
}

long long params_int(const struct params *p, const char *name, long long def, bool *ok)
{
	const char *v = params_str(p, name);
	if (ok)
		*ok = true;
	if (!v)
		return def;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || end == v) {
		if (ok)
			*ok = false;
		return def;
	}
	return n;
}

/* The first name or value that is not text: invalid UTF-8 or a NUL byte. */
static const struct param *tree_bad_text(const struct param *n)
{
	for (const struct param *c = n->first; c; c = c->next) {
		if (!utf8_valid(c->name, c->name_len, NULL) || memchr(c->name, '\0', c->name_len))
			return c;
		if (c->value && (!utf8_valid(c->value, c->value_len, NULL) ||
				 memchr(c->value, '\0', c->value_len)))
			return c;
		const struct param *bad = tree_bad_text(c);
		if (bad)
			return bad;
	}
	return NULL;
}

const struct param *params_bad_text(const struct params *p)
{
	return tree_bad_text(&p->root);
}
