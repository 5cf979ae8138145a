/*
 * SQLite backend: WAL, synchronous=NORMAL, busy timeout, foreign keys on,
 * statements cached per connection (prepared once, reset after each use).
 */
#include "store/db_backend.h"
#include "core/mem.h"
#include "core/strset.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 128

struct cached {
	char *sql;		/* key: the SQL text, copied and tagged with the slot's index */
	sqlite3_stmt *st;
	bool busy;
};

struct lite {
	sqlite3 *db;
	struct cached cache[STMT_CACHE];
	int n_cache;
	struct strset by_sql;	/* the slots' texts: a bulk insert looks one up per row */
	int last_rc;
};

struct lite_cur {
	struct lite *l;
	sqlite3_stmt *st;
	struct cached *slot;	/* NULL: statement not cached, finalize on finish */
	int64_t changes;
	bool done;
	int first_rc;		/* result of the first step, taken at query time */
	bool first_pending;
};

/* page cache, KiB: what a connection keeps, and what a bulk write may grow it to */
#define CACHE_KIB "8000"
#define BULK_CACHE_KIB "131072"

static const char *const pragmas =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA cache_size=-" CACHE_KIB ";"
	"PRAGMA temp_store=MEMORY;"
	"PRAGMA trusted_schema=OFF;";

static void *lite_connect(const char *path, char *err, size_t errlen)
{
	struct lite *l = xcalloc(1, sizeof(*l));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite %s: %s", path, sqlite3_errmsg(l->db));
		sqlite3_close(l->db);
		free(l);
		return NULL;
	}
	sqlite3_db_config(l->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(l->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	/* a second process (the tolk CLI) may hold the write lock briefly */
	sqlite3_busy_timeout(l->db, 30000);
	char *msg = NULL;
	if (sqlite3_exec(l->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite %s: %s", path, msg ? msg : "pragma failed");
		sqlite3_free(msg);
		sqlite3_close(l->db);
		free(l);
		return NULL;
	}
	return l;
}

static void lite_disconnect(void *h)
{
	struct lite *l = h;
	for (int i = 0; i < l->n_cache; i++) {
		sqlite3_finalize(l->cache[i].st);
		free(l->cache[i].sql);
	}
	strset_release(&l->by_sql);
	sqlite3_exec(l->db, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(l->db);
	free(l);
}

/* The slot of this text, or NULL; *known: the text has a slot (busy or not). */
static struct cached *cache_find(struct lite *l, const char *sql, bool *known)
{
	const char *k = strset_get(&l->by_sql, sql);
	*known = k != NULL;
	struct cached *slot = k ? &l->cache[strset_tag_of(k)] : NULL;
	return slot && !slot->busy ? slot : NULL;
}

static void cache_add(struct lite *l, const char *sql, sqlite3_stmt *st)
{
	int i = l->n_cache++;
	l->cache[i].sql = strset_tag(xmalloc(strset_tagged_len(sql)), sql, (size_t)i);
	l->cache[i].st = st;
	l->cache[i].busy = false;
	strset_add(&l->by_sql, l->cache[i].sql);
}

static void *lite_query(void *h, const char *sql, const struct db_arg *args, int nargs, bool once)
{
	struct lite *l = h;
	bool known = false;
	struct cached *slot = once ? NULL : cache_find(l, sql, &known);
	sqlite3_stmt *st;
	if (slot) {
		st = slot->st;
	} else {
		int rc = sqlite3_prepare_v3(l->db, sql, -1, once ? 0 : SQLITE_PREPARE_PERSISTENT, &st,
					    NULL);
		if (rc != SQLITE_OK) {
			l->last_rc = rc;
			return NULL;
		}
		/* a text whose slot is busy (a statement run inside its own loop) runs uncached */
		if (!once && !known && l->n_cache < STMT_CACHE) {
			cache_add(l, sql, st);
			slot = &l->cache[l->n_cache - 1];
		}
	}
	for (int i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		int rc = SQLITE_OK;
		switch (a->type) {
		case ARG_INT:
			rc = sqlite3_bind_int64(st, i + 1, a->i);
			break;
		case ARG_TEXT:
			rc = sqlite3_bind_text(st, i + 1, a->p, (int)a->len, SQLITE_STATIC);
			break;
		case ARG_BLOB:
			rc = sqlite3_bind_blob64(st, i + 1, a->p ? a->p : "", a->len, SQLITE_STATIC);
			break;
		case ARG_NULL:
			rc = sqlite3_bind_null(st, i + 1);
			break;
		}
		if (rc != SQLITE_OK) {
			l->last_rc = rc;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			if (!slot)
				sqlite3_finalize(st);
			return NULL;
		}
	}
	struct lite_cur *cur = xcalloc(1, sizeof(*cur));
	cur->l = l;
	cur->st = st;
	cur->slot = slot;
	if (slot)
		slot->busy = true;
	/* run the first step now so errors (constraints, busy) surface at query time */
	cur->first_rc = sqlite3_step(st);
	cur->first_pending = true;
	cur->changes = sqlite3_changes64(l->db);
	if (cur->first_rc != SQLITE_ROW && cur->first_rc != SQLITE_DONE) {
		l->last_rc = cur->first_rc;
		/* keep the message: reset would overwrite it in older versions */
		struct lite_cur tmp = *cur;
		free(cur);
		sqlite3_reset(tmp.st);
		sqlite3_clear_bindings(tmp.st);
		if (tmp.slot)
			tmp.slot->busy = false;
		else
			sqlite3_finalize(tmp.st);
		return NULL;
	}
	return cur;
}

static int lite_step(void *c)
{
	struct lite_cur *cur = c;
	int rc;
	if (cur->done)
		return 0;
	if (cur->first_pending) {
		cur->first_pending = false;
		rc = cur->first_rc;
	} else {
		rc = sqlite3_step(cur->st);
	}
	if (rc == SQLITE_ROW)
		return 1;
	cur->done = true;
	if (rc == SQLITE_DONE)
		return 0;
	cur->l->last_rc = rc;
	return -1;
}

static void lite_finish(void *c)
{
	struct lite_cur *cur = c;
	sqlite3_reset(cur->st);
	sqlite3_clear_bindings(cur->st);
	if (cur->slot)
		cur->slot->busy = false;
	else
		sqlite3_finalize(cur->st);
	free(cur);
}

static int64_t lite_changes(void *c)
{
	return ((struct lite_cur *)c)->changes;
}

static bool lite_col_null(void *c, int i)
{
	return sqlite3_column_type(((struct lite_cur *)c)->st, i) == SQLITE_NULL;
}

static int64_t lite_col_int(void *c, int i)
{
	return sqlite3_column_int64(((struct lite_cur *)c)->st, i);
}

static const char *lite_col_text(void *c, int i)
{
	const unsigned char *s = sqlite3_column_text(((struct lite_cur *)c)->st, i);
	return s ? (const char *)s : "";
}

static const void *lite_col_blob(void *c, int i, size_t *len)
{
	sqlite3_stmt *st = ((struct lite_cur *)c)->st;
	const void *p = sqlite3_column_blob(st, i);
	*len = (size_t)sqlite3_column_bytes(st, i);
	return p ? p : "";
}

static int lite_exec_script(void *h, const char *sql)
{
	struct lite *l = h;
	int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
	l->last_rc = rc;
	return rc == SQLITE_OK ? 0 : -1;
}

/* In process, "later" buys nothing: run it now. */
static int lite_defer(void *h, const char *sql, const struct db_arg *args, int nargs, bool once)
{
	void *cur = lite_query(h, sql, args, nargs, once);
	if (!cur)
		return -1;
	int rc;
	while ((rc = lite_step(cur)) == 1)
		;
	lite_finish(cur);
	return rc;
}

static int lite_begin(void *h, bool write)
{
	/* IMMEDIATE: a writer takes the lock now, not at its first write (no SQLITE_BUSY upgrade) */
	return lite_exec_script(h, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int lite_commit(void *h)
{
	return lite_exec_script(h, "COMMIT");
}

static void lite_rollback(void *h)
{
	lite_exec_script(h, "ROLLBACK");
}

static const char *lite_errmsg(void *h)
{
	return sqlite3_errmsg(((struct lite *)h)->db);
}

static bool lite_err_unique(void *h)
{
	int ext = sqlite3_extended_errcode(((struct lite *)h)->db);
	return ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY;
}

/*
 * A bulk write (a 1M-unit import) inserts into indexes in key order, not
 * row order: with the usual 8 MB cache most inserts read their page back
 * from the OS (pread was a quarter of add-file).  It gets a big cache for
 * its transaction; afterwards the cache shrinks again and its memory is
 * freed (shrink_memory), so an idle server does not keep it.
 */
static void lite_bulk_begin(void *h)
{
	struct lite *l = h;
	sqlite3_exec(l->db, "PRAGMA cache_size=-" BULK_CACHE_KIB, NULL, NULL, NULL);
}

static void lite_bulk_end(void *h)
{
	struct lite *l = h;
	sqlite3_exec(l->db, "PRAGMA cache_size=-" CACHE_KIB "; PRAGMA shrink_memory", NULL, NULL,
		     NULL);
}

const struct db_backend db_backend_sqlite = {
	.connect = lite_connect,
	.disconnect = lite_disconnect,
	.query = lite_query,
	.defer = lite_defer,
	.step = lite_step,
	.finish = lite_finish,
	.changes = lite_changes,
	.col_null = lite_col_null,
	.col_int = lite_col_int,
	.col_text = lite_col_text,
	.col_blob = lite_col_blob,
	.exec_script = lite_exec_script,
	.errmsg = lite_errmsg,
	.err_unique = lite_err_unique,
	.bulk_begin = lite_bulk_begin,
	.bulk_end = lite_bulk_end,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.id_type = "INTEGER PRIMARY KEY AUTOINCREMENT",	/* never reuse a deleted row's id */
	.blob_type = "BLOB",
};
