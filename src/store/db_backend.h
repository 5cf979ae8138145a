/* The backend vtable behind db.h.  One file per backend implements it. */
#ifndef TOLK_DB_BACKEND_H
#define TOLK_DB_BACKEND_H

#include "store/db.h"

#include <pthread.h>
#include <stdarg.h>

enum db_arg_type { ARG_INT, ARG_TEXT, ARG_BLOB, ARG_NULL };
struct db_arg {
	enum db_arg_type type;
	int64_t i;
	const void *p;
	size_t len;
};
#define DB_MAX_ARGS 32

/* Rows a table got from bulk writes (db_rows) in committed transactions. */
#define DB_BULK_TABLES 8
struct db_bulk_table {
	char name[32];
	int64_t rows;
};

struct db_backend {
	/* open one connection; returns backend handle or NULL with err */
	void *(*connect)(const char *target, char *err, size_t errlen);
	void (*disconnect)(void *h);
	/* execute: prepare+bind+start; returns a backend cursor or NULL.  once: a
	 * statement built at run time (db_rows), not worth a cache slot */
	void *(*query)(void *h, const char *sql, const struct db_arg *args, int nargs, bool once);
	/* the same for a big result read as it comes (db_query_stream); NULL: query */
	void *(*stream)(void *h, const char *sql, const struct db_arg *args, int nargs);
	/* run a statement whose result nobody reads, perhaps later (db_exec_later); 0 or -1 */
	int (*defer)(void *h, const char *sql, const struct db_arg *args, int nargs, bool once);
	int (*step)(void *cur);
	void (*finish)(void *cur);
	int64_t (*changes)(void *cur);
	bool (*col_null)(void *cur, int i);
	int64_t (*col_int)(void *cur, int i);
	const char *(*col_text)(void *cur, int i);
	const void *(*col_blob)(void *cur, int i, size_t *len);
	int (*exec_script)(void *h, const char *sql);
	const char *(*errmsg)(void *h);
	bool (*err_unique)(void *h);
	/* the transaction failed for another one: worth running again; NULL: never */
	bool (*err_conflict)(void *h);
	/* a bulk write (db_rows) starts in this transaction / the transaction
	 * with one ended; NULL: nothing to do */
	void (*bulk_begin)(void *h);
	void (*bulk_end)(void *h);
	/* upkeep after bulk writes: the rows each table got (db_maintain); NULL: none */
	void (*maintain)(void *h, const struct db_bulk_table *tables, int n);
	/* transactions: write ones take the lock that serialises writers where there is one */
	int (*begin)(void *h, bool write);
	int (*commit)(void *h);
	void (*rollback)(void *h);
	const char *id_type, *blob_type;	/* schema dialect */
};

extern const struct db_backend db_backend_sqlite;
extern const struct db_backend db_backend_postgres;

#endif
