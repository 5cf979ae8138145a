/*
 * PostgreSQL backend (libpq).  Statements are prepared once per connection
 * (named t1, t2, ...) after rewriting `?` placeholders to $1..$n; results
 * come back in text format and bytea columns are unescaped on demand.
 */
#include "store/db_backend.h"
#include "core/mem.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 256

struct pg {
	PGconn *conn;
	struct { char *sql; char name[16]; } cache[STMT_CACHE];
	int n_cache;
	char err[512];
	char sqlstate[6];
};

struct pg_cur {
	struct pg *p;
	PGresult *res;
	int row, nrows;
	int64_t changes;
	unsigned char **blobs;	/* unescaped bytea per column of the current row */
	size_t *blob_len;
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
}

static void *pg_connect(const char *url, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(url);
	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(err, errlen, "postgresql: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	PGresult *r = PQexec(conn, "SET client_min_messages = warning");
	PQclear(r);
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

static const char *prepared_name(struct pg *p, const char *sql)
{
	for (int i = 0; i < p->n_cache; i++)
		if (strcmp(p->cache[i].sql, sql) == 0)
			return p->cache[i].name;
	if (p->n_cache == STMT_CACHE)
		return NULL;	/* cache full: run unnamed */
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

static void *pg_query(void *h, const char *sql, const struct db_arg *args, int nargs, bool once)
{
	struct pg *p = h;
	/* the usual handful of arguments on the stack; multi-row statements on the heap */
	const char *values_s[DB_MAX_ARGS], **values = values_s;
	int lengths_s[DB_MAX_ARGS], formats_s[DB_MAX_ARGS], *lengths = lengths_s, *formats = formats_s;
	char ints_s[DB_MAX_ARGS][24], (*ints)[24] = ints_s;
	if (nargs > DB_MAX_ARGS) {
		values = xmalloc((size_t)nargs * sizeof(*values));
		lengths = xmalloc((size_t)nargs * sizeof(*lengths));
		formats = xmalloc((size_t)nargs * sizeof(*formats));
		ints = xmalloc((size_t)nargs * sizeof(*ints));
	}
	for (int i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		formats[i] = 0;
		lengths[i] = 0;
		switch (a->type) {
		case ARG_INT:
			snprintf(ints[i], sizeof(ints[i]), "%lld", (long long)a->i);
			values[i] = ints[i];
			break;
		case ARG_TEXT:
			values[i] = a->p;
			break;
		case ARG_BLOB:
			values[i] = a->p ? a->p : "";
			lengths[i] = (int)a->len;
			formats[i] = 1;
			break;
		case ARG_NULL:
			values[i] = NULL;
			break;
		}
	}
	const char *name = once ? NULL : prepared_name(p, sql);
	PGresult *res = NULL;
	if (name && *name) {
		res = PQexecPrepared(p->conn, name, nargs, values, lengths, formats, 0);
	} else if (!name) {
		char *pg_sql = rewrite(sql);
		res = PQexecParams(p->conn, pg_sql, nargs, NULL, values, lengths, formats, 0);
		free(pg_sql);
	}
	if (values != values_s) {
		free(values);
		free(lengths);
		free(formats);
		free(ints);
	}
	if (!res)
		return NULL;	/* the prepare failed (set_err has the message) */
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		set_err(p, res);
		PQclear(res);
		return NULL;
	}
	struct pg_cur *cur = xcalloc(1, sizeof(*cur));
	cur->p = p;
	cur->res = res;
	cur->row = -1;
	cur->nrows = PQntuples(res);
	const char *tuples = PQcmdTuples(res);
	cur->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
	return cur;
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
	return strtoll(v, NULL, 10);
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
	if (PQstatus(p->conn) != CONNECTION_OK)
		return;
	for (int i = 0; i < p->n_cache; i++)
		free(p->cache[i].sql);
	p->n_cache = 0;
	PQclear(PQexec(p->conn, "SET client_min_messages = warning"));
}

static int pg_exec_script(void *h, const char *sql)
{
	struct pg *p = h;
	/* only where a transaction begins: nothing of one is lost by reconnecting */
	bool begin = strncmp(sql, "BEGIN", 5) == 0;
	if (begin && PQstatus(p->conn) == CONNECTION_BAD)
		pg_reconnect(p);
	PGresult *r = PQexec(p->conn, sql);
	if (begin && PQresultStatus(r) != PGRES_COMMAND_OK && PQstatus(p->conn) == CONNECTION_BAD) {
		PQclear(r);
		pg_reconnect(p);
		r = PQexec(p->conn, sql);
	}
	ExecStatusType st = PQresultStatus(r);
	int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -1;
	/* COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK */
	if (!rc && strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		snprintf(p->err, sizeof(p->err), "transaction was aborted; COMMIT rolled back");
		PQclear(r);
		return -1;
	}
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

const struct db_backend db_backend_postgres = {
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.query = pg_query,
	.step = pg_step,
	.finish = pg_finish,
	.changes = pg_changes,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.exec_script = pg_exec_script,
	.errmsg = pg_errmsg,
	.err_unique = pg_err_unique,
	.begin_write = "BEGIN",
	.begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ",
	.id_type = "BIGSERIAL PRIMARY KEY",
	.blob_type = "BYTEA",
};
