/* localization.one read methods: getLanguages, getCategories, getLabels, getTranslations. */
#include "api/lone/keys.h"
#include "api/lone/lone.h"
#include "core/crypto.h"
#include "formats/format.h"
#include "model/catalog.h"
#include "model/stats.h"
#include "model/languages.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_PROJECT_LANGUAGES 512

static struct rv *result_list(struct call *c)
{
	return rv_list(c->a, c->reply, "result", "item");
}

int lone_get_languages(struct call *c)
{
	int ids[MAX_PROJECT_LANGUAGES + 1];
	ids[0] = c->project.source_language_id;
	int n = project_languages(c->db, c->project.id, ids + 1, MAX_PROJECT_LANGUAGES);
	if (n < 0)
		return lone_fail(c, 500, "Internal error");
	/* the same counts as Crowdin status (model/stats.h) */
	struct counts k[MAX_PROJECT_LANGUAGES + 1];
	if (stats_languages(c->db, c->project.id, ids, n + 1, k))
		return lone_fail(c, 500, "Internal error");
	struct rv *list = result_list(c);
	for (int i = 0; i <= n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (!l || (i > 0 && ids[i] == ids[0]))
			continue;
		/* the source language's text is every string's source text */
		int64_t done = i == 0 ? k[i].phrases : k[i].translated;
		struct rv *o = rv_obj(c->a, list, NULL);
		rv_intstr(c->a, o, "id", l->id);
		rv_str(c->a, o, "name", l->name);
		rv_str(c->a, o, "localized_name", l->localized_name);
		rv_str(c->a, o, "code", l->crowdin_code);
		rv_intstr(c->a, o, "translated_percent", stats_percent(done, k[i].phrases));
		rv_intstr(c->a, o, "translated_strings", done);
		rv_str(c->a, o, "emoji", l->emoji);
	}
	return 0;
}

int lone_get_categories(struct call *c)
{
	struct category *cats;
	size_t n;
	if (category_list(c->db, c->a, c->project.id, &cats, &n))
		return lone_fail(c, 500, "Internal error");
	struct rv *map = rv_obj(c->a, c->reply, "result");
	for (size_t i = 0; i < n; i++) {
		struct rv *o = rv_obj(c->a, map, arena_printf(c->a, "%" PRId64, cats[i].id));
		rv_intstr(c->a, o, "id", cats[i].id);
		rv_intstr(c->a, o, "parent_id", cats[i].parent_id);
		rv_str(c->a, o, "name", cats[i].name);
		rv_str(c->a, o, "description", cats[i].description);
		rv_intstr(c->a, o, "strings", cats[i].strings);
	}
	return 0;
}

int lone_get_labels(struct call *c)
{
	struct label *labels;
	size_t n;
	if (label_list(c->db, c->a, c->project.id, &labels, &n))
		return lone_fail(c, 500, "Internal error");
	struct rv *list = result_list(c);
	for (size_t i = 0; i < n; i++) {
		const struct label *l = &labels[i];
		struct rv *o = rv_obj(c->a, list, NULL);
		rv_str(c->a, o, "label_name", l->name);
		rv_str(c->a, o, "label_id", l->key);
		rv_str(c->a, o, "type", l->type);
		if (!strcmp(l->type, "checkbox"))
			rv_int(c->a, o, "default_value", !strcmp(l->default_value, "1"));
		else if (!strcmp(l->type, "input") || *l->default_value)
			rv_str(c->a, o, "default_value", l->default_value);
		if (!strcmp(l->type, "select")) {
			struct rv *opts = rv_list(c->a, o, "options", "option");
			for (size_t k = 0; k < l->n_options; k++) {
				struct rv *op = rv_obj(c->a, opts, NULL);
				rv_str(c->a, op, "option_name", l->options[k].name);
				rv_str(c->a, op, "option_value", l->options[k].value);
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------- getTranslations */

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

/* A language of the project (source or target), else 0 with the reply set. */
int lone_project_language(struct call *c, int64_t id, bool allow_source, int *status)
{
	*status = 0;
	if (id == c->project.source_language_id) {
		if (allow_source)
			return (int)id;
		*status = lone_fail(c, 400, "Language %" PRId64 " is the project's source language; "
				    "its text is the string's source text (set it with createString)",
				    id);
		return 0;
	}
	int ids[MAX_PROJECT_LANGUAGES];
	int n = project_languages(c->db, c->project.id, ids, MAX_PROJECT_LANGUAGES);
	if (n < 0) {
		*status = lone_fail(c, 500, "Internal error");
		return 0;
	}
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return (int)id;
	*status = lone_fail(c, 404, "Language %" PRId64 " is not a language of this project "
			    "(see getLanguages)", id);
	return 0;
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

/* getTranslations' JSON list, one item per export row (lone_get_translations). */
struct json_rows {
	struct buf *out;
	bool first;
};

/* a literal's bytes ("" lit: only a string literal compiles, never a pointer) */
#define JSON_MEMBER(out, lit) buf_add(out, "" lit, sizeof(lit) - 1)

static void json_str(struct buf *out, const char *s)
{
	json_escape(out, s, strlen(s));
}

static int json_row(void *ctx, const struct export_row *r)
{
	struct json_rows *j = ctx;
	struct buf *out = j->out;
	if (!j->first)
		buf_addc(out, ',');
	j->first = false;
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
	if (number > 0) {
		struct export_row *rows;
		size_t n;
		if (export_rows(c->db, c->a, c->project.id, lang, lang == c->project.source_language_id,
				c->project.export_approved_only, category_id, string_id, &rows, &n))
			return lone_fail(c, 500, "Internal error");
		if ((st = emit_file(c, number, language_by_id(lang), rows, n)))
			return st;
		keep_reply(c, key);
		return 0;
	}
	/*
	 * The JSON list is written as the rows come, straight into the response,
	 * byte for byte what the reply tree of the same rows would give
	 * (`{"ok":true,"result":[...]}`, see lone_send): a whole project's
	 * translations are never held as rows or as a tree.
	 */
	struct response *resp = &c->r->resp;
	struct json_rows j = { .out = &resp->body, .first = true };
	buf_reset(j.out);
	buf_adds(j.out, "{\"ok\":true,\"result\":[");
	if (export_each(c->db, c->project.id, lang, lang == c->project.source_language_id,
			c->project.export_approved_only, category_id, string_id, json_row, &j))
		return lone_fail(c, 500, "Internal error");
	buf_adds(j.out, "]}");
	raw_json_reply(c);
	keep_reply(c, key);
	return 0;
}
