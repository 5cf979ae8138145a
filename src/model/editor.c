/*
 * The translation editor's reads (model/editor.h).  A page walks the
 * project's strings on string_order from the cursor with a row-value bound
 * (an index range on both backends) and stops after limit + 1 matches; the
 * filters are tests on each string walked (the file filter a node list, the
 * others EXISTS probes of translation_string / string_label's keys), so a
 * filter that matches rarely walks further for a page (docs/editor.md).
 * Every value but the search text is an integer the SQL is built with.
 */
#include "model/editor.h"
#include "core/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *editor_cursor_text(struct arena *a, const struct editor_cursor *k)
{
	return arena_printf(a, "%" PRId64 ".%" PRId64 ".%" PRId64, k->node_id, k->position, k->id);
}

bool editor_cursor_parse(const char *s, struct editor_cursor *out)
{
	int64_t v[3];
	for (int i = 0; i < 3; i++) {
		char *end;
		if (!(*s >= '0' && *s <= '9') && !(*s == '-' && i == 1))
			return false;
		v[i] = strtoll(s, &end, 10);
		if (end == s || (i < 2 && *end != '.') || (i == 2 && *end))
			return false;
		s = end + (i < 2);
	}
	*out = (struct editor_cursor){ v[0], v[1], v[2] };
	return true;
}

/* A LIKE pattern holding `q` anywhere, its wildcards escaped with '\'. */
static char *like_pattern(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3), *w = p;
	*w++ = '%';
	for (const char *s = q; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*w++ = '\\';
		*w++ = *s;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

/*
 * A probe of one string's translations in a language, on translation_string.
 * PostgreSQL would turn the EXISTS into a hash join that reads every
 * translation in the language (or hash the subquery whole), whatever the
 * walk's bound; OFFSET 0 keeps it a probe per string walked (its planner
 * does not flatten a subquery with an OFFSET).  SQLite probes as written.
 */
#define HAS_TR(cond) "EXISTS (SELECT 1 FROM translation t WHERE t.string_id = s.id " \
	"AND t.language_id = %d" cond "%s)"

static const char *probe(struct db_conn *c)
{
	return db_conn_kind(c) == DB_POSTGRES ? " OFFSET 0" : "";
}

static void add_state(struct db_conn *c, struct buf *sql, enum editor_state st, int lang)
{
	const char *p = probe(c);
	switch (st) {
	case EDIT_ANY:
		break;
	case EDIT_UNTRANSLATED:
		buf_printf(sql, " AND NOT " HAS_TR(""), lang, p);
		break;
	case EDIT_UNAPPROVED:
		buf_printf(sql, " AND " HAS_TR("") " AND NOT " HAS_TR(" AND t.approved = 1"),
			   lang, p, lang, p);
		break;
	case EDIT_APPROVED:
		buf_printf(sql, " AND " HAS_TR(" AND t.approved = 1"), lang, p);
		break;
	case EDIT_SUGGESTIONS:
		buf_printf(sql, " AND " HAS_TR(" AND t.approved = 0"), lang, p);
		break;
	case EDIT_QA:	/* a translation failed checks when it was saved (model/editor_write.h) */
		buf_printf(sql, " AND " HAS_TR(" AND t.qa <> ''"), lang, p);
		break;
	}
}

static void add_search(struct db_conn *c, struct buf *sql, enum editor_in in, int lang)
{
	static const char cmp[] = "LOWER(%s) LIKE LOWER(?) ESCAPE '\\'";
	switch (in) {
	case EDIT_IN_SOURCE:
		buf_printf(sql, " AND ");
		buf_printf(sql, cmp, "s.source");
		break;
	case EDIT_IN_KEY:
		buf_printf(sql, " AND ");
		buf_printf(sql, cmp, "s.skey");
		break;
	case EDIT_IN_CONTEXT:
		buf_printf(sql, " AND ");
		buf_printf(sql, cmp, "COALESCE(s.context, '')");
		break;
	case EDIT_IN_TRANSLATION:
		buf_printf(sql, " AND EXISTS (SELECT 1 FROM translation t WHERE t.string_id = s.id "
			   "AND t.language_id = %d AND ", lang);
		buf_printf(sql, cmp, "t.text");
		buf_printf(sql, "%s)", probe(c));
		break;
	}
}

/* The filter's node and label as row ids: MODEL_NOT_FOUND when not the project's. */
static int resolve(struct db_conn *c, int64_t project_id, const struct editor_filter *f,
		   int64_t *label_row)
{
	*label_row = 0;
	if (f->node_id) {
		int64_t n = db_int(c, -2, "SELECT id FROM node WHERE id = ? AND project_id = ?", "ii",
				   f->node_id, project_id);
		if (n == -2)
			return MODEL_NOT_FOUND;
		if (n < 0)
			return MODEL_ERROR;
	}
	if (f->label && *f->label) {
		*label_row = db_int(c, -2, "SELECT id FROM label WHERE project_id = ? AND "
				    "(label_key = ? OR name = ?) ORDER BY id LIMIT 1", "iss",
				    project_id, f->label, f->label);
		if (*label_row == -2)
			return MODEL_NOT_FOUND;
		if (*label_row < 0)
			return MODEL_ERROR;
	}
	return MODEL_OK;
}

enum { C_ID, C_PUBLIC, C_NODE, C_POS, C_NODE_NAME, C_KEY, C_SOURCE, C_CONTEXT, C_PLURAL,
       C_COMMENT, C_MAXLEN, C_UPDATED, C_FILE_TYPE };
#define STRING_COLS "s.id, s.public_id, s.node_id, s.position, n.name, s.skey, s.source, " \
	"s.context, s.plural, s.comment, s.max_length, s.updated, COALESCE(n.file_type, '') "

static const char *nullable(struct arena *a, struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

static void read_string(struct arena *a, struct db_stmt *st, struct editor_string *s)
{
	*s = (struct editor_string){
		.row_id = db_col_int(st, C_ID), .id = db_col_int(st, C_PUBLIC),
		.at = { db_col_int(st, C_NODE), db_col_int(st, C_POS), db_col_int(st, C_ID) },
		.node_id = db_col_int(st, C_NODE),
		.node_name = arena_strdup(a, db_col_text(st, C_NODE_NAME)),
		.key = arena_strdup(a, db_col_text(st, C_KEY)),
		.source = arena_strdup(a, db_col_text(st, C_SOURCE)),
		.context = nullable(a, st, C_CONTEXT), .plural = nullable(a, st, C_PLURAL),
		.comment = nullable(a, st, C_COMMENT), .max_length = db_col_int(st, C_MAXLEN),
		.updated = db_col_int(st, C_UPDATED),
		.file_type = arena_strdup(a, db_col_text(st, C_FILE_TYPE)),
	};
}

enum { T_STRING, T_ID, T_TEXT, T_PLURAL, T_APPROVED, T_AUTHOR, T_APPROVER, T_ORIGIN, T_CREATED,
       T_UPDATED, T_LANG };
#define TR_COLS "t.string_id, t.id, t.text, t.plural, t.approved, COALESCE(au.login, ''), " \
	"COALESCE(ap.login, ''), t.origin, t.created, t.updated, t.language_id "
#define TR_FROM "FROM translation t LEFT JOIN account au ON au.id = t.author_id " \
	"LEFT JOIN account ap ON ap.id = t.approver_id "
/* approved first, then the newest: the one an export takes comes first */
#define TR_ORDER "t.approved DESC, t.updated DESC, t.id DESC"

static void read_translation(struct arena *a, struct db_stmt *st, struct editor_translation *t)
{
	*t = (struct editor_translation){
		.id = db_col_int(st, T_ID), .text = arena_strdup(a, db_col_text(st, T_TEXT)),
		.plural = nullable(a, st, T_PLURAL), .approved = db_col_int(st, T_APPROVED) != 0,
		.author = arena_strdup(a, db_col_text(st, T_AUTHOR)),
		.approver = arena_strdup(a, db_col_text(st, T_APPROVER)),
		.origin = arena_strdup(a, db_col_text(st, T_ORIGIN)),
		.created = db_col_int(st, T_CREATED), .updated = db_col_int(st, T_UPDATED),
	};
}

/* The translations in `lang` of the page's strings, one query, handed to each string. */
static int page_translations(struct db_conn *c, struct arena *a, int lang,
			     struct editor_string *v, size_t n)
{
	if (!n)
		return MODEL_OK;
	struct buf sql;
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT " TR_COLS TR_FROM "WHERE t.language_id = %d AND t.string_id IN (",
		   lang);
	for (size_t i = 0; i < n; i++)
		buf_printf(&sql, "%s%" PRId64, i ? "," : "", v[i].row_id);
	buf_printf(&sql, ") ORDER BY t.string_id, " TR_ORDER);
	struct db_stmt *st = db_query(c, sql.data, NULL);
	buf_release(&sql);
	if (!st)
		return MODEL_ERROR;
	/* few rows a string: each string's list is sized by a count pass over a copy */
	struct editor_translation *all = NULL;
	int64_t *owner = NULL;
	size_t k = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (k == cap) {
			cap = cap ? 2 * cap : 64;
			all = realloc(all, cap * sizeof(*all));
			owner = realloc(owner, cap * sizeof(*owner));
			if (!all || !owner)
				abort();
		}
		owner[k] = db_col_int(st, T_STRING);
		read_translation(a, st, &all[k++]);
	}
	db_done(st);
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t first = 0;
		while (first < k && owner[first] != v[i].row_id)
			first++;
		size_t last = first;
		while (last < k && owner[last] == v[i].row_id)
			last++;
		v[i].n_tr = last - first;
		v[i].tr = arena_alloc(a, (v[i].n_tr + 1) * sizeof(*v[i].tr));
		if (v[i].n_tr)
			memcpy(v[i].tr, all + first, v[i].n_tr * sizeof(*all));
	}
	free(all);
	free(owner);
	return rc == 0 ? MODEL_OK : MODEL_ERROR;
}

/*
 * The files a page walks, in export order, with their string counts: from
 * the cursor's file on, within the file filter's subtree, and (state) only
 * those whose counts in node_stats say they hold a match.  node_stats counts
 * the non-hidden strings per node (language 0) and, per language, how many
 * of them are translated and approved, kept in the same transaction as
 * every write (model/stats.h): a file left out has no match.
 */
static int walk_nodes(struct db_conn *c, struct arena *a, int64_t project_id,
		      const struct editor_filter *f, int64_t **ids, int64_t **sizes, size_t *n)
{
	static const char *const can_match[] = {
		[EDIT_ANY] = "1 = 1",
		[EDIT_UNTRANSLATED] = "z.strings > COALESCE(l.translated, 0)",
		[EDIT_UNAPPROVED] = "COALESCE(l.translated, 0) > COALESCE(l.approved, 0)",
		[EDIT_APPROVED] = "COALESCE(l.approved, 0) > 0",
		/* an approved string may have suggestions too: only "none translated" rules out */
		[EDIT_SUGGESTIONS] = "COALESCE(l.translated, 0) > 0",
		[EDIT_QA] = "COALESCE(l.translated, 0) > 0",
	};
	struct buf sql;
	buf_init(&sql, 0);
	if (f->node_id)
		buf_printf(&sql, "WITH RECURSIVE sub(id) AS (SELECT CAST(%" PRId64 " AS BIGINT) "
			   "UNION ALL SELECT nd.id FROM node nd JOIN sub ON nd.parent_id = sub.id) ",
			   f->node_id);
	buf_printf(&sql, "SELECT z.node_id, z.strings FROM node_stats z LEFT JOIN node_stats l "
		   "ON l.node_id = z.node_id AND l.language_id = %d WHERE z.project_id = %" PRId64
		   " AND z.language_id = 0 AND z.strings > 0 AND z.node_id >= %" PRId64 " AND %s",
		   f->language_id, project_id,
		   /* a partial page's "after this whole node" goes on with the next one */
		   f->after.node_id + (f->after.position == INT64_MAX), can_match[f->state]);
	if (f->node_id)
		buf_printf(&sql, " AND z.node_id IN (SELECT id FROM sub)");
	buf_printf(&sql, " ORDER BY z.node_id");
	struct db_stmt *st = db_query(c, sql.data, NULL);
	buf_release(&sql);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 64;
	*ids = arena_alloc(a, cap * sizeof(**ids));
	*sizes = arena_alloc(a, cap * sizeof(**sizes));
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			int64_t *w = arena_alloc(a, 2 * cap * sizeof(*w));
			int64_t *z = arena_alloc(a, 2 * cap * sizeof(*z));
			memcpy(w, *ids, cap * sizeof(*w));
			memcpy(z, *sizes, cap * sizeof(*z));
			*ids = w;
			*sizes = z;
			cap *= 2;
		}
		(*ids)[*n] = db_col_int(st, 0);
		(*sizes)[(*n)++] = db_col_int(st, 1);
	}
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

/* What one walk of the strings shares: the page so far and the rows it may still look at. */
struct walk {
	const struct editor_filter *f;
	int64_t project_id, label_row;
	const char *pattern;		/* NULL: no search */
	bool tests;			/* a filter that tests each string: the walk is bounded */
	struct editor_page *page;
	size_t need;			/* limit + 1 */
	int64_t budget;			/* strings it may still look at */
};

/* The walk's strings from the cursor on, in one node (0: all of them): conditions on s. */
static void walk_from(struct buf *sql, const struct walk *w, int64_t node)
{
	const struct editor_cursor *k = &w->f->after;
	buf_printf(sql, "s.project_id = %" PRId64, w->project_id);
	/* an index range on string_order: the node's equality, then the rest of the cursor */
	if (!node)
		buf_printf(sql, " AND (s.node_id, s.position, s.id) > (%" PRId64 ", %" PRId64 ", %"
			   PRId64 ")", k->node_id, k->position, k->id);
	else if (node == k->node_id)
		buf_printf(sql, " AND s.node_id = %" PRId64 " AND (s.position, s.id) > (%" PRId64
			   ", %" PRId64 ")", node, k->position, k->id);
	else
		buf_printf(sql, " AND s.node_id = %" PRId64, node);
}

/*
 * Where a walk of `window` strings from the cursor ends (hidden ones count:
 * string_order alone answers, without reading the strings).  0: the walk
 * ends before, 1: *end is its last string, -1: error.
 */
static int window_end(struct db_conn *c, const struct walk *w, int64_t node, int64_t window,
		      struct editor_cursor *end)
{
	struct buf sql;
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT s.node_id, s.position, s.id FROM string s WHERE ");
	walk_from(&sql, w, node);
	buf_printf(&sql, " ORDER BY s.node_id, s.position, s.id LIMIT 1 OFFSET %" PRId64,
		   window - 1);
	struct db_stmt *st = db_query(c, sql.data, NULL);
	buf_release(&sql);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == 1)
		*end = (struct editor_cursor){ db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2) };
	db_done(st);
	return rc;
}

#define WALK_COLS "s.id, s.public_id, s.node_id, s.position, s.skey, s.source, s.context, " \
	"s.plural, s.comment, s.max_length, s.updated"
/* STRING_COLS' order over WALK_COLS; the node's name by key keeps the walk's order */
#define PAGE_COLS "s.id, s.public_id, s.node_id, s.position, (SELECT n.name FROM node n " \
	"WHERE n.id = s.node_id), s.skey, s.source, s.context, s.plural, s.comment, " \
	"s.max_length, s.updated "

/*
 * The matches of one node's walk (0: the whole project's) appended to the
 * page, looking at most at `window` strings (0: no bound).  *full: the
 * window ended before the walk and the page did not fill; the page's next
 * is then where it stopped.
 */
static int walk_part(struct db_conn *c, struct arena *a, struct walk *w, int64_t node,
		     int64_t window, bool *full)
{
	const struct editor_filter *f = w->f;
	struct editor_page *pg = w->page;
	int lang = f->language_id;
	struct editor_cursor end;
	int bounded = window ? window_end(c, w, node, window, &end) : 0;
	if (bounded < 0)
		return MODEL_ERROR;
	/* PostgreSQL would read a range whole (a bitmap scan, then a sort) when it expects
	 * few matches: a LIMIT on the walk keeps it an index scan in order, stopped by the
	 * page's LIMIT; SQLite walks the range in order as it is */
	bool fence = window && db_conn_kind(c) == DB_POSTGRES;
	struct buf sql;
	buf_init(&sql, 0);
	if (fence)
		buf_printf(&sql, "SELECT " PAGE_COLS "FROM (SELECT " WALK_COLS " FROM string s WHERE ");
	else
		buf_printf(&sql, "SELECT " STRING_COLS "FROM string s JOIN node n ON n.id = s.node_id "
			   "WHERE ");
	buf_printf(&sql, "s.hidden = 0 AND ");
	walk_from(&sql, w, node);
	/* (the window's end outside the fence: a range it could see whole would be sorted) */
	if (fence)
		buf_printf(&sql, " ORDER BY s.node_id, s.position, s.id LIMIT %" PRId64 ") s "
			   "WHERE 1 = 1", window);
	if (bounded)
		buf_printf(&sql, " AND (s.node_id, s.position, s.id) <= (%" PRId64 ", %" PRId64
			   ", %" PRId64 ")", end.node_id, end.position, end.id);
	if (w->label_row)
		/* set: every string has every label, at its default; a checkbox's "0" is unticked.
		 * The label's strings read once (an ephemeral index, a hashed subplan), then a
		 * lookup per string walked; IS TRUE: PostgreSQL would make the IN a join, which
		 * does not keep the walk's order (a sort of the whole window) */
		buf_printf(&sql, " AND (s.id IN (SELECT sl.string_id FROM string_label sl JOIN label l "
			   "ON l.id = sl.label_id WHERE sl.label_id = %" PRId64 " AND sl.value <> '' "
			   "AND NOT (l.type = 'checkbox' AND sl.value = '0'))) IS TRUE", w->label_row);
	if (f->since)
		buf_printf(&sql, " AND (s.updated >= %" PRId64 " OR " HAS_TR(" AND t.updated >= %"
			   PRId64) ")", f->since, lang, f->since, probe(c));
	add_state(c, &sql, f->state, lang);
	if (w->pattern)
		add_search(c, &sql, f->in, lang);
	/* in one node, its order without it: PostgreSQL then sees the fence's order is it */
	buf_printf(&sql, " ORDER BY %ss.position, s.id LIMIT %zu", node ? "" : "s.node_id, ",
		   w->need - pg->n);
	struct db_stmt *st = w->pattern ? db_query(c, sql.data, "s", w->pattern)
					: db_query(c, sql.data, NULL);
	buf_release(&sql);
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1)
		read_string(a, st, &pg->v[pg->n++]);
	db_done(st);
	*full = bounded && pg->n < w->need;
	if (*full)
		pg->next = end;
	return rc ? MODEL_ERROR : MODEL_OK;
}

/* Each node a query costs at least this much of the budget: bounds the queries too. */
#define NODE_COST 100
#define PROBE_COST 4

int editor_strings(struct db_conn *c, struct arena *a, int64_t project_id,
		   const struct editor_filter *f, struct editor_page *out)
{
	int64_t label_row;
	int rc = resolve(c, project_id, f, &label_row);
	*out = (struct editor_page){ 0 };
	if (rc)
		return rc;
	bool search = f->q && *f->q;
	struct walk w = {
		.f = f, .project_id = project_id, .label_row = label_row,
		.pattern = search ? like_pattern(a, f->q) : NULL,
		.tests = search || label_row || f->since || f->state != EDIT_ANY,
		.page = out, .need = (size_t)f->limit + 1,
		.budget = f->scan > EDITOR_SCAN_MIN ? f->scan : EDITOR_SCAN_MIN,
	};
	/* a probe of another table for each string costs about what PROBE_COST strings'
	 * own tests do (measured: bench/editor, docs/editor.md) */
	if (f->state != EDIT_ANY || f->since || (search && f->in == EDIT_IN_TRANSLATION))
		w.budget /= PROBE_COST;
	out->v = arena_alloc(a, w.need * sizeof(*out->v));
	bool full = false;
	if (f->state == EDIT_ANY && !f->node_id) {
		rc = walk_part(c, a, &w, 0, w.tests ? w.budget : 0, &full);
	} else {
		/* node by node, skipping the files that cannot match */
		int64_t *nodes, *sizes;
		size_t n_nodes;
		rc = walk_nodes(c, a, project_id, f, &nodes, &sizes, &n_nodes);
		for (size_t i = 0; !rc && i < n_nodes && out->n < w.need && !full; i++) {
			if (w.budget <= 0) {
				/* looked at enough: go on after the last node walked */
				full = true;
				out->next = (struct editor_cursor){ nodes[i - 1], INT64_MAX, INT64_MAX };
				break;
			}
			/* a node the budget covers whole needs no bound */
			int64_t window = w.tests && sizes[i] > w.budget ? w.budget : 0;
			rc = walk_part(c, a, &w, nodes[i], window, &full);
			w.budget -= sizes[i] > NODE_COST ? sizes[i] : NODE_COST;
		}
	}
	if (rc)
		return MODEL_ERROR;
	out->more = out->n == w.need;
	if (out->more) {
		out->n--;
		out->next = out->v[out->n - 1].at;
	}
	out->partial = full && !out->more;
	/* a partial page with strings goes on after its last one (what follows it in the window
	 * did not match, but may match the next request's other filters) */
	if (out->partial && out->n)
		out->next = out->v[out->n - 1].at;
	return page_translations(c, a, f->language_id, out->v, out->n);
}

static int read_labels(struct db_conn *c, struct arena *a, struct editor_string *s)
{
	struct db_stmt *st = db_query(c, "SELECT l.label_key, l.name, sl.value FROM string_label sl "
				      "JOIN label l ON l.id = sl.label_id WHERE sl.string_id = ? "
				      "ORDER BY l.position, l.id", "i", s->row_id);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 8;
	s->labels = arena_alloc(a, cap * sizeof(*s->labels));
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (s->n_labels == cap) {
			struct editor_label *w = arena_alloc(a, 2 * cap * sizeof(*w));
			memcpy(w, s->labels, cap * sizeof(*w));
			s->labels = w;
			cap *= 2;
		}
		s->labels[s->n_labels++] = (struct editor_label){
			arena_strdup(a, db_col_text(st, 0)), arena_strdup(a, db_col_text(st, 1)),
			arena_strdup(a, db_col_text(st, 2)) };
	}
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

/* Every translation in `lang`, or (others) the best one in each of langs. */
static int read_detail_translations(struct db_conn *c, struct arena *a, struct editor_string *s,
				    int lang, const int *langs, int n_langs)
{
	struct db_stmt *st = db_query(c, "SELECT " TR_COLS TR_FROM "WHERE t.string_id = ? "
				      "ORDER BY t.language_id, " TR_ORDER, "i", s->row_id);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 16;
	s->tr = arena_alloc(a, cap * sizeof(*s->tr));
	s->others = arena_alloc(a, ((size_t)n_langs + 1) * sizeof(*s->others));
	int rc, last_lang = 0;
	while ((rc = db_step(st)) == 1) {
		int l = (int)db_col_int(st, T_LANG);
		if (l == lang) {
			if (s->n_tr == cap) {
				struct editor_translation *w = arena_alloc(a, 2 * cap * sizeof(*w));
				memcpy(w, s->tr, cap * sizeof(*w));
				s->tr = w;
				cap *= 2;
			}
			read_translation(a, st, &s->tr[s->n_tr++]);
			continue;
		}
		bool wanted = false;
		for (int i = 0; i < n_langs && !wanted; i++)
			wanted = langs[i] == l;
		if (!wanted || l == last_lang)	/* the first of a language is its best */
			continue;
		last_lang = l;
		s->others[s->n_others].language_id = l;
		read_translation(a, st, &s->others[s->n_others++].t);
	}
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

int editor_string_detail(struct db_conn *c, struct arena *a, int64_t project_id,
			 int64_t public_id, int language_id, const int *langs, int n_langs,
			 struct editor_string *out)
{
	struct db_stmt *st = db_query(c, "SELECT " STRING_COLS "FROM string s JOIN node n "
				      "ON n.id = s.node_id WHERE s.project_id = ? AND s.public_id = ? "
				      "AND s.hidden = 0", "ii", project_id, public_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_string(a, st, out);
	db_done(st);
	if (rc != 1)
		return rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
	return read_labels(c, a, out) ||
	       read_detail_translations(c, a, out, language_id, langs, n_langs) ? MODEL_ERROR
										 : MODEL_OK;
}
