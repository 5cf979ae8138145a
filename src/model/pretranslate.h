/*
 * Pre-translation from the translation memory (crowdin-v1.md §2.15, seed
 * 001): each string of a file gets, as a suggestion, the target of the TM
 * unit whose source is its own: the very text (100; 101 when the context is
 * the same too), or the text with only numbers and placeholders differing,
 * which the target then takes from the string ("auto-substituted").
 */
#ifndef TOLK_PRETRANSLATE_H
#define TOLK_PRETRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "core/config.h"
#include "model/tm_memory.h"

enum auto_approve { APPROVE_ALL = 0, APPROVE_PERFECT = 1, APPROVE_NOT_SUBSTITUTED = 2 };

struct pretranslate_opts {
	const char *engine;		/* NULL: from the memory; else machine translation by it */
	struct tm_memory *tm;
	int64_t account_id;		/* whose memory; 0: every account's (use_global_tm) */
	bool approve;			/* approve_translated */
	enum auto_approve auto_approve;	/* which of them, when approve */
	bool import_duplicates;		/* add even when the string has that translation */
	bool untranslated_only;		/* apply_untranslated_strings_only */
	bool perfect_match;		/* only units with the same source and context (101) */
	int64_t author_id;
};

struct pretranslate_counts {
	int64_t strings, added, approved;
};

/* One file (or category) into one language; adds to *n. */
int pretranslate_node(struct db_conn *c, const struct project *p, int64_t node_id, int language_id,
		      const struct pretranslate_opts *o, struct pretranslate_counts *n);

/*
 * A whole request: every file into every language.  Small runs from the
 * memory are made here; one of more than PRETRANSLATE_INLINE strings x
 * languages, and every machine translation (it waits for another server),
 * goes to a job (kind PRETRANSLATE_JOB, run by jobs/jobs.c through
 * pretranslate_job), so the call never waits for them: *queued tells which.
 * Machine translation fills the strings without any translation in the
 * language with suggestions (origin "mt"); the memory's options do not
 * apply to it (seed 001).
 */
#define PRETRANSLATE_INLINE 20000
#define PRETRANSLATE_JOB "pretranslate"
int pretranslate_request(struct db_conn *c, const struct project *p, const int64_t *nodes,
			 size_t n_nodes, const int *langs, size_t n_langs,
			 const struct pretranslate_opts *o, bool *queued);
/*
 * The job's run (its params as pretranslate_request wrote them): a
 * transaction for each file and language, fn told before each (how far in
 * percent, the file's path, the language's name).
 */
struct pretranslate_progress {
	void (*fn)(void *ctx, int percent, const char *file, const char *language);
	void *ctx;
};
int pretranslate_job(struct db_conn *c, struct tm_memory *tm, const struct config *cfg,
		     int64_t project_id, const char *params, const struct pretranslate_progress *pr);

#endif
