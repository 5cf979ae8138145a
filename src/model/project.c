#include "model/model.h"
#include "model/languages.h"
#include "core/crypto.h"
#include "core/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PROJECT_COLUMNS \
	"id, identifier, name, owner_id, source_language_id, project_key, api_token, " \
	"description, join_policy, language_access_policy, hide_duplicates, " \
	"export_translated_only, export_approved_only, auto_translate_dialects, " \
	"public_downloads, use_global_tm, in_context, COALESCE(pseudo_language_id, 0), cname, " \
	"logo_type, qa_checks, logo IS NOT NULL, webhook_file_translated, webhook_file_proofread, " \
	"webhook_project_translated, webhook_project_proofread, webhook_url, " \
	"allow_delete_string, allow_update_translation, allow_disapprove_all, " \
	"allow_delete_all_suggestions, export_interval_minutes, revision, created, " \
	"last_activity, last_build, export_epoch"

static void read_project(struct db_stmt *st, struct arena *a, struct project *p)
{
	int i = 0;
#define S() arena_strdup(a, db_col_text(st, i++))
#define I() db_col_int(st, i++)
	p->id = I();
	p->identifier = S();
	p->name = S();
	p->owner_id = I();
	p->source_language_id = (int)I();
	p->project_key = S();
	p->api_token = S();
	p->description = S();
	p->join_policy = S();
	p->language_access_policy = S();
	p->hide_duplicates = (int)I();
	p->export_translated_only = I();
	p->export_approved_only = I();
	p->auto_translate_dialects = I();
	p->public_downloads = I();
	p->use_global_tm = I();
	p->in_context = I();
	p->pseudo_language_id = (int)I();
	p->cname = S();
	p->logo_type = S();
	p->qa_checks = S();
	p->has_logo = I();
	p->webhook_file_translated = S();
	p->webhook_file_proofread = S();
	p->webhook_project_translated = S();
	p->webhook_project_proofread = S();
	p->webhook_url = S();
	p->allow_delete_string = I();
	p->allow_update_translation = I();
	p->allow_disapprove_all = I();
	p->allow_delete_all_suggestions = I();
	p->export_interval_minutes = (int)I();
	p->revision = I();
	p->created = I();
	p->last_activity = I();
	p->last_build = I();
	p->export_epoch = I();
#undef S
#undef I
}

static int load_one(struct db_conn *c, struct arena *a, struct project *out, const char *sql,
		    const char *types, const char *s, int64_t id)
{
	struct db_stmt *st = *types == 's' ? db_query(c, sql, types, s) : db_query(c, sql, types, id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_project(st, a, out);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int project_by_identifier(struct db_conn *c, struct arena *a, const char *identifier,
			  struct project *out)
{
	return load_one(c, a, out, "SELECT " PROJECT_COLUMNS " FROM project WHERE identifier = ?",
			"s", identifier, 0);
}

int project_by_id(struct db_conn *c, struct arena *a, int64_t id, struct project *out)
{
	return load_one(c, a, out, "SELECT " PROJECT_COLUMNS " FROM project WHERE id = ?",
			"i", NULL, id);
}

int project_by_token(struct db_conn *c, struct arena *a, const char *token, struct project *out)
{
	return load_one(c, a, out, "SELECT " PROJECT_COLUMNS " FROM project WHERE api_token = ?",
			"s", token, 0);
}

/* Identifiers appear in URLs: lowercase letters, digits and '-', 3..64 long, and
 * never one of the path words localization.one tokens must avoid. */
static bool identifier_ok(const char *s)
{
	static const char *const reserved[] = { "project", "account", "supported-languages", "v2" };
	size_t n = strlen(s);
	if (n < 3 || n > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return false;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(s, reserved[i]) == 0)
			return false;
	return true;
}

int project_create(struct db_conn *c, struct arena *a, int64_t owner_id,
		   const struct project_new *n, struct project *out)
{
	const struct language *src = language_by_code(n->source_language);
	if (!identifier_ok(n->identifier) || !n->name || !*n->name || !src)
		return MODEL_INVALID;
	if (n->join_policy && strcmp(n->join_policy, "open") && strcmp(n->join_policy, "private"))
		return MODEL_INVALID;
	char key[33], token[49];
	crypto_random_hex(key, 16);
	crypto_random_hex(token, 24);
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c,
		"INSERT INTO project (identifier, name, owner_id, source_language_id, project_key, "
		"api_token, join_policy, created, last_activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id", "ssiisssii", n->identifier, n->name, owner_id, (int64_t)src->id, key,
		token, n->join_policy ? n->join_policy : "private", now, now);
	if (!st)
		return db_err_unique(c) ? MODEL_CONFLICT : MODEL_ERROR;
	int64_t id = db_step(st) == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (!id)
		return MODEL_ERROR;
	if (db_exec(c, "INSERT INTO member (project_id, account_id, role, joined) VALUES (?, ?, 'owner', ?)",
		    "iii", id, owner_id, now))
		return MODEL_ERROR;
	int rc = project_set_languages(c, id, n->language_ids, n->n_languages);
	if (rc)
		return rc;
	return project_by_id(c, a, id, out);
}

int project_delete(struct db_conn *c, int64_t id)
{
	return db_exec(c, "DELETE FROM project WHERE id = ?", "i", id) ? MODEL_ERROR : MODEL_OK;
}

int project_languages(struct db_conn *c, int64_t project_id, int *ids, int max)
{
	struct db_stmt *st = db_query(c, "SELECT language_id FROM project_language WHERE project_id = ? "
				      "ORDER BY position, language_id", "i", project_id);
	if (!st)
		return -1;
	int n = 0, rc;
	while ((rc = db_step(st)) == 1)
		if (n < max)
			ids[n++] = (int)db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? -1 : n;
}

int project_set_languages(struct db_conn *c, int64_t project_id, const int *ids, int n)
{
	if (db_exec(c, "DELETE FROM project_language WHERE project_id = ?", "i", project_id))
		return MODEL_ERROR;
	for (int i = 0; i < n; i++)
		if (db_exec(c, "INSERT INTO project_language (project_id, language_id, position) "
			    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			    "iii", project_id, (int64_t)ids[i], (int64_t)i))
			return MODEL_ERROR;
	return project_touch(c, project_id);
}

static int bump_revision(struct db_conn *c, int64_t project_id)
{
	/* run just before COMMIT (project_touch): PostgreSQL sends the two together */
	return db_exec_later(c, "UPDATE project SET revision = revision + 1, last_activity = ? "
			     "WHERE id = ?", "ii", (int64_t)time(NULL), project_id) ? MODEL_ERROR : MODEL_OK;
}

static int bump_epoch(struct db_conn *c, int64_t project_id)
{
	return db_exec_later(c, "UPDATE project SET export_epoch = export_epoch + 1 WHERE id = ?",
			     "i", project_id) ? MODEL_ERROR : MODEL_OK;
}

static int bump_node(struct db_conn *c, int64_t node_id)
{
	/* a node deleted in this transaction has no revision to move */
	return db_exec_later(c, "INSERT INTO node_export (node_id, rev) SELECT id, 1 FROM node "
			     "WHERE id = ? ON CONFLICT (node_id) DO UPDATE SET rev = node_export.rev + 1",
			     "i", node_id) ? MODEL_ERROR : MODEL_OK;
}

/*
 * Each once per transaction, at its end: 40,000 imported translations
 * rewrite the project row once, and concurrent writers queue on it only for
 * the commit.
 */
int node_touch(struct db_conn *c, int64_t project_id, int64_t node_id)
{
	if (!node_id)
		return project_touch(c, project_id);
	return db_before_commit(c, bump_node, node_id) || db_before_commit(c, bump_revision, project_id)
	       ? MODEL_ERROR : MODEL_OK;
}

int project_touch(struct db_conn *c, int64_t project_id)
{
	return db_before_commit(c, bump_epoch, project_id) ||
	       db_before_commit(c, bump_revision, project_id) ? MODEL_ERROR : MODEL_OK;
}

/* ---- settings ---- */

static const char *const join_policies[] = { "open", "private", NULL };
static const char *const access_policies[] = { "open", "moderate", NULL };

static const struct project_setting settings[] = {
	{ "name", "name", SET_TEXT, 1, 255, NULL, SETTING_V1 | SETTING_CLI | SETTING_WEB },
	{ "description", "description", SET_TEXT, 0, 10000, NULL, SETTING_V1 | SETTING_CLI | SETTING_WEB },
	{ "join_policy", "join_policy", SET_CHOICE, 0, 0, join_policies, SETTING_V1 | SETTING_CLI | SETTING_WEB },
	{ "language_access_policy", "language_access_policy", SET_CHOICE, 0, 0, access_policies,
	  SETTING_V1 | SETTING_CLI },
	{ "hide_duplicates", "hide_duplicates", SET_INT, 0, 3, NULL, SETTING_V1 | SETTING_CLI },
	{ "export_translated_only", "export_translated_only", SET_BOOL, 0, 1, NULL, SETTING_V1 | SETTING_CLI | SETTING_WEB },
	{ "export_approved_only", "export_approved_only", SET_BOOL, 0, 1, NULL, SETTING_V1 | SETTING_CLI | SETTING_WEB },
	{ "auto_translate_dialects", "auto_translate_dialects", SET_BOOL, 0, 1, NULL, SETTING_V1 | SETTING_CLI },
	{ "public_downloads", "public_downloads", SET_BOOL, 0, 1, NULL, SETTING_V1 | SETTING_CLI },
	{ "use_global_tm", "use_global_tm", SET_BOOL, 0, 1, NULL, SETTING_V1 | SETTING_CLI },
	{ "in_context", "in_context", SET_BOOL, 0, 1, NULL, SETTING_V1 | SETTING_CLI },
	{ "pseudo_language", "pseudo_language_id", SET_LANGUAGE, 0, 0, NULL, SETTING_V1 | SETTING_CLI },
	{ "cname", "cname", SET_TEXT, 0, 255, NULL, SETTING_V1 | SETTING_CLI },
	{ "webhook_file_translated", "webhook_file_translated", SET_URL, 0, 2048, NULL, SETTING_V1 | SETTING_CLI },
	{ "webhook_file_proofread", "webhook_file_proofread", SET_URL, 0, 2048, NULL, SETTING_V1 | SETTING_CLI },
	{ "webhook_project_translated", "webhook_project_translated", SET_URL, 0, 2048, NULL, SETTING_V1 | SETTING_CLI },
	{ "webhook_project_proofread", "webhook_project_proofread", SET_URL, 0, 2048, NULL, SETTING_V1 | SETTING_CLI },
	{ "webhook_url", "webhook_url", SET_URL, 0, 2048, NULL, SETTING_CLI },
	{ "allow_delete_string", "allow_delete_string", SET_BOOL, 0, 1, NULL, SETTING_CLI | SETTING_WEB },
	{ "allow_update_translation", "allow_update_translation", SET_BOOL, 0, 1, NULL, SETTING_CLI | SETTING_WEB },
	{ "allow_disapprove_all_translations", "allow_disapprove_all", SET_BOOL, 0, 1, NULL, SETTING_CLI | SETTING_WEB },
	{ "allow_delete_all_suggestions", "allow_delete_all_suggestions", SET_BOOL, 0, 1, NULL, SETTING_CLI | SETTING_WEB },
	{ "export_interval_minutes", "export_interval_minutes", SET_INT, 0, 1440, NULL, SETTING_CLI | SETTING_WEB },
};
#define N_SETTINGS ((int)(sizeof(settings) / sizeof(settings[0])))

const struct project_setting *project_setting_find(const char *name)
{
	for (int i = 0; i < N_SETTINGS; i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

const struct project_setting *project_setting_at(int i)
{
	return i >= 0 && i < N_SETTINGS ? &settings[i] : NULL;
}

static bool parse_bool(const char *v, int64_t *out)
{
	if (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !*v)
		*out = 1;
	else if (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no"))
		*out = 0;
	else
		return false;
	return true;
}

static bool text_ok(const char *v, size_t min, size_t max)
{
	size_t n = strlen(v);
	return n >= min && n <= max && utf8_valid(v, n, NULL);
}

bool project_url_ok(const char *v, size_t max)
{
	return (!*v || !strncmp(v, "http://", 7) || !strncmp(v, "https://", 8)) && text_ok(v, 0, max);
}

/* MODEL_INVALID, with why (model_why) for the protocol layers to pass on. */
static int invalid(const char *why)
{
	model_set_why(why);
	return MODEL_INVALID;
}

/* A setting's value as its column stores it: *iv for a number, else the text itself. */
static int setting_parse(const struct project_setting *s, const char *value, int64_t *iv,
			 bool *is_int)
{
	char *end;
	*is_int = s->type == SET_BOOL || s->type == SET_INT || s->type == SET_LANGUAGE;
	switch (s->type) {
	case SET_BOOL:
		return parse_bool(value, iv) ? MODEL_OK : invalid("must be true or false");
	case SET_INT:
		*iv = strtoll(value, &end, 10);
		if (!*value || *end || *iv < s->min || *iv > s->max) {
			static _Thread_local char range[64];
			snprintf(range, sizeof(range), "must be a whole number from %d to %d", s->min,
				 s->max);
			return invalid(range);
		}
		return MODEL_OK;
	case SET_LANGUAGE: {
		const struct language *l = *value ? language_by_code(value) : NULL;
		if (*value && !l)
			return invalid("no such language code");
		*iv = l ? l->id : 0;
		return MODEL_OK;
	}
	case SET_CHOICE:
		for (const char *const *ch = s->choices; *ch; ch++)
			if (!strcmp(*ch, value))
				return MODEL_OK;
		return invalid("not one of the allowed values");
	case SET_URL:
		return project_url_ok(value, (size_t)s->max) ? MODEL_OK
		       : invalid("must be empty or an http(s):// URL");
	case SET_TEXT:
		if (text_ok(value, (size_t)s->min, (size_t)s->max))
			return MODEL_OK;
		return invalid(s->min ? "must not be empty, and is too long or not UTF-8"
			       : "too long or not UTF-8");
	}
	return invalid("unknown type");
}

int project_setting_set(struct db_conn *c, int64_t project_id, const struct project_setting *s,
			const char *value)
{
	char sql[160];
	int64_t iv = 0;
	bool is_int;
	int rc = setting_parse(s, value, &iv, &is_int);
	if (rc)
		return rc;
	/* the column name comes from the table above, never from input */
	snprintf(sql, sizeof(sql), "UPDATE project SET %s = ?, last_activity = ? WHERE id = ?", s->column);
	rc = is_int ? db_exec(c, sql, "iii", iv, (int64_t)time(NULL), project_id)
		    : db_exec(c, sql, "sii", value, (int64_t)time(NULL), project_id);
	return rc ? MODEL_ERROR : MODEL_OK;
}

int project_setting_get(struct db_conn *c, struct arena *a, int64_t project_id,
			const struct project_setting *s, struct setting_value *out)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT %s FROM project WHERE id = ?", s->column);
	struct db_stmt *st = db_query(c, sql, "i", project_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1) {
		bool is_int = s->type == SET_BOOL || s->type == SET_INT || s->type == SET_LANGUAGE;
		out->i = is_int ? db_col_int(st, 0) : 0;
		out->text = is_int ? NULL : arena_strdup(a, db_col_text(st, 0));
		if (s->type == SET_LANGUAGE) {
			const struct language *l = language_by_id((int)out->i);
			out->text = l ? l->crowdin_code : "";
		}
	}
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int project_new_secret(struct db_conn *c, int64_t project_id, enum project_secret which,
		       char *out, size_t size)
{
	/* as project_create makes them: 16 random bytes for the key, 24 for the token */
	size_t bytes = which == SECRET_PROJECT_KEY ? 16 : 24;
	if (size < bytes * 2 + 1)
		return MODEL_ERROR;
	crypto_random_hex(out, bytes);
	const char *sql = which == SECRET_PROJECT_KEY
		? "UPDATE project SET project_key = ? WHERE id = ?"
		: "UPDATE project SET api_token = ? WHERE id = ?";
	if (db_exec(c, sql, "si", out, project_id))
		return MODEL_ERROR;
	/* replies that carry what the key makes (v1 info's invitation links) are keyed by revision */
	return project_touch(c, project_id);
}

int project_set_logo(struct db_conn *c, int64_t project_id, const void *data, size_t len,
		     const char *type)
{
	return db_exec(c, "UPDATE project SET logo = ?, logo_type = ? WHERE id = ?", "bsi",
		       data, len, type ? type : "", project_id) ? MODEL_ERROR : MODEL_OK;
}
