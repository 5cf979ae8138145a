/*
 * Connection pool, transactions and argument binding shared by both
 * backends.  See db.h for the contract.
 */
#include "store/db.h"
#include "store/db_backend.h"
#include "core/log.h"
#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db_conn {
	struct db *db;
	void *h;
	bool in_txn, write;
	bool writer_held;	/* SQLite: took the writer lock before the connection */
	bool bulk;		/* a db_rows had many rows in this transaction (bulk_begin) */
	struct db_bulk_table added[DB_BULK_TABLES];	/* by db_rows in this transaction */
	int n_added;
	struct db_conn *next_free;
	struct db_hook {
		db_hook_fn fn;
		int64_t key;
	} *hooks;		/* run by db_commit, once each */
	int n_hooks, hooks_cap;
};

struct db {
	const struct db_backend *be;
	enum db_kind kind;
	struct db_conn *conns;
	int n;
	struct db_conn *free_list;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_mutex_t writer;	/* SQLite: one writer at a time, queued here */
	/* committed by bulk writes since the last db_maintain (lock) */
	struct db_bulk_table bulk[DB_BULK_TABLES];
	int n_bulk;
};

struct db_stmt {
	struct db_conn *c;
	void *cur;
};

static int parse_url(const char *url, enum db_kind *kind, const char **target)
{
	if (strncmp(url, "sqlite:", 7) == 0) {
		*kind = DB_SQLITE;
		*target = url + 7;
		return 0;
	}
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
		*kind = DB_POSTGRES;
		*target = url;
		return 0;
	}
	return -1;
}

struct db *db_open(const char *url, int pool_size, char *err, size_t errlen)
{
	enum db_kind kind;
	const char *target;
	if (parse_url(url, &kind, &target)) {
		snprintf(err, errlen, "unsupported database URL (want sqlite:PATH or postgresql://...)");
		return NULL;
	}
	if (pool_size < 1)
		pool_size = 1;
	struct db *db = xcalloc(1, sizeof(*db));
	db->kind = kind;
	db->be = kind == DB_SQLITE ? &db_backend_sqlite : &db_backend_postgres;
	db->conns = xcalloc((size_t)pool_size, sizeof(*db->conns));
	pthread_mutex_init(&db->lock, NULL);
	pthread_cond_init(&db->cond, NULL);
	pthread_mutex_init(&db->writer, NULL);
	for (int i = 0; i < pool_size; i++) {
		struct db_conn *c = &db->conns[i];
		c->db = db;
		c->h = db->be->connect(target, err, errlen);
		if (!c->h) {
			db_close(db);
			return NULL;
		}
		db->n++;
		c->next_free = db->free_list;
		db->free_list = c;
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->n; i++) {
		db->be->disconnect(db->conns[i].h);
		free(db->conns[i].hooks);
	}
	pthread_mutex_destroy(&db->lock);
	pthread_cond_destroy(&db->cond);
	pthread_mutex_destroy(&db->writer);
	free(db->conns);
	free(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

enum db_kind db_conn_kind(const struct db_conn *c)
{
	return c->db->kind;
}

/* A free connection, waiting for one when `wait`; NULL when none and not waiting. */
static struct db_conn *take_conn(struct db *db, bool wait)
{
	pthread_mutex_lock(&db->lock);
	while (wait && !db->free_list)
		pthread_cond_wait(&db->cond, &db->lock);
	struct db_conn *c = db->free_list;
	if (c)
		db->free_list = c->next_free;
	pthread_mutex_unlock(&db->lock);
	return c;
}

struct db_conn *db_acquire(struct db *db)
{
	return take_conn(db, true);
}

/*
 * The writer lock is never held while waiting for a connection: threads that
 * hold a connection and wait for the lock (job workers, the webhook thread)
 * would otherwise wait for us while we wait for them.
 */
struct db_conn *db_acquire_for(struct db *db, bool write)
{
	if (!write || db->kind != DB_SQLITE)
		return db_acquire(db);
	for (;;) {
		pthread_mutex_lock(&db->writer);
		struct db_conn *c = take_conn(db, false);
		if (c) {
			c->writer_held = true;
			return c;
		}
		pthread_mutex_unlock(&db->writer);
		db_release(take_conn(db, true));	/* until one is free, then try again */
	}
}

static void drop_writer(struct db_conn *c)
{
	if (c->writer_held)
		pthread_mutex_unlock(&c->db->writer);
	c->writer_held = false;
}

void db_release(struct db_conn *c)
{
	if (!c)
		return;
	if (c->in_txn)
		db_rollback(c);
	drop_writer(c);	/* acquired for a write that never began */
	struct db *db = c->db;
	pthread_mutex_lock(&db->lock);
	c->next_free = db->free_list;
	db->free_list = c;
	pthread_cond_signal(&db->cond);
	pthread_mutex_unlock(&db->lock);
}

int db_begin(struct db_conn *c, bool write)
{
	const struct db_backend *be = c->db->be;
	bool lock = write && c->db->kind == DB_SQLITE;
	if (lock && !c->writer_held)
		pthread_mutex_lock(&c->db->writer);
	c->writer_held = false;	/* the transaction holds it now: end_txn lets it go */
	if (be->begin(c->h, write)) {
		if (lock)
			pthread_mutex_unlock(&c->db->writer);
		return -1;
	}
	c->in_txn = true;
	c->write = write;
	return 0;
}

/* Add rows to the table's count (a table past the first DB_BULK_TABLES goes uncounted). */
static void count_rows(struct db_bulk_table *t, int *n, const char *name, int64_t rows)
{
	if (!*name)
		return;
	for (int i = 0; i < *n; i++)
		if (!strcmp(t[i].name, name)) {
			t[i].rows += rows;
			return;
		}
	if (*n < DB_BULK_TABLES) {
		snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
		t[(*n)++].rows = rows;
	}
}

static void end_txn(struct db_conn *c, bool committed)
{
	if (c->bulk && c->db->be->bulk_end)
		c->db->be->bulk_end(c->h);
	if (c->bulk && committed) {
		pthread_mutex_lock(&c->db->lock);
		for (int i = 0; i < c->n_added; i++)
			count_rows(c->db->bulk, &c->db->n_bulk, c->added[i].name, c->added[i].rows);
		pthread_mutex_unlock(&c->db->lock);
	}
	c->bulk = false;
	c->n_added = 0;
	if (c->write && c->db->kind == DB_SQLITE)
		pthread_mutex_unlock(&c->db->writer);
	c->in_txn = false;
	c->write = false;
	c->n_hooks = 0;
}

void db_maintain(struct db_conn *c)
{
	if (c->in_txn || !c->db->be->maintain)
		return;
	struct db_bulk_table t[DB_BULK_TABLES];
	pthread_mutex_lock(&c->db->lock);
	int n = c->db->n_bulk;
	memcpy(t, c->db->bulk, (size_t)n * sizeof(*t));
	c->db->n_bulk = 0;
	pthread_mutex_unlock(&c->db->lock);
	if (n)
		c->db->be->maintain(c->h, t, n);
}

int db_before_commit(struct db_conn *c, db_hook_fn fn, int64_t key)
{
	/* from the last: a request asks for the hook it asked for last, mostly */
	for (int i = c->n_hooks - 1; i >= 0; i--)
		if (c->hooks[i].fn == fn && c->hooks[i].key == key)
			return 0;
	if (c->n_hooks == c->hooks_cap) {
		c->hooks_cap = c->hooks_cap ? 2 * c->hooks_cap : 8;
		c->hooks = xrealloc(c->hooks, (size_t)c->hooks_cap * sizeof(*c->hooks));
	}
	c->hooks[c->n_hooks].fn = fn;
	c->hooks[c->n_hooks++].key = key;
	return 0;
}

static int hook_cmp(const void *a, const void *b)
{
	const struct db_hook *x = a, *y = b;
	uintptr_t fx = (uintptr_t)x->fn, fy = (uintptr_t)y->fn;
	if (fx != fy)
		return fx < fy ? -1 : 1;
	return (x->key > y->key) - (x->key < y->key);
}

int db_commit(struct db_conn *c)
{
	int rc = 0;
	/* in one order, whatever order they were asked in: two transactions that
	 * update the same rows here (two uploads of the same files) lock them in
	 * the same order, and never wait for each other in a circle */
	if (c->n_hooks > 1)
		qsort(c->hooks, (size_t)c->n_hooks, sizeof(*c->hooks), hook_cmp);
	for (int i = 0; i < c->n_hooks && !rc; i++)
		rc = c->hooks[i].fn(c, c->hooks[i].key);
	c->n_hooks = 0;
	if (rc) {
		db_rollback(c);
		return -1;
	}
	rc = c->db->be->commit(c->h);
	if (rc)
		c->db->be->rollback(c->h);
	end_txn(c, rc == 0);
	return rc;
}

void db_rollback(struct db_conn *c)
{
	if (!c->in_txn)
		return;
	c->db->be->rollback(c->h);
	end_txn(c, false);
}

bool db_in_write(const struct db_conn *c)
{
	return c->in_txn && c->write;
}

static int collect_args_n(const char *types, va_list ap, struct db_arg *args, int max)
{
	int n = 0;
	for (const char *t = types ? types : ""; *t; t++) {
		if (n == max)
			return -1;
		struct db_arg *a = &args[n++];
		memset(a, 0, sizeof(*a));
		switch (*t) {
		case 'i':
			a->type = ARG_INT;
			a->i = va_arg(ap, int64_t);
			break;
		case 's':
			a->p = va_arg(ap, const char *);
			a->type = a->p ? ARG_TEXT : ARG_NULL;
			a->len = a->p ? strlen(a->p) : 0;
			break;
		case 'b':
			a->type = ARG_BLOB;
			a->p = va_arg(ap, const void *);
			a->len = va_arg(ap, size_t);
			break;
		case 'n':
			a->type = ARG_NULL;
			break;
		default:
			return -1;
		}
	}
	return n;
}

static int collect_args(const char *types, va_list ap, struct db_arg *args)
{
	return collect_args_n(types, ap, args, DB_MAX_ARGS);
}

static struct db_stmt *vquery(struct db_conn *c, const char *sql, const char *types, va_list ap,
			      bool stream)
{
	struct db_arg args[DB_MAX_ARGS];
	int n = collect_args(types, ap, args);
	if (n < 0) {
		log_error("db: bad argument types \"%s\" for: %s", types, sql);
		return NULL;
	}
	const struct db_backend *be = c->db->be;
	void *cur = stream && be->stream ? be->stream(c->h, sql, args, n)
					 : be->query(c->h, sql, args, n, false);
	if (!cur) {
		log_debug("db: %s -- %s", db_errmsg(c), sql);
		return NULL;
	}
	struct db_stmt *st = xmalloc(sizeof(*st));
	st->c = c;
	st->cur = cur;
	return st;
}

struct db_stmt *db_query(struct db_conn *c, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = vquery(c, sql, types, ap, false);
	va_end(ap);
	return st;
}

struct db_stmt *db_query_stream(struct db_conn *c, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = vquery(c, sql, types, ap, true);
	va_end(ap);
	return st;
}

int db_exec_later(struct db_conn *c, const char *sql, const char *types, ...)
{
	struct db_arg args[DB_MAX_ARGS];
	va_list ap;
	va_start(ap, types);
	int n = collect_args(types, ap, args);
	va_end(ap);
	if (n < 0) {
		log_error("db: bad argument types \"%s\" for: %s", types, sql);
		return -1;
	}
	if (c->db->be->defer(c->h, sql, args, n, false)) {
		log_debug("db: %s -- %s", db_errmsg(c), sql);
		return -1;
	}
	return 0;
}

/* ---- many rows, one statement (PostgreSQL) or one cached statement each (SQLite) ---- */

void db_rows_init(struct db_rows *r, struct db_conn *c, const char *head, const char *row,
		  const char *tail)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->head = head;
	r->row = row;
	r->tail = tail ? tail : "";
	/* "INSERT INTO name (" -> name */
	if (!strncmp(head, "INSERT INTO ", 12)) {
		size_t n = strcspn(head + 12, " (");
		if (n < sizeof(r->table))
			memcpy(r->table, head + 12, n);
	}
	buf_init(&r->sql, 0);
	arena_init(&r->texts);
}

/* Many rows in one transaction: the backend may prepare for more (bulk_begin). */
static void bulk_mark(struct db_conn *c)
{
	if (c->bulk || !c->in_txn)
		return;
	c->bulk = true;
	if (c->db->be->bulk_begin)
		c->db->be->bulk_begin(c->h);
}

void db_rows_release(struct db_rows *r)
{
	buf_release(&r->sql);
	arena_release(&r->texts);
	free(r->args);
	free(r->returned);
	memset(r, 0, sizeof(*r));
}

int db_ids(struct db_stmt *st, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? cap * 2 : 64) * sizeof(**ids));
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static void keep_returned(struct db_rows *r, struct db_stmt *st)
{
	while (db_step(st) == 1) {
		if (r->n_returned == r->cap_returned)
			r->returned = xrealloc(r->returned, (size_t)(r->cap_returned =
					       r->cap_returned ? r->cap_returned * 2 : 256) * sizeof(int64_t));
		r->returned[r->n_returned++] = db_col_int(st, 0);
	}
}

/* The "(?, ?)" of one row: the caller's text, or a plain "?" per argument. */
static void add_row_sql(struct db_rows *r, struct buf *b, int n)
{
	if (r->row) {
		buf_adds(b, r->row);
		return;
	}
	buf_addc(b, '(');
	for (int i = 0; i < n; i++)
		buf_adds(b, i ? ", ?" : "?");
	buf_addc(b, ')');
}

/*
 * Run the pending rows as one statement: deferred when nothing comes back (no
 * RETURNING: PostgreSQL sends it with the next statement); a lone row is
 * always the same text, worth its cached prepared statement.
 */
static int run_pending(struct db_rows *r, bool once)
{
	if (!r->n_rows)
		return 0;
	const struct db_backend *be = r->c->db->be;
	once = once && r->n_rows > 1;
	struct buf sql;	/* no printf: SQLite comes here once a row */
	buf_init(&sql, 0);
	buf_adds(&sql, r->head);
	buf_addc(&sql, ' ');
	buf_add(&sql, r->sql.data, r->sql.len);
	buf_addc(&sql, ' ');
	buf_adds(&sql, r->tail);
	bool later = !*r->tail;
	void *cur = NULL;
	int rc = later ? be->defer(r->c->h, sql.data, r->args, r->n_args, once)
		       : (cur = be->query(r->c->h, sql.data, r->args, r->n_args, once)) ? 0 : -1;
	if (rc)
		log_debug("db: %s -- %.200s", db_errmsg(r->c), sql.data);
	buf_release(&sql);
	buf_reset(&r->sql);
	r->n_args = r->n_rows = 0;
	if (rc)
		return -1;
	if (cur) {
		struct db_stmt st = { .c = r->c, .cur = cur };
		keep_returned(r, &st);
		be->finish(cur);
	}
	if (r->c->db->kind != DB_SQLITE) {	/* the texts were sent: their copies can go */
		arena_release(&r->texts);
		arena_init(&r->texts);
	}
	return 0;
}

int db_rows_add(struct db_rows *r, const char *types, ...)
{
	int need = (int)strlen(types);
	if (r->n_args + need > r->cap_args) {
		r->cap_args = (r->n_args + need) * 2;
		r->args = xrealloc(r->args, (size_t)r->cap_args * sizeof(*r->args));
	}
	va_list ap;
	va_start(ap, types);
	struct db_arg *a = r->args + r->n_args;
	int n = collect_args_n(types, ap, a, need);
	va_end(ap);
	if (n != need)
		return -1;
	bool lite = r->c->db->kind == DB_SQLITE;
	for (int i = 0; i < n && !lite; i++)	/* the caller may free its texts at once */
		if (a[i].type == ARG_TEXT || a[i].type == ARG_BLOB)
			a[i].p = memcpy(arena_alloc(&r->texts, a[i].len + 1), a[i].p, a[i].len);
	if (r->n_rows)
		buf_adds(&r->sql, ", ");
	add_row_sql(r, &r->sql, n);
	r->n_args += n;
	r->n_rows++;
	count_rows(r->c->added, &r->c->n_added, r->table, 1);
	if (++r->n_added == DB_ROWS_BATCH)
		bulk_mark(r->c);
	/* SQLite runs in-process: one cached single-row statement beats parsing a big one */
	if (lite)
		return run_pending(r, false);
	/* a full batch has the same text every time: prepared once per connection,
	 * PostgreSQL no longer parses and plans 500 rows of VALUES per batch */
	return r->n_rows == DB_ROWS_BATCH ? run_pending(r, false) : 0;
}

int db_rows_flush(struct db_rows *r)
{
	return run_pending(r, r->c->db->kind != DB_SQLITE);
}

int db_step(struct db_stmt *st)
{
	return st->c->db->be->step(st->cur);
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	st->c->db->be->finish(st->cur);
	free(st);
}

int64_t db_changes(struct db_stmt *st)
{
	return st->c->db->be->changes(st->cur);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return st->c->db->be->col_null(st->cur, i);
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return st->c->db->be->col_int(st->cur, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return st->c->db->be->col_text(st->cur, i);
}

const void *db_col_blob(struct db_stmt *st, int i, size_t *len)
{
	return st->c->db->be->col_blob(st->cur, i, len);
}

int db_exec(struct db_conn *c, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = vquery(c, sql, types, ap, false);
	va_end(ap);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1)
		;
	db_done(st);
	return rc;
}

int64_t db_exec_changes(struct db_conn *c, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = vquery(c, sql, types, ap, false);
	va_end(ap);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1)
		;
	int64_t n = db_changes(st);
	db_done(st);
	return rc < 0 ? -1 : n;
}

int64_t db_int(struct db_conn *c, int64_t def, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = vquery(c, sql, types, ap, false);
	va_end(ap);
	if (!st)
		return def;
	int64_t v = def;
	if (db_step(st) == 1 && !db_col_null(st, 0))
		v = db_col_int(st, 0);
	db_done(st);
	return v;
}

int db_script(struct db_conn *c, const char *sql)
{
	return c->db->be->exec_script(c->h, sql);
}

const char *db_errmsg(struct db_conn *c)
{
	return c->db->be->errmsg(c->h);
}

bool db_err_unique(struct db_conn *c)
{
	return c->db->be->err_unique(c->h);
}

bool db_err_conflict(struct db_conn *c)
{
	return c->db->be->err_conflict && c->db->be->err_conflict(c->h);
}

/* ---- migrations ---- */

#include "store/migrations.h"

/* Expand {{ID}} and {{BLOB}} for the backend's dialect. */
static char *dialect(const struct db_backend *be, const char *sql)
{
	size_t cap = strlen(sql) * 2 + 64, n = 0;
	char *out = xmalloc(cap);
	for (const char *p = sql; *p;) {
		const char *rep = NULL;
		size_t skip = 0;
		if (strncmp(p, "{{ID}}", 6) == 0)
			rep = be->id_type, skip = 6;
		else if (strncmp(p, "{{BLOB}}", 8) == 0)
			rep = be->blob_type, skip = 8;
		if (rep) {
			size_t l = strlen(rep);
			if (n + l + 1 > cap)
				out = xrealloc(out, cap = (n + l + 1) * 2);
			memcpy(out + n, rep, l);
			n += l;
			p += skip;
		} else {
			if (n + 2 > cap)
				out = xrealloc(out, cap *= 2);
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

int db_migrate(struct db *db, char *err, size_t errlen)
{
	struct db_conn *c = db_acquire(db);
	int rc = -1;
	/* table rebuilds need foreign keys off, which SQLite only takes outside a transaction */
	bool lite = db->kind == DB_SQLITE;
	if (lite && db_script(c, "PRAGMA foreign_keys=OFF")) {
		snprintf(err, errlen, "migrate: %s", db_errmsg(c));
		goto out;
	}
	if (db_begin(c, true)) {
		snprintf(err, errlen, "migrate: %s", db_errmsg(c));
		goto out;
	}
	/* Nodes starting together on one PostgreSQL database migrate one after the
	 * other (the lock is held until this transaction ends; the next one then
	 * sees the versions applied).  SQLite: BEGIN IMMEDIATE already serialises. */
	if (!lite && db_script(c, "SELECT pg_advisory_xact_lock(7400617)")) {
		snprintf(err, errlen, "migrate: %s", db_errmsg(c));
		goto out;
	}
	if (db_script(c, "CREATE TABLE IF NOT EXISTS schema_migration ("
			 "version BIGINT PRIMARY KEY, applied BIGINT NOT NULL)")) {
		snprintf(err, errlen, "migrate: %s", db_errmsg(c));
		goto out;
	}
	for (size_t i = 0; i < migration_count; i++) {
		const struct migration *m = &migrations[i];
		/* each version that is missing, not only those past the highest: a
		 * database made between two merges may lack one below it */
		int64_t have = db_int(c, -1, "SELECT COUNT(*) FROM schema_migration WHERE version = ?",
				      "i", (int64_t)m->version);
		if (have > 0)
			continue;
		if (have < 0) {
			snprintf(err, errlen, "migrate: %s", db_errmsg(c));
			goto out;
		}
		int bad = 0;
		if (m->sql) {
			char *sql = dialect(db->be, m->sql);
			bad = db_script(c, sql);
			free(sql);
		}
		if (!bad && !lite && m->postgres_sql)
			bad = db_script(c, m->postgres_sql);
		if (!bad && lite && m->sqlite_step)
			bad = m->sqlite_step(c) ||
			      db_int(c, 0, "SELECT COUNT(*) FROM pragma_foreign_key_check", NULL) != 0;
		if (bad || db_exec(c, "INSERT INTO schema_migration (version, applied) VALUES (?, ?)",
				   "ii", (int64_t)m->version, (int64_t)time(NULL))) {
			snprintf(err, errlen, "migration %d (%s): %s", m->version, m->name,
				 db_errmsg(c));
			goto out;
		}
		log_info("db: applied migration %d %s", m->version, m->name);
	}
	rc = db_commit(c);
	if (rc)
		snprintf(err, errlen, "migrate commit: %s", db_errmsg(c));
out:
	if (rc)
		db_rollback(c);
	if (lite)
		db_script(c, "PRAGMA foreign_keys=ON");
	db_release(c);
	return rc;
}
