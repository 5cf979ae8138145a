/*
 * Catalog operations the localization.one API introduced, kept in model/
 * so the Crowdin v1 side can use the same rules: labels, the category view
 * of the node tree, and the translation operations
 * (bot translation, in-place update of the approved one, mass disapproval,
 * suggestion deletion, copying).  Same conventions as model/content.h:
 * everything runs inside the caller's transaction, returns 0 or MODEL_*.
 */
#ifndef TOLK_CATALOG_H
#define TOLK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/content.h"
#include "model/stats.h"

/* ---- labels ---------------------------------------------------------- */

struct label_option {
	const char *name, *value;
};

struct label {
	int64_t id;
	const char *key;		/* md5 hex of "<project id>:<name>", stable */
	const char *name;
	const char *type;		/* "checkbox", "select", "input" */
	const char *default_value;	/* checkbox "0"/"1"; select: an option value or "" */
	struct label_option *options;	/* select only */
	size_t n_options;
};

#define LABEL_NAME_MAX 255
#define LABEL_VALUE_MAX 1000
#define LABEL_OPTIONS_MAX 100

/* All labels of a project in creation order (arena). */
int label_list(struct db_conn *c, struct arena *a, int64_t project_id, struct label **out,
	       size_t *n);
/*
 * Add a label.  MODEL_INVALID (with *why) for a bad name/type/default/
 * option, MODEL_CONFLICT when the name exists.  key_out gets the md5 id.
 */
int label_add(struct db_conn *c, int64_t project_id, const struct label *l, char key_out[33],
	      const char **why);
/*
 * Change a label (by md5 id or name) to l: its name, type, default and
 * options, under the rules of label_add; its md5 id stays.  MODEL_INVALID
 * (with *why) also when strings hold values l would not accept (a type or
 * options change that is not safe); MODEL_CONFLICT when another label has
 * the name; MODEL_NOT_FOUND.
 */
int label_update(struct db_conn *c, int64_t project_id, const char *key_or_name,
		 const struct label *l, const char **why);
/* Remove by md5 id or by name; MODEL_NOT_FOUND when neither matches. */
int label_remove(struct db_conn *c, int64_t project_id, const char *key_or_name);
/* Whether `value` is valid for the label's type (checkbox 0/1, select option, input any). */
bool label_value_ok(const struct label *l, const char *value);
int string_label_set(struct db_conn *c, int64_t string_id, int64_t label_id, const char *value);

/* ---- categories (every node of the tree: branches, directories, files) */

struct category {
	int64_t id, parent_id;		/* parent 0 = root */
	enum node_kind kind;
	const char *name, *description;
	int64_t strings;		/* strings in it and all its descendants (hidden excluded) */
};
int category_list(struct db_conn *c, struct arena *a, int64_t project_id, struct category **out,
		  size_t *n);
int category_set_description(struct db_conn *c, int64_t node_id, const char *description);

/* ---- strings --------------------------------------------------------- */

/* id: the internal key; public_id: the string_id clients see (model/content.h). */
struct string_row {
	int64_t id, public_id, node_id;
	const char *key, *source, *context;
	bool hidden;
};
/* The string a client calls `public_id` in this project. */
int string_get(struct db_conn *c, struct arena *a, int64_t project_id, int64_t public_id,
	       struct string_row *out);
/* Whether this project has a string with this public id. 1, 0 or -1. */
int string_id_taken(struct db_conn *c, int64_t project_id, int64_t public_id);
/* Whether node_id already has a string with this key. 1, 0 or -1. */
int string_key_exists(struct db_conn *c, int64_t node_id, const char *key);

/* ---- translation operations ----------------------------------------- */

/*
 * The API bot's translation of (string, language): updated in place when the
 * bot already has one, else a new suggestion.  Each member writing through
 * the API is a bot of its own (author_id), the bare token another: one
 * member's suggestion is never rewritten as another's.  approve: approve it (and
 * disapprove whichever other translation was approved); author_id: the member
 * who writes it (0: the token).  *outcome tells
 * which happened; *id is the translation id.
 */
enum bot_outcome { BOT_CREATED, BOT_UPDATED, BOT_UNCHANGED };
int translation_bot_set(struct db_conn *c, int64_t project_id, int64_t string_id,
			int language_id, const char *text, bool approve, int64_t author_id,
			int64_t *id, enum bot_outcome *outcome);
/* The bot's translation as read (id 0: it has none), for translation_bot_apply. */
struct bot_row {
	int64_t id;
	const char *text;
	bool approved;
	/* string_for_language reads the string's counts in the language with the
	 * row: a new translation then needs no second read (a round trip on PostgreSQL) */
	bool have_snap;
	struct stats_snap snap;
	/* set by the caller before translation_bot_apply: the best TM score the
	 * string's source had when the translation was saved (-1: none known) */
	int tm_match;
	/* set by the caller: the member who writes (and approves) it, 0: the token */
	int64_t author_id;
};
/* translation_bot_set with the bot's row already read (string_for_language). */
int translation_bot_apply(struct db_conn *c, int64_t project_id, int64_t string_id,
			  int language_id, const struct bot_row *bot, const char *text, bool approve,
			  int64_t *id, enum bot_outcome *outcome);
/*
 * What a translation of a string into one language needs, read at once (one
 * round trip on PostgreSQL): the string by public id, whether the language is
 * one of the project's, and the bot's translation in it (author_id's; 0: the
 * token's).  MODEL_NOT_FOUND: no such string.
 */
int string_for_language(struct db_conn *c, struct arena *a, int64_t project_id,
			int64_t public_id, int64_t language_id, int64_t author_id,
			struct string_row *s, bool *in_project, struct bot_row *bot);
/* Overwrite the approved translation's text; MODEL_NOT_FOUND when none is approved. */
int translation_update_approved(struct db_conn *c, int64_t string_id, int language_id,
				const char *text, int64_t *id);
/*
 * Disapprove every approved translation of a string.  Returns the count in
 * *n and the affected languages (distinct, up to max) in langs, n_langs.
 */
int translation_disapprove_all(struct db_conn *c, int64_t string_id, int64_t *n, int *langs,
			       int max, int *n_langs);
/* Delete every non-approved translation (and the events tied to them). */
int translation_delete_suggestions(struct db_conn *c, int64_t string_id, int64_t *n, int *langs,
				   int max, int *n_langs);
/* Languages that have any translation of the string (distinct). */
int translation_languages(struct db_conn *c, int64_t string_id, int *langs, int max,
			  int *n_langs);
/* Copy every translation row of `from` onto `to` (state, author, origin kept). */
int translation_copy_all(struct db_conn *c, int64_t from, int64_t to, int *langs, int max,
			 int *n_langs);

/* ---- export rows: what getTranslations (and file emitters) read ------ */

struct label_value {
	const char *name, *value;
};

struct export_row {
	int64_t string_id, public_id, node_id;	/* internal and client-facing string ids */
	const char *key, *source, *context;
	const char *text;		/* the export text (content.h rule); NULL: untranslated */
	struct label_value *labels;
	size_t n_labels;
};

/* Which rows: a project's, in one language, narrowed by the ids that are not 0. */
struct export_scope {
	int64_t project_id;
	int language_id;
	bool is_source;			/* language_id is the source: the texts are the sources */
	bool approved_only;		/* export_approved_only: only approved translations count */
	int64_t category_id;		/* that node and its descendants */
	int64_t public_id;		/* that string */
	int64_t first_node, last_node;	/* nodes with ids in [first, last] (last 0: no bound) */
};

/*
 * Non-hidden strings in tree order (node id, then position in the file),
 * with their export text in the scope's language.
 */
int export_rows(struct db_conn *c, struct arena *a, const struct export_scope *x,
		struct export_row **out, size_t *n);
/*
 * The same rows, one at a time, without copying them: fn(ctx, row) for each,
 * in the same order; the row's texts and labels are valid only during the
 * call.  A non-zero return from fn stops the walk and is returned.
 */
typedef int (*export_row_fn)(void *ctx, const struct export_row *r);
int export_each(struct db_conn *c, const struct export_scope *x, export_row_fn fn, void *ctx);

/* A node whose rows a scope reads: its export revision and (a hint) its strings. */
struct export_node {
	int64_t id, export_rev, strings;
};
/* The scope's nodes (its category and descendants, or the project's), by id; *out freed by the caller. */
int export_nodes(struct db_conn *c, const struct export_scope *x, struct export_node **out, size_t *n);

#endif
