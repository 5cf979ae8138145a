/*
 * GET /app/p/{project}/settings (docs/web.md): a project's settings for its
 * owner and managers: general settings and target languages, the API keys,
 * the localization.one opt-in methods, the labels and the QA checks' levels.  It shows what the
 * model holds; its forms change it through /app/api/projects/{project}/...
 * (web/static/settings.js).
 */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/catalog.h"
#include "model/languages.h"
#include "model/project_qa.h"
#include "model/stats.h"

#include <string.h>

#define MAX_LANGUAGES 512

/* The four localization.one methods a project must opt into (seed 003's wording). */
static const struct {
	const char *setting, *method;
} opt_ins[] = {
	{ "allow_delete_string", "deleteString" },
	{ "allow_update_translation", "updateTranslation" },
	{ "allow_disapprove_all_translations", "disapproveAllTranslations" },
	{ "allow_delete_all_suggestions", "deleteAllSuggestions" },
};

static json_t *language_list(struct call *c, json_t *d)
{
	int ids[MAX_LANGUAGES];
	struct counts k[MAX_LANGUAGES];
	int n = project_languages(c->db, c->project.id, ids, MAX_LANGUAGES);
	if (n < 0 || stats_languages(c->db, c->project.id, ids, n, k))
		return NULL;
	json_t *mine = json_array(), *others = json_array();
	for (int i = 0; i < n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (l)
			json_array_append_new(mine, json_pack("{s:s,s:s,s:I}", "code", l->crowdin_code,
							      "name", l->name, "translated",
							      (json_int_t)k[i].translated));
	}
	/* the languages one may add: all but the source and those there */
	for (int id = 1; (size_t)id <= language_count(); id++) {
		const struct language *l = language_by_id(id);
		bool there = id == c->project.source_language_id;
		for (int i = 0; i < n && !there; i++)
			there = ids[i] == id;
		if (l && !there)
			json_array_append_new(others, json_pack("{s:s,s:s}", "code", l->crowdin_code,
								"name", l->name));
	}
	json_object_set_new(d, "other_languages", others);
	return mine;
}

static json_t *label_list_json(struct call *c)
{
	struct label *v;
	size_t n;
	if (label_list(c->db, c->a, c->project.id, &v, &n))
		return NULL;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *opts = json_array();
		for (size_t k = 0; k < v[i].n_options; k++)
			json_array_append_new(opts, json_pack("{s:s,s:s}", "name", v[i].options[k].name,
							      "value", v[i].options[k].value));
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:o}", "label_id", v[i].key,
						      "name", v[i].name, "type", v[i].type,
						      "default_value", v[i].default_value, "options", opts));
	}
	return list;
}

/* {"enabled", "checks": [{id, description, off, warning, error}]}: the selects' choices */
static json_t *qa_levels_json(struct call *c)
{
	struct project_qa q;
	if (project_qa_get(c->db, c->project.id, &q))
		return NULL;
	json_t *checks = json_array();
	for (int i = 0; i < QA_CHECK_COUNT; i++) {
		const struct qa_check_info *info = qa_check_info((enum qa_check_id)i);
		json_array_append_new(checks, json_pack("{s:s,s:s,s:b,s:b,s:b}", "id", info->id,
			"description", info->description, "off", q.level[i] == QA_LEVEL_OFF,
			"warning", q.level[i] == QA_LEVEL_WARNING, "error", q.level[i] == QA_LEVEL_ERROR));
	}
	return json_pack("{s:b,s:o}", "enabled", q.enabled, "checks", checks);
}

static int read_page(struct call *c, void *ctx)
{
	json_t *d = ctx;
	json_t *langs = language_list(c, d), *labels = langs ? label_list_json(c) : NULL;
	json_t *qa = labels ? qa_levels_json(c) : NULL;
	if (!qa) {
		json_decref(langs);
		json_decref(labels);
		return app_fail(c, 500, "internal", "internal error (settings page)");
	}
	json_object_set_new(d, "languages", langs);
	json_object_set_new(d, "labels", labels);
	json_object_set_new(d, "qa", qa);
	return 0;
}

int web_project_settings(struct call *c)
{
	if (!web_need_project(c, ACT_MANAGE_SETTINGS))
		return 0;
	const struct project *p = &c->project;
	json_t *d = web_project_data(c, "settings");
	if (app_txn(c, false, read_page, d)) {
		json_decref(d);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	const struct language *src = language_by_id(p->source_language_id);
	json_object_set_new(d, "source_language", json_pack("{s:s,s:s}", "code",
		src ? src->crowdin_code : "", "name", src ? src->name : ""));
	json_object_set_new(d, "settings", json_pack("{s:s,s:s,s:b,s:b,s:i,s:b,s:b}",
		"name", p->name, "description", p->description,
		"join_open", !strcmp(p->join_policy, "open"),
		"join_private", strcmp(p->join_policy, "open") != 0,
		"export_interval_minutes", p->export_interval_minutes,
		"export_translated_only", p->export_translated_only,
		"export_approved_only", p->export_approved_only));
	json_object_set_new(d, "keys", json_pack("{s:s,s:s}", "project_key", p->project_key,
						 "api_token", p->api_token));
	const bool on[] = { p->allow_delete_string, p->allow_update_translation,
			    p->allow_disapprove_all, p->allow_delete_all_suggestions };
	json_t *toggles = json_array();
	for (size_t i = 0; i < sizeof(opt_ins) / sizeof(opt_ins[0]); i++)
		json_array_append_new(toggles, json_pack("{s:s,s:s,s:b}", "setting", opt_ins[i].setting,
							 "method", opt_ins[i].method, "on", on[i]));
	json_object_set_new(d, "opt_ins", toggles);
	return web_page(c, 200, "settings", "Settings", d);
}
