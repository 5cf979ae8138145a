/*
 * Versioned schema migrations, shared by both backends (see db.h for the
 * dialect).  Applied in order at start-up inside one transaction; a
 * migration, once released, is never edited: add a new one instead.
 */
#ifndef TOLK_MIGRATIONS_H
#define TOLK_MIGRATIONS_H

#include <stddef.h>

struct db_conn;

struct migration {
	int version;
	const char *name;
	const char *sql;	/* both backends ({{ID}}, {{BLOB}} expanded); NULL: none */
	/* SQLite only, after `sql`, with foreign keys off (table rebuilds). */
	int (*sqlite_step)(struct db_conn *c);
	/* PostgreSQL only, after `sql` (what SQLite cannot alter, or does not need). */
	const char *postgres_sql;
};

extern const struct migration migrations[];
extern const size_t migration_count;

#endif
