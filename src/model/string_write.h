/*
 * Creating and editing one string under the rules both callers share: the
 * localization.one createString method (api/lone/write.c) and the web app's
 * create- and edit-string dialogs (api/webapp/strings.c, docs/editor.md).
 * One copy of each rule: key unique in its category, context at most
 * LIMIT_STRING_CONTEXT characters, labels valid for their type with the
 * label's default for those not given, a default translation or a string to
 * copy translations from.  Everything runs in the caller's transaction and
 * records the events (and so the webhooks) itself.
 *
 * Refusals: MODEL_INVALID (bad input), MODEL_NOT_FOUND (an id names
 * nothing), MODEL_CONFLICT (the key or the string id is taken), each with a
 * string_problem: the field at fault and a message (also model_why()).
 */
#ifndef TOLK_STRING_WRITE_H
#define TOLK_STRING_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/catalog.h"

/* A label value asked for: the label's md5 id (getLabels) and its value. */
struct label_pick {
	const char *label_id, *value;
};

/* Who writes, for the events: the project row as this transaction read it. */
struct string_author {
	const struct project *project;
	int64_t account_id;	/* 0: the project's own token */
	const char *origin;	/* "lone", "app" */
};

/* Why a call was refused; field names are the web app's body members. */
struct string_problem {
	const char *field;	/* "key", "category_id", "context", "labels", ... */
	const char *why;	/* the message (arena) */
	bool too_large;		/* a label value over LABEL_VALUE_MAX (the API says 413) */
};

struct string_add {
	int64_t category_id;
	int64_t public_id;		/* 0: the next free id */
	const char *key, *context;	/* context NULL: none */
	int64_t language_id;		/* the default translation's language (0: none) */
	const char *text;		/* its text (NULL: none) */
	int64_t copy_from;		/* public id of a string whose translations are copied (0: none) */
	const struct label_pick *labels;	/* explicit values; others get their default */
	size_t n_labels;
};

int string_add_checked(struct db_conn *c, struct arena *a, const struct string_author *who,
		       const struct string_add *in, int64_t *public_id,
		       struct string_problem *why);

struct string_edit {
	int64_t public_id;
	const char *key, *context;	/* NULL: unchanged; context "" clears it */
	const struct label_pick *labels;	/* values to set; a select's "" unsets it */
	size_t n_labels;
	bool disapprove_all;		/* what disapproveAllTranslations does */
	bool delete_suggestions;	/* what deleteAllSuggestions does (after the above) */
};

struct string_edited {
	const char *key;		/* the key now */
	int64_t disapproved, deleted;
};

int string_edit_checked(struct db_conn *c, struct arena *a, const struct string_author *who,
			const struct string_edit *in, struct string_edited *out,
			struct string_problem *why);

/*
 * The string-wide operations disapproveAllTranslations and
 * deleteAllSuggestions, with an event per language touched (kinds
 * "translation.disapproved", "suggestions.deleted").  *n: the count.
 */
int string_disapprove_all(struct db_conn *c, const struct string_author *who,
			  const struct string_row *s, int64_t *n);
int string_delete_suggestions(struct db_conn *c, const struct string_author *who,
			      const struct string_row *s, int64_t *n);

#endif
