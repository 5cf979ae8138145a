/*
 * tm-search: the project's translation memory asked for one source text (a
 * tolk call next to Crowdin's, for tools and the editor).  Parameters:
 * language (target, required), text (required), context, limit (1..50,
 * default 5), threshold (0..101, default 70).  Matches come best first, each
 * with its score, texts, origin and how its source aligns with the text.
 */
#include "api/crowdin_v1/v1.h"
#include "model/languages.h"
#include "model/tm_memory.h"
#include "tm/score.h"

#include <string.h>

#define SEARCH_MAX 50

static const char *const op_names[] = {
	[TM_OP_EQUAL] = "equal", [TM_OP_SUB] = "replace", [TM_OP_INS] = "insert", [TM_OP_DEL] = "delete",
};

/* A number parameter in [lo, hi], def when absent; false when it is not one. */
static bool int_param(struct call *c, const char *name, long long lo, long long hi, long long def,
		      long long *out)
{
	bool ok = true;
	*out = params_int(&c->r->params, name, def, &ok);
	if (!ok || *out < lo || *out > hi) {
		c->error_detail = arena_printf(c->a, "%s must be a whole number from %lld to %lld",
					       name, lo, hi);
		return false;
	}
	return true;
}

static void add_alignment(struct call *c, struct rv *m, const struct tm_hit *h)
{
	struct rv *list = rv_list(c->a, m, "alignment", "span");
	for (size_t i = 0; i < h->n_spans; i++) {
		const struct tm_span *s = &h->spans[i];
		struct rv *o = rv_obj(c->a, list, NULL);
		rv_str(c->a, o, "op", op_names[s->op]);
		rv_int(c->a, o, "text_offset", (int64_t)s->q_off);
		rv_int(c->a, o, "text_length", (int64_t)s->q_len);
		rv_int(c->a, o, "source_offset", (int64_t)s->u_off);
		rv_int(c->a, o, "source_length", (int64_t)s->u_len);
	}
}

int v1_tm_search(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *code = params_str(p, "language");
	if (!code)
		return V1_NO_LANGUAGE;
	const struct language *lang = v1_project_language(c, code);
	if (!lang)
		return V1_LANGUAGE_NOT_FOUND;
	const char *text = params_str(p, "text");
	long long limit, threshold;
	if (!text || !*text) {
		c->error_detail = "text: the source text to look up is required";
		return V1_INVALID_PARAMETERS;
	}
	if (!int_param(c, "limit", 1, SEARCH_MAX, 5, &limit) ||
	    !int_param(c, "threshold", 0, 101, 70, &threshold))
		return V1_INVALID_PARAMETERS;
	struct tm_search q = {
		.source_language_id = c->project.source_language_id, .target_language_id = lang->id,
		.text = text, .context = params_str(p, "context"),
		.account_id = c->project.use_global_tm ? 0 : c->project.owner_id,
		.min_score = (int)threshold, .k = (size_t)limit,
	};
	struct tm_hit *hits;
	size_t n;
	if (tm_memory_search(c->app->tm, c->db, c->a, &q, &hits, &n))
		return V1_UNKNOWN_INTERNAL;
	c->reply = rv_new_obj(c->a);
	struct rv *list = rv_list(c->a, c->reply, "matches", "match");
	for (size_t i = 0; i < n; i++) {
		const struct tm_hit *h = &hits[i];
		struct rv *m = rv_obj(c->a, list, NULL);
		rv_int(c->a, m, "score", h->score);
		rv_str(c->a, m, "source", h->unit.source);
		rv_str(c->a, m, "target", h->unit.target);
		rv_str(c->a, m, "context", h->unit.context);
		rv_str(c->a, m, "origin", h->unit.origin);
		rv_bool(c->a, m, "auto_substituted", h->auto_subst);
		rv_str(c->a, m, "created", v1_date(c->a, h->unit.created, ""));
		add_alignment(c, m, h);
	}
	c->xml_name = "tm";
	return 0;
}
