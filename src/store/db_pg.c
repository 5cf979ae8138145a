/*
 * PostgreSQL backend (libpq).  Statements are prepared once per connection
 * (named t1, t2, ...) after rewriting `?` placeholders to $1..$n; results
 * come back in text format and bytea columns are unescaped on demand.
 *
 * Round trips are what a request pays for here, so a transaction sends what
 * it can together (libpq pipeline mode): BEGIN waits and travels with the
 * first statement; deferred statements (db_exec_later) travel with the next
 * statement or with COMMIT.  A pipeline ends at the statement whose result is
 * wanted; outside one the connection is in plain mode.
 */
#include "store/db_backend.h"
#include "core/buf.h"
#include "core/mem.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 256
#define MAX_QUEUED 64	/* deferred statements in flight before they are settled */

struct pg {
	PGconn *conn;
	struct { char *sql; char name[16]; } cache[STMT_CACHE];
	int n_cache;
	const char *begin;	/* BEGIN not sent yet: it goes with the first statement */
	int queued;		/* statements sent in the pipeline whose results are unread */
	int unanswered;		/* a ROLLBACK's pipeline, sent but its replies not read (drain) */
	struct pg_cur *fetching;	/* the stream whose next batch is in flight */
	int n_streams;		/* cursors declared: each one's name is new */
	char err[512];
	char sqlstate[6];
	bool conflict;		/* this transaction lost a deadlock or a serialization conflict */
};

struct pg_cur {
	struct pg *p;
	PGresult *res;
	int row, nrows;
	int64_t changes;
	unsigned char **blobs;	/* unescaped bytea per column of the current row */
	size_t *blob_len;
	char cursor[24];	/* a stream's cursor; "" for a whole result */
	bool more;		/* a stream's next batch is asked for: in flight, or in next */
	bool failed;		/* reading that batch failed */
	PGresult *next;		/* that batch, read while another statement went first */
};

static void set_err(struct pg *p, PGresult *res)
{
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn);
	snprintf(p->err, sizeof(p->err), "%s", msg && *msg ? msg : PQerrorMessage(p->conn));
	size_t n = strlen(p->err);
	while (n && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
		p->err[--n] = '\0';
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	snprintf(p->sqlstate, sizeof(p->sqlstate), "%s", st ? st : "");
	if (!strcmp(p->sqlstate, "40P01") || !strcmp(p->sqlstate, "40001"))
		p->conflict = true;
}

/*
 * Each session's settings.  No parallel workers: tolk's queries are short
 * and walk indexes, and a Gather's workers cost more to start than they save
 * (per-file reads of a 1M-translation export build: a parallel seq scan at
 * 18 ms against an index scan at 6 ms; the build 22-29 s -> 15.5 s).  A
 * stream's cursor is always read to its end: planned for all of its rows, not
 * for the first tenth (a nested loop instead of a merge join).  No JIT: a
 * plan costed over its threshold (an export's reads at 200,000 strings) spent
 * a third of a second compiling what runs in less.
 */
static const char session_settings[] =
	"SET client_min_messages = warning; SET max_parallel_workers_per_gather = 0; "
	"SET cursor_tuple_fraction = 1; SET jit = off";

static void *pg_connect(const char *url, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(url);
	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(err, errlen, "postgresql: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	PQclear(PQexec(conn, session_settings));
	struct pg *p = xcalloc(1, sizeof(*p));
	p->conn = conn;
	return p;
}

static void pg_disconnect(void *h)
{
	struct pg *p = h;
	for (int i = 0; i < p->n_cache; i++)
		free(p->cache[i].sql);
	PQfinish(p->conn);
	free(p);
}

/* `?` -> `$n`, outside quoted literals and identifiers. */
static char *rewrite(const char *sql)
{
	size_t cap = strlen(sql) * 2 + 16, n = 0;
	char *out = xmalloc(cap);
	int arg = 0;
	char quote = 0;
	for (const char *s = sql; *s; s++) {
		if (n + 8 >= cap)
			out = xrealloc(out, cap *= 2);
		if (quote) {
			if (*s == quote)
				quote = 0;
			out[n++] = *s;
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
			out[n++] = *s;
		} else if (*s == '?') {
			n += (size_t)snprintf(out + n, cap - n, "$%d", ++arg);
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	return out;
}

/* ---- the pipeline: statements sent together, results read in order ---- */

static void enter_pipeline(struct pg *p)
{
	if (PQpipelineStatus(p->conn) == PQ_PIPELINE_OFF)
		PQenterPipelineMode(p->conn);
	if (p->begin) {
		PQsendQueryParams(p->conn, p->begin, 0, NULL, NULL, NULL, NULL, 0);
		p->begin = NULL;
		p->queued++;
	}
}

/* One queued statement's result; kept in *keep when asked, else freed.  0 or -1. */
static int read_queued(struct pg *p, PGresult **keep, bool *failed)
{
	PGresult *r = PQgetResult(p->conn);
	if (!r) {
		if (!*failed)
			set_err(p, NULL);
		*failed = true;
		return -1;
	}
	ExecStatusType st = PQresultStatus(r);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok && !*failed && st != PGRES_PIPELINE_ABORTED)
		set_err(p, r);
	*failed |= !ok;
	if (keep && ok)
		*keep = r;
	else
		PQclear(r);
	for (PGresult *end; (end = PQgetResult(p->conn));)	/* the NULL after each statement */
		PQclear(end);
	return ok ? 0 : -1;
}

/*
 * End the pipeline: sync, read every queued result (the last one into *last
 * when asked), back to plain mode.  The first error wins; the statements
 * after it were not run.  0 or -1.
 */
static int settle(struct pg *p, PGresult **last)
{
	if (!p->queued) {
		if (PQpipelineStatus(p->conn) != PQ_PIPELINE_OFF)
			PQexitPipelineMode(p->conn);
		return 0;
	}
	bool failed = false;
	if (PQpipelineSync(p->conn) != 1) {
		set_err(p, NULL);
		failed = true;
	}
	for (int i = 0; i < p->queued && PQstatus(p->conn) == CONNECTION_OK; i++)
		read_queued(p, last && i == p->queued - 1 ? last : NULL, &failed);
	p->queued = 0;
	PGresult *sync = PQstatus(p->conn) == CONNECTION_OK ? PQgetResult(p->conn) : NULL;
	if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
		if (!failed)
			set_err(p, sync);
		failed = true;
	}
	PQclear(sync);
	PQexitPipelineMode(p->conn);
	if (failed && last && *last) {
		PQclear(*last);
		*last = NULL;
	}
	return failed ? -1 : 0;
}

/*
 * Read the replies of a rolled-back transaction's pipeline, which the server
 * has long answered: no wait.  Had a statement in it failed, the ROLLBACK
 * after it was skipped, and is sent again here.
 */
static void drain(struct pg *p)
{
	if (!p->unanswered)
		return;
	bool failed = false;
	for (int i = 0; i < p->unanswered && PQstatus(p->conn) == CONNECTION_OK; i++)
		read_queued(p, NULL, &failed);
	p->unanswered = 0;
	PQclear(PQstatus(p->conn) == CONNECTION_OK ? PQgetResult(p->conn) : NULL);	/* the sync */
	PQexitPipelineMode(p->conn);
	if (failed && PQstatus(p->conn) == CONNECTION_OK)
		PQclear(PQexec(p->conn, "ROLLBACK"));
}

/* ---- statements ---- */

/* The arguments as libpq wants them: text, except blobs in binary. */
struct pg_params {
	const char *values_s[DB_MAX_ARGS], **values;
	int lengths_s[DB_MAX_ARGS], formats_s[DB_MAX_ARGS], *lengths, *formats;
	char ints_s[DB_MAX_ARGS][24], (*ints)[24];
};

static void params_init(struct pg_params *q, const struct db_arg *args, int nargs)
{
	/* the usual handful of arguments on the stack; multi-row statements on the heap */
	q->values = q->values_s;
	q->lengths = q->lengths_s;
	q->formats = q->formats_s;
	q->ints = q->ints_s;
	if (nargs > DB_MAX_ARGS) {
		q->values = xmalloc((size_t)nargs * sizeof(*q->values));
		q->lengths = xmalloc((size_t)nargs * sizeof(*q->lengths));
		q->formats = xmalloc((size_t)nargs * sizeof(*q->formats));
		q->ints = xmalloc((size_t)nargs * sizeof(*q->ints));
	}
	for (int i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		q->formats[i] = 0;
		q->lengths[i] = 0;
		switch (a->type) {
		case ARG_INT:
			snprintf(q->ints[i], sizeof(q->ints[i]), "%lld", (long long)a->i);
			q->values[i] = q->ints[i];
			break;
		case ARG_TEXT:
			q->values[i] = a->p;
			break;
		case ARG_BLOB:
			q->values[i] = a->p ? a->p : "";
			q->lengths[i] = (int)a->len;
			q->formats[i] = 1;
			break;
		case ARG_NULL:
			q->values[i] = NULL;
			break;
		}
	}
}

static void params_release(struct pg_params *q)
{
	if (q->values == q->values_s)
		return;
	free(q->values);
	free(q->lengths);
	free(q->formats);
	free(q->ints);
}

/*
 * The name of sql's prepared statement on this connection, prepared now if
 * new (outside the pipeline: what is queued is settled first); NULL when the
 * cache is full (run unnamed), "" when preparing failed.
 */
static const char *prepared_name(struct pg *p, const char *sql)
{
	for (int i = 0; i < p->n_cache; i++)
		if (strcmp(p->cache[i].sql, sql) == 0)
			return p->cache[i].name;
	if (p->n_cache == STMT_CACHE)
		return NULL;
	if (settle(p, NULL))
		return "";
	char *pg_sql = rewrite(sql);
	char name[16];
	snprintf(name, sizeof(name), "t%d", p->n_cache + 1);
	PGresult *r = PQprepare(p->conn, name, pg_sql, 0, NULL);
	free(pg_sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_err(p, r);
		PQclear(r);
		return "";
	}
	PQclear(r);
	p->cache[p->n_cache].sql = xstrdup(sql);
	memcpy(p->cache[p->n_cache].name, name, sizeof(name));
	return p->cache[p->n_cache++].name;
}

/* Send one statement into the pipeline.  0 or -1. */
static int send_stmt(struct pg *p, const char *name, const char *sql, const struct db_arg *args,
		     int nargs)
{
	struct pg_params q;
	params_init(&q, args, nargs);
	int sent;
	if (name) {
		sent = PQsendQueryPrepared(p->conn, name, nargs, q.values, q.lengths, q.formats, 0);
	} else {
		char *pg_sql = rewrite(sql);
		sent = PQsendQueryParams(p->conn, pg_sql, nargs, NULL, q.values, q.lengths, q.formats, 0);
		free(pg_sql);
	}
	params_release(&q);
	if (sent != 1) {
		set_err(p, NULL);
		return -1;
	}
	p->queued++;
	return 0;
}

/* Run one statement, with whatever waits to be sent before it: its result or NULL. */
static PGresult *run_stmt(struct pg *p, const char *name, const char *sql,
			  const struct db_arg *args, int nargs)
{
	if (!p->begin && !p->queued) {	/* nothing waits: plain mode */
		struct pg_params q;
		params_init(&q, args, nargs);
		PGresult *res;
		if (name) {
			res = PQexecPrepared(p->conn, name, nargs, q.values, q.lengths, q.formats, 0);
		} else {
			char *pg_sql = rewrite(sql);
			res = PQexecParams(p->conn, pg_sql, nargs, NULL, q.values, q.lengths, q.formats, 0);
			free(pg_sql);
		}
		params_release(&q);
		ExecStatusType st = PQresultStatus(res);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			set_err(p, res);
			PQclear(res);
			return NULL;
		}
		return res;
	}
	enter_pipeline(p);
	PGresult *res = NULL;
	if (send_stmt(p, name, sql, args, nargs)) {
		settle(p, NULL);
		return NULL;
	}
	settle(p, &res);
	return res;
}

static void pg_reconnect(struct pg *p);

/* The statement that opens a transaction may find the connection dropped (PostgreSQL
 * restarted, a failover): nothing of the transaction is lost by reopening it and
 * sending BEGIN and the statement again. */
static PGresult *run_first(struct pg *p, const char *sql, const struct db_arg *args, int nargs,
			   bool once)
{
	const char *begin = p->queued ? NULL : p->begin;
	for (int attempt = 0;; attempt++) {
		const char *name = once ? NULL : prepared_name(p, sql);
		PGresult *res = name && !*name ? NULL : run_stmt(p, name, sql, args, nargs);
		if (res || !begin || attempt || PQstatus(p->conn) != CONNECTION_BAD)
			return res;
		pg_reconnect(p);
		if (PQstatus(p->conn) != CONNECTION_OK)
			return NULL;
		p->begin = begin;
	}
}

/* ---- streams: a cursor of the transaction, fetched a batch ahead ---- */

#define STREAM_BATCH 4096

/* The batch in flight, read: the connection is free for the next statement.  NULL: failed. */
static PGresult *fetch_read(struct pg *p)
{
	PGresult *r = PQgetResult(p->conn);
	for (PGresult *end; r && (end = PQgetResult(p->conn));)
		PQclear(end);
	p->fetching = NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_err(p, r);
		PQclear(r);
		return NULL;
	}
	return r;
}

/*
 * Ask for the stream's next batch without waiting for it, in plain mode:
 * statements deferred since the last batch (db_exec_later) are settled first.
 */
static void fetch_ask(struct pg_cur *cur)
{
	struct pg *p = cur->p;
	char sql[64];
	snprintf(sql, sizeof(sql), "FETCH %d FROM %s", STREAM_BATCH, cur->cursor);
	cur->more = true;
	if (PQpipelineStatus(p->conn) != PQ_PIPELINE_OFF && settle(p, NULL)) {
		cur->failed = true;
	} else if (PQsendQuery(p->conn, sql) == 1) {
		p->fetching = cur;
	} else {
		set_err(p, NULL);
		cur->failed = true;
	}
}

/* Before another statement: the batch in flight is read, and kept for its stream. */
static void park(struct pg *p)
{
	struct pg_cur *cur = p->fetching;
	if (!cur)
		return;
	cur->next = fetch_read(p);
	cur->failed = !cur->next;
}

/* The stream's next batch in place of the one read: 1, 0 at the end, -1 on error. */
static int next_batch(struct pg_cur *cur)
{
	if (!cur->more)
		return 0;
	PGresult *r = cur->next;
	cur->next = NULL;
	if (!r && !cur->failed)
		r = fetch_read(cur->p);
	cur->more = false;
	if (!r)
		return -1;
	PQclear(cur->res);
	cur->res = r;
	cur->row = -1;
	cur->nrows = PQntuples(r);
	if (cur->nrows == STREAM_BATCH)
		fetch_ask(cur);
	return cur->nrows ? 1 : 0;
}

static void *pg_query(void *h, const char *sql, const struct db_arg *args, int nargs, bool once);

static void *pg_stream(void *h, const char *sql, const struct db_arg *args, int nargs)
{
	struct pg *p = h;
	park(p);
	/* a cursor lives in a transaction: outside one, the whole result */
	if (!p->begin && !p->queued && PQtransactionStatus(p->conn) != PQTRANS_INTRANS)
		return pg_query(h, sql, args, nargs, false);
	char name[24];
	snprintf(name, sizeof(name), "tolk_stream%d", ++p->n_streams);
	size_t n = strlen(sql) + 64;
	char *declare = xmalloc(n);
	snprintf(declare, n, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
	/* the name is new each time: not worth a prepared statement */
	struct pg_cur *cur = pg_query(h, declare, args, nargs, true);
	free(declare);
	if (!cur)
		return NULL;
	memcpy(cur->cursor, name, sizeof(name));
	fetch_ask(cur);
	return cur;
}

static void *pg_query(void *h, const char *sql, const struct db_arg *args, int nargs, bool once)
{
	struct pg *p = h;
	park(p);
	drain(p);
	PGresult *res = run_first(p, sql, args, nargs, once);
	if (!res)
		return NULL;
	struct pg_cur *cur = xcalloc(1, sizeof(*cur));
	cur->p = p;
	cur->res = res;
	cur->row = -1;
	cur->nrows = PQntuples(res);
	const char *tuples = PQcmdTuples(res);
	cur->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
	return cur;
}

/*
 * A statement whose result nobody reads: it waits in the pipeline for the next
 * one.  A long queue is settled first: the server must never block on writing
 * results while this side blocks on sending.
 */
static int pg_defer(void *h, const char *sql, const struct db_arg *args, int nargs, bool once)
{
	struct pg *p = h;
	park(p);
	if (p->queued >= MAX_QUEUED && settle(p, NULL))
		return -1;
	const char *name = once ? NULL : prepared_name(p, sql);
	if (name && !*name)
		return -1;
	enter_pipeline(p);
	return send_stmt(p, name, sql, args, nargs);
}
static void free_blobs(struct pg_cur *cur)
{
	if (!cur->blobs)
		return;
	int n = PQnfields(cur->res);
	for (int i = 0; i < n; i++)
		if (cur->blobs[i])
			PQfreemem(cur->blobs[i]);
	free(cur->blobs);
	free(cur->blob_len);
	cur->blobs = NULL;
	cur->blob_len = NULL;
}

static int pg_step(void *c)
{
	struct pg_cur *cur = c;
	free_blobs(cur);
	if (cur->row + 1 >= cur->nrows && cur->cursor[0]) {
		int rc = next_batch(cur);
		if (rc <= 0)
			return rc;
	}
	if (cur->row + 1 >= cur->nrows) {
		cur->row = cur->nrows;
		return 0;
	}
	cur->row++;
	return 1;
}

static void pg_finish(void *c)
{
	struct pg_cur *cur = c;
	free_blobs(cur);
	PQclear(cur->res);
	/* a stream left before its end: its batch read (the cursor goes with the transaction) */
	if (cur->p->fetching == cur)
		PQclear(fetch_read(cur->p));
	PQclear(cur->next);
	free(cur);
}

static int64_t pg_changes(void *c)
{
	return ((struct pg_cur *)c)->changes;
}

static bool pg_col_null(void *c, int i)
{
	struct pg_cur *cur = c;
	return PQgetisnull(cur->res, cur->row, i);
}

static int64_t pg_col_int(void *c, int i)
{
	struct pg_cur *cur = c;
	const char *v = PQgetvalue(cur->res, cur->row, i);
	if (!v)
		return 0;
	if (*v == 't')		/* boolean expressions */
		return 1;
	if (*v == 'f')
		return 0;
	/* the server's decimals, read here: strtoll was 6% of a big export's time */
	bool neg = *v == '-';
	uint64_t n = 0;
	for (const char *d = v + neg; *d >= '0' && *d <= '9'; d++)
		n = n * 10 + (uint64_t)(*d - '0');
	return (int64_t)(neg ? 0 - n : n);
}

static const char *pg_col_text(void *c, int i)
{
	struct pg_cur *cur = c;
	const char *v = PQgetvalue(cur->res, cur->row, i);
	return v ? v : "";
}

static const void *pg_col_blob(void *c, int i, size_t *len)
{
	struct pg_cur *cur = c;
	if (PQgetisnull(cur->res, cur->row, i)) {
		*len = 0;
		return "";
	}
	if (!cur->blobs) {
		cur->blobs = xcalloc((size_t)PQnfields(cur->res), sizeof(*cur->blobs));
		cur->blob_len = xcalloc((size_t)PQnfields(cur->res), sizeof(*cur->blob_len));
	}
	if (!cur->blobs[i]) {
		const char *hex = PQgetvalue(cur->res, cur->row, i);
		cur->blobs[i] = PQunescapeBytea((const unsigned char *)hex, &cur->blob_len[i]);
		if (!cur->blobs[i]) {
			*len = 0;
			return "";
		}
	}
	*len = cur->blob_len[i];
	return cur->blobs[i];
}

/* Reopen a connection the server dropped (PostgreSQL restarted, a failover):
 * its prepared statements went with it. */
static void pg_reconnect(struct pg *p)
{
	PQreset(p->conn);
	p->fetching = NULL;
	p->begin = NULL;
	p->queued = 0;
	p->unanswered = 0;
	if (PQstatus(p->conn) != CONNECTION_OK)
		return;
	for (int i = 0; i < p->n_cache; i++)
		free(p->cache[i].sql);
	p->n_cache = 0;
	PQclear(PQexec(p->conn, session_settings));
}

/* BEGIN waits for the transaction's first statement (see the top of this file). */
static int pg_begin(void *h, bool write)
{
	struct pg *p = h;
	park(p);
	drain(p);
	if (PQstatus(p->conn) == CONNECTION_BAD)
		pg_reconnect(p);
	p->begin = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
	p->conflict = false;
	return 0;
}

/* A transaction that sent nothing still asks the server once, so a request that
 * needs no statement learns that the database is gone (the nodes' health check). */
static int ping(struct pg *p)
{
	for (int attempt = 0;; attempt++) {
		PGresult *r = PQexec(p->conn, "");
		int rc = PQresultStatus(r) == PGRES_EMPTY_QUERY ? 0 : -1;
		if (rc)
			set_err(p, r);
		PQclear(r);
		if (!rc || attempt || PQstatus(p->conn) != CONNECTION_BAD)
			return rc;
		pg_reconnect(p);
	}
}

/* COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK. */
static int committed(struct pg *p, PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;
	if (st != PGRES_COMMAND_OK) {
		set_err(p, r);
		rc = -1;
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		snprintf(p->err, sizeof(p->err), "transaction was aborted; COMMIT rolled back");
		rc = -1;
	}
	PQclear(r);
	return rc;
}

/* COMMIT, with the deferred statements that wait for it: one round trip. */
static int pg_commit(void *h)
{
	struct pg *p = h;
	park(p);
	if (p->begin) {
		p->begin = NULL;
		return ping(p);
	}
	if (!p->queued)
		return committed(p, PQexec(p->conn, "COMMIT"));
	enter_pipeline(p);
	PGresult *r = NULL;
	if (PQsendQueryParams(p->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) != 1) {
		set_err(p, NULL);
		settle(p, NULL);
		return -1;
	}
	p->queued++;
	if (settle(p, &r))
		return -1;
	return committed(p, r);
}

/*
 * ROLLBACK leaves at once, with whatever waits in the pipeline, and the server
 * ends the transaction (its locks, its snapshot) as it reads it; only its reply
 * is read later, when the connection is next used (drain): a request turned
 * away (the project's gate) does not wait for it.
 */
static void pg_rollback(void *h)
{
	struct pg *p = h;
	park(p);
	if (p->begin) {		/* nothing was sent: there is nothing to roll back */
		p->begin = NULL;
		return;
	}
	enter_pipeline(p);
	if (PQsendQueryParams(p->conn, "ROLLBACK", 0, NULL, NULL, NULL, NULL, 0) != 1 ||
	    PQpipelineSync(p->conn) != 1) {
		p->queued = 0;
		pg_reconnect(p);	/* the connection is broken: start afresh */
		return;
	}
	p->unanswered = p->queued + 1;
	p->queued = 0;
}

static int pg_exec_script(void *h, const char *sql)
{
	struct pg *p = h;
	park(p);
	drain(p);
	if (p->begin || p->queued) {	/* scripts run in plain mode, after what waits */
		enter_pipeline(p);
		if (settle(p, NULL))
			return -1;
	}
	PGresult *r = PQexec(p->conn, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -1;
	if (rc)
		set_err(p, r);
	PQclear(r);
	return rc;
}

static const char *pg_errmsg(void *h)
{
	return ((struct pg *)h)->err;
}

static bool pg_err_unique(void *h)
{
	return strcmp(((struct pg *)h)->sqlstate, "23505") == 0;
}

static bool pg_err_conflict(void *h)
{
	return ((struct pg *)h)->conflict;
}

/*
 * After bulk writes, each table that got rows enough to grow it by a tenth
 * (its row count as ANALYZE last took it) is analyzed: until autovacuum
 * comes round, a minute or more later, the planner takes it for its old
 * size, and the first export after an import of 200,000 strings took a plan
 * twice as slow.  The counts are of committed rows, per table (db.c), so a
 * table the writes did not touch is left alone (the translation memory's
 * jobs analyzed the strings again after each file).  ANALYZE reads a sample
 * of 30,000 rows at most; the jobs worker runs it (db_maintain), not the
 * import's request.
 */
static void pg_maintain(void *h, const struct db_bulk_table *t, int n)
{
	struct pg *p = h;
	/*
	 * The pool's connection may still hold the unread replies of a read
	 * transaction some request rolled back (drain reads them lazily): read
	 * them now; returning here lost an import's statistics one time in three.
	 */
	drain(p);
	if (PQpipelineStatus(p->conn) != PQ_PIPELINE_OFF)
		return;
	struct buf sql;
	buf_init(&sql, 0);
	buf_adds(&sql, "ANALYZE ");
	bool any = false;
	for (int i = 0; i < n; i++) {
		const char *name = t[i].name;
		PGresult *r = PQexecParams(p->conn, "SELECT reltuples FROM pg_class WHERE relkind = 'r' "
					   "AND relnamespace = current_schema()::regnamespace AND relname = $1",
					   1, NULL, &name, NULL, NULL, 0);
		bool grew = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
			    (double)t[i].rows * 10 >= atof(PQgetvalue(r, 0, 0));
		PQclear(r);
		char *id = grew ? PQescapeIdentifier(p->conn, name, strlen(name)) : NULL;
		if (id) {
			buf_printf(&sql, "%s%s", any ? ", " : "", id);
			any = true;
			PQfreemem(id);
		}
	}
	if (any)
		PQclear(PQexec(p->conn, sql.data));
	buf_release(&sql);
}

const struct db_backend db_backend_postgres = {
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.query = pg_query,
	.stream = pg_stream,
	.defer = pg_defer,
	.step = pg_step,
	.finish = pg_finish,
	.changes = pg_changes,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.exec_script = pg_exec_script,
	.maintain = pg_maintain,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.errmsg = pg_errmsg,
	.err_unique = pg_err_unique,
	.err_conflict = pg_err_conflict,
	.id_type = "BIGSERIAL PRIMARY KEY",
	.blob_type = "BYTEA",
};
