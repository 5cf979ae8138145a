/*
 * A project's glossary: concepts (one per uploaded entry) with their terms
 * per language, a description each, and a part of speech (table
 * glossary_term; upload-glossary / download-glossary, crowdin-v1.md 2.14).
 */
#ifndef TOLK_GLOSSARY_H
#define TOLK_GLOSSARY_H

#include <stdint.h>

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

#endif
