/*
 * db: the SQL layer under the store, with two backends (curl vtls style):
 * SQLite (embedded default) and PostgreSQL 15 through libpq.
 *
 * SQL is written once, in the common dialect both accept: `?` placeholders
 * (rewritten to $1.. for PostgreSQL), RETURNING, ON CONFLICT, BIGINT for
 * every integer, 0/1 for booleans, unix seconds for times.  Schema files use
 * {{ID}} and {{BLOB}} for the two types the dialects spell differently.
 *
 * Connections come from a fixed pool (db_acquire/db_release); a connection
 * is used by one thread at a time.  Writes go through db_begin(c, true):
 * on SQLite that takes the process-wide writer lock and BEGIN IMMEDIATE, so
 * concurrent writers queue instead of failing with "database is locked".
 *
 * Statements: db_query() prepares (cached per connection), binds the
 * arguments described by `types` ('i' int64_t, 's' const char * or NULL,
 * 'b' const void * + size_t, 'n' null) and returns a cursor; db_step()
 * returns 1 per row, 0 at the end, -1 on error; db_done() releases it.
 */
#ifndef TOLK_DB_H
#define TOLK_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

enum db_kind { DB_SQLITE, DB_POSTGRES };

struct db;
struct db_conn;
struct db_stmt;

struct db *db_open(const char *url, int pool_size, char *err, size_t errlen);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
enum db_kind db_conn_kind(const struct db_conn *c);

struct db_conn *db_acquire(struct db *db);
/*
 * A connection for a transaction that will write (write) or only read.  On
 * SQLite a writer first waits for its turn (the writer lock), then takes a
 * connection: writers queued behind a long import hold no connections, and
 * readers always find one.  db_begin(c, write) follows.
 */
struct db_conn *db_acquire_for(struct db *db, bool write);
void db_release(struct db_conn *c);

int db_begin(struct db_conn *c, bool write);
/* Commit; runs the db_before_commit hooks first (a failing hook rolls back: -1). */
int db_commit(struct db_conn *c);
/*
 * Run fn(c, key) once, just before this transaction commits, however often
 * it is asked for: work that a request's many changes share (the project's
 * revision bump) is done once, and holds its row lock only to the commit.
 */
typedef int (*db_hook_fn)(struct db_conn *c, int64_t key);
int db_before_commit(struct db_conn *c, db_hook_fn fn, int64_t key);
void db_rollback(struct db_conn *c);
/*
 * Upkeep after bulk writes, off the requests' path (the jobs worker calls it
 * between jobs, with a connection outside any transaction): on PostgreSQL the
 * planner's statistics of the tables they grew.
 */
void db_maintain(struct db_conn *c);
bool db_in_write(const struct db_conn *c);

struct db_stmt *db_query(struct db_conn *c, const char *sql, const char *types, ...);
/*
 * A query with a big result (a whole project's rows), read as it comes: on
 * PostgreSQL a cursor of the transaction, fetched a batch at a time, the next
 * batch asked for before the caller reads this one, so the server makes rows
 * while the caller uses them and the whole result is never held at once.
 * Other statements may run while it is open.  Outside a transaction, and on
 * SQLite (which steps as it goes anyway), db_query.
 */
struct db_stmt *db_query_stream(struct db_conn *c, const char *sql, const char *types, ...);
int db_step(struct db_stmt *st);
void db_done(struct db_stmt *st);
int64_t db_changes(struct db_stmt *st);	/* rows written by the last statement */

bool db_col_null(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);	/* "" for NULL */
const void *db_col_blob(struct db_stmt *st, int i, size_t *len);

/*
 * Every row's first column as an integer, into *ids (malloc'd, the caller
 * frees it; NULL when none) and *n; the cursor is finished.  0, or -1 when
 * the query failed (st NULL too).
 */
int db_ids(struct db_stmt *st, int64_t **ids, size_t *n);
/* Run a statement that returns no rows (or ignore them).  0 or -1. */
int db_exec(struct db_conn *c, const char *sql, const char *types, ...);
/* The same, answering how many rows it wrote, or -1. */
int64_t db_exec_changes(struct db_conn *c, const char *sql, const char *types, ...);
/*
 * A write whose result the caller does not read (no rows, no changes count, no
 * specific error to catch): PostgreSQL sends it with the transaction's next
 * statement or its COMMIT, saving the round trip; SQLite runs it now.  Its
 * error fails that next statement, or the commit: the transaction fails
 * either way.  0, or -1 when it could not even be sent.
 */
int db_exec_later(struct db_conn *c, const char *sql, const char *types, ...);
/* First column of the first row as an integer; `def` when no row. -1 on error -> *err set. */
int64_t db_int(struct db_conn *c, int64_t def, const char *sql, const char *types, ...);
/*
 * Many rows into one table (bulk imports):
 *
 *   db_rows_init(&r, c, "INSERT INTO t (a, b) VALUES", NULL, "RETURNING id");
 *   db_rows_add(&r, "is", 1, "x");  ...  db_rows_flush(&r);
 *   r.returned[0 .. r.n_returned): the first column of what RETURNING gave
 *
 * On PostgreSQL the rows travel DB_ROWS_BATCH to a statement (one round
 * trip each); on SQLite, which has no round trips but parses a big
 * statement slowly, each row runs through one cached statement.  `row` is
 * each row's text, "(?, NULLIF(CAST(? AS BIGINT), 0))"; NULL: one plain "?"
 * per argument.  Texts are copied: the caller may free them after add.
 * The order of `returned` is not promised.
 */
#define DB_ROWS_BATCH 500
struct db_arg;
struct db_rows {
	struct db_conn *c;
	const char *head, *row, *tail;
	char table[32];		/* the table an INSERT head names, for db_maintain */
	struct buf sql;		/* "(?, ?), (?, ?)" of the pending rows */
	struct db_arg *args;
	struct arena texts;	/* copies of the pending rows' texts */
	int n_args, cap_args, n_rows;
	int64_t n_added;	/* rows added in all */
	int64_t *returned;
	int n_returned, cap_returned;
};
void db_rows_init(struct db_rows *r, struct db_conn *c, const char *head, const char *row,
		  const char *tail);
int db_rows_add(struct db_rows *r, const char *types, ...);	/* 0 or -1 (may run rows) */
int db_rows_flush(struct db_rows *r);				/* run what is pending */
void db_rows_release(struct db_rows *r);

/* Run a script of ';'-separated statements (schema).  0 or -1. */
int db_script(struct db_conn *c, const char *sql);

const char *db_errmsg(struct db_conn *c);
/* True when the last error was a unique/primary-key constraint violation. */
bool db_err_unique(struct db_conn *c);
/*
 * True when this transaction failed because of another one (PostgreSQL: a
 * deadlock, a serialization failure), not because of what it did: rolled
 * back, the same work may be run again.
 */
bool db_err_conflict(struct db_conn *c);

int db_migrate(struct db *db, char *err, size_t errlen);

#endif
