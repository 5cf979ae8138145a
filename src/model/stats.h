/*
 * Progress counts, with the one definition of "translated" and "approved"
 * (model/content.h) that Crowdin status/language-status, localization.one
 * getLanguages and the reports all use.  Hidden strings don't count.
 */
#ifndef TOLK_STATS_H
#define TOLK_STATS_H

#include <stdbool.h>
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

/*
 * The counts are kept, not computed: table node_stats holds, per node, its
 * non-hidden strings and words (language 0) and per language how many of
 * them are translated and approved, with their words.  The readers above sum
 * a few rows, whatever the project's size.  Every write keeps them in the
 * same transaction: bulk changes (a file added, updated or imported) recount
 * the node, one-string changes apply a difference (stats_snap_*).
 */
/* Recount one node in one language (0: its strings and words), or in all. */
int stats_recount(struct db_conn *c, int64_t node_id, int language_id);
int stats_recount_node(struct db_conn *c, int64_t node_id);
/* A string was added to node_id (not hidden). */
int stats_string_added(struct db_conn *c, int64_t project_id, int64_t node_id, int64_t words);
/* One string's translation state before a change; apply() adds the difference after it. */
#define STATS_SNAP_LANGS 512
struct stats_snap {
	int64_t string_id, node_id, project_id, words;
	bool counted;		/* not hidden */
	int n;
	int lang[STATS_SNAP_LANGS];
	bool approved[STATS_SNAP_LANGS];	/* per language with translations */
};
int stats_snap_take(struct db_conn *c, int64_t string_id, struct stats_snap *s);
/*
 * A snapshot of one language, from what the caller read with the string
 * (state: -1 no translation, 0 suggestions only, 1 one approved): enough for
 * stats_translation_added() in that language, and nothing else.
 */
void stats_snap_one(struct stats_snap *s, int64_t string_id, int64_t node_id, int64_t project_id,
		    int64_t words, bool hidden, int lang, int state);
int stats_snap_apply(struct db_conn *c, const struct stats_snap *before);
/* apply() when the change is known, without reading the string again: language
 * lang gained a translation (approved: the approved one now). */
int stats_translation_added(struct db_conn *c, const struct stats_snap *before, int lang,
			    bool approved);
/* The string of snapshot s was deleted (it was counted). */
int stats_string_removed(struct db_conn *c, const struct stats_snap *s);
/*
 * Duplicates, as info shows them: per source text, every non-hidden string
 * but the first one is a duplicate (and its words duplicate words).  The
 * project's totals are kept in table project_stats.  A change to a set of
 * strings (one string, or a node's own strings) takes the set's share of
 * the totals before and after: the duplicates counted with the set minus
 * those counted without it, over the source texts it holds (an index on a
 * prefix of the source finds the others).  The totals move by the
 * difference.
 */
struct dup_share {
	int64_t strings, words;
};
/*
 * Shares are exact only while no other transaction changes the project's
 * strings between a set's "before" and its commit: a string write takes
 * this lock (PostgreSQL; SQLite has one writer) before anything else it
 * locks, the project row included, and holds it to the end of the
 * transaction.
 */
int stats_dups_lock(struct db_conn *c, int64_t project_id);
int stats_dups_of_node(struct db_conn *c, int64_t node_id, struct dup_share *out);
int stats_dups_of_string(struct db_conn *c, int64_t string_id, struct dup_share *out);
int stats_dups_apply(struct db_conn *c, int64_t project_id, const struct dup_share *before,
		     const struct dup_share *after);
/* The kept totals; 0 or -1. */
int stats_dups(struct db_conn *c, int64_t project_id, struct dup_share *out);

/*
 * Recount every node (of one project, or all with project_id 0) and report
 * each whose stored counts differed: fn(node, stored, recounted).  The
 * recount is written; the caller commits to repair or rolls back to only
 * look.  Returns the number of differing nodes, or -1.
 */
typedef void (*stats_diff_fn)(void *ctx, int64_t node_id, const char *stored, const char *counted);
int stats_check(struct db_conn *c, int64_t project_id, stats_diff_fn fn, void *ctx);
/* The same for the duplicate totals, per project: fn(project, stored, recounted). */
int stats_check_dups(struct db_conn *c, int64_t project_id, stats_diff_fn fn, void *ctx);

/* Percentages as Crowdin shows them: whole numbers, rounded down. */
int stats_percent(int64_t part, int64_t whole);

#endif
