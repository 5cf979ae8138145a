/*
 * The translation-costs report (seed 004; the rules with worked examples in
 * docs/reports.md): each (member, language) of the event history
 * (report_cells.c) gets its cost from the rates, unless role_based_costs
 * says its role is not paid for it.
 */
#include "model/report_int.h"
#include "model/languages.h"
#include "model/members.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

/* What role_based_costs pays the member for in the language (docs/reports.md); NULL: a
 * database error. */
static const char *costed(struct db_conn *c, struct arena *a, int64_t project_id,
			  const struct report_cell *x, int approval, bool *pay_tr, bool *pay_ap,
			  struct grant *g)
{
	*pay_tr = *pay_ap = false;
	int rc = member_grant(c, project_id, x->account_id, g);
	if (rc < 0)
		return NULL;
	if (rc)
		return "not a member: not costed";
	if (g->role == ROLE_BLOCKED)
		return "blocked: not costed";
	if (role_language_bound(g->role) && !grant_may(g, ACT_TRANSLATE, x->language_id))
		return "no access to the language: not costed";
	*pay_tr = g->role == ROLE_TRANSLATOR;
	*pay_ap = g->role == ROLE_PROOFREADER;
	int64_t tr = 0;
	for (int i = 0; i < approval; i++)
		tr += x->units[i];
	if (!*pay_tr && !*pay_ap)
		return arena_printf(a, "%s: not costed", role_name(g->role));
	if (*pay_tr && x->units[approval])
		return "translator: approvals not costed";
	if (*pay_ap && tr)
		return "proofreader: translations not costed";
	return "";
}

static int cost_cell(struct db_conn *c, struct arena *a, const struct project *p,
		     const struct report_spec *s, struct report_cell *x, struct grant *g)
{
	int approval = report_approval_category(s);
	bool pay_tr = true, pay_ap = true;
	x->note = "";
	if (s->role_based && !(x->note = costed(c, a, p->id, x, approval, &pay_tr, &pay_ap, g)))
		return MODEL_ERROR;
	int64_t sum = 0;
	for (int i = 0; i <= approval; i++)
		if (i == approval ? pay_ap : pay_tr)
			sum += x->units[i] * report_rate_of(s, x->language_id, i);
	x->cost = report_round_cents(sum);
	return MODEL_OK;
}

const char *report_language_code(int language_id)
{
	const struct language *l = language_by_id(language_id);
	return l ? l->crowdin_code : "";
}

static int by_code(const void *a, const void *b)
{
	const struct report_cell *x = a, *y = b;
	int d = strcmp(x->login, y->login);
	if (!d)
		d = x->account_id < y->account_id ? -1 : x->account_id > y->account_id;
	return d ? d : strcmp(report_language_code(x->language_id), report_language_code(y->language_id));
}

/* group_by=language: the members' cells summed per language (costs as rounded per member). */
static void per_language(struct report_cells *k)
{
	size_t n = 0;
	for (size_t i = 0; i < k->n; i++) {
		struct report_cell *x = &k->v[i], *into = NULL;
		for (size_t j = 0; j < n && !into; j++)
			if (k->v[j].language_id == x->language_id)
				into = &k->v[j];
		if (!into) {
			k->v[n] = *x;
			k->v[n].login = "";
			k->v[n++].account_id = 0;
			continue;
		}
		for (int c = 0; c < REPORT_MAX_CATS; c++)
			into->units[c] += x->units[c];
		into->cost += x->cost;
	}
	k->n = n;
}

static void write_table(struct report_sheet *sh, struct arena *a, const struct report_spec *s,
			const struct report_cells *k)
{
	const char *cats[REPORT_MAX_CATS];
	int n = report_categories(s, a, cats);
	const char *unit = report_unit_names[s->unit], *cur = report_currencies[s->currency];
	bool note = s->role_based && !s->by_language;
	if (!s->by_language)
		report_sheet_header(sh, "User");
	report_sheet_header(sh, "Language");
	for (int i = 0; i < n; i++)
		report_sheet_header(sh, arena_printf(a, "%s (%s)", cats[i], unit));
	report_sheet_header(sh, arena_printf(a, "Cost (%s)", cur));
	if (note)
		report_sheet_header(sh, "Note");
	report_sheet_end_row(sh);
	int64_t total[REPORT_MAX_CATS] = { 0 }, cost = 0;
	for (size_t r = 0; r < k->n; r++) {
		const struct report_cell *x = &k->v[r];
		if (!s->by_language)
			report_sheet_text(sh, x->login);
		report_sheet_text(sh, report_language_code(x->language_id));
		for (int i = 0; i < n; i++) {
			report_sheet_int(sh, x->units[i]);
			total[i] += x->units[i];
		}
		report_sheet_money(sh, x->cost);
		cost += x->cost;
		if (note)
			report_sheet_text(sh, x->note);
		report_sheet_end_row(sh);
	}
	report_sheet_text(sh, "Total");
	if (!s->by_language)
		report_sheet_text(sh, "");
	for (int i = 0; i < n; i++)
		report_sheet_int(sh, total[i]);
	report_sheet_money(sh, cost);
	if (note)
		report_sheet_text(sh, "");
	report_sheet_end_row(sh);
}

int report_costs(struct db_conn *c, struct arena *a, const struct project *p,
		 const struct report_spec *s, struct report_sheet *sh)
{
	struct report_cells k = { 0 };
	int rc = report_cells_gather(c, a, p, s, &k);
	struct grant *g = xmalloc(sizeof(*g));
	for (size_t i = 0; !rc && i < k.n; i++)
		rc = cost_cell(c, a, p, s, &k.v[i], g);
	free(g);
	if (!rc) {
		if (k.n)
			qsort(k.v, k.n, sizeof(*k.v), by_code);
		if (s->by_language && k.n) {
			per_language(&k);
			qsort(k.v, k.n, sizeof(*k.v), by_code);
		}
		write_table(sh, a, s, &k);
	}
	report_cells_release(&k);
	return rc;
}
