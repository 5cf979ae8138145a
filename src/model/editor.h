/*
 * The translation editor's reads (docs/editor.md): a page of a project's
 * strings for one target language, in export order (node, position, id, on
 * the string_order index), with keyset paging, and one string's detail.
 * Who may see the language is the caller's check (model/roles.h).
 */
#ifndef TOLK_EDITOR_H
#define TOLK_EDITOR_H

#include "model/model.h"

#define EDITOR_LIMIT_MAX 500
#define EDITOR_QUERY_MAX 1000	/* bytes of a search text */
/*
 * A page whose filters test each string (q, state, label, since) looks at
 * most at editor_filter.scan strings; when it stops there it says so
 * (partial) with a cursor to go on from.  Bounds a request's time
 * (docs/editor.md); the server's editor-scan setting.
 */
#define EDITOR_SCAN_MIN 1000

enum editor_in { EDIT_IN_SOURCE, EDIT_IN_TRANSLATION, EDIT_IN_KEY, EDIT_IN_CONTEXT };
enum editor_state { EDIT_ANY, EDIT_UNTRANSLATED, EDIT_UNAPPROVED, EDIT_APPROVED,
		    EDIT_SUGGESTIONS, EDIT_QA };

/* Where a page starts: after this string in export order (all 0: from the start). */
struct editor_cursor {
	int64_t node_id, position, id;
};

struct editor_filter {
	int language_id;
	struct editor_cursor after;
	int limit;			/* 1..EDITOR_LIMIT_MAX */
	const char *q;			/* NULL or "": no search; case-insensitive for ASCII */
	enum editor_in in;
	enum editor_state state;
	int64_t node_id;		/* 0 or a node of the project: its subtree only */
	const char *label;		/* NULL or a label's md5 id (or name) */
	int64_t since;			/* 0 or: source or a translation in the language changed since */
	int64_t scan;			/* strings a page may look at, >= EDITOR_SCAN_MIN */
};

struct editor_translation {
	int64_t id;
	const char *text, *plural;	/* plural: JSON object category -> text, or NULL */
	bool approved;
	const char *author, *approver;	/* logins, "" when none (gone, or an import) */
	const char *origin;
	int64_t created, updated;
};

struct editor_label {
	const char *label_id, *name, *value;
};

struct editor_string {
	int64_t row_id, id;		/* row_id internal; id the public string id */
	struct editor_cursor at;
	int64_t node_id;
	const char *node_name, *key, *source, *context, *plural, *comment;
	const char *file_type;		/* the node's format ("" for a category) */
	int64_t max_length, updated;
	struct editor_translation *tr;	/* in the language: approved first, then the newest */
	size_t n_tr;
	/* detail only */
	struct editor_label *labels;
	size_t n_labels;
	struct {
		int language_id;
		struct editor_translation t;
	} *others;			/* other project languages' best translation */
	size_t n_others;
};

/* One page: v[n] in export order; next: where the following page starts
 * (valid when more or partial). */
struct editor_page {
	struct editor_string *v;
	size_t n;
	bool more;			/* matches follow v[n - 1]: next is its cursor */
	bool partial;			/* the scan stopped at filter.scan, matches may
					 * follow: next is the last string in v, or the
					 * last one looked at when v is empty */
	struct editor_cursor next;
};

/* "node.position.id" */
const char *editor_cursor_text(struct arena *a, const struct editor_cursor *k);
bool editor_cursor_parse(const char *s, struct editor_cursor *out);

/*
 * A page of strings (in a) at most f->limit long.  With a state filter the
 * walk goes only through the files whose counts (node_stats) say they can
 * hold a match.  MODEL_NOT_FOUND: the filter's node or label is not the
 * project's.
 */
int editor_strings(struct db_conn *c, struct arena *a, int64_t project_id,
		   const struct editor_filter *f, struct editor_page *out);
/*
 * One string by its public id, with labels and every translation in
 * language_id; others: the best translation in each of the n_langs languages
 * (the caller's visible ones, language_id left out).
 */
int editor_string_detail(struct db_conn *c, struct arena *a, int64_t project_id,
			 int64_t public_id, int language_id, const int *langs, int n_langs,
			 struct editor_string *out);

#endif
