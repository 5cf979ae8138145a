/*
 * Progress counts, with the one definition of "translated" and "approved"
 * (model/content.h) that Crowdin status/language-status, localization.one
 * getLanguages and the reports all use.  Hidden strings don't count.
 */
#ifndef TOLK_STATS_H
#define TOLK_STATS_H

#include <stdint.h>

#include "store/db.h"

struct counts {
	int64_t phrases, translated, approved;
	int64_t words, words_translated, words_approved;
};

/* Per language: out[i] for language_ids[i].  0 or -1. */
int stats_languages(struct db_conn *c, int64_t project_id, const int *language_ids, int n,
		    struct counts *out);

/* Per node for one language: calls fn for every node that holds strings. */
typedef void (*stats_node_fn)(void *ctx, int64_t node_id, const struct counts *k);
int stats_nodes(struct db_conn *c, int64_t project_id, int language_id, stats_node_fn fn, void *ctx);

/* One language's counts for one file (node_id > 0) or the whole project (node_id 0). */
int stats_one(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id,
	      struct counts *out);

/* Percentages as Crowdin shows them: whole numbers, rounded down. */
int stats_percent(int64_t part, int64_t whole);

#endif
