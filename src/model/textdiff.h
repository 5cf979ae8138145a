/*
 * A word-level diff of two texts, as the editor shows how a translation
 * memory match's source differs from the string's (docs/editor.md, "Help").
 * Texts are cut into words (letters, digits, marks and `_`), runs of white
 * space, and single other characters (punctuation; each Han, Kana, Thai,
 * Lao, Khmer or Myanmar character); the longest common subsequence of these
 * pieces, compared byte for byte, is kept and the rest is deleted or
 * inserted.  Concatenating the "=" and "-" texts gives `from` back, the "="
 * and "+" texts `to`.
 */
#ifndef TOLK_TEXTDIFF_H
#define TOLK_TEXTDIFF_H

#include <stddef.h>

#include "core/arena.h"

/* Beyond this many pieces in both texts' differing middles (product), the middle is one "-" and one "+". */
#define TEXTDIFF_MAX_CELLS (1u << 22)

struct textdiff_op {
	char op;		/* '=' kept, '-' only in from, '+' only in to */
	const char *text;	/* in the arena */
};

/*
 * The ops turning from into to, in text order: within a changed stretch the
 * deletion comes before the insertion, and no two neighbours have the same
 * op.  Invalid UTF-8 bytes count as single characters.
 */
void textdiff_words(struct arena *a, const char *from, const char *to, struct textdiff_op **out,
		    size_t *n);

#endif
