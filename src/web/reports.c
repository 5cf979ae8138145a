/*
 * GET /app/p/{project}/reports: a form per report kind (translation costs,
 * top members, costs estimation) with seed 004's parameters as fields
 * (docs/web.md, docs/reports.md).  web/static/reports.js sends them to the
 * v1 calls reports/{kind}/export and download with the session, so the
 * parameters' rules and the counting live in one place (model/report_*.c);
 * the page only lists the choices those rules accept.
 */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/languages.h"
#include "model/reports.h"
#include "model/roles.h"

static int read_languages(struct call *c, void *ctx)
{
	json_t *list = ctx;
	int ids[ROLES_MAX_LANGUAGES];
	int n = project_languages(c->db, c->project.id, ids, ROLES_MAX_LANGUAGES);
	if (n < 0)
		return 500;
	json_array_clear(list);	/* a transaction run again starts afresh */
	for (int i = 0; i < n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (l)
			json_array_append_new(list, json_pack("{s:s,s:s}", "code", l->crowdin_code,
							      "name", l->name));
	}
	return 0;
}

int web_reports(struct call *c)
{
	if (!web_need_project(c, ACT_REPORTS))
		return 0;
	json_t *d = web_project_data(c, "reports"), *langs = json_array();
	if (app_txn(c, false, read_languages, langs)) {
		json_decref(d);
		json_decref(langs);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	json_t *currencies = json_array(), *units = json_array();
	for (int i = 0; report_currencies[i]; i++)
		json_array_append_new(currencies, json_pack("{s:s,s:b}", "symbol", report_currencies[i],
							    "selected", i == 0));
	static const char *const unit_labels[UNIT_COUNT] = {
		[UNIT_STRINGS] = "Strings", [UNIT_WORDS] = "Words", [UNIT_CHARS] = "Characters",
		[UNIT_CHARS_WITH_SPACES] = "Characters with spaces",
	};
	for (int i = 0; i < UNIT_COUNT; i++)
		json_array_append_new(units, json_pack("{s:s,s:s,s:b}", "name", report_unit_names[i],
						       "label", unit_labels[i], "selected", i == UNIT_WORDS));
	json_object_set_new(d, "has_languages", json_boolean(json_array_size(langs) > 0));
	json_object_set_new(d, "languages", langs);
	json_object_set_new(d, "currencies", currencies);
	json_object_set_new(d, "units", units);
	return web_page(c, 200, "reports", "Reports", d);
}
