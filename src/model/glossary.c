#include "model/glossary.h"
#include "model/model.h"
#include "tm/tokens.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t glossary_next_concept(struct db_conn *c, int64_t project_id)
{
	int64_t top = db_int(c, 0, "SELECT COALESCE(MAX(concept), 0) FROM glossary_term WHERE "
			     "project_id = ?", "i", project_id);
	return top < 0 ? -1 : top + 1;
}

int glossary_add(struct db_conn *c, int64_t project_id, const struct glossary_term *t, size_t n)
{
	struct db_rows r;
	db_rows_init(&r, c, "INSERT INTO glossary_term (project_id, concept, language_id, term, "
		     "description, part_of_speech, created) VALUES", "(?, ?, ?, ?, ?, ?, ?)", NULL);
	int64_t now = time(NULL);
	int rc = MODEL_OK;
	for (size_t i = 0; i < n && !rc; i++)
		if (db_rows_add(&r, "iiisssi", project_id, t[i].concept, (int64_t)t[i].language_id,
				t[i].term, t[i].description, t[i].part_of_speech, now))
			rc = MODEL_ERROR;
	if (!rc && db_rows_flush(&r))
		rc = MODEL_ERROR;
	db_rows_release(&r);
	return rc;
}

long glossary_each(struct db_conn *c, int64_t project_id, glossary_term_fn fn, void *ctx)
{
	struct db_stmt *st = db_query_stream(c, "SELECT concept, language_id, term, description, "
					     "part_of_speech FROM glossary_term WHERE project_id = ? "
					     "ORDER BY concept, language_id, id", "i", project_id);
	if (!st)
		return -1;
	long n = 0;
	int step;
	while ((step = db_step(st)) == 1) {
		struct glossary_term t = {
			.concept = db_col_int(st, 0), .language_id = (int)db_col_int(st, 1),
			.term = db_col_text(st, 2), .description = db_col_text(st, 3),
			.part_of_speech = db_col_text(st, 4),
		};
		n++;
		if (fn(ctx, &t)) {
			step = -1;
			break;
		}
	}
	db_done(st);
	return step < 0 ? -1 : n;
}

/* ---- terms found in a text ---- */

struct found {
	struct glossary_hit hit;
	size_t at;		/* first token of its first place in the text */
	int64_t concept;
};

struct scan {
	struct arena *a;
	struct tm_dict *dict;	/* the text's words: a term with another word cannot match */
	struct tm_tokens text, term;
	int source_language_id;
	struct found *v;	/* hits of the concept being read, then of every concept */
	size_t n, cap, concept_start;
	const char **tr;	/* the concept's translations */
	size_t n_tr, tr_cap;
	const char *tr_description;
};

/* Token i of x equals token j of y: the same word, or number / placeholder / tag of the same form. */
static bool token_eq(const struct tm_tokens *x, size_t i, const struct tm_tokens *y, size_t j)
{
	if (x->ids[i] != y->ids[j])
		return false;
	enum tm_kind k = TM_VAR_KIND(x->vars[i]);
	return k == TM_WORD || k == TM_PUNCT || TM_VAR_FORM(x->vars[i]) == TM_VAR_FORM(y->vars[j]);
}

/* Where term's tokens first occur in a row in the text's; SIZE_MAX when nowhere. */
static size_t term_at(struct scan *s, const char *term)
{
	tm_tokenize(s->dict, false, term, strlen(term), &s->term);
	size_t m = s->term.n, n = s->text.n;
	for (size_t i = 0; i < m; i++)
		if (s->term.ids[i] == TM_ID_UNKNOWN)
			return SIZE_MAX;
	for (size_t at = 0; m && at + m <= n; at++) {
		size_t i = 0;
		while (i < m && token_eq(&s->text, at + i, &s->term, i))
			i++;
		if (i == m)
			return at;
	}
	return SIZE_MAX;
}

/* The concept read so far gets its translations; the next one starts. */
static void end_concept(struct scan *s)
{
	const char **tr = arena_alloc(s->a, (s->n_tr ? s->n_tr : 1) * sizeof(*tr));
	if (s->n_tr)
		memcpy(tr, s->tr, s->n_tr * sizeof(*tr));
	for (size_t i = s->concept_start; i < s->n; i++) {
		s->v[i].hit.translations = tr;
		s->v[i].hit.n_translations = s->n_tr;
		if (!*s->v[i].hit.description && s->tr_description)
			s->v[i].hit.description = s->tr_description;
	}
	s->concept_start = s->n;
	s->n_tr = 0;
	s->tr_description = NULL;
}

static void add_translation(struct scan *s, const char *term, const char *description)
{
	for (size_t i = 0; i < s->n_tr; i++)
		if (!strcmp(s->tr[i], term))
			return;
	ARENA_PUSH(s->a, s->tr, s->n_tr, s->tr_cap) = arena_strdup(s->a, term);
	if (!s->tr_description && *description)
		s->tr_description = arena_strdup(s->a, description);
}

static int found_cmp(const void *x, const void *y)
{
	const struct found *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	size_t la = strlen(a->hit.term), lb = strlen(b->hit.term);	/* the longer term first */
	if (la != lb)
		return la > lb ? -1 : 1;
	return (a->concept > b->concept) - (a->concept < b->concept);
}

int glossary_terms_in(struct db_conn *c, struct arena *a, int64_t project_id,
		      int source_language_id, int target_language_id, const char *text,
		      struct glossary_hit **out, size_t *n)
{
	struct scan s = { .a = a, .dict = tm_dict_new(), .source_language_id = source_language_id };
	tm_tokenize(s.dict, true, text, strlen(text), &s.text);
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_query_stream(c, "SELECT concept, language_id, term, description, "
					     "part_of_speech FROM glossary_term WHERE project_id = ? "
					     "AND language_id IN (?, ?) ORDER BY concept, id", "iii",
					     project_id, (int64_t)source_language_id,
					     (int64_t)target_language_id);
	int step = st ? 0 : -1;
	int64_t concept = INT64_MIN;
	while (st && (step = db_step(st)) == 1) {
		int64_t k = db_col_int(st, 0);
		const char *term = db_col_text(st, 2), *description = db_col_text(st, 3);
		if (k != concept)
			end_concept(&s);
		concept = k;
		if (db_col_int(st, 1) != source_language_id) {
			add_translation(&s, term, description);
			continue;
		}
		size_t at = *term ? term_at(&s, term) : SIZE_MAX;
		if (at != SIZE_MAX)
			ARENA_PUSH(a, s.v, s.n, s.cap) = (struct found){
				.hit = { .term = arena_strdup(a, term),
					 .description = arena_strdup(a, description),
					 .part_of_speech = arena_strdup(a, db_col_text(st, 4)) },
				.at = at, .concept = k };
	}
	if (st)
		db_done(st);
	end_concept(&s);
	tm_tokens_release(&s.text);
	tm_tokens_release(&s.term);
	tm_dict_free(s.dict);
	if (step < 0)
		return MODEL_ERROR;
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), found_cmp);
	*out = arena_alloc(a, (s.n ? s.n : 1) * sizeof(**out));
	for (size_t i = 0; i < s.n; i++)
		(*out)[i] = s.v[i].hit;
	*n = s.n;
	return MODEL_OK;
}
