/* Labels, categories, progress and translation operations: see model/catalog.h. */
#include "model/catalog.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "model/stats.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- labels */

static void parse_options(struct arena *a, const char *json, struct label *l)
{
	l->options = NULL;
	l->n_options = 0;
	json_t *j = json_loads(json, 0, NULL);
	if (!json_is_array(j)) {
		json_decref(j);
		return;
	}
	size_t n = json_array_size(j), i;
	json_t *o;
	l->options = arena_alloc(a, (n ? n : 1) * sizeof(*l->options));
	json_array_foreach(j, i, o) {
		const char *name = json_string_value(json_object_get(o, "option_name"));
		const char *value = json_string_value(json_object_get(o, "option_value"));
		if (!name || !value)
			continue;
		l->options[l->n_options].name = arena_strdup(a, name);
		l->options[l->n_options++].value = arena_strdup(a, value);
	}
	json_decref(j);
}

int label_list(struct db_conn *c, struct arena *a, int64_t project_id, struct label **out,
	       size_t *n)
{
	*out = NULL;
	*n = 0;
	int64_t count = db_int(c, -1, "SELECT COUNT(*) FROM label WHERE project_id = ?", "i",
			       project_id);
	if (count < 0)
		return MODEL_ERROR;
	struct label *v = arena_alloc(a, (size_t)(count ? count : 1) * sizeof(*v));
	struct db_stmt *st = db_query(c, "SELECT id, label_key, name, type, default_value, options "
				      "FROM label WHERE project_id = ? ORDER BY position, id",
				      "i", project_id);
	if (!st)
		return MODEL_ERROR;
	size_t k = 0;
	int rc;
	while ((rc = db_step(st)) == 1 && k < (size_t)count) {
		struct label *l = &v[k++];
		l->id = db_col_int(st, 0);
		l->key = arena_strdup(a, db_col_text(st, 1));
		l->name = arena_strdup(a, db_col_text(st, 2));
		l->type = arena_strdup(a, db_col_text(st, 3));
		l->default_value = arena_strdup(a, db_col_text(st, 4));
		parse_options(a, db_col_text(st, 5), l);
	}
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	*out = v;
	*n = k;
	return MODEL_OK;
}

bool label_value_ok(const struct label *l, const char *value)
{
	if (!value || strlen(value) > LABEL_VALUE_MAX)
		return false;
	if (!strcmp(l->type, "checkbox"))
		return !strcmp(value, "0") || !strcmp(value, "1");
	if (!strcmp(l->type, "select")) {
		for (size_t i = 0; i < l->n_options; i++)
			if (!strcmp(l->options[i].value, value))
				return true;
		return false;
	}
	return true;
}

/*
 * Whether l is a whole label: name, type, options, and a default its type
 * accepts.  *def: the default to store (the type's own when none is given);
 * *opts_s: the options as stored (JSON, malloc'd).
 */
static int label_check(const struct label *l, const char **def, char **opts_s, const char **why)
{
	*why = NULL;
	if (!l->name || !*l->name || strlen(l->name) > LABEL_NAME_MAX) {
		*why = "the name must be 1 to 255 bytes";
		return MODEL_INVALID;
	}
	if (!l->type || (strcmp(l->type, "checkbox") && strcmp(l->type, "select") &&
			 strcmp(l->type, "input"))) {
		*why = "the type must be checkbox, select or input";
		return MODEL_INVALID;
	}
	bool select = !strcmp(l->type, "select");
	if (select && l->n_options == 0) {
		*why = "a select label needs at least one option (name=value)";
		return MODEL_INVALID;
	}
	if (!select && l->n_options) {
		*why = "only select labels have options";
		return MODEL_INVALID;
	}
	if (l->n_options > LABEL_OPTIONS_MAX) {
		*why = "too many options";
		return MODEL_INVALID;
	}
	*def = l->default_value;
	if (!*def)
		*def = !strcmp(l->type, "checkbox") ? "0" : "";
	if ((!select || **def) && !label_value_ok(l, *def)) {
		*why = !strcmp(l->type, "checkbox") ? "a checkbox default must be 0 or 1"
		       : select ? "the default must be one of the option values"
				: "the default is too long";
		return MODEL_INVALID;
	}
	json_t *opts = json_array();
	for (size_t i = 0; i < l->n_options; i++) {
		if (!*l->options[i].name || !*l->options[i].value) {
			json_decref(opts);
			*why = "option names and values must not be empty";
			return MODEL_INVALID;
		}
		json_array_append_new(opts, json_pack("{s:s,s:s}", "option_name", l->options[i].name,
						      "option_value", l->options[i].value));
	}
	*opts_s = json_dumps(opts, JSON_COMPACT);
	json_decref(opts);
	return MODEL_OK;
}

int label_add(struct db_conn *c, int64_t project_id, const struct label *l, char key_out[33],
	      const char **why)
{
	const char *def;
	char *opts_s;
	int rc = label_check(l, &def, &opts_s, why);
	if (rc)
		return rc;
	char seed[400];
	int sn = snprintf(seed, sizeof(seed), "%" PRId64 ":%s", project_id, l->name);
	crypto_md5_hex(seed, (size_t)sn, key_out);
	if (db_int(c, 0, "SELECT COUNT(*) FROM label WHERE project_id = ? AND (name = ? OR "
		   "label_key = ?)", "iss", project_id, l->name, key_out) > 0) {
		rc = MODEL_CONFLICT;
	} else if (db_exec(c, "INSERT INTO label (project_id, label_key, name, type, default_value, "
			   "options, position) VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) "
			   "+ 1 FROM label WHERE project_id = ?))", "isssssi", project_id, key_out,
			   l->name, l->type, def, opts_s, project_id)) {
		rc = MODEL_ERROR;
	}
	free(opts_s);
	/* strings read with labels show it (getTranslations): a change of the project */
	return rc ? rc : project_touch(c, project_id);
}

static int64_t label_id_of(struct db_conn *c, int64_t project_id, const char *key_or_name)
{
	return db_int(c, 0, "SELECT id FROM label WHERE project_id = ? AND (label_key = ? OR "
		      "name = ?) ORDER BY id LIMIT 1", "iss", project_id, key_or_name, key_or_name);
}

/* Whether every value strings hold for label `id` is one the new definition l accepts. */
static int values_still_ok(struct db_conn *c, int64_t id, const struct label *l, const char **why)
{
	struct db_stmt *st = db_query(c, "SELECT DISTINCT value FROM string_label WHERE label_id = ?",
				      "i", id);
	if (!st)
		return MODEL_ERROR;
	int rc;
	bool ok = true;
	while (ok && (rc = db_step(st)) == 1)
		ok = label_value_ok(l, db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	if (!ok)
		*why = "strings hold values the new type or options would not allow";
	return ok ? MODEL_OK : MODEL_INVALID;
}

int label_update(struct db_conn *c, int64_t project_id, const char *key_or_name,
		 const struct label *l, const char **why)
{
	const char *def;
	char *opts_s = NULL;
	int rc = label_check(l, &def, &opts_s, why);
	if (rc)
		return rc;
	int64_t id = label_id_of(c, project_id, key_or_name);
	if (id <= 0)
		rc = id < 0 ? MODEL_ERROR : MODEL_NOT_FOUND;
	else if (db_int(c, 0, "SELECT COUNT(*) FROM label WHERE project_id = ? AND name = ? AND "
			"id <> ?", "isi", project_id, l->name, id) > 0)
		rc = MODEL_CONFLICT;
	else
		rc = values_still_ok(c, id, l, why);
	/* the label_key stays: clients keep it (getLabels' label_id) */
	if (!rc && db_exec(c, "UPDATE label SET name = ?, type = ?, default_value = ?, options = ? "
			   "WHERE id = ?", "ssssi", l->name, l->type, def, opts_s, id))
		rc = MODEL_ERROR;
	free(opts_s);
	return rc ? rc : project_touch(c, project_id);
}

int label_remove(struct db_conn *c, int64_t project_id, const char *key_or_name)
{
	int64_t id = label_id_of(c, project_id, key_or_name);
	if (id < 0)
		return MODEL_ERROR;
	if (id == 0)
		return MODEL_NOT_FOUND;
	if (db_exec(c, "DELETE FROM label WHERE id = ?", "i", id))
		return MODEL_ERROR;
	return project_touch(c, project_id);
}

int string_label_set(struct db_conn *c, int64_t string_id, int64_t label_id, const char *value)
{
	return db_exec(c, "INSERT INTO string_label (string_id, label_id, value) VALUES (?, ?, ?) "
		       "ON CONFLICT (string_id, label_id) DO UPDATE SET value = excluded.value",
		       "iis", string_id, label_id, value) ? MODEL_ERROR : MODEL_OK;
}

/* ------------------------------------------------------------ categories */

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

int category_list(struct db_conn *c, struct arena *a, int64_t project_id, struct category **out,
		  size_t *n)
{
	*out = NULL;
	*n = 0;
	int64_t count = db_int(c, -1, "SELECT COUNT(*) FROM node WHERE project_id = ?", "i",
			       project_id);
	if (count < 0)
		return MODEL_ERROR;
	size_t cap = (size_t)count;
	struct category *v = arena_alloc(a, (cap ? cap : 1) * sizeof(*v));
	struct db_stmt *st = db_query(c,
		"SELECT n.id, COALESCE(n.parent_id, 0), n.kind, n.name, n.description, "
		"COALESCE(z.strings, 0) FROM node n LEFT JOIN node_stats z ON z.node_id = n.id AND "
		"z.language_id = 0 WHERE n.project_id = ? ORDER BY n.id", "i", project_id);
	if (!st)
		return MODEL_ERROR;
	size_t k = 0;
	int rc;
	int64_t *direct = arena_alloc(a, (cap ? cap : 1) * sizeof(int64_t));
	while ((rc = db_step(st)) == 1 && k < cap) {
		struct category *cat = &v[k];
		cat->id = db_col_int(st, 0);
		cat->parent_id = db_col_int(st, 1);
		const char *kind = db_col_text(st, 2);
		cat->kind = !strcmp(kind, "branch") ? NODE_BRANCH
			    : !strcmp(kind, "file") ? NODE_FILE : NODE_DIRECTORY;
		cat->name = arena_strdup(a, db_col_text(st, 3));
		cat->description = arena_strdup(a, db_col_text(st, 4));
		direct[k++] = db_col_int(st, 5);
	}
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	/* rows are ordered by id: find a parent by binary search over the ids */
	int64_t *ids = arena_alloc(a, (k ? k : 1) * sizeof(int64_t));
	for (size_t i = 0; i < k; i++)
		ids[i] = v[i].id;
	qsort(ids, k, sizeof(int64_t), cmp_i64);	/* already sorted; keeps the invariant explicit */
	for (size_t i = 0; i < k; i++) {
		v[i].strings += direct[i];
		if (!direct[i])
			continue;
		int64_t p = v[i].parent_id;
		for (int depth = 0; p && depth < 256; depth++) {
			int64_t *hit = bsearch(&p, ids, k, sizeof(int64_t), cmp_i64);
			if (!hit)
				break;
			struct category *pc = &v[hit - ids];
			pc->strings += direct[i];
			p = pc->parent_id;
		}
	}
	*out = v;
	*n = k;
	return MODEL_OK;
}

int category_set_description(struct db_conn *c, int64_t node_id, const char *description)
{
	return db_exec(c, "UPDATE node SET description = ? WHERE id = ?", "si", description,
		       node_id) ? MODEL_ERROR : MODEL_OK;
}

/* --------------------------------------------------------------- strings */

/* The row of STRING_COLUMNS, read from column 0 on. */
#define STRING_COLUMNS "s.id, s.node_id, s.skey, s.source, COALESCE(s.context, ''), s.hidden, s.public_id"

static void string_row_read(struct db_stmt *st, struct arena *a, struct string_row *out)
{
	out->id = db_col_int(st, 0);
	out->node_id = db_col_int(st, 1);
	out->key = arena_strdup(a, db_col_text(st, 2));
	out->source = arena_strdup(a, db_col_text(st, 3));
	out->context = arena_strdup(a, db_col_text(st, 4));
	out->hidden = db_col_int(st, 5) != 0;
	out->public_id = db_col_int(st, 6);
}

int string_get(struct db_conn *c, struct arena *a, int64_t project_id, int64_t public_id,
	       struct string_row *out)
{
	struct db_stmt *st = db_query(c, "SELECT " STRING_COLUMNS " FROM string s "
				      "WHERE s.project_id = ? AND s.public_id = ?", "ii", project_id, public_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		string_row_read(st, a, out);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int string_id_taken(struct db_conn *c, int64_t project_id, int64_t public_id)
{
	int64_t n = db_int(c, -1, "SELECT COUNT(*) FROM string WHERE project_id = ? AND public_id = ?",
			   "ii", project_id, public_id);
	return n < 0 ? -1 : n > 0;
}

int string_key_exists(struct db_conn *c, int64_t node_id, const char *key)
{
	int64_t n = db_int(c, -1, "SELECT COUNT(*) FROM string WHERE node_id = ? AND skey = ?",
			   "is", node_id, key);
	return n < 0 ? -1 : n > 0;
}

/* ---------------------------------------------------------- translations */

static void add_lang(int *langs, int max, int *n, int lang)
{
	for (int i = 0; i < *n; i++)
		if (langs[i] == lang)
			return;
	if (*n < max)
		langs[(*n)++] = lang;
}

/* Collect the language column (index col) of every row into langs. */
static int collect_langs(struct db_stmt *st, int col, int64_t *count, int *langs, int max,
			 int *n_langs)
{
	if (!st)
		return MODEL_ERROR;
	int rc;
	int64_t k = 0;
	*n_langs = 0;
	while ((rc = db_step(st)) == 1) {
		k++;
		add_lang(langs, max, n_langs, (int)db_col_int(st, col));
	}
	db_done(st);
	if (count)
		*count = k;
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

/* The bot's row from columns col, col + 1, col + 2 (id, text, approved); NULL id: none. */
static void bot_row_read(struct db_stmt *st, int col, struct arena *a, struct bot_row *bot)
{
	bool none = db_col_null(st, col);
	bot->id = none ? 0 : db_col_int(st, col);
	bot->text = none ? "" : arena_strdup(a, db_col_text(st, col + 1));
	bot->approved = !none && db_col_int(st, col + 2) != 0;
	bot->have_snap = false;
	bot->tm_match = -1;	/* the caller knows it, or nobody */
	bot->author_id = 0;
}

int translation_bot_set(struct db_conn *c, int64_t project_id, int64_t string_id,
			int language_id, const char *text, bool approve, int64_t author_id,
			int64_t *id, enum bot_outcome *outcome)
{
	struct db_stmt *st = db_query(c, "SELECT id, text, approved FROM translation WHERE "
				      "string_id = ? AND language_id = ? AND author_kind = 'api-bot' "
				      "AND COALESCE(author_id, 0) = ? ORDER BY id LIMIT 1", "iii",
				      string_id, (int64_t)language_id, author_id);
	if (!st)
		return MODEL_ERROR;
	struct arena a;
	arena_init(&a);
	struct bot_row bot = { 0 };
	int rc = db_step(st);
	if (rc == 1)
		bot_row_read(st, 0, &a, &bot);
	db_done(st);
	bot.author_id = author_id;
	if (rc >= 0)
		rc = translation_bot_apply(c, project_id, string_id, language_id, &bot, text, approve,
					   id, outcome);
	arena_release(&a);
	return rc < 0 ? MODEL_ERROR : rc;
}

int string_for_language(struct db_conn *c, struct arena *a, int64_t project_id,
			int64_t public_id, int64_t language_id, int64_t author_id,
			struct string_row *s, bool *in_project, struct bot_row *bot)
{
	struct db_stmt *st = db_query(c, "SELECT " STRING_COLUMNS ", EXISTS (SELECT 1 FROM "
		"project_language pl WHERE pl.project_id = s.project_id AND pl.language_id = ?), "
		"t.id, t.text, t.approved, s.words, (SELECT MAX(x.approved) FROM translation x "
		"WHERE x.string_id = s.id AND x.language_id = ?) FROM string s LEFT JOIN translation t "
		"ON t.id = (SELECT b.id FROM translation b WHERE b.string_id = s.id AND "
		"b.language_id = ? AND b.author_kind = 'api-bot' AND COALESCE(b.author_id, 0) = ? "
		"ORDER BY b.id LIMIT 1) WHERE s.project_id = ? AND s.public_id = ?", "iiiiii",
		language_id, language_id, language_id, author_id, project_id, public_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1) {
		string_row_read(st, a, s);
		*in_project = db_col_int(st, 7) != 0;
		bot_row_read(st, 8, a, bot);
		bot->author_id = author_id;
		int state = db_col_null(st, 12) ? -1 : db_col_int(st, 12) != 0;
		stats_snap_one(&bot->snap, s->id, s->node_id, project_id, db_col_int(st, 11), s->hidden,
			       (int)language_id, state);
		bot->have_snap = true;
	}
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int translation_bot_apply(struct db_conn *c, int64_t project_id, int64_t string_id,
			  int language_id, const struct bot_row *bot, const char *text, bool approve,
			  int64_t *id, enum bot_outcome *outcome)
{
	int64_t tid = bot->id;
	bool same_text = tid && strcmp(bot->text, text) == 0;
	bool approved = bot->approved;
	if (tid == 0) {
		struct translation_new t = {
			.string_id = string_id, .language_id = language_id, .text = text,
			.author_kind = "api-bot", .origin = ORIGIN_API, .approve = approve,
			.author_id = bot->author_id,
			.before = bot->have_snap ? &bot->snap : NULL, .tm_match = bot->tm_match,
		};
		*outcome = BOT_CREATED;
		int rc = translation_add(c, project_id, &t, &tid);
		if (rc)
			return rc;
		*id = tid;
		return MODEL_OK;
	}
	*id = tid;
	if (same_text && (!approve || approved)) {
		*outcome = BOT_UNCHANGED;
		return MODEL_OK;
	}
	*outcome = BOT_UPDATED;
	/* the row is known: nothing to read back, so PostgreSQL sends it with the next statement */
	if (!same_text && db_exec_later(c, "UPDATE translation SET text = ?, plural = NULL, "
					"spelling = NULL, tm_match = NULLIF(CAST(? AS BIGINT), -1), "
					"updated = ? WHERE id = ?", "siii", text, (int64_t)bot->tm_match,
					(int64_t)time(NULL), tid))
		return MODEL_ERROR;
	if (approve && !approved)
		return translation_set_approved(c, project_id, tid, true, bot->author_id);
	return MODEL_OK;
}

int translation_update_approved(struct db_conn *c, int64_t string_id, int language_id,
				const char *text, int64_t *id)
{
	int64_t tid = db_int(c, 0, "SELECT id FROM translation WHERE string_id = ? AND "
			     "language_id = ? AND approved = 1 ORDER BY id LIMIT 1",
			     "ii", string_id, (int64_t)language_id);
	if (tid <= 0)
		return tid < 0 ? MODEL_ERROR : MODEL_NOT_FOUND;
	/* a new text drops the old one's spelling (migration 4); sent with the next statement */
	if (db_exec_later(c, "UPDATE translation SET text = ?, plural = NULL, spelling = NULL, "
			  "updated = ? WHERE id = ?", "sii", text, (int64_t)time(NULL), tid))
		return MODEL_ERROR;
	*id = tid;
	return MODEL_OK;
}

/* Run a change of one string's translations with its counts kept (model/stats.h). */
static int counted(struct db_conn *c, int64_t string_id, int rc_of_change(struct db_conn *,
		   void *), void *ctx)
{
	struct stats_snap *before = xmalloc(sizeof(*before));
	int rc = stats_snap_take(c, string_id, before) ? MODEL_ERROR : rc_of_change(c, ctx);
	if (!rc && stats_snap_apply(c, before))
		rc = MODEL_ERROR;
	free(before);
	return rc;
}

struct mass_op {
	int64_t string_id, other, *n;
	int *langs, max, *n_langs;
};

static int disapprove_all(struct db_conn *c, void *ctx)
{
	struct mass_op *m = ctx;
	return collect_langs(db_query(c, "UPDATE translation SET approved = 0, approver_id = NULL, "
				      "approved_at = 0, updated = ? WHERE string_id = ? AND approved = 1 "
				      "RETURNING language_id", "ii", (int64_t)time(NULL), m->string_id),
			     0, m->n, m->langs, m->max, m->n_langs);
}

int translation_disapprove_all(struct db_conn *c, int64_t string_id, int64_t *n, int *langs,
			       int max, int *n_langs)
{
	struct mass_op m = { string_id, 0, n, langs, max, n_langs };
	return counted(c, string_id, disapprove_all, &m);
}

static int delete_suggestions(struct db_conn *c, void *ctx)
{
	struct mass_op *m = ctx;
	/* the audit entries of the suggestions go with them, as the UI does */
	if (db_exec(c, "DELETE FROM event WHERE translation_id IN (SELECT id FROM translation "
		    "WHERE string_id = ? AND approved = 0)", "i", m->string_id))
		return MODEL_ERROR;
	return collect_langs(db_query(c, "DELETE FROM translation WHERE string_id = ? AND approved = 0 "
				      "RETURNING language_id", "i", m->string_id),
			     0, m->n, m->langs, m->max, m->n_langs);
}

int translation_delete_suggestions(struct db_conn *c, int64_t string_id, int64_t *n, int *langs,
				   int max, int *n_langs)
{
	struct mass_op m = { string_id, 0, n, langs, max, n_langs };
	return counted(c, string_id, delete_suggestions, &m);
}

int translation_languages(struct db_conn *c, int64_t string_id, int *langs, int max,
			  int *n_langs)
{
	return collect_langs(db_query(c, "SELECT DISTINCT language_id FROM translation WHERE "
				      "string_id = ? ORDER BY language_id", "i", string_id),
			     0, NULL, langs, max, n_langs);
}

static int copy_all(struct db_conn *c, void *ctx)
{
	struct mass_op *m = ctx;
	return collect_langs(db_query(c,
		"INSERT INTO translation (string_id, language_id, text, plural, author_id, author_kind, "
		"origin, origin_detail, approved, approver_id, approved_at, created, updated) "
		"SELECT ?, language_id, text, plural, author_id, author_kind, origin, origin_detail, "
		"approved, approver_id, approved_at, created, ? FROM translation WHERE string_id = ? "
		"ORDER BY id RETURNING language_id", "iii", m->string_id, (int64_t)time(NULL), m->other),
			     0, NULL, m->langs, m->max, m->n_langs);
}

int translation_copy_all(struct db_conn *c, int64_t from, int64_t to, int *langs, int max,
			 int *n_langs)
{
	struct mass_op m = { to, from, NULL, langs, max, n_langs };
	return counted(c, to, copy_all, &m);
}

/* ---------------------------------------------------------- export rows */

/*
 * The strings of an export and the labels of those strings come from two
 * queries with the same filter and the same order (node, position, id), read
 * side by side: a string's labels are the label rows at the head of the
 * second cursor that belong to it.  The export text is joined in the first
 * query: every translation of the string in the language, its rows next to
 * each other, and the best one (approved, then the newest, then the last
 * made) is picked here -- no query per string, and no sort: SQLite 3.40 walks
 * the project's strings on string_order and each one's translations by
 * translation_string; ordering by the translations too cost it a sorter per
 * string (a third of the query's time at 200,000 strings).  Filter
 * parameters: project, public id twice, category, first and last node (after
 * the category CTE's two).
 */
#define EXPORT_SUB "WITH RECURSIVE sub(id) AS (SELECT id FROM node WHERE id = ? AND project_id = ? " \
	"UNION ALL SELECT nd.id FROM node nd JOIN sub ON nd.parent_id = sub.id) "
#define EXPORT_FILTER "s.project_id = ? AND s.hidden = 0 " \
	"AND (CAST(? AS BIGINT) = 0 OR s.public_id = ?) " \
	"AND (CAST(? AS BIGINT) = 0 OR s.node_id IN (SELECT id FROM sub)) " \
	"AND s.node_id BETWEEN ? AND ? "
#define EXPORT_ORDER "s.node_id, s.position, s.id"

enum { XS_ID, XS_NODE, XS_KEY, XS_SOURCE, XS_CONTEXT, XS_PUBLIC, XS_POS, XT_TEXT, XT_APPROVED,
       XT_UPDATED, XT_ID };
static const char export_strings_sql[] = EXPORT_SUB
	"SELECT s.id, s.node_id, s.skey, s.source, COALESCE(s.context, ''), s.public_id, "
	"s.position, t.text, t.approved, t.updated, t.id FROM string s LEFT JOIN translation t "
	"ON t.string_id = s.id AND t.language_id = ? AND (t.approved = 1 OR CAST(? AS BIGINT) = 0) "
	"WHERE " EXPORT_FILTER "ORDER BY " EXPORT_ORDER;

/*
 * PostgreSQL 15 has no cheap way to give the query above in order: it
 * merge-joins the strings with the translations by string id, then sorts
 * the 54 MB of rows on disk (200,000 strings), before the first row; a
 * nested loop costs ~2 us a string.  There the language's translations of
 * those strings come first, by string id (a merge join of two index scans),
 * the best of each string kept in a list here; then the strings alone walk
 * string_order, their rows streamed as they come (db_query_stream), so the
 * server makes rows while this side writes them.  Same parameters as the
 * query above.
 */
static const char export_translations_sql[] = EXPORT_SUB
	"SELECT t.string_id, t.approved, t.updated, t.id, t.text FROM string s JOIN translation t "
	"ON t.string_id = s.id AND t.language_id = ? AND (t.approved = 1 OR CAST(? AS BIGINT) = 0) "
	"WHERE " EXPORT_FILTER "ORDER BY t.string_id";

static const char export_strings_only_sql[] = EXPORT_SUB
	"SELECT s.id, s.node_id, s.skey, s.source, COALESCE(s.context, ''), s.public_id, "
	"s.position, NULL, NULL, NULL, NULL FROM string s WHERE " EXPORT_FILTER
	"ORDER BY " EXPORT_ORDER;

static const char export_labels_sql[] = EXPORT_SUB
	"SELECT s.node_id, s.position, s.id, l.name, sl.value FROM string s "
	"JOIN string_label sl ON sl.string_id = s.id JOIN label l ON l.id = sl.label_id "
	"WHERE " EXPORT_FILTER "ORDER BY " EXPORT_ORDER ", l.position, l.id";

/* (node, position, id) of a label row against a string row: <0, 0, >0 */
static int label_row_cmp(struct db_stmt *lab, int64_t node, int64_t pos, int64_t id)
{
	int64_t k[3] = { db_col_int(lab, 0), db_col_int(lab, 1), db_col_int(lab, 2) };
	int64_t r[3] = { node, pos, id };
	for (int i = 0; i < 3; i++)
		if (k[i] != r[i])
			return k[i] < r[i] ? -1 : 1;
	return 0;
}

/* What one string's row holds while its cursors move on: texts copied into one buffer. */
struct export_walk {
	struct buf text;
	size_t key, source, context, tr;	/* offsets in text; tr SIZE_MAX: untranslated */
	int64_t best[3];			/* approved, updated, id of the copied translation */
	size_t lab_cap, n_labels;
	struct label_value *labels;
	size_t *offs;				/* name and value of each label */
};

static size_t walk_copy(struct export_walk *w, const char *s)
{
	size_t at = w->text.len;
	buf_add(&w->text, s, strlen(s) + 1);
	return at;
}

/*
 * Whether the translation of the cursor's row (approved, updated, id from
 * column `col` on) beats `best`; when it does, best takes its figures.
 */
static bool better_translation(struct db_stmt *st, int col, int64_t best[3])
{
	int64_t k[3] = { db_col_int(st, col), db_col_int(st, col + 1), db_col_int(st, col + 2) };
	int i = 0;
	while (i < 3 && k[i] == best[i])
		i++;
	if (i == 3 || k[i] < best[i])
		return false;
	memcpy(best, k, sizeof(k));
	return true;
}

/* The translation of the cursor's row, when it beats the one copied (or there is none). */
static void walk_translation(struct export_walk *w, struct db_stmt *st)
{
	if (db_col_null(st, XT_ID))
		return;
	if (w->tr == SIZE_MAX)
		w->best[0] = -1;	/* approved is 0 or 1: any translation beats it */
	if (better_translation(st, XT_APPROVED, w->best))
		w->tr = walk_copy(w, db_col_text(st, XT_TEXT));
}

/*
 * The best translation of each string, in string id order (the query's
 * order; a string's translations next to each other).  The strings walk
 * asks for them in their tree order, which mostly follows the ids (strings
 * are made in file order): the entry after the last one found is tried
 * before a binary search.  A sorted array, not a hash: 200,000 random probes
 * of a 20 MB table were a third of the call's time in this process.
 */
struct best_list {
	struct best_tr { int64_t string_id; size_t text; } *v;
	size_t n, cap, hint;
	int64_t best[3];	/* approved, updated, id of the last entry's text */
	struct buf texts;
};

/* The translations query's rows into l.  0, or -1 when it failed. */
static int best_list_fill(struct best_list *l, struct db_stmt *st)
{
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		int64_t id = db_col_int(st, 0);
		if (!l->n || l->v[l->n - 1].string_id != id) {
			if (l->n == l->cap) {
				l->cap = l->cap ? 2 * l->cap : 1024;
				l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
			}
			l->v[l->n++].string_id = id;
			l->best[0] = -1;	/* approved is 0 or 1: any translation beats it */
		}
		if (better_translation(st, 1, l->best)) {
			l->v[l->n - 1].text = l->texts.len;
			buf_add(&l->texts, db_col_text(st, 4), strlen(db_col_text(st, 4)) + 1);
		}
	}
	db_done(st);
	return rc;
}

/* The text of string_id's best translation, NULL when it has none. */
static const char *best_list_find(struct best_list *l, int64_t string_id)
{
	size_t lo = 0, hi = l->n;
	if (l->hint < l->n && l->v[l->hint].string_id == string_id) {
		lo = l->hint;
	} else {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (l->v[mid].string_id < string_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == l->n || l->v[lo].string_id != string_id)
			return NULL;
	}
	l->hint = lo + 1;
	return l->texts.data + l->v[lo].text;
}

/* The labels of the string (node, pos, id): the label rows at the head of lab.  lab's rc. */
static int walk_labels(struct export_walk *w, struct db_stmt *lab, int lrc, int64_t node,
		       int64_t pos, int64_t id)
{
	int cmp;
	w->n_labels = 0;
	while (lrc == 1 && (cmp = label_row_cmp(lab, node, pos, id)) <= 0) {
		if (cmp == 0) {
			if (w->n_labels == w->lab_cap) {
				w->lab_cap = w->lab_cap ? 2 * w->lab_cap : 8;
				w->labels = xrealloc(w->labels, w->lab_cap * sizeof(*w->labels));
				w->offs = xrealloc(w->offs, 2 * w->lab_cap * sizeof(*w->offs));
			}
			w->offs[2 * w->n_labels] = walk_copy(w, db_col_text(lab, 3));
			w->offs[2 * w->n_labels + 1] = walk_copy(w, db_col_text(lab, 4));
			w->n_labels++;
		}
		lrc = db_step(lab);
	}
	return lrc;
}

/*
 * The row of what w holds (its pointers valid until the buffer is next
 * written); its translation from the list when there is one.
 */
static void walk_row(struct export_walk *w, struct best_list *m, bool is_source,
		     struct export_row *r)
{
	const char *t = w->text.data;
	r->key = t + w->key;
	r->source = t + w->source;
	r->context = t + w->context;
	if (is_source) {
		r->text = r->source;
	} else if (m) {
		r->text = best_list_find(m, r->string_id);
	} else {
		r->text = w->tr != SIZE_MAX ? t + w->tr : NULL;
	}
	for (size_t i = 0; i < w->n_labels; i++) {
		w->labels[i].name = t + w->offs[2 * i];
		w->labels[i].value = t + w->offs[2 * i + 1];
	}
	r->labels = w->labels;
	r->n_labels = w->n_labels;
}

/* The rows of the strings cursor st and the labels cursor lab, one string at a time, to fn. */
static int export_walk_rows(struct db_stmt *st, struct db_stmt *lab, struct best_list *m,
			    bool is_source, export_row_fn fn, void *ctx)
{
	struct export_walk w = { 0 };
	buf_init(&w.text, 0);
	int rc = db_step(st), lrc = db_step(lab), out = MODEL_OK;
	while (rc == 1) {
		struct export_row r = { 0 };
		r.string_id = db_col_int(st, XS_ID);
		r.node_id = db_col_int(st, XS_NODE);
		r.public_id = db_col_int(st, XS_PUBLIC);
		int64_t pos = db_col_int(st, XS_POS);
		buf_reset(&w.text);
		w.key = walk_copy(&w, db_col_text(st, XS_KEY));
		w.source = walk_copy(&w, db_col_text(st, XS_SOURCE));
		w.context = walk_copy(&w, db_col_text(st, XS_CONTEXT));
		w.tr = SIZE_MAX;
		/* the string's translations are the rows that follow, until the next string */
		do
			walk_translation(&w, st);
		while ((rc = db_step(st)) == 1 && db_col_int(st, XS_ID) == r.string_id);
		lrc = walk_labels(&w, lab, lrc, r.node_id, pos, r.string_id);
		walk_row(&w, m, is_source, &r);
		if ((out = fn(ctx, &r)))
			break;
	}
	buf_release(&w.text);
	free(w.labels);
	free(w.offs);
	if (out)
		return out;
	return rc < 0 || lrc < 0 ? MODEL_ERROR : MODEL_OK;
}

int export_each(struct db_conn *c, const struct export_scope *x, export_row_fn fn, void *ctx)
{
	struct best_list list = { 0 }, *m = NULL;
	buf_init(&list.texts, 0);
	struct db_stmt *st, *lab = NULL;
	int64_t lang = x->language_id, approved = x->approved_only, pid = x->project_id;
	int64_t last = x->last_node ? x->last_node : INT64_MAX;
	/* one string: one plain query; a project or a category: streamed, on PostgreSQL in two */
	bool one = x->public_id != 0;
	if (db_conn_kind(c) == DB_POSTGRES && !x->is_source && !one) {
		m = &list;
		if (best_list_fill(m, db_query_stream(c, export_translations_sql, "iiiiiiiiii",
						      x->category_id, pid, lang, approved, pid,
						      x->public_id, x->public_id, x->category_id,
						      x->first_node, last)))
			st = NULL;
		else
			st = db_query_stream(c, export_strings_only_sql, "iiiiiiii", x->category_id, pid,
					     pid, x->public_id, x->public_id, x->category_id,
					     x->first_node, last);
	} else {
		st = (one ? db_query : db_query_stream)(c, export_strings_sql, "iiiiiiiiii",
							x->category_id, pid, lang, approved, pid,
							x->public_id, x->public_id, x->category_id,
							x->first_node, last);
	}
	if (st)
		lab = db_query(c, export_labels_sql, "iiiiiiii", x->category_id, pid, pid, x->public_id,
			       x->public_id, x->category_id, x->first_node, last);
	int rc = lab ? export_walk_rows(st, lab, m, x->is_source, fn, ctx) : MODEL_ERROR;
	db_done(st);
	db_done(lab);
	free(list.v);
	buf_release(&list.texts);
	return rc;
}

int export_nodes(struct db_conn *c, const struct export_scope *x, struct export_node **out, size_t *n)
{
	struct db_stmt *st = db_query(c, EXPORT_SUB "SELECT n.id, COALESCE(e.rev, 0), COALESCE(z.strings, 0) "
				      "FROM node n LEFT JOIN node_export e ON e.node_id = n.id "
				      "LEFT JOIN node_stats z ON z.node_id = n.id AND z.language_id = 0 WHERE n.project_id = ? AND (CAST(? AS BIGINT) = 0 "
				      "OR n.id IN (SELECT id FROM sub)) ORDER BY n.id", "iiii", x->category_id,
				      x->project_id, x->project_id, x->category_id);
	size_t cap = 0;
	int rc = st ? 1 : -1;
	*out = NULL;
	*n = 0;
	while (st && (rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = (struct export_node){ db_col_int(st, 0), db_col_int(st, 1),
						       db_col_int(st, 2) };
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

struct collect {
	struct arena *a;
	struct export_row *v;
	size_t n, cap;
};

static const char *dup_or_same(struct arena *a, const char *s, const char *same_src,
			       const char *same_dst)
{
	return s == same_src ? same_dst : arena_strdup(a, s);
}

static int collect_row(void *ctx, const struct export_row *r)
{
	struct collect *k = ctx;
	if (k->n == k->cap) {
		size_t nc = k->cap ? 2 * k->cap : 64;
		struct export_row *nv = arena_alloc(k->a, nc * sizeof(*nv));
		if (k->n)
			memcpy(nv, k->v, k->n * sizeof(*nv));
		k->v = nv;
		k->cap = nc;
	}
	struct export_row *d = &k->v[k->n++];
	*d = *r;
	d->key = arena_strdup(k->a, r->key);
	d->source = arena_strdup(k->a, r->source);
	d->context = arena_strdup(k->a, r->context);
	d->text = r->text ? dup_or_same(k->a, r->text, r->source, d->source) : NULL;
	d->labels = NULL;
	if (r->n_labels) {
		d->labels = arena_alloc(k->a, r->n_labels * sizeof(*d->labels));
		for (size_t i = 0; i < r->n_labels; i++) {
			d->labels[i].name = arena_strdup(k->a, r->labels[i].name);
			d->labels[i].value = arena_strdup(k->a, r->labels[i].value);
		}
	}
	return 0;
}

int export_rows(struct db_conn *c, struct arena *a, const struct export_scope *x,
		struct export_row **out, size_t *n)
{
	struct collect k = { .a = a };
	*out = NULL;
	*n = 0;
	int rc = export_each(c, x, collect_row, &k);
	if (rc)
		return rc;
	*out = k.v;
	*n = k.n;
	return MODEL_OK;
}
