/*
 * Translation memory calls: upload-tm and download-tm (crowdin-v1.md 2.14,
 * TMX or a spreadsheet with a scheme), and tm-search.
 *
 * tm-search: the project's translation memory asked for one source text (a
 * tolk call next to Crowdin's, for tools and the editor).  Parameters:
 * language (target, required), text (required), context, limit (1..50,
 * default 5), threshold (0..101, default 70).  Matches come best first, each
 * with its score, texts, origin and how its source aligns with the text.
 */
#include "api/crowdin_v1/v1.h"
#include "core/mem.h"
#include "exchange/exchange.h"
#include "http/attachment.h"
#include "http/upload.h"
#include "model/languages.h"
#include "model/tm_memory.h"
#include "tm/score.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	const struct language *lang;
	int rc = v1_language_param(c, &lang);
	if (rc)
		return rc;
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

/* ---- upload-tm, download-tm (crowdin-v1.md 2.14) ---- */

#define UNITS_BATCH 500

/* What an upload gathers: units to write, in batches. */
struct tm_upload {
	struct call *c;
	struct tm_unit units[UNITS_BATCH];
	size_t n;
	int64_t added, skipped;
	struct arena batch;	/* the batch's texts */
	int mine[512], n_mine;	/* the project's target languages */
};

static int flush_units(struct tm_upload *u)
{
	int rc = u->n && tm_units_put(u->c->db, u->units, u->n) ? -1 : 0;
	u->added += (int64_t)u->n;
	u->n = 0;
	arena_release(&u->batch);
	arena_init(&u->batch);
	return rc;
}

/* One translation unit: a unit for each variant in another language than the source's. */
static int tu_units(void *ctx, const struct tmx_tu *tu)
{
	struct tm_upload *u = ctx;
	struct call *c = u->c;
	const struct language *src = tu->srclang && strcmp(tu->srclang, "*all*")
				     ? v1_tag_language(c, tu->srclang, u->mine, u->n_mine)
				     : language_by_id(c->project.source_language_id);
	const char *source = NULL;
	for (size_t i = 0; src && i < tu->n && !source; i++)
		if (v1_tag_language(c, tu->v[i].lang, u->mine, u->n_mine) == src)
			source = tu->v[i].text;
	if (!source || !*source) {
		u->skipped++;
		return 0;
	}
	for (size_t i = 0; i < tu->n; i++) {
		const struct language *tgt = v1_tag_language(c, tu->v[i].lang, u->mine, u->n_mine);
		if (!tgt || tgt == src || !*tu->v[i].text) {
			u->skipped += !tgt;
			continue;
		}
		u->units[u->n++] = (struct tm_unit){
			.account_id = c->project.owner_id, .project_id = c->project.id,
			.source_language_id = src->id, .target_language_id = tgt->id,
			.source = arena_strdup(&u->batch, source),
			.target = arena_strdup(&u->batch, tu->v[i].text),
			.context = arena_strdup(&u->batch, tu->context ? tu->context : ""),
			.origin = "tmx", .created = tu->created,
		};
		if (u->n == UNITS_BATCH && flush_units(u))
			return -1;
	}
	return 0;
}

int v1_upload_tm(struct call *c)
{
	const struct params *p = &c->r->params;
	struct param *f = params_get(p, "file");
	if (!f || !f->file)
		f = params_get(p, "tm");
	if (!f || !f->file)
		return V1_NO_TM;
	size_t len;
	const char *data = upload_map(f->file, &len);
	if (!data && len)
		return V1_UNKNOWN_INTERNAL;
	struct tm_upload *up = xcalloc(1, sizeof(*up));	/* too big for a stack */
	up->c = c;
	arena_init(&up->batch);
	up->n_mine = project_languages(c->db, c->project.id, up->mine, 512);
	if (up->n_mine < 0)
		up->n_mine = 0;
	struct xch_error err = { 0 };
	int rc;
	if (xch_is_xml(data, len)) {
		rc = tmx_read(data, len, tu_units, up, &err);
	} else {
		const char *scheme = params_str(p, "scheme");
		struct xch_scheme s;
		if (!scheme || !*scheme) {
			rc = V1_NO_SCHEME;
			goto out;
		}
		if (xch_scheme_parse(scheme, XCH_SCHEME_TM, &s, &err)) {
			c->error_detail = arena_strdup(c->a, err.msg);
			rc = V1_BAD_SCHEME;
			goto out;
		}
		for (size_t i = 0; i < s.n; i++)
			if (s.col[i].role == XCH_LANG && !language_by_tag(s.col[i].lang)) {
				c->error_detail = arena_printf(c->a, "scheme column %zu: unknown language "
							       "'%s'", i + 1, s.col[i].lang);
				rc = V1_BAD_SCHEME;
				goto out;
			}
		rc = tm_sheet_read(data, len, SHEET_AUTO, scheme,
				   params_bool(p, "first_line_contains_header", false), tu_units, up, &err);
	}
	if (!rc)
		rc = flush_units(up);
	if (rc) {
		/* the transaction goes: nothing of the file stays */
		c->error_detail = *err.msg ? (err.line ? arena_printf(c->a, "line %zu: %s", err.line, err.msg)
						       : arena_strdup(c->a, err.msg))
					   : NULL;
		rc = *err.msg ? V1_FILE_UPLOAD_ERROR : V1_UNKNOWN_INTERNAL;
		goto out;
	}
	v1_success(c);
out:
	upload_unmap(data, len);
	arena_release(&up->batch);
	free(up);
	return rc;
}

struct tm_download {
	struct buf *out;
	struct arena a;
};

static int unit_tu(void *ctx, const struct tm_unit *u)
{
	struct tm_download *d = ctx;
	struct tmx_variant v[2] = {
		{ language_by_id(u->source_language_id)->crowdin_code, u->source, u->created, u->updated },
		{ language_by_id(u->target_language_id)->crowdin_code, u->target, u->created, u->updated },
	};
	struct tmx_tu tu = { .srclang = v[0].lang, .context = *u->context ? u->context : NULL,
			     .created = u->created, .changed = u->updated, .v = v, .n = 2 };
	return tmx_write_tu(d->out, &tu);
}

int v1_download_tm(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *sc = params_str(p, "source_language"), *tc = params_str(p, "target_language");
	const struct language *src = sc && *sc ? language_by_code(sc)
				     : language_by_id(c->project.source_language_id);
	const struct language *tgt = tc && *tc ? language_by_code(tc) : NULL;
	if (!src || (tc && *tc && !tgt))
		return V1_LANGUAGE_NOT_FOUND;
	/* include_assigned=0: the units this project made, without those its memory shares */
	bool ok = true;
	long long shared = params_int(p, "include_assigned", 1, &ok);
	if (!ok || (shared != 0 && shared != 1)) {
		c->error_detail = "include_assigned must be 0 or 1";
		return V1_INVALID_PARAMETERS;
	}
	struct response *resp = &c->r->resp;
	struct tm_download d = { .out = &resp->body };
	buf_reset(d.out);
	tmx_write_begin(d.out, src->crowdin_code);
	long n = tm_units_of_account(c->db, c->project.owner_id, shared ? 0 : c->project.id, src->id,
				     tgt ? tgt->id : 0, unit_tu, &d);
	if (n < 0)
		return V1_UNKNOWN_INTERNAL;
	if (n == 0)
		return V1_TM_NOT_FOUND;
	tmx_write_end(d.out);
	resp->status = 200;
	resp->content_type = "application/x-tmx+xml";
	response_header(c->r, "Content-Disposition",
			http_attachment(c->a, arena_printf(c->a, "%s.tmx", c->project.identifier)));
	c->raw = true;
	return 0;
}
