#include "model/pretranslate.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/strset.h"
#include "model/content.h"
#include "model/stats.h"
#include "model/languages.h"
#include "model/tm_units.h"
#include "model/project_mt.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A string of the node, as the walk needs it. */
struct candidate {
	int64_t id, public_id;
	const char *source, *context;
	struct tm_best best;
	const char *target;		/* what it gets, once decided */
};

/*
 * The node's strings, and the translations they have in the language
 * ("<string id>\t<text>" keys, for import_duplicates and untranslated_only).
 */
static int load(struct db_conn *c, struct arena *a, int64_t node_id, int language_id,
		struct candidate **out, size_t *n, struct strset *have, struct strset *translated)
{
	struct db_stmt *st = db_query(c, "SELECT s.id, s.public_id, s.source, "
				      "COALESCE(NULLIF(s.context, ''), s.skey) FROM string s "
				      "WHERE s.node_id = ? AND s.hidden = 0 ORDER BY s.position, s.id",
				      "i", node_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int step = st ? 0 : -1;
	while (st && (step = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			struct candidate *v = arena_alloc(a, cap * sizeof(*v));
			if (*n)
				memcpy(v, *out, *n * sizeof(*v));
			*out = v;
		}
		(*out)[(*n)++] = (struct candidate){ .id = db_col_int(st, 0),
						     .public_id = db_col_int(st, 1),
						     .source = arena_strdup(a, db_col_text(st, 2)),
						     .context = arena_strdup(a, db_col_text(st, 3)) };
	}
	db_done(st);
	if (step < 0)
		return MODEL_ERROR;
	st = db_query(c, "SELECT t.string_id, t.text FROM translation t JOIN string s ON "
		      "s.id = t.string_id WHERE s.node_id = ? AND t.language_id = ?", "ii", node_id,
		      (int64_t)language_id);
	step = st ? 0 : -1;
	while (st && (step = db_step(st)) == 1) {
		strset_add(have, arena_printf(a, "%" PRId64 "\t%s", db_col_int(st, 0), db_col_text(st, 1)));
		strset_add(translated, arena_printf(a, "%" PRId64, db_col_int(st, 0)));
	}
	db_done(st);
	return step < 0 ? MODEL_ERROR : MODEL_OK;
}

/*
 * The lowest score a match pre-translation applies can have for this text:
 * 100 less a point for each number or placeholder that may differ (an
 * auto-substituted match costs one each), counted generously (runs of
 * digits, and the marks placeholders and tags start with).  A tight
 * threshold is what keeps the search short in a memory of near-duplicates
 * ("Line 1 of ...", "Line 2 of ..."): every one of them scores above 80.
 */
static int lowest_applied(const char *text)
{
	int marks = 0;
	for (const char *t = text; *t; t++) {
		if (*t >= '0' && *t <= '9') {
			marks++;
			while (t[1] >= '0' && t[1] <= '9')
				t++;
		} else if (*t == '%' || *t == '{' || *t == '<' || *t == '$') {
			marks++;
		}
	}
	return marks > 20 ? 80 : 100 - marks;
}

static bool approves(const struct pretranslate_opts *o, const struct candidate *k)
{
	if (!o->approve)
		return false;
	switch (o->auto_approve) {
	case APPROVE_PERFECT:
		return k->best.score == 101;
	case APPROVE_NOT_SUBSTITUTED:
		return !k->best.auto_subst;
	default:
		return true;
	}
}

/*
 * The targets of a batch of candidates that have a match: the units read in
 * one go, an auto-substituted one's target made from the string's numbers.
 */
static int decide(struct db_conn *c, struct arena *a, const struct pretranslate_opts *o,
		  const struct tm_search *base, struct candidate **k, size_t n)
{
	int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = k[i]->best.unit_id;
	struct tm_unit *u;
	size_t nu;
	if (tm_units_get(c, a, ids, n, &u, &nu))
		return MODEL_ERROR;
	/* the units come in the order asked, those that went meanwhile left out */
	for (size_t i = 0, j = 0; i < n; i++) {
		if (j == nu || u[j].id != ids[i])
			continue;
		if (k[i]->best.score >= 100) {
			k[i]->target = u[j].target;
		} else {
			struct tm_search q = *base;
			q.text = k[i]->source;
			q.context = k[i]->context;
			k[i]->target = tm_memory_substitute(o->tm, a, &q, &u[j]);
		}
		j++;
	}
	return MODEL_OK;
}

int pretranslate_node(struct db_conn *c, const struct project *p, int64_t node_id, int language_id,
		      const struct pretranslate_opts *o, struct pretranslate_counts *n)
{
	struct arena a;
	arena_init(&a);
	struct strset have = { 0 }, translated = { 0 };
	struct candidate *all;
	size_t count;
	int rc = load(c, &a, node_id, language_id, &all, &count, &have, &translated);
	struct tm_search base = {
		.source_language_id = p->source_language_id, .target_language_id = language_id,
		.account_id = o->account_id, .k = 1,
	};
	struct candidate **batch = xmalloc(DB_ROWS_BATCH * sizeof(*batch));
	struct translation_row *rows = xmalloc(DB_ROWS_BATCH * sizeof(*rows));
	struct translation_rows_opts ro = { language_id, o->author_id, "tm" };
	size_t nb = 0;
	int64_t added = 0;
	for (size_t i = 0; !rc && i <= count; i++) {
		if (i < count) {
			struct candidate *k = &all[i];
			n->strings++;
			if (o->untranslated_only &&
			    strset_has(&translated, arena_printf(&a, "%" PRId64, k->id)))
				continue;
			struct tm_search q = base;
			q.text = k->source;
			q.context = k->context;
			q.min_score = o->perfect_match ? 101 : 100;
			tm_memory_best(o->tm, &q, &k->best);
			/* no unit of the very text: one that differs in numbers and placeholders only */
			if (!k->best.unit_id && !o->perfect_match && (q.min_score = lowest_applied(k->source)) < 100)
				tm_memory_best(o->tm, &q, &k->best);
			/* applied: the same text, or one that differs in numbers and placeholders only */
			if (k->best.unit_id && (k->best.score >= 100 || k->best.auto_subst))
				batch[nb++] = k;
		}
		if (nb && (nb == DB_ROWS_BATCH || i == count)) {
			rc = decide(c, &a, o, &base, batch, nb);
			int nr = 0;
			for (size_t b = 0; !rc && b < nb; b++) {
				struct candidate *k = batch[b];
				if (!k->target || (!o->import_duplicates &&
				    strset_has(&have, arena_printf(&a, "%" PRId64 "\t%s", k->id, k->target))))
					continue;
				rows[nr++] = (struct translation_row){ k->id, k->public_id, k->target, NULL,
								       NULL, approves(o, k), k->best.score };
				n->approved += approves(o, k);
			}
			if (!rc && nr)
				rc = translation_rows_add(c, p->id, node_id, &ro, rows, nr);
			added += nr;
			nb = 0;
		}
	}
	free(batch);
	free(rows);
	strset_release(&have);
	strset_release(&translated);
	arena_release(&a);
	n->added += added;
	if (!rc && added && (stats_recount(c, node_id, language_id) ||
				(o->approve && tm_units_queue(c, p->id, node_id, language_id))))
		rc = MODEL_ERROR;
	return rc;
}

static int run(struct db_conn *c, const struct project *p, const int64_t *nodes, size_t n_nodes,
	       const int *langs, size_t n_langs, const struct pretranslate_opts *o)
{
	struct pretranslate_counts n = { 0 };
	for (size_t i = 0; i < n_nodes; i++)
		for (size_t j = 0; j < n_langs; j++)
			if (pretranslate_node(c, p, nodes[i], langs[j], o, &n))
				return MODEL_ERROR;
	return MODEL_OK;
}

static int64_t strings_in(struct db_conn *c, const int64_t *nodes, size_t n)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t k = db_int(c, 0, "SELECT strings FROM node_stats WHERE node_id = ? AND "
				   "language_id = 0", "i", nodes[i]);
		if (k < 0)
			return -1;
		total += k;
	}
	return total;
}

int pretranslate_request(struct db_conn *c, const struct project *p, const int64_t *nodes,
			 size_t n_nodes, const int *langs, size_t n_langs,
			 const struct pretranslate_opts *o, bool *queued)
{
	int64_t strings = strings_in(c, nodes, n_nodes);
	if (strings < 0)
		return MODEL_ERROR;
	*queued = o->engine || strings * (int64_t)n_langs > PRETRANSLATE_INLINE;
	if (!*queued)
		return run(c, p, nodes, n_nodes, langs, n_langs, o);
	json_t *files = json_array(), *ls = json_array();
	for (size_t i = 0; i < n_nodes; i++)
		json_array_append_new(files, json_integer(nodes[i]));
	for (size_t i = 0; i < n_langs; i++)
		json_array_append_new(ls, json_integer(langs[i]));
	json_t *j = json_pack("{s:o,s:o,s:s?,s:I,s:b,s:i,s:b,s:b,s:b,s:I}", "files", files,
			      "languages", ls, "engine", o->engine,
			      "account", (json_int_t)o->account_id, "approve", o->approve,
			      "auto_approve", (int)o->auto_approve, "duplicates", o->import_duplicates,
			      "untranslated_only", o->untranslated_only, "perfect", o->perfect_match,
			      "author", (json_int_t)o->author_id);
	char *params = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	int64_t now = time(NULL);
	int rc = db_exec(c, "INSERT INTO job (project_id, kind, params, created, updated) "
			 "VALUES (?, '" PRETRANSLATE_JOB "', ?, ?, ?)", "isii", p->id, params, now, now)
		 ? MODEL_ERROR : MODEL_OK;
	free(params);
	return rc;
}

/* The strings of a node without any translation in the language: ids and sources. */
static int untranslated(struct db_conn *c, struct arena *a, int64_t node_id, int language_id,
			struct translation_row **rows, const char ***sources, size_t *n)
{
	struct db_stmt *st = db_query(c, "SELECT s.id, s.public_id, s.source FROM string s WHERE "
				      "s.node_id = ? AND s.hidden = 0 AND NOT EXISTS (SELECT 1 FROM "
				      "translation t WHERE t.string_id = s.id AND t.language_id = ?) "
				      "ORDER BY s.position, s.id", "ii", node_id, (int64_t)language_id);
	size_t cap = 0;
	*n = 0;
	int step = st ? 0 : -1;
	while (st && (step = db_step(st)) == 1) {
		if (*n == cap) {
			size_t nc = cap ? 2 * cap : 256;
			struct translation_row *r = arena_alloc(a, nc * sizeof(*r));
			const char **sv = arena_alloc(a, nc * sizeof(*sv));
			if (*n) {
				memcpy(r, *rows, *n * sizeof(*r));
				memcpy(sv, *sources, *n * sizeof(*sv));
			}
			*rows = r;
			*sources = sv;
			cap = nc;
		}
		(*rows)[*n] = (struct translation_row){ .string_id = db_col_int(st, 0),
							.public_id = db_col_int(st, 1), .tm_match = -1 };
		(*sources)[(*n)++] = arena_strdup(a, db_col_text(st, 2));
	}
	db_done(st);
	return step < 0 ? MODEL_ERROR : MODEL_OK;
}

#define MT_CHUNK 500

/*
 * One node into one language by machine translation: read, then translated
 * a chunk at a time with no transaction open while the engine works, each
 * chunk written in a transaction of its own.
 */
static int mt_node(struct db_conn *c, const struct mt_conf *mc, const struct project *p,
		   int64_t node_id, int language_id, int64_t author)
{
	struct arena a;
	arena_init(&a);
	struct translation_row *rows = NULL;
	const char **sources = NULL;
	size_t n = 0;
	int rc = db_begin(c, false) ? MODEL_ERROR
		 : untranslated(c, &a, node_id, language_id, &rows, &sources, &n);
	db_rollback(c);
	const char *src = language_by_id(p->source_language_id)->crowdin_code;
	const char *tgt = language_by_id(language_id)->crowdin_code;
	struct translation_rows_opts ro = { language_id, author, "mt" };
	char **out = xcalloc(MT_CHUNK, sizeof(*out));
	for (size_t at = 0; !rc && at < n; at += MT_CHUNK) {
		size_t k = n - at < MT_CHUNK ? n - at : MT_CHUNK;
		struct mt_error err = { 0 };
		if (mt_translate(mc, src, tgt, sources + at, k, out, &err) != MT_OK) {
			log_warn("pre-translate: %s into %s: %s (%s)", mc->engine, tgt,
				 mt_status_name(err.status), err.message);
			rc = MODEL_ERROR;
			break;
		}
		size_t got = 0;
		for (size_t i = 0; i < k; i++)
			if (out[i]) {	/* a string the engine damaged (a placeholder lost) gets none */
				rows[at + got] = rows[at + i];
				rows[at + got++].text = arena_strdup(&a, out[i]);
			}
		for (size_t i = 0; i < k; i++) {
			free(out[i]);
			out[i] = NULL;
		}
		if (!got)
			continue;
		if (db_begin(c, true)) {
			rc = MODEL_ERROR;
			break;
		}
		if (translation_rows_add(c, p->id, node_id, &ro, rows + at, (int)got) ||
		    stats_recount(c, node_id, language_id) || db_commit(c)) {
			db_rollback(c);
			rc = MODEL_ERROR;
		}
	}
	free(out);
	arena_release(&a);
	return rc;
}

/* Before file i into language j of a job's run: tell how far it is. */
static void progress(struct db_conn *c, const struct pretranslate_progress *pr, const int64_t *nodes,
		     size_t nf, size_t i, const int *langs, size_t nl, size_t j)
{
	if (!pr || !pr->fn)
		return;
	struct arena a;
	arena_init(&a);
	const char *path = !db_begin(c, false) ? node_path(c, &a, nodes[i]) : NULL;
	db_rollback(c);
	const struct language *l = language_by_id(langs[j]);
	pr->fn(pr->ctx, (int)((i * nl + j) * 100 / (nf * nl)), path ? path : "", l ? l->name : "");
	arena_release(&a);
}

static int mt_run(struct db_conn *c, const struct config *cfg, const char *engine,
		  const struct project *p, const int64_t *nodes, size_t nf, const int *langs, size_t nl,
		  int64_t author, const struct pretranslate_progress *pr)
{
	struct mt_conf mc;
	struct arena a;
	arena_init(&a);
	int rc = db_begin(c, false) ? MODEL_ERROR : MODEL_OK;
	if (!rc)	/* the project's own key, region and URL over the server's */
		rc = project_mt_conf(c, &a, cfg, p->id, engine, &mc) ? MODEL_ERROR : MODEL_OK;
	db_rollback(c);
	for (size_t i = 0; !rc && i < nf; i++)
		for (size_t j = 0; !rc && j < nl; j++) {
			progress(c, pr, nodes, nf, i, langs, nl, j);
			rc = mt_node(c, &mc, p, nodes[i], langs[j], author);
		}
	arena_release(&a);
	return rc;
}

/*
 * A job's run from the memory: one file into one language a transaction, so
 * that a big run never holds SQLite's one writer for its whole length, and
 * the job can say how far it is (which also renews its lease).
 */
static int tm_run(struct db_conn *c, const struct project *p, const int64_t *nodes, size_t nf,
		  const int *langs, size_t nl, const struct pretranslate_opts *o,
		  const struct pretranslate_progress *pr)
{
	struct pretranslate_counts n = { 0 };
	int rc = MODEL_OK;
	for (size_t i = 0; !rc && i < nf; i++)
		for (size_t j = 0; !rc && j < nl; j++) {
			progress(c, pr, nodes, nf, i, langs, nl, j);
			if (db_begin(c, true))
				return MODEL_ERROR;
			rc = pretranslate_node(c, p, nodes[i], langs[j], o, &n);
			if (rc)
				db_rollback(c);
			else
				rc = db_commit(c) ? MODEL_ERROR : MODEL_OK;
		}
	return rc;
}

int pretranslate_job(struct db_conn *c, struct tm_memory *tm, const struct config *cfg,
		     int64_t project_id, const char *params, const struct pretranslate_progress *pr)
{
	json_t *j = json_loads(params, 0, NULL);
	json_t *files = json_object_get(j, "files"), *ls = json_object_get(j, "languages");
	size_t nf = json_array_size(files), nl = json_array_size(ls);
	int64_t *nodes = xcalloc(nf ? nf : 1, sizeof(*nodes));
	int *langs = xcalloc(nl ? nl : 1, sizeof(*langs));
	for (size_t i = 0; i < nf; i++)
		nodes[i] = json_integer_value(json_array_get(files, i));
	for (size_t i = 0; i < nl; i++)
		langs[i] = (int)json_integer_value(json_array_get(ls, i));
	struct pretranslate_opts o = {
		.tm = tm, .account_id = json_integer_value(json_object_get(j, "account")),
		.approve = json_is_true(json_object_get(j, "approve")),
		.auto_approve = (enum auto_approve)json_integer_value(json_object_get(j, "auto_approve")),
		.import_duplicates = json_is_true(json_object_get(j, "duplicates")),
		.untranslated_only = json_is_true(json_object_get(j, "untranslated_only")),
		.perfect_match = json_is_true(json_object_get(j, "perfect")),
		.author_id = json_integer_value(json_object_get(j, "author")),
	};
	const char *engine = json_string_value(json_object_get(j, "engine"));
	struct arena a;
	arena_init(&a);
	struct project p;
	int rc = db_begin(c, false) ? MODEL_ERROR : project_by_id(c, &a, project_id, &p);
	db_rollback(c);
	if (!rc)
		rc = engine ? mt_run(c, cfg, engine, &p, nodes, nf, langs, nl, o.author_id, pr)
			    : tm_run(c, &p, nodes, nf, langs, nl, &o, pr);
	json_decref(j);
	arena_release(&a);
	free(nodes);
	free(langs);
	return rc;
}
