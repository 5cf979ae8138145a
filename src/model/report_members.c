/*
 * The top-members report (crowdin-v1.md §6; docs/reports.md): each member's
 * translated and approved units in the date range, counted by the rules of
 * the translation-costs report (report_costs.c), most translated first.
 */
#include "model/report_int.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct member_total {
	int64_t account_id, translated, approved, joined;
	const char *login;
	const char *languages;	/* codes, comma-separated */
};

static int by_translated(const void *a, const void *b)
{
	const struct member_total *x = a, *y = b;
	if (x->translated != y->translated)
		return x->translated > y->translated ? -1 : 1;
	return strcmp(x->login, y->login);
}

static const char *day_of(struct arena *a, int64_t t)
{
	if (t <= 0)
		return "";
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The comma-separated codes with one more, in alphabetical order. */
static const char *add_code(struct arena *a, const char *list, const char *code)
{
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (strncmp(p, code, n) > 0 || (strncmp(p, code, n) == 0 && strlen(code) < n))
			break;
		p += n + (p[n] == ',');
	}
	if (!*list)
		return code;
	if (!*p)
		return arena_printf(a, "%s,%s", list, code);
	return arena_printf(a, "%.*s%s,%s", (int)(p - list), list, code, p);
}

/* One row per (member, language), ordered by member, folded into totals per member. */
static int gather(struct db_conn *c, struct arena *a, const struct project *p,
		  const struct report_spec *s, struct member_total **out, size_t *n)
{
	const char *v = report_unit_value(s->unit);
	const char *inner = arena_printf(a,
		"SELECT e.account_id AS account_id, e.language_id AS language_id, "
		"SUM(CASE WHEN e.kind = 'translation.approved' THEN 0 ELSE %s END) AS translated, "
		"SUM(CASE WHEN e.approved = 1 THEN %s ELSE 0 END) AS approved "
		REPORT_CONTRIBUTIONS "AND (CAST(? AS BIGINT) = 0 OR e.language_id = ?) "
		"GROUP BY e.account_id, e.language_id", v, v);
	struct db_stmt *st = db_query(c, arena_printf(a,
		"SELECT g.account_id, COALESCE(ac.login, ''), g.language_id, g.translated, g.approved, "
		"COALESCE(m.joined, 0) FROM (%s) g LEFT JOIN account ac ON ac.id = g.account_id "
		"LEFT JOIN member m ON m.project_id = ? AND m.account_id = g.account_id "
		"ORDER BY g.account_id", inner), "iiiiii", p->id, s->date_from, s->date_to,
		(int64_t)s->language_id, (int64_t)s->language_id, p->id);
	if (!st)
		return MODEL_ERROR;
	size_t alloc = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		int64_t id = db_col_int(st, 0);
		struct member_total *m = *n ? &(*out)[*n - 1] : NULL;
		if (!m || m->account_id != id) {
			if (*n == alloc) {
				alloc = alloc ? alloc * 2 : 32;
				*out = xrealloc(*out, alloc * sizeof(**out));
			}
			m = &(*out)[(*n)++];
			*m = (struct member_total){ .account_id = id, .joined = db_col_int(st, 5),
						    .login = arena_strdup(a, db_col_text(st, 1)),
						    .languages = "" };
		}
		const char *code = report_language_code((int)db_col_int(st, 2));
		m->languages = add_code(a, m->languages, code);
		m->translated += db_col_int(st, 3);
		m->approved += db_col_int(st, 4);
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

int report_top_members(struct db_conn *c, struct arena *a, const struct project *p,
		       const struct report_spec *s, struct report_sheet *sh)
{
	struct member_total *v = NULL;
	size_t n = 0;
	int rc = gather(c, a, p, s, &v, &n);
	if (rc) {
		free(v);
		return rc;
	}
	if (n)
		qsort(v, n, sizeof(*v), by_translated);
	const char *unit = report_unit_names[s->unit];
	report_sheet_header(sh, "Name");
	report_sheet_header(sh, "Languages");
	report_sheet_header(sh, arena_printf(a, "Translated (%s)", unit));
	report_sheet_header(sh, arena_printf(a, "Approved (%s)", unit));
	report_sheet_header(sh, "Votes");
	report_sheet_header(sh, "Joined");
	report_sheet_end_row(sh);
	int64_t tr = 0, ap = 0;
	for (size_t i = 0; i < n; i++) {
		report_sheet_text(sh, v[i].login);
		report_sheet_text(sh, v[i].languages);
		report_sheet_int(sh, v[i].translated);
		report_sheet_int(sh, v[i].approved);
		report_sheet_int(sh, 0);
		report_sheet_text(sh, day_of(a, v[i].joined));
		report_sheet_end_row(sh);
		tr += v[i].translated;
		ap += v[i].approved;
	}
	report_sheet_text(sh, "Total");
	report_sheet_text(sh, "");
	report_sheet_int(sh, tr);
	report_sheet_int(sh, ap);
	report_sheet_int(sh, 0);
	report_sheet_text(sh, "");
	report_sheet_end_row(sh);
	free(v);
	return MODEL_OK;
}
