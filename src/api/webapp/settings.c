/*
 * A project's settings for the settings page (docs/web.md): GET and PATCH
 * /app/api/projects/{project}/settings, and POST .../keys/{key} for a new
 * v1 project key or localization.one API token.
 *
 * The settings are the model's table (model.h, project_setting_*): the page
 * may set those flagged SETTING_WEB, through the same project_setting_set()
 * and project_set_languages() as v1 edit-project, and a change ends with the
 * same project_touch() (the revision every reply cache is keyed by).
 */
#include "api/webapp/webapp.h"
#include "model/languages.h"
#include "model/stats.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_LANGUAGES 512

/* ---- GET ---- */

#define MAX_WEB_SETTINGS 32	/* room for every row of the model's table */

struct settings_view {
	struct setting_value v[MAX_WEB_SETTINGS];
	int ids[MAX_LANGUAGES], n;
	struct counts counts[MAX_LANGUAGES];
};

static int read_settings(struct call *c, void *p)
{
	struct settings_view *x = p;
	const struct project_setting *s;
	int k = 0;
	for (int i = 0; (s = project_setting_at(i)); i++)
		if ((s->flags & SETTING_WEB) && (k == MAX_WEB_SETTINGS ||
		    project_setting_get(c->db, c->a, c->project.id, s, &x->v[k++])))
			return app_fail(c, 500, "internal", "internal error (settings)");
	x->n = project_languages(c->db, c->project.id, x->ids, MAX_LANGUAGES);
	if (x->n < 0 || stats_languages(c->db, c->project.id, x->ids, x->n, x->counts))
		return app_fail(c, 500, "internal", "internal error (languages)");
	return 0;
}

int app_settings(struct call *c)
{
	struct settings_view *x = arena_alloc(c->a, sizeof(*x));
	memset(x, 0, sizeof(*x));
	int st = app_txn(c, false, read_settings, x);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	struct rv *o = rv_obj(a, c->reply, "settings");
	const struct project_setting *s;
	int k = 0;
	for (int i = 0; (s = project_setting_at(i)); i++) {
		if (!(s->flags & SETTING_WEB))
			continue;
		const struct setting_value *v = &x->v[k++];
		if (s->type == SET_BOOL)
			rv_bool(a, o, s->name, v->i != 0);
		else if (s->type == SET_INT)
			rv_int(a, o, s->name, v->i);
		else
			rv_str(a, o, s->name, v->text);
	}
	const struct language *src = language_by_id(c->project.source_language_id);
	rv_str(a, o, "source_language", src ? src->crowdin_code : "");
	struct rv *langs = rv_list(a, o, "languages", "language");
	struct rv *tr = rv_obj(a, c->reply, "translated");	/* per target language: what removing it hides */
	for (int i = 0; i < x->n; i++) {
		const struct language *l = language_by_id(x->ids[i]);
		if (!l)
			continue;
		rv_str(a, langs, NULL, l->crowdin_code);
		rv_int(a, tr, l->crowdin_code, x->counts[i].translated);
	}
	return 0;
}

/* ---- PATCH ---- */

#define CONFIRM_FIELD "confirm_remove_languages"

/* "languages": crowdin codes, at least one, none the source language. */
static int parse_languages(struct call *c, json_t *v, int *ids, int *n)
{
	*n = 0;
	if (!json_is_array(v) || !json_array_size(v))
		return app_fail(c, 400, "invalid", "languages: must be a list of one or more language codes");
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) {
		const struct language *l = json_is_string(e) ? language_by_code(json_string_value(e)) : NULL;
		if (!l)
			return app_fail(c, 400, "invalid", "languages: '%s' is no language code",
					json_is_string(e) ? json_string_value(e) : "(not a string)");
		if (l->id == c->project.source_language_id)
			return app_fail(c, 400, "invalid", "languages: %s is the source language", l->crowdin_code);
		if (*n >= MAX_LANGUAGES)
			return app_fail(c, 400, "invalid", "languages: more than %d", MAX_LANGUAGES);
		ids[(*n)++] = l->id;
	}
	return 0;
}

/*
 * A target language that has translations and is not in ids[]: removing
 * it hides them (they stay stored), so the caller must say it means it.
 */
static int check_removals(struct call *c, const int *ids, int n, bool confirmed)
{
	int old[MAX_LANGUAGES];
	struct counts k[MAX_LANGUAGES];
	int m = project_languages(c->db, c->project.id, old, MAX_LANGUAGES);
	if (m < 0 || stats_languages(c->db, c->project.id, old, m, k))
		return app_fail(c, 500, "internal", "internal error (languages)");
	for (int i = 0; i < m && !confirmed; i++) {
		bool kept = false;
		for (int j = 0; j < n; j++)
			kept |= ids[j] == old[i];
		const struct language *l = language_by_id(old[i]);
		if (!kept && k[i].translated > 0 && l)
			return app_fail(c, 409, "confirm", "languages: %s (%s) has %" PRId64 " translated "
					"strings, which would no longer be shown or exported; send "
					CONFIRM_FIELD ": true to remove it", l->name, l->crowdin_code,
					k[i].translated);
	}
	return 0;
}

static int apply_one(struct call *c, const char *name, json_t *v)
{
	if (!strcmp(name, CONFIRM_FIELD))
		return 0;
	if (!strcmp(name, "source_language")) {
		/* the model keeps a project's source language for life: its strings are in it */
		const struct language *src = language_by_id(c->project.source_language_id);
		const char *t = app_json_text(c, v);
		if (t && src && !strcasecmp(t, src->crowdin_code))
			return 0;
		return app_fail(c, 400, "invalid", "source_language: a project's source language "
				"cannot be changed");
	}
	if (!strcmp(name, "languages")) {
		int ids[MAX_LANGUAGES], n;
		json_t *confirm = json_object_get((json_t *)c->r->json, CONFIRM_FIELD);
		int st = parse_languages(c, v, ids, &n);
		if (!st)
			st = check_removals(c, ids, n, json_is_true(confirm));
		if (!st && project_set_languages(c->db, c->project.id, ids, n))
			st = app_fail(c, 500, "internal", "internal error (languages)");
		return st;
	}
	const struct project_setting *s = project_setting_find(name);
	if (!s || !(s->flags & SETTING_WEB))
		return app_fail(c, 400, "invalid", "%s: %s", name,
				s ? "is not set on this page" : "no such setting");
	const char *t = app_json_text(c, v);
	if (!t)
		return app_fail(c, 400, "invalid", "%s: must be a string, a number or true/false", name);
	model_set_why(NULL);
	int rc = project_setting_set(c->db, c->project.id, s, t);
	if (rc == MODEL_INVALID)
		return app_fail(c, 400, "invalid", "%s: %s", name, model_why() ? model_why() : "bad value");
	return rc ? app_fail(c, 500, "internal", "internal error (settings)") : 0;
}

static int write_settings(struct call *c, void *p)
{
	json_t *body = c->r->json;
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		int st = apply_one(c, name, v);
		if (st)
			return st;	/* app_txn rolls back: all or nothing */
	}
	/* as v1 edit-project: a settings change can change every export and reply */
	return project_touch(c->db, c->project.id) ? app_fail(c, 500, "internal", "internal error") : 0;
}

int app_settings_patch(struct call *c)
{
	if (!c->r->json || !json_object_size(c->r->json))
		return app_fail(c, 400, "invalid", "the body must be a JSON object of settings");
	int st = app_txn(c, true, write_settings, NULL);
	return st ? st : app_settings(c);
}

/* ---- new keys ---- */

struct new_secret {
	enum project_secret which;
	char value[64];
};

static int make_secret(struct call *c, void *p)
{
	struct new_secret *x = p;
	if (project_new_secret(c->db, c->project.id, x->which, x->value, sizeof(x->value)))
		return app_fail(c, 500, "internal", "internal error (key)");
	return 0;
}

int app_new_key(struct call *c)
{
	const char *key = call_capture(c, "key");
	struct new_secret x = { 0 };
	if (!strcmp(key, "project-key"))
		x.which = SECRET_PROJECT_KEY;
	else if (!strcmp(key, "api-token"))
		x.which = SECRET_API_TOKEN;
	else
		return app_fail(c, 404, "not_found", "no such key: %s (project-key or api-token)", key);
	int st = app_txn(c, true, make_secret, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	rv_str(c->a, c->reply, "key", key);
	rv_str(c->a, c->reply, "value", arena_strdup(c->a, x.value));
	return 0;
}
