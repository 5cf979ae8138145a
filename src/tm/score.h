/*
 * tm score: the fuzzy-match percentage of a TM unit for a query, and the
 * token alignment an editor shows as a diff (docs/tm.md, "Score").
 *
 *   d     = Levenshtein distance on token ids (insert/delete/substitute = 1)
 *   L     = max(query tokens, unit tokens)
 *   pen   = penalties, in points, for aligned equal tokens whose original
 *           forms differ (0.5 case/width or punctuation variant or white space
 *           before; 1 number value, placeholder, tag)
 *   score = 101 raw texts identical and contexts identical,
 *           100 raw texts identical,
 *           else min(99, max(0, ceil(100 * (1 - d / L) - pen)))
 *
 * Rounding up is what makes Trados' published figures come out ("one two
 * three" vs "two two three" = 67, vs "two three four" = 34).  Everything is
 * integer arithmetic: pen is kept in half points.
 */
#ifndef TOLK_TM_SCORE_H
#define TOLK_TM_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tm/tokens.h"

/* A token sequence as the score reads it (ids and variants, tm/tokens.h). */
struct tm_seq {
	const uint32_t *ids, *vars;
	size_t n;
};

static inline struct tm_seq tm_seq_of(const struct tm_tokens *t)
{
	struct tm_seq s = { t->ids, t->vars, t->n };
	return s;
}

/*
 * Alignment ops, query -> unit.  EQUAL and SUB cover an tokens of the query
 * and as many of the unit; DEL covers query tokens the unit lacks (bn = 0),
 * INS unit tokens the query lacks (an = 0).  Runs of one op are merged; an
 * EQUAL run is split where penalties apply (pen2 > 0 on that op, in half
 * points), so an editor can mark "same word, different case/number".
 */
enum tm_op { TM_OP_EQUAL, TM_OP_SUB, TM_OP_INS, TM_OP_DEL };

struct tm_align_op {
	uint8_t op;
	uint8_t pen2;
	uint32_t a, an;		/* query token span */
	uint32_t b, bn;		/* unit token span */
};

struct tm_alignment {
	struct tm_align_op *ops;
	size_t n, alloc;
};

void tm_alignment_release(struct tm_alignment *al);

struct tm_score_info {
	int score;		/* 0..101 */
	unsigned d;		/* token edit distance */
	unsigned pen2;		/* penalties in half points */
	bool auto_subst;	/* d = 0 and only numbers/placeholders differ */
};

/*
 * Levenshtein distance of a and b if it is <= max, else some value > max
 * (banded, stops as soon as a row exceeds max).  n, m <= TM_MAX_TOKENS.
 */
unsigned tm_lev_bounded(const uint32_t *a, size_t n, const uint32_t *b, size_t m, unsigned max);

/*
 * Score of unit u for query q.  raw_same: the raw texts are byte-identical
 * (the caller compares them or their hashes); ctx_same: so are the
 * contexts.  al (may be NULL) receives the alignment.  Returns the score.
 */
int tm_score_seq(struct tm_seq q, struct tm_seq u, bool raw_same, bool ctx_same,
		 struct tm_score_info *out, struct tm_alignment *al);

/* The score from d and pen2 alone (the formula above, not identical). */
int tm_score_formula(unsigned d, unsigned pen2, size_t n_query, size_t n_unit);

/*
 * Largest d that can still reach min_score with L = max(n_query, n_unit)
 * (penalties only lower a score), or -1 when none can (min_score > 100 needs
 * identical raw text: d = 0).
 */
int tm_max_dist(int min_score, size_t L);

/*
 * Convenience for tests and the API: tokenise both texts with d (adding
 * their forms) and score; contexts compared as strings (NULL = none).
 */
int tm_score_text(struct tm_dict *d, const char *query, const char *query_ctx,
		  const char *unit, const char *unit_ctx, struct tm_score_info *out,
		  struct tm_alignment *al);

#endif
