/*
 * tm index: the in-memory translation-memory index of one source language
 * (docs/tm.md, "Index").  Units are keyed by the caller's 64-bit id and carry
 * a 64-bit payload (a row id, a pointer) and a rank for ties; the index holds
 * their tokens, not their text.
 *
 * A search returns exactly what an exhaustive scan with the same score
 * (tm/score.h) returns: the k best units scoring at least min_score, best
 * first, ties broken by higher rank, then higher id (callers number units so
 * that newer ones have higher ids, and rank approved > translated > MT).
 *
 * Layout: a static part built by tm_index_build (units sorted by token
 * count, posting lists per token id) and a delta of units added since, which
 * searches scan.  When the delta reaches TM_DELTA_MAX units, tm_index_add
 * starts a rebuild on a thread of its own and returns: it reads a snapshot
 * of the units with no lock held (O(units): seconds at 10M) and takes the
 * write lock only to swap its result in, carrying over what was added and
 * removed meanwhile (O(changes)).  Searches meanwhile read the old static
 * part and the growing delta.  Removing or replacing a unit leaves a
 * tombstone until the next build.
 *
 * Thread safety: one writer, many readers.  Every call takes the index's
 * rwlock itself (searches share it, writes and a build's snapshot and swap
 * hold it alone), so any thread may call anything; searches never modify
 * the index and are never blocked for a build's duration.  One build runs
 * at a time per index; an add waits for it only in the rare case where it
 * would have to grow the unit arrays the build is reading (see index.c).
 * The lock prefers writers: a search waits at most for one write, snapshot
 * or swap, a write for the searches in flight.
 */
#ifndef TOLK_TM_INDEX_H
#define TOLK_TM_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tm/score.h"

#define TM_DELTA_MAX 8192

struct tm_index;

struct tm_match {
	uint64_t id, payload;
	uint32_t rank;
	int score;		/* 0..101 */
	unsigned d;		/* token edit distance */
	bool auto_subst;	/* tm/score.h */
};

struct tm_query {
	const char *text;
	size_t len;
	uint64_t ctx_hash;	/* tm_hash of the key/context; 0 = none (never 101) */
	int min_score;		/* threshold, e.g. 70 */
	size_t k;		/* at most k matches */
	/*
	 * NULL, or only units it accepts (by payload: whose TM they are) count.
	 * Called under the index's read lock: it must not call the index (the
	 * lock prefers writers, so taking it again could wait for ever).
	 */
	bool (*accept)(void *ctx, uint64_t payload);
	void *accept_ctx;
};

struct tm_index_stats {
	size_t units;		/* live units */
	size_t static_units, delta_units, dead;
	size_t tokens;		/* token ids stored */
	size_t postings;	/* posting entries */
	size_t dict_ids;
	size_t bytes;		/* memory held by the index and its dictionary */
	double build_seconds;	/* the last build, snapshot to swap */
	double lock_seconds;	/* of which it held the write lock (snapshot and swap) */
	size_t builds;		/* builds done */
	bool building;		/* one is running */
	uint64_t writes;	/* adds and removes done (tests: nothing changed between two calls) */
};

struct tm_index *tm_index_new(void);
void tm_index_free(struct tm_index *ix);

/*
 * Add a unit (or replace the unit with the same id).  text: its source text
 * (UTF-8, any bytes); ctx_hash: tm_hash of its key/context or 0.
 */
void tm_index_add(struct tm_index *ix, uint64_t id, const char *text, size_t len,
		  uint64_t ctx_hash, uint32_t rank, uint64_t payload);
/* False when no unit has this id. */
bool tm_index_remove(struct tm_index *ix, uint64_t id);
/*
 * Fold the delta and tombstones into the static part, in the calling thread
 * (after waiting for an automatic build that runs): the units added before
 * the call are all static when it returns.  Searches, adds and removes go on
 * meanwhile.  Adds start a build by themselves (on a thread of its own) when
 * the delta reaches TM_DELTA_MAX units and none runs, except between
 * tm_index_bulk and the next tm_index_build (a start-up load: add every
 * unit, then build once).
 */
void tm_index_build(struct tm_index *ix);
void tm_index_bulk(struct tm_index *ix);
/* Until no build runs (tests, benches; tm_index_free stops a running one). */
void tm_index_wait(struct tm_index *ix);

/*
 * Threads per search (1 or 2; default 1).  With 2, a search over at least
 * min_units static units (TM_PARALLEL_MIN) whose query length alone took
 * min_work posting entries or verifications (TM_PARALLEL_WORK: an expensive
 * query, made of frequent tokens) hands every other remaining unit length to
 * a second thread, with its own top-k merged at the end: the same answer.
 * It helps the tail on an idle machine and hurts it on a busy one (bench/tm
 * figures in docs/tm.md), so it is off by default.
 */
#define TM_PARALLEL_MIN 500000
#define TM_PARALLEL_WORK 5000
void tm_index_threads(struct tm_index *ix, int threads, size_t min_units, size_t min_work);

/* The best matches into out[0..q->k); returns how many. */
size_t tm_index_search(struct tm_index *ix, const struct tm_query *q, struct tm_match *out);
/* The same answer by scoring every unit: the reference for tests and the bench. */
size_t tm_index_scan(struct tm_index *ix, const struct tm_query *q, struct tm_match *out);

/*
 * Score and align one unit's source text against a query for display
 * (tokenised with the index's dictionary, read only).  qt, ut (NULL: not
 * wanted) receive the two token sequences the alignment's spans index (their
 * offsets are into each one's NFC text); the caller releases them.
 */
int tm_index_explain(struct tm_index *ix, const struct tm_query *q, const char *unit_text,
		     size_t unit_len, uint64_t unit_ctx_hash, struct tm_score_info *info,
		     struct tm_alignment *al, struct tm_tokens *qt, struct tm_tokens *ut);

void tm_index_stats(struct tm_index *ix, struct tm_index_stats *st);

#endif
