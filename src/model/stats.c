#include "model/stats.h"

#include <string.h>

int stats_percent(int64_t part, int64_t whole)
{
	return whole > 0 ? (int)(part * 100 / whole) : 0;
}

/* One row per (language, string) that has translations, with its best approval. */
#define TRANSLATED_STRINGS \
	"SELECT t.language_id AS lang, s.id AS sid, s.node_id AS node, s.words AS words, " \
	"MAX(t.approved) AS appr FROM translation t JOIN string s ON s.id = t.string_id " \
	"WHERE s.project_id = ? AND s.hidden = 0 "

int stats_languages(struct db_conn *c, int64_t project_id, const int *language_ids, int n,
		    struct counts *out)
{
	memset(out, 0, sizeof(*out) * (size_t)n);
	struct db_stmt *st = db_query(c, "SELECT COUNT(*), COALESCE(SUM(words), 0) FROM string "
				      "WHERE project_id = ? AND hidden = 0", "i", project_id);
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
	st = db_query(c, "SELECT lang, COUNT(*), COALESCE(SUM(words), 0), COALESCE(SUM(appr), 0), "
		      "COALESCE(SUM(appr * words), 0) FROM (" TRANSLATED_STRINGS
		      "GROUP BY t.language_id, s.id, s.node_id, s.words) x GROUP BY lang", "i", project_id);
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

int stats_nodes(struct db_conn *c, int64_t project_id, int language_id, stats_node_fn fn, void *ctx)
{
	/* totals and translated counts per node, merged by node id (both ordered) */
	struct db_stmt *tot = db_query(c,
		"SELECT node_id, COUNT(*), COALESCE(SUM(words), 0) FROM string "
		"WHERE project_id = ? AND hidden = 0 GROUP BY node_id ORDER BY node_id", "i", project_id);
	struct db_stmt *tr = db_query(c,
		"SELECT node, COUNT(*), COALESCE(SUM(words), 0), COALESCE(SUM(appr), 0), "
		"COALESCE(SUM(appr * words), 0) FROM (" TRANSLATED_STRINGS "AND t.language_id = ? "
		"GROUP BY t.language_id, s.id, s.node_id, s.words) x GROUP BY node ORDER BY node",
		"ii", project_id, (int64_t)language_id);
	int rc = (tot && tr) ? 0 : -1;
	int have_tr = tr ? db_step(tr) : 0;
	while (!rc && db_step(tot) == 1) {
		int64_t node = db_col_int(tot, 0);
		struct counts k = { .phrases = db_col_int(tot, 1), .words = db_col_int(tot, 2) };
		while (have_tr == 1 && db_col_int(tr, 0) < node)
			have_tr = db_step(tr);
		if (have_tr == 1 && db_col_int(tr, 0) == node) {
			k.translated = db_col_int(tr, 1);
			k.words_translated = db_col_int(tr, 2);
			k.approved = db_col_int(tr, 3);
			k.words_approved = db_col_int(tr, 4);
		}
		fn(ctx, node, &k);
	}
	db_done(tot);
	db_done(tr);
	return rc;
}

int stats_one(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id,
	      struct counts *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_query(c,
		"SELECT COUNT(*), COALESCE(SUM(CASE WHEN x.n > 0 THEN 1 ELSE 0 END), 0), "
		"COALESCE(SUM(CASE WHEN x.a > 0 THEN 1 ELSE 0 END), 0) FROM (SELECT s.id, "
		"(SELECT COUNT(*) FROM translation t WHERE t.string_id = s.id AND t.language_id = ?) AS n, "
		"(SELECT COUNT(*) FROM translation t WHERE t.string_id = s.id AND t.language_id = ? "
		"AND t.approved = 1) AS a FROM string s WHERE s.project_id = ? AND s.hidden = 0 "
		"AND (? = 0 OR s.node_id = ?)) x",
		"iiiii", (int64_t)language_id, (int64_t)language_id, project_id, node_id, node_id);
	if (!st || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	out->phrases = db_col_int(st, 0);
	out->translated = db_col_int(st, 1);
	out->approved = db_col_int(st, 2);
	db_done(st);
	return 0;
}
