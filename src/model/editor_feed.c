/*
 * What the editor shows around a string (model/editor_write.h): votes, the
 * string's history, and the feed of changes the page polls.
 */
#include "model/editor_write.h"
#include "core/buf.h"

#include <inttypes.h>
#include <string.h>

int editor_votes_read(struct db_conn *c, int64_t account_id, const struct editor_translation *tr,
		      size_t n, struct editor_votes *out)
{
	if (!n)
		return MODEL_OK;
	struct buf sql;
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT t.id, COALESCE(t.author_id, 0), "
		   "(SELECT COALESCE(SUM(v.value), 0) FROM vote v WHERE v.translation_id = t.id), "
		   "(SELECT COALESCE(MAX(v.value), 0) FROM vote v WHERE v.translation_id = t.id "
		   "AND v.account_id = %" PRId64 ") FROM translation t WHERE t.id IN (", account_id);
	for (size_t i = 0; i < n; i++) {
		buf_printf(&sql, "%s%" PRId64, i ? "," : "", tr[i].id);
		out[i] = (struct editor_votes){ .translation_id = tr[i].id };
	}
	buf_addc(&sql, ')');
	struct db_stmt *st = db_query(c, sql.data, NULL);
	buf_release(&sql);
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1)
		for (size_t i = 0; i < n; i++)
			if (out[i].translation_id == db_col_int(st, 0)) {
				out[i].by_me = account_id && db_col_int(st, 1) == account_id;
				out[i].sum = (int)db_col_int(st, 2);
				out[i].mine = (int)db_col_int(st, 3);
			}
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

#define EVENT_COLS "e.id, COALESCE(s.public_id, 0), e.kind, COALESCE(ac.login, ''), " \
	"COALESCE(e.language_id, 0), e.created FROM event e " \
	"LEFT JOIN string s ON s.id = e.string_id LEFT JOIN account ac ON ac.id = e.account_id "

static int read_events(struct arena *a, struct db_stmt *st, struct editor_event **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1)
		ARENA_PUSH(a, *out, *n, cap) = (struct editor_event){
			.id = db_col_int(st, 0), .string_id = db_col_int(st, 1),
			.kind = arena_strdup(a, db_col_text(st, 2)),
			.author = arena_strdup(a, db_col_text(st, 3)),
			.language_id = (int)db_col_int(st, 4), .created = db_col_int(st, 5),
		};
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

int editor_history(struct db_conn *c, struct arena *a, int64_t project_id, int64_t string_row,
		   int language_id, size_t max, struct editor_event **out, size_t *n)
{
	/* the string's own events (added, changed) carry no language or the source's */
	return read_events(a, db_query(c, "SELECT " EVENT_COLS "WHERE e.project_id = ? AND "
				       "e.string_id = ? AND (e.language_id = ? OR "
				       "e.kind LIKE 'string.%' OR e.language_id IS NULL) "
				       "ORDER BY e.id DESC LIMIT ?", "iiii", project_id, string_row,
				       (int64_t)language_id, (int64_t)max), out, n);
}

int editor_changes(struct db_conn *c, struct arena *a, int64_t project_id, int language_id,
		   int64_t since, size_t max, struct editor_event **out, size_t *n)
{
	/* on event_project (project_id, created): a time range, never the whole trail */
	return read_events(a, db_query(c, "SELECT " EVENT_COLS "WHERE e.project_id = ? AND "
				       "e.created >= ? AND e.string_id IS NOT NULL AND "
				       "(e.language_id = ? OR e.kind LIKE 'string.%') "
				       "ORDER BY e.created, e.id LIMIT ?", "iiii", project_id, since,
				       (int64_t)language_id, (int64_t)max), out, n);
}
