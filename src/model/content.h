/*
 * Project content both protocols share: the node tree (branches,
 * directories = localization.one categories, files), strings, translations
 * and the event trail.  Every function runs inside the caller's
 * transaction and returns 0 or a MODEL_* code (model/model.h).
 *
 * Translation state (the one definition both APIs and the reports use):
 * - a (string, language) pair is "translated" when it has any translation;
 * - it is "approved" when one of its translations is approved (at most one);
 * - the text that goes into exports is the approved translation, else the
 *   newest suggestion; export_approved_only restricts it to approved ones.
 */
#ifndef TOLK_CONTENT_H
#define TOLK_CONTENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/model.h"
#include "store/db.h"

struct stats_snap;

enum node_kind { NODE_BRANCH, NODE_DIRECTORY, NODE_FILE };
const char *node_kind_name(enum node_kind k);

struct node {
	int64_t id, project_id, parent_id;	/* parent 0 = project root */
	enum node_kind kind;
	const char *name, *title, *description, *export_pattern, *file_type, *options;
	const char *content_hash;
	int64_t revision, created, updated;
};

/* Look up a child by name under parent (0 = root). */
int node_child(struct db_conn *c, struct arena *a, int64_t project_id, int64_t parent_id,
	       const char *name, struct node *out);
int node_get(struct db_conn *c, struct arena *a, int64_t project_id, int64_t id, struct node *out);
/*
 * Resolve a '/'-separated path below `base` (a branch id, or 0 for the
 * root).  Leading and repeated slashes are ignored.  MODEL_NOT_FOUND when
 * any segment is missing; *missing_parent tells whether it was a parent
 * directory (true) or the last segment (false).
 */
int node_resolve(struct db_conn *c, struct arena *a, int64_t project_id, int64_t base,
		 const char *path, struct node *out, bool *missing_parent);
/*
 * Every node of a project, parents before children (id order), with only
 * id, parent_id, kind and name filled: the columns of index node_tree, so
 * no row (nor a file's bytes) is read.  *out from the arena.
 */
int node_list(struct db_conn *c, struct arena *a, int64_t project_id, struct node **out, size_t *n);
/* export_pattern: see node_set_export_pattern (files get theirs from file_add). */
int node_create(struct db_conn *c, int64_t project_id, int64_t parent_id, enum node_kind kind,
		const char *name, const char *title, const char *export_pattern, int64_t *id);
int node_delete(struct db_conn *c, int64_t id);
/* Store an export pattern ("" clears it) after model/paths.h's checks: a file
 * pattern must name the language unless the file holds every language
 * (multilingual CSV).  MODEL_INVALID with model_why() when refused. */
int node_set_export_pattern(struct db_conn *c, int64_t id, const char *pattern);
/* Names are one path segment: non-empty, no '/', '\\', NUL or control chars, not "." or "..". */
bool node_name_ok(const char *name);
/* Full path of a node from the project root ("branch/dir/file.po"). */
const char *node_path(struct db_conn *c, struct arena *a, int64_t id);

/* Strings */
struct string_new {
	int64_t node_id;
	const char *key, *source, *context, *comment;
	const char *plural_json;	/* JSON object category -> text, or NULL */
	int max_length;
	bool hidden;
	int64_t position;
	int64_t public_id;	/* the id clients see, per project; 0: the next free one */
	bool reserved;		/* public_id came from string_ids_reserve */
};
/*
 * Strings have two ids: `id`, the internal key (global, never shown), and
 * `public_id`, unique within the project, never reused (project.next_string_id
 * only grows) and what both APIs and webhooks call string_id.
 * MODEL_CONFLICT: the key or the public id is taken; MODEL_INVALID: a
 * public id out of 1..STRING_ID_MAX.
 */
#define STRING_ID_MAX 2147483647
int string_create(struct db_conn *c, int64_t project_id, const struct string_new *s, int64_t *id,
		  int64_t *public_id);
/* Take n consecutive public ids at once (a file's strings); *first is the first. */
int string_ids_reserve(struct db_conn *c, int64_t project_id, int64_t n, int64_t *first);
/* Delete a string; the file recounts its counts (file_update does). */
int string_delete(struct db_conn *c, int64_t id);
/* Delete one string and take it out of the counts (model/stats.h). */
int string_delete_counted(struct db_conn *c, int64_t id);

/* Translations */
enum translation_origin { ORIGIN_HUMAN, ORIGIN_IMPORT, ORIGIN_TM, ORIGIN_MT, ORIGIN_API };
const char *translation_origin_name(enum translation_origin o);

struct translation_new {
	int64_t string_id;
	int language_id;
	const char *text;
	const char *plural_json;	/* NULL for plain strings */
	const char *spelling_json;	/* how an uploaded file spelled it (model/files.h), or NULL */
	int64_t author_id;		/* 0: none (bots, imports by key) */
	const char *author_kind;	/* "user", "api-bot", "import", "tm", "mt" */
	enum translation_origin origin;
	const char *origin_detail;
	bool approve;			/* approve it (and disapprove the previous approved one) */
	const struct stats_snap *before;	/* the string's counts as the caller read them, or NULL */
	int tm_match;			/* the best TM score its source had then; -1 (or 0 in an
					 * initialiser that leaves it out): none known */
};
/* Insert a suggestion (approved when asked); returns its id. */
int translation_add(struct db_conn *c, int64_t project_id, const struct translation_new *t,
		    int64_t *id);
int translation_set_approved(struct db_conn *c, int64_t project_id, int64_t translation_id,
			     bool approved, int64_t approver_id);

/*
 * Many translations of one node's strings in one language (an import, a
 * pre-translation), in batches of at most DB_ROWS_BATCH: the approvals they
 * replace cleared, one INSERT, an event each.  The caller recounts the
 * node's progress afterwards (model/stats.h).
 */
struct translation_row {
	int64_t string_id, public_id;
	const char *text;
	const char *plural, *spelling;	/* NULL: none */
	bool approve;
	int tm_match;			/* the TM score it came with; -1: none */
};
struct translation_rows_opts {
	int language_id;
	int64_t author_id;		/* 0: none */
	const char *kind;		/* author kind and origin: "import", "tm", "mt" */
};
int translation_rows_add(struct db_conn *c, int64_t project_id, int64_t node_id,
			 const struct translation_rows_opts *o, const struct translation_row *r,
			 int n);

/*
 * Events: the audit trail; each also touches what it changed (model.h's
 * node_touch: the event's node, the whole project when it has none), so
 * exports rebuild and getTranslations' kept files move on.
 */
struct event_new {
	int64_t project_id, account_id, node_id, string_id, translation_id;
	int64_t string_public_id;	/* for the webhook entry; 0: looked up from string_id */
	int language_id;
	const char *kind;		/* "file.added", "translation.added", ... */
	const char *origin;		/* "crowdin-v1", "lone", "cli" */
	const char *detail_json;
	/* translation events: the TM match the text was saved with (0 or -1:
	 * none) and whether account_id approved it (docs/reports.md) */
	int tm_match;
	bool approved;
	/* the project row as this transaction read it (NULL: unknown): its webhook
	 * URL and token without another lookup */
	const struct project *project;
};
int event_add(struct db_conn *c, const struct event_new *e);
/* Many events of one project (an import): batched INSERTs, one webhook lookup,
 * webhook entries DB_ROWS_BATCH to a delivery, one revision bump. */
int events_add(struct db_conn *c, const struct event_new *v, size_t n);

#endif
