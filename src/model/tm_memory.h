/*
 * The translation memory a node searches: one tm/index.h index per language
 * pair, filled from `tm_unit` at start-up and kept up to date by reading the
 * rows added since (docs/tm.md, "Store and sync"), whichever node wrote them.
 * Searches take any thread; tm_memory_sync one at a time (the sync thread).
 */
#ifndef TOLK_TM_MEMORY_H
#define TOLK_TM_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/tm_units.h"
#include "store/db.h"
#include "tm/score.h"

struct tm_memory;

struct tm_memory *tm_memory_new(void);
void tm_memory_free(struct tm_memory *m);

/*
 * Read the units added since the last call (every unit, the first time) into
 * the indexes.  Ids PostgreSQL handed out but whose rows were not visible
 * yet are asked for again for TM_HOLE_SECONDS.  0, or -1 on a database error.
 */
#define TM_HOLE_SECONDS 10
int tm_memory_sync(struct tm_memory *m, struct db_conn *c);

struct tm_search {
	int source_language_id, target_language_id;
	const char *text, *context;	/* context NULL or "": no 101 */
	int64_t account_id;		/* only this account's units; 0: every account's */
	int min_score;			/* 0..101 */
	size_t k;			/* at most k, best first */
};

/* One match: the unit as its row is now, its score, and how its tokens align with the query's. */
struct tm_hit {
	struct tm_unit unit;
	int score;
	bool auto_subst;		/* equal only once numbers or placeholders were substituted */
	struct tm_span { int op; size_t q_off, q_len, u_off, u_len; } *spans;	/* bytes of text and unit.source */
	size_t n_spans;
};

/* Matches of q into *out (arena); a unit whose row went is left out. */
int tm_memory_search(struct tm_memory *m, struct db_conn *c, struct arena *a,
		     const struct tm_search *q, struct tm_hit **out, size_t *n);

/*
 * The best unit for q: its id (0: none at q->min_score or above), score and
 * whether it was auto-substituted, without reading its row.
 */
struct tm_best {
	int64_t unit_id;
	int score;
	bool auto_subst;
};
void tm_memory_best(struct tm_memory *m, const struct tm_search *q, struct tm_best *out);

/*
 * An auto-substituted match's target for q: the unit's target with each
 * number and placeholder that differs between the unit's source and q's
 * text replaced by q's (the first unreplaced occurrence of the unit's form,
 * so "Supprimer 3 fichiers" for "Delete 3 files" becomes "Supprimer 5
 * fichiers" for "Delete 5 files").  NULL when one of them is not in the
 * target as the source has it.
 */
const char *tm_memory_substitute(struct tm_memory *m, struct arena *a, const struct tm_search *q,
				 const struct tm_unit *u);

struct tm_memory_stats {
	size_t units, indexes, bytes;
	int64_t last_id;
	size_t holes;
};
void tm_memory_stats(struct tm_memory *m, struct tm_memory_stats *st);

#endif
