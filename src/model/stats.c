#include "model/stats.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int stats_percent(int64_t part, int64_t whole)
{
	return whole > 0 ? (int)(part * 100 / whole) : 0;
}

/* ---------------------------------------------------------------- reading */

int stats_languages(struct db_conn *c, int64_t project_id, const int *language_ids, int n,
		    struct counts *out)
{
	memset(out, 0, sizeof(*out) * (size_t)n);
	struct db_stmt *st = db_query(c, "SELECT COALESCE(SUM(strings), 0), COALESCE(SUM(words), 0) "
				      "FROM node_stats WHERE project_id = ? AND language_id = 0",
				      "i", project_id);
	if (!st || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	int64_t phrases = db_col_int(st, 0), words = db_col_int(st, 1);
	db_done(st);
	for (int i = 0; i < n; i++) {
		out[i].phrases = phrases;
		out[i].words = words;
	}
	st = db_query(c, "SELECT language_id, SUM(translated), SUM(translated_words), SUM(approved), "
		      "SUM(approved_words) FROM node_stats WHERE project_id = ? AND language_id > 0 "
		      "GROUP BY language_id", "i", project_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		int lang = (int)db_col_int(st, 0);
		for (int i = 0; i < n; i++) {
			if (language_ids[i] != lang)
				continue;
			out[i].translated = db_col_int(st, 1);
			out[i].words_translated = db_col_int(st, 2);
			out[i].approved = db_col_int(st, 3);
			out[i].words_approved = db_col_int(st, 4);
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static void read_counts(struct db_stmt *st, int first, struct counts *k)
{
	k->phrases = db_col_int(st, first);
	k->words = db_col_int(st, first + 1);
	k->translated = db_col_int(st, first + 2);
	k->words_translated = db_col_int(st, first + 3);
	k->approved = db_col_int(st, first + 4);
	k->words_approved = db_col_int(st, first + 5);
}

#define NODE_COUNTS "z.strings, z.words, COALESCE(l.translated, 0), " \
	"COALESCE(l.translated_words, 0), COALESCE(l.approved, 0), COALESCE(l.approved_words, 0) " \
	"FROM node_stats z LEFT JOIN node_stats l ON l.node_id = z.node_id AND l.language_id = ? " \
	"WHERE z.language_id = 0 "

int stats_nodes(struct db_conn *c, int64_t project_id, int language_id, stats_node_fn fn, void *ctx)
{
	struct db_stmt *st = db_query(c, "SELECT z.node_id, " NODE_COUNTS "AND z.project_id = ? "
				      "AND z.strings > 0 ORDER BY z.node_id", "ii",
				      (int64_t)language_id, project_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		struct counts k;
		read_counts(st, 1, &k);
		fn(ctx, db_col_int(st, 0), &k);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int stats_one(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id,
	      struct counts *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_query(c, "SELECT COALESCE(SUM(z.strings), 0), COALESCE(SUM(z.words), 0), "
				      "COALESCE(SUM(l.translated), 0), COALESCE(SUM(l.translated_words), 0), "
				      "COALESCE(SUM(l.approved), 0), COALESCE(SUM(l.approved_words), 0) "
				      "FROM node_stats z LEFT JOIN node_stats l ON l.node_id = z.node_id "
				      "AND l.language_id = ? WHERE z.language_id = 0 AND z.project_id = ? "
				      "AND (CAST(? AS BIGINT) = 0 OR z.node_id = ?)", "iiii",
				      (int64_t)language_id, project_id, node_id, node_id);
	if (!st || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	read_counts(st, 0, out);
	db_done(st);
	return 0;
}

/* ---------------------------------------------------------------- keeping */

/*
 * The recount of one node in one language (0: its strings and words).  The
 * node's strings are walked on string_order (project, node, position, id),
 * in that order: by node_id alone SQLite would scan the whole string table to
 * group by id, a cost that grew with the project (1M strings: 0.85 s a file).
 */
#define IN_NODE(t) t ".project_id = (SELECT project_id FROM node WHERE id = ?) AND " \
	t ".node_id = ?"
#define NODE_STRINGS IN_NODE("s") " AND s.hidden = 0"
#define RECOUNT_TOTALS \
	"SELECT n.id, 0, n.project_id, x.c, x.w, 0, 0, 0, 0 FROM node n, " \
	"(SELECT COUNT(*) AS c, COALESCE(SUM(s.words), 0) AS w FROM string s WHERE " NODE_STRINGS \
	") x WHERE n.id = ?"
#define RECOUNT_LANGUAGE \
	"SELECT n.id, CAST(? AS BIGINT), n.project_id, 0, 0, x.c, x.w, x.a, x.aw FROM node n, " \
	"(SELECT COUNT(*) AS c, COALESCE(SUM(w), 0) AS w, COALESCE(SUM(a), 0) AS a, " \
	"COALESCE(SUM(a * w), 0) AS aw FROM (SELECT s.words AS w, MAX(t.approved) AS a " \
	"FROM string s JOIN translation t ON t.string_id = s.id AND t.language_id = ? " \
	"WHERE " NODE_STRINGS " GROUP BY s.position, s.id) y) x WHERE n.id = ?"
#define STORE_COUNTS \
	"INSERT INTO node_stats (node_id, language_id, project_id, strings, words, translated, " \
	"translated_words, approved, approved_words) "
#define REPLACE_COUNTS \
	" ON CONFLICT (node_id, language_id) DO UPDATE SET strings = excluded.strings, " \
	"words = excluded.words, translated = excluded.translated, " \
	"translated_words = excluded.translated_words, approved = excluded.approved, " \
	"approved_words = excluded.approved_words"

int stats_recount(struct db_conn *c, int64_t node_id, int language_id)
{
	if (!language_id)
		return db_exec(c, STORE_COUNTS RECOUNT_TOTALS REPLACE_COUNTS, "iii", node_id, node_id,
			       node_id);
	return db_exec(c, STORE_COUNTS RECOUNT_LANGUAGE REPLACE_COUNTS, "iiiii", (int64_t)language_id,
		       (int64_t)language_id, node_id, node_id, node_id);
}

int stats_recount_node(struct db_conn *c, int64_t node_id)
{
	/* the languages it has counts in, and those its strings have translations in */
	struct db_stmt *st = db_query(c, "SELECT language_id FROM node_stats WHERE node_id = ? AND "
				      "language_id > 0 UNION SELECT DISTINCT t.language_id FROM "
				      "translation t JOIN string s ON s.id = t.string_id WHERE "
				      "s.node_id = ?", "ii", node_id, node_id);
	if (!st)
		return -1;
	int *langs = NULL, n = 0, cap = 0, rc;
	while ((rc = db_step(st)) == 1) {
		if (n == cap)
			langs = xrealloc(langs, (size_t)(cap = cap ? cap * 2 : 16) * sizeof(*langs));
		langs[n++] = (int)db_col_int(st, 0);
	}
	db_done(st);
	rc = rc < 0 ? -1 : stats_recount(c, node_id, 0);
	for (int i = 0; i < n && !rc; i++)
		rc = stats_recount(c, node_id, langs[i]);
	free(langs);
	return rc;
}

static int add_counts(struct db_conn *c, int64_t node_id, int language_id, int64_t project_id,
		      const struct counts *d)
{
	/* nothing reads its result: PostgreSQL sends it with the next statement */
	return db_exec_later(c, STORE_COUNTS "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, "
		       "language_id) DO UPDATE SET strings = node_stats.strings + excluded.strings, "
		       "words = node_stats.words + excluded.words, "
		       "translated = node_stats.translated + excluded.translated, "
		       "translated_words = node_stats.translated_words + excluded.translated_words, "
		       "approved = node_stats.approved + excluded.approved, "
		       "approved_words = node_stats.approved_words + excluded.approved_words",
		       "iiiiiiiii", node_id, (int64_t)language_id, project_id, d->phrases, d->words,
		       d->translated, d->words_translated, d->approved, d->words_approved);
}

int stats_string_added(struct db_conn *c, int64_t project_id, int64_t node_id, int64_t words)
{
	struct counts d = { .phrases = 1, .words = words };
	return add_counts(c, node_id, 0, project_id, &d);
}

int stats_snap_take(struct db_conn *c, int64_t string_id, struct stats_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->string_id = string_id;
	struct db_stmt *st = db_query(c, "SELECT s.node_id, s.project_id, s.words, s.hidden, "
				      "t.language_id, MAX(t.approved) FROM string s LEFT JOIN "
				      "translation t ON t.string_id = s.id WHERE s.id = ? GROUP BY "
				      "s.node_id, s.project_id, s.words, s.hidden, t.language_id",
				      "i", string_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		s->node_id = db_col_int(st, 0);
		s->project_id = db_col_int(st, 1);
		s->words = db_col_int(st, 2);
		s->counted = db_col_int(st, 3) == 0;
		if (!db_col_null(st, 4) && s->n < STATS_SNAP_LANGS) {
			s->lang[s->n] = (int)db_col_int(st, 4);
			s->approved[s->n++] = db_col_int(st, 5) != 0;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

void stats_snap_one(struct stats_snap *s, int64_t string_id, int64_t node_id, int64_t project_id,
		    int64_t words, bool hidden, int lang, int state)
{
	s->string_id = string_id;
	s->node_id = node_id;
	s->project_id = project_id;
	s->words = words;
	s->counted = !hidden;
	s->n = state >= 0;
	s->lang[0] = lang;
	s->approved[0] = state > 0;
}

static int snap_find(const struct stats_snap *s, int lang)
{
	for (int i = 0; i < s->n; i++)
		if (s->lang[i] == lang)
			return i;
	return -1;
}

/* One language's change: translated and approved, each 0 or 1 before and after. */
static int apply_language(struct db_conn *c, const struct stats_snap *s, int lang, int any0,
			  int appr0, int any1, int appr1)
{
	if (any0 == any1 && appr0 == appr1)
		return 0;
	struct counts d = {
		.translated = any1 - any0, .words_translated = (any1 - any0) * s->words,
		.approved = appr1 - appr0, .words_approved = (appr1 - appr0) * s->words,
	};
	return add_counts(c, s->node_id, lang, s->project_id, &d);
}

int stats_snap_apply(struct db_conn *c, const struct stats_snap *before)
{
	struct stats_snap after;
	if (!before->counted || !before->node_id)
		return 0;	/* hidden strings count nowhere */
	if (stats_snap_take(c, before->string_id, &after))
		return -1;
	int rc = 0;
	for (int i = 0; i < before->n && !rc; i++) {
		int j = snap_find(&after, before->lang[i]);
		rc = apply_language(c, before, before->lang[i], 1, before->approved[i], j >= 0,
				    j >= 0 && after.approved[j]);
	}
	for (int j = 0; j < after.n && !rc; j++)
		if (snap_find(before, after.lang[j]) < 0)
			rc = apply_language(c, before, after.lang[j], 0, 0, 1, after.approved[j]);
	return rc;
}

int stats_translation_added(struct db_conn *c, const struct stats_snap *before, int lang,
			    bool approved)
{
	if (!before->counted || !before->node_id)
		return 0;
	int i = snap_find(before, lang);
	if (i < 0)
		return apply_language(c, before, lang, 0, 0, 1, approved);
	return apply_language(c, before, lang, 1, before->approved[i], 1,
			      before->approved[i] || approved);
}

int stats_string_removed(struct db_conn *c, const struct stats_snap *s)
{
	struct counts d = { .phrases = -1, .words = -s->words };
	int rc = add_counts(c, s->node_id, 0, s->project_id, &d);
	for (int i = 0; i < s->n && !rc; i++)
		rc = apply_language(c, s, s->lang[i], 1, s->approved[i], 0, 0);
	return rc;
}

/* ---------------------------------------------------------------- checking */

/* A node's rows as text; all-zero rows count as absent (an empty directory has none). */
static int node_rows(struct db_conn *c, int64_t node_id, struct buf *out)
{
	struct db_stmt *q = db_query(c, "SELECT language_id, strings, words, translated, "
				     "translated_words, approved, approved_words FROM node_stats "
				     "WHERE node_id = ? AND (strings <> 0 OR words <> 0 OR translated <> 0 "
				     "OR approved <> 0 OR translated_words <> 0 OR approved_words <> 0) "
				     "ORDER BY language_id", "i", node_id);
	if (!q)
		return -1;
	int rc;
	buf_reset(out);
	buf_addc(out, ' ');
	while ((rc = db_step(q)) == 1)
		for (int k = 0; k < 7; k++)
			buf_printf(out, "%lld%c", (long long)db_col_int(q, k), k == 6 ? ';' : ',');
	db_done(q);
	return rc < 0 ? -1 : 0;
}

int stats_check(struct db_conn *c, int64_t project_id, stats_diff_fn fn, void *ctx)
{
	int64_t *ids;
	size_t n;
	int rc = db_ids(db_query(c, "SELECT id FROM node WHERE (CAST(? AS BIGINT) = 0 OR "
				 "project_id = ?) ORDER BY id", "ii", project_id, project_id), &ids, &n);
	struct buf stored, counted;
	buf_init(&stored, 0);
	buf_init(&counted, 0);
	int bad = 0;
	/* stored rows, a recount in the same transaction, the rows again */
	for (size_t i = 0; i < n && rc >= 0; i++) {
		if (node_rows(c, ids[i], &stored) || stats_recount_node(c, ids[i]) ||
		    node_rows(c, ids[i], &counted)) {
			rc = -1;
			break;
		}
		if (strcmp(stored.data, counted.data)) {
			bad++;
			if (fn)
				fn(ctx, ids[i], stored.data + 1, counted.data + 1);
		}
	}
	buf_release(&stored);
	buf_release(&counted);
	free(ids);
	return rc < 0 ? -1 : bad;
}

/* ---------------------------------------------------------------- duplicates */

/*
 * A set's share, per source text it holds: k strings of the set (their
 * words at most wk) and n0 others (w0), counted once with the set and once
 * without it (a text the set leaves unused counts nothing):
 *
 *   strings: (n0 + k - 1) - max(n0 - 1, 0)
 *   words:   (n0 + k - 1) * max(w0, wk) - max(n0 - 1, 0) * w0
 *
 * The others are found by one probe per text through index string_source
 * (migration 6), from a correlated subquery: both planners run it per text,
 * so the cost follows the set, never the project (a join lets PostgreSQL
 * scan the project, for each file).  The project is the set's own column,
 * not a parameter: for a project its statistics think empty (its strings
 * written in this very transaction) PostgreSQL would probe through index
 * string_project, reading the whole project per text.  The probe's two figures travel packed
 * in one integer, v = n0 * 2^32 + w0, so that there is one probe, not two.
 */
#define DUP_SHARE(members, others) \
	"SELECT COALESCE(SUM(CASE WHEN n0 > 0 THEN k ELSE k - 1 END), 0), " \
	"COALESCE(SUM((n0 + k - 1) * CASE WHEN w0 > wk THEN w0 ELSE wk END - " \
	"CASE WHEN n0 > 0 THEN (n0 - 1) * w0 ELSE 0 END), 0) " \
	"FROM (SELECT k, wk, v / 4294967296 AS n0, v % 4294967296 AS w0 FROM " \
	"(SELECT COUNT(*) AS k, MAX(m.words) AS wk, " \
	"(SELECT COUNT(*) * 4294967296 + COALESCE(MAX(s.words), 0) FROM string s " \
	"WHERE s.project_id = m.project_id AND substr(s.source, 1, 64) = substr(m.source, 1, 64) " \
	"AND s.source = m.source AND s.hidden = 0 AND " others ") AS v " \
	"FROM string m WHERE " members " AND m.hidden = 0 GROUP BY m.source, m.project_id) x) y"

int stats_dups_lock(struct db_conn *c, int64_t project_id)
{
	if (db_conn_kind(c) != DB_POSTGRES)
		return 0;
	/* the two-key form: apart from the single-key lock of the migrations */
	return db_exec(c, "SELECT pg_advisory_xact_lock(7400618, CAST(CAST(? AS BIGINT) % 2147483648 "
		       "AS INTEGER))", "i", project_id);
}

static int read_share(struct db_stmt *st, struct dup_share *out)
{
	memset(out, 0, sizeof(*out));
	if (!st || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	out->strings = db_col_int(st, 0);
	out->words = db_col_int(st, 1);
	db_done(st);
	return 0;
}

int stats_dups_of_node(struct db_conn *c, int64_t node_id, struct dup_share *out)
{
	/* with the project: the members walk string_order, not string_key (a third faster) */
	return read_share(db_query(c, DUP_SHARE(IN_NODE("m"), "s.node_id <> ?"), "iii", node_id,
				   node_id, node_id), out);
}

int stats_dups_of_string(struct db_conn *c, int64_t string_id, struct dup_share *out)
{
	return read_share(db_query(c, DUP_SHARE("m.id = ?", "s.id <> ?"), "ii", string_id,
				   string_id), out);
}

#define STORE_DUPS "INSERT INTO project_stats (project_id, duplicate_strings, duplicate_words) "

int stats_dups_apply(struct db_conn *c, int64_t project_id, const struct dup_share *before,
		     const struct dup_share *after)
{
	int64_t strings = after->strings - before->strings, words = after->words - before->words;
	if (!strings && !words)
		return 0;	/* most changes: no row written, no lock taken */
	return db_exec(c, STORE_DUPS "VALUES (?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET "
		       "duplicate_strings = project_stats.duplicate_strings + excluded.duplicate_strings, "
		       "duplicate_words = project_stats.duplicate_words + excluded.duplicate_words",
		       "iii", project_id, strings, words);
}

int stats_dups(struct db_conn *c, int64_t project_id, struct dup_share *out)
{
	return read_share(db_query(c, "SELECT COALESCE(MAX(duplicate_strings), 0), "
				   "COALESCE(MAX(duplicate_words), 0) FROM project_stats "
				   "WHERE project_id = ?", "i", project_id), out);
}

static int dups_recount(struct db_conn *c, int64_t project_id, struct dup_share *out)
{
	if (stats_dups_lock(c, project_id) || read_share(db_query(c, "SELECT COALESCE(SUM(n - 1), 0), COALESCE(SUM((n - 1) * w), 0) "
				"FROM (SELECT COUNT(*) AS n, MAX(words) AS w FROM string WHERE "
				"project_id = ? AND hidden = 0 GROUP BY source) d", "i", project_id), out))
		return -1;
	return db_exec(c, STORE_DUPS "VALUES (?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET "
		       "duplicate_strings = excluded.duplicate_strings, "
		       "duplicate_words = excluded.duplicate_words",
		       "iii", project_id, out->strings, out->words);
}

int stats_check_dups(struct db_conn *c, int64_t project_id, stats_diff_fn fn, void *ctx)
{
	int64_t *ids;
	size_t n;
	int rc = db_ids(db_query(c, "SELECT id FROM project WHERE (CAST(? AS BIGINT) = 0 OR "
				 "id = ?) ORDER BY id", "ii", project_id, project_id), &ids, &n);
	int bad = 0;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		struct dup_share stored, counted;
		if (stats_dups(c, ids[i], &stored) || dups_recount(c, ids[i], &counted)) {
			rc = -1;
			break;
		}
		if (stored.strings == counted.strings && stored.words == counted.words)
			continue;
		bad++;
		if (fn) {
			char a[64], b[64];
			snprintf(a, sizeof(a), "%lld,%lld", (long long)stored.strings, (long long)stored.words);
			snprintf(b, sizeof(b), "%lld,%lld", (long long)counted.strings, (long long)counted.words);
			fn(ctx, ids[i], a, b);
		}
	}
	free(ids);
	return rc < 0 ? -1 : bad;
}
