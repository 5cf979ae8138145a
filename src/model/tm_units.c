#include "model/tm_units.h"
#include "core/buf.h"
#include "model/members.h"
#include "model/model.h"
#include "tm/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What makes a unit one: its source, target and context (hashed; the key of tm_unit_key). */
static int64_t unit_hash(const char *source, const char *target, const char *context)
{
	size_t ls = strlen(source), lt = strlen(target), lc = strlen(context);
	char *all = malloc(ls + lt + lc + 2);
	if (!all)
		return 0;
	memcpy(all, source, ls + 1);
	memcpy(all + ls + 1, target, lt + 1);
	memcpy(all + ls + lt + 2, context, lc);
	int64_t h = (int64_t)tm_hash(all, ls + lt + lc + 2);
	free(all);
	return h;
}

/*
 * Units go in only when they are new: PostgreSQL takes an id from the
 * sequence for every row an INSERT tries, and an upsert of a unit already
 * there would leave a gap in the ids that the nodes reading the table by id
 * wait for (tm_memory.c).  Two equal units in one batch: the second is
 * dropped by the unique key.  VALUES columns are column1, column2 ... on both
 * engines, and typed here (PostgreSQL reads an untyped parameter as text).
 * The OFFSET keeps PostgreSQL from turning NOT EXISTS into a hash anti-join,
 * which read the whole table for every batch of 500 (an import of 200,000
 * units took 27 s of statements); it probes tm_unit_key row by row instead.
 */
#define UNIT_INSERT "INSERT INTO tm_unit (account_id, project_id, source_language_id, " \
	"target_language_id, source_text, target_text, context, origin, unit_hash, created, updated) " \
	"SELECT * FROM (VALUES"
#define UNIT_ROW "(CAST(? AS BIGINT), NULLIF(CAST(? AS BIGINT), 0), CAST(? AS BIGINT), " \
	"CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), " \
	"CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))"
#define UNIT_AGAIN ") AS v WHERE NOT EXISTS (SELECT 1 FROM tm_unit x WHERE x.account_id = v.column1 " \
	"AND x.source_language_id = v.column3 AND x.target_language_id = v.column4 " \
	"AND x.unit_hash = v.column9 LIMIT 1 OFFSET 0) ON CONFLICT DO NOTHING"

static int add_row(struct db_rows *r, const struct tm_unit *u, int64_t created)
{
	return db_rows_add(r, "iiiissssiii", u->account_id, u->project_id,
			   (int64_t)u->source_language_id, (int64_t)u->target_language_id, u->source,
			   u->target, u->context, u->origin, unit_hash(u->source, u->target, u->context),
			   created, (int64_t)time(NULL));
}

int tm_units_put(struct db_conn *c, const struct tm_unit *u, size_t n)
{
	struct db_rows r;
	db_rows_init(&r, c, UNIT_INSERT, UNIT_ROW, UNIT_AGAIN);
	int64_t now = time(NULL);
	int rc = MODEL_OK;
	for (size_t i = 0; i < n && !rc; i++)
		if (add_row(&r, &u[i], u[i].created ? u[i].created : now))
			rc = MODEL_ERROR;
	if (!rc && db_rows_flush(&r))
		rc = MODEL_ERROR;
	db_rows_release(&r);
	return rc;
}

int tm_unit_put(struct db_conn *c, const struct tm_unit *u)
{
	return tm_units_put(c, u, 1);
}

/*
 * A string's units come from its best translation that is approved or
 * imported (approved first, then the newest); TM and MT suggestions nobody
 * approved are not memory.  Without a context the key stands for it: two
 * strings of one source text are told apart by what they are.
 */
int tm_units_of_node(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id)
{
	struct db_stmt *st = db_query(c,
		"SELECT p.owner_id, p.source_language_id, s.id, s.source, "
		"COALESCE(NULLIF(s.context, ''), s.skey), t.text, t.approved FROM string s "
		"JOIN project p ON p.id = s.project_id JOIN translation t ON t.string_id = s.id "
		"AND t.language_id = ? WHERE s.project_id = ? AND s.node_id = ? AND s.hidden = 0 "
		"AND (t.approved = 1 OR t.origin = 'import') "
		"ORDER BY s.id, t.approved DESC, t.updated DESC, t.id DESC",
		"iii", (int64_t)language_id, project_id, node_id);
	if (!st)
		return MODEL_ERROR;
	struct db_rows r;
	db_rows_init(&r, c, UNIT_INSERT, UNIT_ROW, UNIT_AGAIN);
	int64_t now = time(NULL), last = 0;
	int step = 0, rc = MODEL_OK;
	while (!rc && (step = db_step(st)) == 1) {
		int64_t sid = db_col_int(st, 2);
		if (sid == last)
			continue;	/* the string's best is its first row */
		last = sid;
		struct tm_unit u = {
			.account_id = db_col_int(st, 0), .project_id = project_id,
			.source_language_id = (int)db_col_int(st, 1), .target_language_id = language_id,
			.source = db_col_text(st, 3), .context = db_col_text(st, 4),
			.target = db_col_text(st, 5), .origin = db_col_int(st, 6) ? "approved" : "import",
		};
		if (add_row(&r, &u, now))
			rc = MODEL_ERROR;
	}
	db_done(st);
	if (!rc && (step < 0 || db_rows_flush(&r)))
		rc = MODEL_ERROR;
	db_rows_release(&r);
	return rc;
}

int tm_unit_of_translation(struct db_conn *c, int64_t translation_id)
{
	struct db_stmt *st = db_query(c,
		"SELECT p.owner_id, p.id, p.source_language_id, t.language_id, s.source, "
		"COALESCE(NULLIF(s.context, ''), s.skey), t.text FROM translation t "
		"JOIN string s ON s.id = t.string_id JOIN project p ON p.id = s.project_id "
		"WHERE t.id = ? AND s.hidden = 0", "i", translation_id);
	if (!st)
		return MODEL_ERROR;
	int step = db_step(st), rc = MODEL_OK;
	if (step == 1) {
		struct tm_unit u = {
			.account_id = db_col_int(st, 0), .project_id = db_col_int(st, 1),
			.source_language_id = (int)db_col_int(st, 2),
			.target_language_id = (int)db_col_int(st, 3), .source = db_col_text(st, 4),
			.context = db_col_text(st, 5), .target = db_col_text(st, 6), .origin = "approved",
		};
		rc = tm_unit_put(c, &u);
	}
	db_done(st);
	return step < 0 ? MODEL_ERROR : rc;
}

int tm_units_queue(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id)
{
	char params[96];
	snprintf(params, sizeof(params), "{\"node\":%lld,\"language\":%d}", (long long)node_id,
		 language_id);
	int64_t now = time(NULL);
	return db_exec(c, "INSERT INTO job (project_id, kind, params, created, updated) "
		       "VALUES (?, '" TM_UNITS_JOB "', ?, ?, ?)", "isii", project_id, params, now, now)
	       ? MODEL_ERROR : MODEL_OK;
}

#define UNIT_COLUMNS "id, account_id, COALESCE(project_id, 0), source_language_id, " \
	"target_language_id, source_text, target_text, context, origin, created, updated"

static void read_unit(struct db_stmt *st, struct tm_unit *u)
{
	*u = (struct tm_unit){
		.id = db_col_int(st, 0), .account_id = db_col_int(st, 1), .project_id = db_col_int(st, 2),
		.source_language_id = (int)db_col_int(st, 3), .target_language_id = (int)db_col_int(st, 4),
		.source = db_col_text(st, 5), .target = db_col_text(st, 6), .context = db_col_text(st, 7),
		.origin = db_col_text(st, 8), .created = db_col_int(st, 9), .updated = db_col_int(st, 10),
	};
}

/* fn for each unit of the query st (then done); how many, or -1. */
static long each_unit(struct db_stmt *st, tm_unit_fn fn, void *ctx)
{
	if (!st)
		return -1;
	long n = 0;
	int step;
	while ((step = db_step(st)) == 1) {
		struct tm_unit u;
		read_unit(st, &u);
		n++;
		if (fn(ctx, &u)) {
			step = -1;
			break;
		}
	}
	db_done(st);
	return step < 0 ? -1 : n;
}

long tm_units_after(struct db_conn *c, int64_t after, long limit, tm_unit_fn fn, void *ctx)
{
	return each_unit(db_query(c, "SELECT " UNIT_COLUMNS " FROM tm_unit WHERE id > ? ORDER BY id "
				  "LIMIT ?", "ii", after, (int64_t)limit), fn, ctx);
}

static int cmp_unit_id(const void *a, const void *b)
{
	int64_t x = ((const struct tm_unit *)a)->id, y = ((const struct tm_unit *)b)->id;
	return x < y ? -1 : x > y;
}

int tm_units_get(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
		 struct tm_unit **out, size_t *n_out)
{
	*out = arena_alloc(a, (n ? n : 1) * sizeof(**out));
	*n_out = 0;
	if (!n)
		return MODEL_OK;
	/* one query for all of them (ids are numbers: written into the SQL), then in the asked order */
	struct buf sql;
	buf_init(&sql, 0);
	buf_adds(&sql, "SELECT " UNIT_COLUMNS " FROM tm_unit WHERE id IN (");
	for (size_t i = 0; i < n; i++)
		buf_printf(&sql, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_addc(&sql, ')');
	struct db_stmt *st = db_query(c, sql.data, NULL);
	buf_release(&sql);
	if (!st)
		return MODEL_ERROR;
	struct tm_unit *found = arena_alloc(a, n * sizeof(*found));
	size_t nf = 0;
	int step;
	while ((step = db_step(st)) == 1 && nf < n) {
		struct tm_unit *u = &found[nf++];
		read_unit(st, u);
		u->source = arena_strdup(a, u->source);
		u->target = arena_strdup(a, u->target);
		u->context = arena_strdup(a, u->context);
		u->origin = arena_strdup(a, u->origin);
	}
	db_done(st);
	if (step < 0)
		return MODEL_ERROR;
	qsort(found, nf, sizeof(*found), cmp_unit_id);
	for (size_t i = 0; i < n; i++) {
		struct tm_unit key = { .id = ids[i] };
		struct tm_unit *u = bsearch(&key, found, nf, sizeof(*found), cmp_unit_id);
		if (u)
			(*out)[(*n_out)++] = *u;
	}
	return MODEL_OK;
}

long tm_units_of_account(struct db_conn *c, int64_t account_id, int64_t project_id,
			 int source_language_id, int target_language_id, tm_unit_fn fn, void *ctx)
{
	return each_unit(db_query_stream(c, "SELECT " UNIT_COLUMNS " FROM tm_unit WHERE account_id = ? "
					 "AND source_language_id = ? AND (CAST(? AS BIGINT) = 0 OR "
					 "target_language_id = ?) AND (CAST(? AS BIGINT) = 0 OR "
					 "project_id = ?) ORDER BY id", "iiiiii", account_id,
					 (int64_t)source_language_id, (int64_t)target_language_id,
					 (int64_t)target_language_id, project_id, project_id), fn, ctx);
}

int tm_unit_origin(struct db_conn *c, struct arena *a, const struct tm_unit *u, int64_t viewer,
		   struct tm_origin *out)
{
	*out = (struct tm_origin){ 0 };
	struct grant g;
	int rc = u->project_id ? member_grant(c, u->project_id, viewer, &g) : MODEL_NOT_FOUND;
	if (rc)
		return rc == MODEL_NOT_FOUND ? MODEL_OK : rc;
	if (!role_may(g.role, ACT_VIEW))
		return MODEL_OK;
	struct db_stmt *st = db_query(c, "SELECT name FROM project WHERE id = ?", "i", u->project_id);
	if (st && db_step(st) == 1)
		out->project = arena_strdup(a, db_col_text(st, 0));
	if (!st)
		return MODEL_ERROR;
	db_done(st);
	/* the string of that source (string_source's prefix) with the translation of that text */
	st = db_query(c, "SELECT n.name, COALESCE(x.login, '') FROM string s JOIN node n ON "
		      "n.id = s.node_id JOIN translation t ON t.string_id = s.id AND "
		      "t.language_id = ? AND t.text = ? LEFT JOIN account x ON x.id = t.author_id "
		      "WHERE s.project_id = ? AND substr(s.source, 1, 64) = substr(?, 1, 64) AND "
		      "s.source = ? ORDER BY t.approved DESC, t.updated DESC, t.id DESC LIMIT 1",
		      "isiss", (int64_t)u->target_language_id, u->target, u->project_id, u->source,
		      u->source);
	if (!st)
		return MODEL_ERROR;
	if (db_step(st) == 1) {
		out->file = arena_strdup(a, db_col_text(st, 0));
		const char *login = db_col_text(st, 1);
		out->author = *login ? arena_strdup(a, login) : NULL;
	}
	db_done(st);
	return MODEL_OK;
}
