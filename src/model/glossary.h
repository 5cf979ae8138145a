/*
 * A project's glossary: concepts (one per uploaded entry) with their terms
 * per language, a description each, and a part of speech (table
 * glossary_term; upload-glossary / download-glossary, crowdin-v1.md 2.14).
 */
#ifndef TOLK_GLOSSARY_H
#define TOLK_GLOSSARY_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/db.h"

struct glossary_term {
	int64_t concept;
	int language_id;
	const char *term, *description, *part_of_speech;	/* "" when none */
};

/* A new concept's number (one more than the project's highest). */
int64_t glossary_next_concept(struct db_conn *c, int64_t project_id);
/* Terms of one concept (its number in each), in one statement. */
int glossary_add(struct db_conn *c, int64_t project_id, const struct glossary_term *t, size_t n);
/* The project's terms by concept, then language, then as added: fn(ctx, term) for each. */
typedef int (*glossary_term_fn)(void *ctx, const struct glossary_term *t);
long glossary_each(struct db_conn *c, int64_t project_id, glossary_term_fn fn, void *ctx);

/* A glossary term found in a text: its concept's translations into one language. */
struct glossary_hit {
	const char *term;			/* as the glossary spells it */
	const char *const *translations;	/* the concept's terms in the target language */
	size_t n_translations;
	const char *description;		/* the term's, else a translation's; "" when none */
	const char *part_of_speech;		/* "" when none */
};

/*
 * The project's terms in source_language_id that occur in text as whole
 * words, case-blind (the translation memory's tokens: words case-folded,
 * "file" is not in "profile", a term of several words matches them in a
 * row), in order of their first place in text, each with its translations
 * into target_language_id (none: n_translations 0).  One query reads the
 * two languages' terms; the matching is done here.  Results in a.
 */
int glossary_terms_in(struct db_conn *c, struct arena *a, int64_t project_id,
		      int source_language_id, int target_language_id, const char *text,
		      struct glossary_hit **out, size_t *n);

#endif
