/*
 * localization.one getTranslations: a project's (or a category's, or one
 * string's) translations in one language, as a JSON list or as a file.
 */
#include "api/lone/keys.h"
#include "api/lone/lone.h"
#include "core/crypto.h"
#include "core/filecache.h"
#include "formats/format.h"
#include "model/catalog.h"
#include "model/languages.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const format_names[] = {
	"json", "xml-android", "ios-strings", "json-clean", "php-array", "arb", "csv", "po",
	"properties",
};
#define N_FORMATS (sizeof(format_names) / sizeof(format_names[0]))

/* Format number 0..8 by name or number; -1 when unknown. */
static int format_number(const char *s)
{
	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < N_FORMATS; i++) {
		char num[4];
		snprintf(num, sizeof(num), "%zu", i);
		if (!strcmp(s, num) || !strcmp(s, format_names[i]))
			return (int)i;
	}
	return -1;
}

static void raw_json_reply(struct call *c)
{
	c->r->resp.status = 200;
	c->r->resp.content_type = "application/json";
	c->raw = true;
}

/*
 * getTranslations replies are a function of the key below: the project's
 * revision moves with every change to its strings, translations, labels,
 * files and settings.  Big ones are kept (core/filecache.h) and sent again
 * from the file; every reply carries the key's hash as its ETag.
 */
#define CACHED_REPLY_MIN (256 * 1024)

static const char *reply_key(struct call *c, int lang, int64_t category_id, int64_t string_id,
			     int number)
{
	return arena_printf(c->a, "getTranslations " TOLK_VERSION " project=%" PRId64 " revision=%" PRId64
			    " approved_only=%d language=%d category=%" PRId64 " string=%" PRId64
			    " format=%d", c->project.id, c->project.revision,
			    (int)c->project.export_approved_only, lang, category_id, string_id, number);
}

/* True when the reply is sent from what the key names: a 304 for a matching ETag, or the file. */
static bool reply_again(struct call *c, const char *key)
{
	char hash[65];
	crypto_sha256_hex(key, strlen(key), hash);
	const char *etag = arena_printf(c->a, "\"%.32s\"", hash);
	response_header(c->r, "ETag", etag);
	const char *inm = request_header(c->r, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		c->r->resp.status = 304;
		c->raw = true;
		return true;
	}
	size_t size;
	int fd = filecache_get(c->app->replies, key, &size);
	if (fd < 0)
		return false;
	c->r->resp.fd = fd;
	c->r->resp.fd_size = size;
	raw_json_reply(c);
	return true;
}

static void keep_reply(struct call *c, const char *key)
{
	const struct buf *body = &c->r->resp.body;
	if (body->len >= CACHED_REPLY_MIN)
		filecache_put(c->app->replies, key, body->data, body->len);
}

static int emit_file(struct call *c, int number, const struct language *l, struct export_row *rows,
		     size_t n)
{
	char num[4];
	snprintf(num, sizeof(num), "%d", number);
	const struct lone_export_format *f = lone_export_format_find(num);
	if (!f || !f->emit)
		return lone_fail(c, 501, "Format '%s' is not available on this server", format_names[number]);
	struct unit *units = arena_alloc(c->a, (n ? n : 1) * sizeof(*units));
	struct fmt_translation *trs = arena_alloc(c->a, (n ? n : 1) * sizeof(*trs));
	const struct fmt_translation **tr = arena_alloc(c->a, (n ? n : 1) * sizeof(*tr));
	const char **keys = arena_alloc(c->a, (n ? n : 1) * sizeof(*keys));
	if (lone_export_keys(c->db, c->a, f->name, rows, n, keys))
		return lone_fail(c, 500, "Internal error");
	for (size_t i = 0; i < n; i++) {
		units[i].key = (char *)keys[i];
		units[i].source = (char *)rows[i].source;
		units[i].comment = *rows[i].context ? (char *)rows[i].context : NULL;
		trs[i].text = rows[i].text;
		tr[i] = rows[i].text ? &trs[i] : NULL;
	}
	struct fmt_lang lang = { .code = l->crowdin_code, .locale = l->locale,
				 .plural_forms = l->plural_forms, .plural_cats = l->plural_cats };
	struct buf out;
	buf_init(&out, 0);
	struct fmt_error err = { 0 };
	if (f->emit(units, tr, n, &lang, &out, &err)) {
		buf_release(&out);
		return lone_fail(c, 500, "Could not write the %s file: %s", f->name, err.msg);
	}
	/* the reply written here, byte for byte what lone_send writes of {ok, result} */
	struct response *resp = &c->r->resp;
	buf_reset(&resp->body);
	buf_adds(&resp->body, "{\"ok\":true,\"result\":");
	json_escape(&resp->body, out.data, out.len);
	buf_addc(&resp->body, '}');
	buf_release(&out);
	raw_json_reply(c);
	return 0;
}

/* ---- the JSON list ---- */

/* a literal's bytes ("" lit: only a string literal compiles, never a pointer) */
#define JSON_MEMBER(out, lit) buf_add(out, "" lit, sizeof(lit) - 1)

static void json_str(struct buf *out, const char *s)
{
	json_escape(out, s, strlen(s));
}

/* One item of getTranslations' list. */
static void json_item(struct buf *out, const struct export_row *r)
{
	JSON_MEMBER(out, "{\"string_id\":");
	json_intstr(out, r->public_id);
	JSON_MEMBER(out, ",\"string_key\":");
	json_str(out, r->key);
	JSON_MEMBER(out, ",\"category_id\":");
	json_intstr(out, r->node_id);
	JSON_MEMBER(out, ",\"translation\":");
	json_str(out, r->text ? r->text : "");
	JSON_MEMBER(out, ",\"string_context\":");
	json_str(out, r->context);
	JSON_MEMBER(out, ",\"labels\":[");
	for (size_t k = 0; k < r->n_labels; k++) {
		if (k)
			buf_addc(out, ',');
		JSON_MEMBER(out, "{\"name\":");
		json_str(out, r->labels[k].name);
		JSON_MEMBER(out, ",\"value\":");
		json_str(out, r->labels[k].value);
		buf_addc(out, '}');
	}
	JSON_MEMBER(out, "]}");
}

/*
 * A list's items are written in parts: a big node's rows alone, or the rows
 * of a run of small nodes.  Each part is kept (core/filecache.h) under a key
 * that names the export revision of every node in it (model.h's node_touch)
 * and the project's export epoch, so after a change only the parts it
 * reached are made from the rows again; the rest are read from their files.
 * Where a run of small nodes ends depends on their ids only (about one in
 * PART_CUT), so one node's change never moves the parts after it.  The
 * string counts that pick the big nodes are a hint: a part's rows are read
 * by the id range of its nodes, whatever they hold.
 */
#define PART_BIG 500	/* strings: a node this big is a part of its own */
#define PART_CUT 16

struct part {
	size_t first, end;	/* its nodes: [first, end) of the scope's */
	const char *key;
};

static bool part_ends_at(int64_t node_id)
{
	return ((uint64_t)node_id * 0x9E3779B97F4A7C15u) >> 32 < (1ull << 32) / PART_CUT;
}

/* The scope's nodes cut into parts; *out in the arena. */
static size_t cut_parts(struct call *c, const struct export_node *nodes, size_t n,
			struct part **out)
{
	struct part *p = arena_alloc(c->a, (n ? 2 * n : 1) * sizeof(*p));
	size_t np = 0, first = 0;
	for (size_t i = 0; i < n; i++) {
		bool big = nodes[i].strings >= PART_BIG;
		if (big && first < i) {
			p[np++] = (struct part){ first, i, NULL };
			first = i;
		}
		if (big || part_ends_at(nodes[i].id) || i + 1 == n) {
			p[np++] = (struct part){ first, i + 1, NULL };
			first = i + 1;
		}
	}
	*out = p;
	return np;
}

static const char *part_key(struct call *c, const struct export_scope *x,
			    const struct export_node *nodes, const struct part *p)
{
	struct buf k;
	buf_init(&k, 256);
	buf_printf(&k, "getTranslations part " TOLK_VERSION " project=%" PRId64 " epoch=%" PRId64
		   " approved_only=%d language=%d nodes=", x->project_id, c->project.export_epoch,
		   (int)x->approved_only, x->language_id);
	for (size_t i = p->first; i < p->end; i++)
		buf_printf(&k, "%" PRId64 ":%" PRId64 ",", nodes[i].id, nodes[i].export_rev);
	const char *key = arena_strdup(c->a, k.data);
	buf_release(&k);
	return key;
}

/* The list as it is written: whether it has an item yet, where the part being made began. */
struct list_out {
	struct call *c;
	struct buf *out;
	bool any;
	size_t part_at;			/* offset of the part's first item */
	bool part_empty;
	/* a run of parts made from the rows: [cur, end) of parts */
	const struct export_node *nodes;
	struct part *parts;
	size_t cur, end;
};

static void item_begins(struct list_out *l)
{
	if (l->any)
		buf_addc(l->out, ',');
	l->any = true;
	if (l->part_empty)
		l->part_at = l->out->len;
	l->part_empty = false;
}

static void part_begins(struct list_out *l)
{
	l->part_at = l->out->len;
	l->part_empty = true;
}

/* The part's items, written since part_begins, are kept. */
static void part_made(struct list_out *l, const struct part *p)
{
	size_t at = l->part_empty ? l->out->len : l->part_at;
	filecache_put(l->c->app->replies, p->key, l->out->data + at, l->out->len - at);
}

static int part_row(void *ctx, const struct export_row *r)
{
	struct list_out *l = ctx;
	/* the parts before the row's node are whole */
	while (l->cur + 1 < l->end && r->node_id > l->nodes[l->parts[l->cur].end - 1].id) {
		part_made(l, &l->parts[l->cur++]);
		part_begins(l);
	}
	item_begins(l);
	json_item(l->out, r);
	return 0;
}

/* Parts [from, to) made from the rows, in one walk, and kept. */
static int make_parts(struct list_out *l, struct db_conn *db, const struct export_scope *x,
		      size_t from, size_t to)
{
	struct export_scope run = *x;
	run.first_node = l->nodes[l->parts[from].first].id;
	run.last_node = l->nodes[l->parts[to - 1].end - 1].id;
	l->cur = from;
	l->end = to;
	part_begins(l);
	if (export_each(db, &run, part_row, l))
		return -1;
	for (; l->cur < to; l->cur++) {
		part_made(l, &l->parts[l->cur]);
		part_begins(l);
	}
	return 0;
}

/*
 * A kept part's items, after a comma when the list has items: sent from its
 * file (http/request.h's pieces), the first PIECES_MAX of them; the rest
 * (a reply of thousands of parts) copied into the body.  The file is closed
 * either way; false when it could not be read.
 */
#define PIECES_MAX 512

static bool part_kept(struct list_out *l, int fd, size_t size)
{
	if (!size) {
		close(fd);
		return true;
	}
	struct request *r = l->c->r;
	size_t mark = l->out->len;
	if (l->any)
		buf_addc(l->out, ',');
	if (r->resp.n_pieces < PIECES_MAX) {
		response_piece_file(r, fd, size);
		l->any = true;
		return true;
	}
	size_t got = 0;
	while (!buf_reserve(l->out, size) && got < size) {
		ssize_t n = pread(fd, l->out->data + l->out->len + got, size - got, (off_t)got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got < size) {
		l->out->len = mark;
		return false;
	}
	l->out->len += size;
	l->any = true;
	return true;
}

/* The items of a project's or a category's list, part by part. */
static int json_list(struct call *c, const struct export_scope *x, struct buf *out)
{
	struct export_node *nodes;
	size_t n;
	if (export_nodes(c->db, x, &nodes, &n))
		return -1;
	struct list_out l = { .c = c, .out = out, .nodes = nodes };
	size_t np = cut_parts(c, nodes, n, &l.parts);
	int rc = 0, fd = -1;
	size_t size = 0;
	for (size_t i = 0; i < np && !rc;) {
		l.parts[i].key = part_key(c, x, nodes, &l.parts[i]);
		if (fd < 0)
			fd = filecache_get(c->app->replies, l.parts[i].key, &size);
		if (fd >= 0) {
			bool read = part_kept(&l, fd, size);
			fd = -1;
			if (read) {
				i++;
				continue;
			}
		}
		/* a run of parts not kept: made in one walk (the first kept one after it is open in fd) */
		size_t j = i + 1;
		for (; j < np; j++) {
			l.parts[j].key = part_key(c, x, nodes, &l.parts[j]);
			if ((fd = filecache_get(c->app->replies, l.parts[j].key, &size)) >= 0)
				break;
		}
		rc = make_parts(&l, c->db, x, i, j);
		i = j;
	}
	if (fd >= 0)
		close(fd);
	if (rc)
		response_pieces_drop(c->r);
	free(nodes);
	return rc;
}

/* One string's item (string_id): one plain query. */
static int one_item(void *ctx, const struct export_row *r)
{
	json_item(ctx, r);
	return 0;
}

int lone_get_translations(struct call *c)
{
	int64_t lang_id, category_id, string_id;
	const char *format;
	int st;
	if ((st = lone_id(c, "translation_language", true, 0, &lang_id)) ||
	    (st = lone_id(c, "category_id", false, 0, &category_id)) ||
	    (st = lone_id(c, "string_id", false, 0, &string_id)) ||
	    (st = lone_text(c, "format", false, 64, &format)))
		return st;
	int number = format_number(format);
	if (number < 0)
		return lone_fail(c, 400, "Unknown format '%s': use json (or 0), xml-android (1), "
				 "ios-strings (2), json-clean (3), php-array (4), arb (5), csv (6), "
				 "po (7) or properties (8)", format);
	int lang = lone_project_language(c, lang_id, true, &st);
	if (!lang)
		return st;
	if (category_id) {
		struct node nd;
		int rc = node_get(c->db, c->a, c->project.id, category_id, &nd);
		if (rc == MODEL_NOT_FOUND)
			return lone_fail(c, 404, "Category %" PRId64 " not found", category_id);
		if (rc)
			return lone_fail(c, 500, "Internal error");
	}
	if (string_id) {
		struct string_row s;
		int rc = string_get(c->db, c->a, c->project.id, string_id, &s);
		if (rc == MODEL_NOT_FOUND)
			return lone_fail(c, 404, "String %" PRId64 " not found", string_id);
		if (rc)
			return lone_fail(c, 500, "Internal error");
	}
	const char *key = reply_key(c, lang, category_id, string_id, number);
	if (reply_again(c, key))
		return 0;
	struct export_scope x = {
		.project_id = c->project.id, .language_id = lang,
		.is_source = lang == c->project.source_language_id,
		.approved_only = c->project.export_approved_only,
		.category_id = category_id, .public_id = string_id,
	};
	if (number > 0) {
		struct export_row *rows;
		size_t n;
		if (export_rows(c->db, c->a, &x, &rows, &n))
			return lone_fail(c, 500, "Internal error");
		if ((st = emit_file(c, number, language_by_id(lang), rows, n)))
			return st;
		keep_reply(c, key);
		return 0;
	}
	/*
	 * The JSON list is written straight into the response, byte for byte
	 * what the reply tree of the same rows would give
	 * (`{"ok":true,"result":[...]}`, see lone_send): a whole project's
	 * translations are never held as rows or as a tree.
	 */
	struct buf *out = &c->r->resp.body;
	buf_reset(out);
	buf_adds(out, "{\"ok\":true,\"result\":[");
	if (string_id ? export_each(c->db, &x, one_item, out) : json_list(c, &x, out))
		return lone_fail(c, 500, "Internal error");
	buf_adds(out, "]}");
	raw_json_reply(c);
	if (string_id)
		keep_reply(c, key);	/* a list is kept in its parts */
	return 0;
}
