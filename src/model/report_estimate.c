/*
 * The costs-estimation report (crowdin-v1.md §6; docs/reports.md): what the
 * strings still untranslated in one language would cost at the report's
 * rates, and approving every string not approved there yet.
 */
#include "model/report_int.h"

/* A string of the project (not hidden) with no translation in the language (binds it). */
#define UNTRANSLATED \
	"NOT EXISTS (SELECT 1 FROM translation t WHERE t.string_id = s.id AND t.language_id = ?)"
/* ... whose source a translated string of the project has (binds the language). */
#define TWIN(extra) \
	"EXISTS (SELECT 1 FROM string s2 JOIN translation t2 ON t2.string_id = s2.id AND " \
	"t2.language_id = ? WHERE s2.project_id = s.project_id AND s2.id <> s.id AND " \
	"s2.source = s.source" extra ")"

/*
 * Untranslated units per category: 0 translation/default; with internal
 * fuzzy matches, 1 perfect (same source and context) and 2 matched.
 */
static int untranslated(struct db_conn *c, struct arena *a, const struct project *p,
			const struct report_spec *s, int64_t *units)
{
	int64_t lang = s->language_id;
	bool twins = s->fuzzy && s->internal_fuzzy;
	const char *cat = twins ? "CASE WHEN COALESCE(s.context, '') <> '' AND "
		TWIN(" AND COALESCE(s2.context, '') = COALESCE(s.context, '')")
		" THEN 1 WHEN " TWIN("") " THEN 2 ELSE 0 END" : "0";
	const char *sql = arena_printf(a, "SELECT cat, SUM(v) FROM (SELECT %s AS cat, %s AS v "
				       "FROM string s WHERE s.project_id = ? AND s.hidden = 0 AND "
				       UNTRANSLATED ") x GROUP BY cat", cat, report_unit_value(s->unit));
	struct db_stmt *st = twins ? db_query(c, sql, "iiii", lang, lang, p->id, lang)
				   : db_query(c, sql, "ii", p->id, lang);
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1) {
		int64_t k = db_col_int(st, 0);
		units[k == 1 || k == 2 ? k : 0] += db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

static int64_t not_approved(struct db_conn *c, struct arena *a, const struct project *p,
			    const struct report_spec *s)
{
	return db_int(c, -1, arena_printf(a, "SELECT COALESCE(SUM(%s), 0) FROM string s WHERE "
		      "s.project_id = ? AND s.hidden = 0 AND NOT EXISTS (SELECT 1 FROM translation t "
		      "WHERE t.string_id = s.id AND t.language_id = ? AND t.approved = 1)",
		      report_unit_value(s->unit)), "ii", p->id, (int64_t)s->language_id);
}

int report_estimate(struct db_conn *c, struct arena *a, const struct project *p,
		    const struct report_spec *s, struct report_sheet *sh)
{
	int64_t units[REPORT_MAX_CATS] = { 0 };
	int approval = report_approval_category(s);
	if (untranslated(c, a, p, s, units) || (units[approval] = not_approved(c, a, p, s)) < 0)
		return MODEL_ERROR;
	const char *cats[REPORT_MAX_CATS];
	int n = report_categories(s, a, cats);
	const char *code = report_language_code(s->language_id);
	report_sheet_header(sh, "Language");
	report_sheet_header(sh, "Category");
	report_sheet_header(sh, report_unit_names[s->unit]);
	report_sheet_header(sh, "Rate");
	report_sheet_header(sh, arena_printf(a, "Cost (%s)", report_currencies[s->currency]));
	report_sheet_end_row(sh);
	int64_t total = 0;
	for (int i = 0; i < n; i++) {
		report_rate rate = report_rate_of(s, s->language_id, i);
		int64_t cost = report_round_cents(units[i] * rate);
		report_sheet_text(sh, code);
		report_sheet_text(sh, cats[i]);
		report_sheet_int(sh, units[i]);
		report_sheet_rate(sh, rate);
		report_sheet_money(sh, cost);
		report_sheet_end_row(sh);
		total += cost;
	}
	report_sheet_text(sh, "Total");
	for (int i = 0; i < 3; i++)
		report_sheet_text(sh, "");
	report_sheet_money(sh, total);
	report_sheet_end_row(sh);
	return MODEL_OK;
}
