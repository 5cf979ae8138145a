/* Translations and suggestions: see the state rules in model/content.h. */
#include "model/content.h"
#include "model/stats.h"
#include "model/tm_units.h"

#include "core/buf.h"
#include "core/mem.h"

#include <stdlib.h>
#include <time.h>

static const char *const origin_names[] = { "human", "import", "tm", "mt", "api" };

const char *translation_origin_name(enum translation_origin o)
{
	return origin_names[o];
}

/* At most one approved translation per (string, language). */
static int clear_approval(struct db_conn *c, int64_t string_id, int64_t language_id, int64_t except)
{
	/* nothing reads what it changed: PostgreSQL sends it with the next statement */
	return db_exec_later(c, "UPDATE translation SET approved = 0, approver_id = NULL, "
			     "approved_at = 0 WHERE string_id = ? AND language_id = ? AND approved = 1 "
			     "AND id <> ?", "iii", string_id, language_id, except) ? MODEL_ERROR : MODEL_OK;
}

int translation_add(struct db_conn *c, int64_t project_id, const struct translation_new *t,
		    int64_t *id)
{
	struct stats_snap taken;
	const struct stats_snap *before = t->before;
	if (!before) {
		if (stats_snap_take(c, t->string_id, &taken))
			return MODEL_ERROR;
		before = &taken;
	}
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c,
		"INSERT INTO translation (string_id, language_id, text, plural, spelling, author_id, "
		"author_kind, origin, origin_detail, approved, approver_id, approved_at, tm_match, created, "
		"updated) VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, "
		"NULLIF(CAST(? AS BIGINT), 0), ?, CASE WHEN CAST(? AS BIGINT) > 0 THEN CAST(? AS BIGINT) END, "
		"?, ?) "
		"RETURNING id",
		"iisssisssiiiiiii", t->string_id, (int64_t)t->language_id,
		t->text, t->plural_json, t->spelling_json, t->author_id, t->author_kind ? t->author_kind : "user",
		origin_names[t->origin], t->origin_detail ? t->origin_detail : "",
		(int64_t)t->approve, t->approve ? t->author_id : 0, t->approve ? now : 0,
		(int64_t)t->tm_match, (int64_t)t->tm_match, now, now);
	if (!st)
		return MODEL_ERROR;
	int64_t tid = db_step(st) == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (!tid)
		return MODEL_ERROR;
	/* the change is known: the counts follow without reading the string again */
	if ((t->approve && (clear_approval(c, t->string_id, t->language_id, tid) ||
			    tm_unit_of_translation(c, tid))) ||
	    stats_translation_added(c, before, t->language_id, t->approve))
		return MODEL_ERROR;
	if (id)
		*id = tid;
	return MODEL_OK;
}

int translation_set_approved(struct db_conn *c, int64_t project_id, int64_t translation_id,
			     bool approved, int64_t approver_id)
{
	struct db_stmt *st = db_query(c,
		"SELECT t.string_id, t.language_id FROM translation t JOIN string s ON s.id = t.string_id "
		"WHERE t.id = ? AND s.project_id = ?", "ii", translation_id, project_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	int64_t string_id = rc == 1 ? db_col_int(st, 0) : 0, lang = rc == 1 ? db_col_int(st, 1) : 0;
	db_done(st);
	if (rc != 1)
		return rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
	struct stats_snap before;
	if (stats_snap_take(c, string_id, &before) ||
	    (approved && clear_approval(c, string_id, lang, translation_id)))
		return MODEL_ERROR;
	return db_exec(c, "UPDATE translation SET approved = ?, approver_id = NULLIF(CAST(? AS BIGINT), 0), "
		       "approved_at = ?, updated = ? WHERE id = ?", "iiiii", (int64_t)approved,
		       approved ? approver_id : 0, approved ? (int64_t)time(NULL) : 0,
		       (int64_t)time(NULL), translation_id) || stats_snap_apply(c, &before) ||
	       (approved && tm_unit_of_translation(c, translation_id)) ? MODEL_ERROR : MODEL_OK;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Approvals the rows replace cleared first, the rows in one statement, an
 * event each.  Ids come back in insertion order sorted (both backends hand
 * out ascending ids within a statement; RETURNING's row order is not
 * promised).
 */
int translation_rows_add(struct db_conn *c, int64_t project_id, int64_t node_id,
			 const struct translation_rows_opts *o, const struct translation_row *r,
			 int n)
{
	int64_t now = time(NULL);
	struct buf sql;
	buf_init(&sql, 0);
	int rc = MODEL_OK, approving = 0;
	buf_printf(&sql, "UPDATE translation SET approved = 0, approver_id = NULL, approved_at = 0 "
		   "WHERE language_id = %d AND approved = 1 AND string_id IN (", o->language_id);
	for (int i = 0; i < n; i++)
		if (r[i].approve)
			buf_printf(&sql, "%s%lld", approving++ ? "," : "", (long long)r[i].string_id);
	buf_addc(&sql, ')');
	if (approving)
		rc = db_exec(c, sql.data, NULL) ? MODEL_ERROR : MODEL_OK;
	buf_release(&sql);
	struct db_rows rows;
	db_rows_init(&rows, c, "INSERT INTO translation (string_id, language_id, text, plural, spelling, "
		     "author_id, author_kind, origin, origin_detail, approved, approver_id, approved_at, "
		     "tm_match, created, updated) VALUES",
		     "(?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, '', ?, "
		     "NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), -1), ?, ?)", "RETURNING id");
	for (int i = 0; i < n && !rc; i++)
		if (db_rows_add(&rows, "iisssissiiiiii", r[i].string_id, (int64_t)o->language_id,
				r[i].text, r[i].plural, r[i].spelling, o->author_id, o->kind, o->kind,
				(int64_t)r[i].approve, r[i].approve ? o->author_id : 0,
				r[i].approve ? now : 0, (int64_t)r[i].tm_match, now, now))
			rc = MODEL_ERROR;
	if (!rc && (db_rows_flush(&rows) || rows.n_returned != n))
		rc = MODEL_ERROR;
	int64_t *ids = rows.returned;
	if (!rc)
		qsort(ids, (size_t)n, sizeof(*ids), cmp_id);
	struct event_new *ev = xcalloc((size_t)(n ? n : 1), sizeof(*ev));
	for (int i = 0; i < n && !rc; i++)
		ev[i] = (struct event_new){ .project_id = project_id, .account_id = o->author_id,
					    .node_id = node_id, .string_id = r[i].string_id,
					    .string_public_id = r[i].public_id, .translation_id = ids[i],
					    .language_id = o->language_id, .kind = "translation.added",
					    .origin = o->kind, .tm_match = r[i].tm_match,
					    .approved = r[i].approve };
	if (!rc)
		rc = events_add(c, ev, (size_t)n);
	free(ev);
	db_rows_release(&rows);
	return rc;
}
