/*
 * The top-members report (crowdin-v1.md §6; docs/reports.md): each member's
 * translated and approved units in the date range, counted by the rules of
 * the translation-costs report (report_cells.c), most translated first, with
 * the votes each cast in the editor.
 */
#include "model/report_int.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct member_total {
	int64_t account_id, translated, approved, votes, joined;
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

/* The (member, language) cells of the range folded per member; joined dates of members. */
static int gather(struct db_conn *c, struct arena *a, const struct project *p,
		  const struct report_spec *s, struct member_total **out, size_t *n)
{
	struct report_cells k = { 0 };
	int rc = report_cells_gather(c, a, p, s, &k);
	int approval = report_approval_category(s);
	*out = xcalloc(k.n ? k.n : 1, sizeof(**out));
	for (size_t i = 0; !rc && i < k.n; i++) {
		const struct report_cell *x = &k.v[i];
		struct member_total *m = NULL;
		for (size_t j = 0; j < *n && !m; j++)
			if ((*out)[j].account_id == x->account_id)
				m = &(*out)[j];
		if (!m) {
			m = &(*out)[(*n)++];
			*m = (struct member_total){ .account_id = x->account_id, .login = x->login,
						    .languages = "" };
			/* 0: no longer a member */
			m->joined = db_int(c, 0, "SELECT joined FROM member WHERE project_id = ? AND "
					   "account_id = ?", "ii", p->id, x->account_id);
			if (m->joined < 0)
				rc = MODEL_ERROR;
		}
		m->languages = add_code(a, m->languages, report_language_code(x->language_id));
		for (int cat = 0; cat < approval; cat++)
			m->translated += x->units[cat];
		m->approved += x->units[approval];
	}
	report_cells_release(&k);
	return rc;
}

/* The votes each member cast in the range (on the editor's suggestions, in the language). */
static int count_votes(struct db_conn *c, const struct project *p, const struct report_spec *s,
		       struct member_total *v, size_t n)
{
	struct db_stmt *st = db_query(c, "SELECT v.account_id, COUNT(*) FROM vote v "
				      "JOIN translation t ON t.id = v.translation_id "
				      "JOIN string s ON s.id = t.string_id WHERE s.project_id = ? "
				      "AND v.created >= ? AND v.created <= ? "
				      "AND (CAST(? AS BIGINT) = 0 OR t.language_id = ?) "
				      "GROUP BY v.account_id", "iiiii", p->id, s->date_from, s->date_to,
				      (int64_t)s->language_id, (int64_t)s->language_id);
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1)
		for (size_t i = 0; i < n; i++)
			if (v[i].account_id == db_col_int(st, 0))
				v[i].votes = db_col_int(st, 1);
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

int report_top_members(struct db_conn *c, struct arena *a, const struct project *p,
		       const struct report_spec *s, struct report_sheet *sh)
{
	struct member_total *v = NULL;
	size_t n = 0;
	int rc = gather(c, a, p, s, &v, &n);
	if (!rc)
		rc = count_votes(c, p, s, v, n);
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
	int64_t tr = 0, ap = 0, votes = 0;
	for (size_t i = 0; i < n; i++) {
		report_sheet_text(sh, v[i].login);
		report_sheet_text(sh, v[i].languages);
		report_sheet_int(sh, v[i].translated);
		report_sheet_int(sh, v[i].approved);
		report_sheet_int(sh, v[i].votes);
		report_sheet_text(sh, day_of(a, v[i].joined));
		report_sheet_end_row(sh);
		tr += v[i].translated;
		ap += v[i].approved;
		votes += v[i].votes;
	}
	report_sheet_text(sh, "Total");
	report_sheet_text(sh, "");
	report_sheet_int(sh, tr);
	report_sheet_int(sh, ap);
	report_sheet_int(sh, votes);
	report_sheet_text(sh, "");
	report_sheet_end_row(sh);
	free(v);
	return MODEL_OK;
}
