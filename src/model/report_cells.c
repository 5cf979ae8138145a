/*
 * The contributions of the event history summed per (member, language) and
 * category (report_int.h; the rules in docs/reports.md), for the
 * translation-costs and top-members reports.
 *
 * PostgreSQL sums the events itself (a hash aggregate) and sends a few
 * hundred groups.  SQLite has no hash aggregate: its GROUP BY sorts every
 * event in memory first (60 MB for a million), so there the events are
 * read one by one as SQLite steps and summed here.  Either way the cells
 * are kept in a small hash table by (member, language).
 */
#include "model/report_int.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

/* The cell of (account, language), made when new. */
static struct report_cell *cell_at(struct report_cells *k, int64_t account_id, int language_id)
{
	if (2 * (k->n + 1) > k->n_slots) {
		size_t n = k->n_slots ? k->n_slots * 2 : 256;
		free(k->slot);
		k->slot = xmalloc(n * sizeof(*k->slot));
		memset(k->slot, 0xff, n * sizeof(*k->slot));
		k->n_slots = n;
		for (size_t i = 0; i < k->n; i++) {
			uint64_t h = ((uint64_t)k->v[i].account_id * 0x9e3779b97f4a7c15ull) ^
				     (uint64_t)k->v[i].language_id;
			size_t at = (size_t)(h & (n - 1));
			while (k->slot[at] != SIZE_MAX)
				at = (at + 1) & (n - 1);
			k->slot[at] = i;
		}
	}
	uint64_t h = ((uint64_t)account_id * 0x9e3779b97f4a7c15ull) ^ (uint64_t)language_id;
	size_t at = (size_t)(h & (k->n_slots - 1));
	for (; k->slot[at] != SIZE_MAX; at = (at + 1) & (k->n_slots - 1)) {
		struct report_cell *x = &k->v[k->slot[at]];
		if (x->account_id == account_id && x->language_id == language_id)
			return x;
	}
	if (k->n == k->alloc) {
		k->alloc = k->alloc ? k->alloc * 2 : 64;
		k->v = xrealloc(k->v, k->alloc * sizeof(*k->v));
	}
	k->slot[at] = k->n;
	struct report_cell *x = &k->v[k->n++];
	memset(x, 0, sizeof(*x));
	x->account_id = account_id;
	x->language_id = language_id;
	x->login = "";
	return x;
}

/* Each member's login, once per member. */
static int logins(struct db_conn *c, struct arena *a, struct report_cells *k)
{
	for (size_t i = 0; i < k->n; i++) {
		struct report_cell *x = &k->v[i];
		for (size_t j = 0; j < i && !*x->login; j++)
			if (k->v[j].account_id == x->account_id)
				x->login = k->v[j].login;
		if (*x->login)
			continue;
		struct db_stmt *st = db_query(c, "SELECT login FROM account WHERE id = ?", "i",
					      x->account_id);
		if (!st)
			return MODEL_ERROR;
		if (db_step(st) == 1)
			x->login = arena_strdup(a, db_col_text(st, 0));
		db_done(st);
	}
	return MODEL_OK;
}

int report_cells_gather(struct db_conn *c, struct arena *a, const struct project *p,
			const struct report_spec *s, struct report_cells *k)
{
	bool grouped = db_conn_kind(c) == DB_POSTGRES;
	const char *v = report_unit_value(s->unit);
	const char *sql = arena_printf(a,
		"SELECT e.account_id, e.language_id, "
		"CASE WHEN e.kind = 'translation.approved' THEN 1 ELSE 0 END, e.approved, "
		"COALESCE(e.tm_match, 0), %s%s%s " REPORT_CONTRIBUTIONS
		"AND (CAST(? AS BIGINT) = 0 OR e.language_id = ?) %s",
		grouped ? "SUM(" : "", v, grouped ? ")" : "",
		grouped ? "GROUP BY e.account_id, e.language_id, 3, e.approved, 5" : "");
	struct db_stmt *st = db_query_stream(c, sql, "iiiii", p->id, s->date_from, s->date_to,
					     (int64_t)s->language_id, (int64_t)s->language_id);
	if (!st)
		return MODEL_ERROR;
	int rc, approval = report_approval_category(s);
	while ((rc = db_step(st)) == 1) {
		struct report_cell *x = cell_at(k, db_col_int(st, 0), (int)db_col_int(st, 1));
		int64_t units = db_col_int(st, 5);
		if (!db_col_int(st, 2))
			x->units[report_category_of_match(s, (int)db_col_int(st, 4))] += units;
		if (db_col_int(st, 3))
			x->units[approval] += units;
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : logins(c, a, k);
}

void report_cells_release(struct report_cells *k)
{
	free(k->v);
	free(k->slot);
	memset(k, 0, sizeof(*k));
}
