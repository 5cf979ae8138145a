/*
 * The editor's help beside one string (docs/editor.md, "Help: TM, MT,
 * glossary"), each GET .../editor/{lang}/strings/{id}/...:
 *   tm        the translation memory's matches for the source, best first,
 *             with a word diff and where each came from;
 *   mt        the project's machine-translation engines' suggestions, each
 *             text sent to an engine once (model/mt_cache.h);
 *   glossary  the glossary's terms found in the source, with their
 *             translations into {lang}.
 * {lang} and the member's right to see it as the editor's reads have them.
 */
#include "api/webapp/editor_int.h"
#include "core/log.h"
#include "model/editor.h"
#include "model/glossary.h"
#include "model/languages.h"
#include "model/mt_cache.h"
#include "model/project_mt.h"
#include "model/textdiff.h"
#include "model/tm_memory.h"
#include "mt/mt.h"

#include <stdlib.h>
#include <string.h>

#define HELP_TM_MATCHES 10
#define HELP_TM_MIN_SCORE 60	/* the lowest band the fuzzy cost report prices */
/* an editor waits for the answer: fewer tries and less time than a job's */
#define HELP_MT_ATTEMPTS 2
#define HELP_MT_TIMEOUT_MS 15000

struct help_call {
	struct editor_call x;		/* the language and the string id of the URL */
	const struct language *lang;
	struct editor_string s;
	/* tm */
	struct tm_hit *hits;
	struct tm_origin *origins;
	size_t n_hits;
	/* mt: per engine, a kept translation, a new one, or why there is none */
	struct mt_conf *engines;
	size_t n_engines;
	const char **cached, **fresh, **error;
	/* glossary */
	struct glossary_hit *terms;
	size_t n_terms;
};

/* {lang} and the string {id}: 0, or the 404 / 403 / 500 already answered. */
static int load_string(struct call *c, struct help_call *x)
{
	int st = editor_load_language(c, &x->x);
	if (st)
		return st;
	x->lang = x->x.lang;
	int rc = editor_string_detail(c->db, c->a, c->project.id, x->x.public_id, x->lang->id, NULL,
				      0, &x->s);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such string");
	return rc ? app_fail(c, 500, "internal", "internal error (editor string)") : 0;
}

/* Run read (in a read transaction) for the string of the URL. */
static int help_read(struct call *c, struct help_call *x, int (*read)(struct call *c, void *ctx))
{
	int st = editor_string_id(c, &x->x);
	return st ? st : app_txn(c, false, read, x);
}

/* ---- tm ---- */

static int read_tm(struct call *c, void *p)
{
	struct help_call *x = p;
	int st = load_string(c, x);
	if (st)
		return st;
	/* the project's memory as pre-translation and addTranslation search it */
	struct tm_search q = {
		.source_language_id = c->project.source_language_id,
		.target_language_id = x->lang->id,
		.text = x->s.source, .context = x->s.context && *x->s.context ? x->s.context : x->s.key,
		.account_id = c->project.use_global_tm ? 0 : c->project.owner_id,
		.min_score = HELP_TM_MIN_SCORE, .k = HELP_TM_MATCHES,
	};
	if (tm_memory_search(c->app->tm, c->db, c->a, &q, &x->hits, &x->n_hits))
		return app_fail(c, 500, "internal", "internal error (translation memory)");
	x->origins = arena_alloc(c->a, (x->n_hits ? x->n_hits : 1) * sizeof(*x->origins));
	for (size_t i = 0; i < x->n_hits; i++)
		if (tm_unit_origin(c->db, c->a, &x->hits[i].unit, c->account.id, &x->origins[i]))
			return app_fail(c, 500, "internal", "internal error (TM origin)");
	return 0;
}

static void reply_text_or_null(struct arena *a, struct rv *o, const char *name, const char *v)
{
	if (v)
		rv_str(a, o, name, v);
	else
		rv_null(a, o, name);
}

int app_editor_tm(struct call *c)
{
	struct help_call x = { 0 };
	int st = help_read(c, &x, read_tm);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	struct rv *list = rv_list(a, c->reply, "matches", "match");
	for (size_t i = 0; i < x.n_hits; i++) {
		const struct tm_hit *h = &x.hits[i];
		struct rv *m = rv_obj(a, list, NULL);
		rv_int(a, m, "score", h->score);
		rv_str(a, m, "source", h->unit.source);
		rv_str(a, m, "target", h->unit.target);
		struct textdiff_op *ops;
		size_t n;
		textdiff_words(a, h->unit.source, x.s.source, &ops, &n);
		struct rv *diff = rv_list(a, m, "diff", "op");
		for (size_t k = 0; k < n; k++) {
			struct rv *op = rv_list(a, diff, NULL, "part");
			rv_str(a, op, NULL, arena_strndup(a, &ops[k].op, 1));
			rv_str(a, op, NULL, ops[k].text);
		}
		struct rv *o = rv_obj(a, m, "origin");
		reply_text_or_null(a, o, "project", x.origins[i].project);
		reply_text_or_null(a, o, "file", x.origins[i].file);
		reply_text_or_null(a, o, "author", x.origins[i].author);
		rv_int(a, o, "created", h->unit.created);
	}
	return 0;
}

/* ---- mt ---- */

static int read_mt(struct call *c, void *p)
{
	struct help_call *x = p;
	int st = load_string(c, x);
	if (st)
		return st;
	if (project_mt_engines(c->db, c->a, c->app->cfg, c->project.id, &x->engines, &x->n_engines))
		return app_fail(c, 500, "internal", "internal error (MT engines)");
	size_t n = x->n_engines ? x->n_engines : 1;
	x->cached = arena_alloc(c->a, n * sizeof(*x->cached));
	x->fresh = arena_alloc(c->a, n * sizeof(*x->fresh));
	x->error = arena_alloc(c->a, n * sizeof(*x->error));
	for (size_t i = 0; i < x->n_engines; i++)
		x->cached[i] = mt_cache_get(c->db, c->a, x->engines[i].engine,
					    c->project.source_language_id, x->lang->id, x->s.source);
	return 0;
}

/* Ask engine i (no transaction open: it may take seconds). */
static void ask_engine(struct call *c, struct help_call *x, size_t i)
{
	struct mt_conf mc = x->engines[i];
	if (!mc.max_attempts || mc.max_attempts > HELP_MT_ATTEMPTS)
		mc.max_attempts = HELP_MT_ATTEMPTS;
	if (!mc.timeout_ms || mc.timeout_ms > HELP_MT_TIMEOUT_MS)
		mc.timeout_ms = HELP_MT_TIMEOUT_MS;
	const char *text = x->s.source;
	char *out = NULL;
	struct mt_error err = { 0 };
	enum mt_status rc = mt_translate(&mc, language_by_id(c->project.source_language_id)->crowdin_code,
					 x->lang->crowdin_code, &text, 1, &out, &err);
	if (rc != MT_OK) {
		log_warn("editor mt: %s into %s: %s (%s)", mc.engine, x->lang->crowdin_code,
			 mt_status_name(err.status), err.message);
		x->error[i] = arena_printf(c->a, "%s: %s", mt_status_name(err.status), err.message);
	} else if (!out) {
		x->error[i] = "the engine's translation lost a placeholder or tag of the source";
	} else {
		x->fresh[i] = arena_strdup(c->a, out);
	}
	free(out);
}

static int keep_fresh(struct call *c, void *p)
{
	struct help_call *x = p;
	for (size_t i = 0; i < x->n_engines; i++)
		if (x->fresh[i] && mt_cache_put(c->db, x->engines[i].engine,
						c->project.source_language_id, x->lang->id,
						x->s.source, x->fresh[i]))
			return app_fail(c, 500, "internal", "internal error (MT cache)");
	return 0;
}

int app_editor_mt(struct call *c)
{
	struct help_call x = { 0 };
	int st = help_read(c, &x, read_mt);
	if (st)
		return st;
	bool asked = false;
	for (size_t i = 0; i < x.n_engines; i++)
		if (!x.cached[i]) {
			ask_engine(c, &x, i);
			asked |= x.fresh[i] != NULL;
		}
	if (asked && (st = app_txn(c, true, keep_fresh, &x)))
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	struct rv *engines = rv_list(a, c->reply, "engines", "engine");
	struct rv *sugg = rv_list(a, c->reply, "suggestions", "suggestion");
	struct rv *errors = rv_list(a, c->reply, "errors", "error");
	for (size_t i = 0; i < x.n_engines; i++) {
		rv_str(a, engines, NULL, x.engines[i].engine);
		const char *text = x.cached[i] ? x.cached[i] : x.fresh[i];
		struct rv *e = rv_obj(a, text ? sugg : errors, NULL);
		rv_str(a, e, "engine", x.engines[i].engine);
		if (text) {
			rv_str(a, e, "text", text);
			rv_bool(a, e, "cached", x.cached[i] != NULL);
		} else {
			rv_str(a, e, "message", x.error[i]);
		}
	}
	return 0;
}

/* ---- glossary ---- */

static int read_glossary(struct call *c, void *p)
{
	struct help_call *x = p;
	int st = load_string(c, x);
	if (st)
		return st;
	if (glossary_terms_in(c->db, c->a, c->project.id, c->project.source_language_id,
			      x->lang->id, x->s.source, &x->terms, &x->n_terms))
		return app_fail(c, 500, "internal", "internal error (glossary)");
	return 0;
}

int app_editor_glossary(struct call *c)
{
	struct help_call x = { 0 };
	int st = help_read(c, &x, read_glossary);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	struct rv *list = rv_list(a, c->reply, "terms", "term");
	for (size_t i = 0; i < x.n_terms; i++) {
		const struct glossary_hit *t = &x.terms[i];
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "term", t->term);
		struct rv *tr = rv_list(a, o, "translations", "translation");
		for (size_t k = 0; k < t->n_translations; k++)
			rv_str(a, tr, NULL, t->translations[k]);
		rv_str(a, o, "description", t->description);
		rv_str(a, o, "part_of_speech", t->part_of_speech);
	}
	return 0;
}
