/* What string_add.c and string_edit.c share (model/string_write.h). */
#ifndef TOLK_STRING_WRITE_INT_H
#define TOLK_STRING_WRITE_INT_H

#include "model/string_write.h"

/* Fill *why (and model_why()) and return rc. */
int string_refuse(struct arena *a, struct string_problem *why, int rc, const char *field,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The key: not empty, at most LIMIT_STRING_KEY_BYTES. */
int string_key_check(struct arena *a, const char *key, struct string_problem *why);
/* The key is no other string's in the category (MODEL_CONFLICT). */
int string_key_free(struct db_conn *c, struct arena *a, int64_t category_id, const char *key,
		    struct string_problem *why);
/* The context: at most LIMIT_STRING_CONTEXT characters (NULL: none). */
int string_context_check(struct arena *a, const char *context, struct string_problem *why);
/*
 * The label p names among ls[0..n) (*index) and whether its value suits it;
 * unset_ok: a select's "" (no value) is accepted too.
 */
int label_pick_find(struct arena *a, const struct label *ls, size_t n, const struct label_pick *p,
		    bool unset_ok, size_t *index, struct string_problem *why);
/* One event of the string (approved: a translation its author approved, for the reports). */
int string_event(struct db_conn *c, const struct string_author *who, const char *kind,
		 int64_t string_id, int64_t node_id, int64_t translation_id, int language_id,
		 bool approved);

#endif
