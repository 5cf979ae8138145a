/*
 * upload-glossary (TBX, or CSV/XLSX with a scheme of term_{lang},
 * description_{lang} and none) and download-glossary (TBX), crowdin-v1.md
 * 2.14.  A file that cannot be read answers 25 with the reason and leaves
 * nothing (the call's transaction goes).
 */
#include "api/crowdin_v1/v1.h"
#include "core/mem.h"
#include "exchange/exchange.h"
#include "http/attachment.h"
#include "http/upload.h"
#include "model/glossary.h"
#include "model/languages.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct glossary_upload {
	struct call *c;
	int mine[V1_MAX_LANGUAGES], n_mine;
	int64_t concept;
};

/* One entry: a concept of its terms in every language tolk knows. */
static int entry_terms(void *ctx, const struct tbx_entry *e)
{
	struct glossary_upload *u = ctx;
	size_t n = 0;
	for (size_t i = 0; i < e->n_langs; i++)
		n += e->langs[i].n_terms;
	struct glossary_term *t = xcalloc(n ? n : 1, sizeof(*t));
	size_t k = 0;
	for (size_t i = 0; i < e->n_langs; i++) {
		const struct tbx_lang *l = &e->langs[i];
		const struct language *lang = v1_tag_language(u->c, l->lang, u->mine, u->n_mine);
		const char *desc = l->definition ? l->definition : e->definition ? e->definition : "";
		for (size_t j = 0; lang && j < l->n_terms; j++)
			if (*l->terms[j].text)
				t[k++] = (struct glossary_term){ u->concept, lang->id, l->terms[j].text, desc,
								 l->terms[j].pos ? l->terms[j].pos : "" };
	}
	int rc = k && glossary_add(u->c->db, u->c->project.id, t, k) ? -1 : 0;
	u->concept += k > 0;
	free(t);
	return rc;
}

int v1_upload_glossary(struct call *c)
{
	const struct params *p = &c->r->params;
	struct param *f = params_get(p, "file");
	if (!f || !f->file)
		return V1_NO_FILES;
	struct glossary_upload u = { .c = c };
	u.n_mine = project_languages(c->db, c->project.id, u.mine, V1_MAX_LANGUAGES);
	if (u.n_mine < 0 || (u.concept = glossary_next_concept(c->db, c->project.id)) < 0)
		return V1_UNKNOWN_INTERNAL;
	size_t len;
	const char *data = upload_map(f->file, &len);
	if (!data && len)
		return V1_UNKNOWN_INTERNAL;
	struct xch_error err = { 0 };
	int rc;
	if (xch_is_xml(data, len)) {
		rc = tbx_read(data, len, entry_terms, &u, &err);
	} else {
		const char *scheme = params_str(p, "scheme");
		struct xch_scheme s;
		if (!scheme || !*scheme) {
			upload_unmap(data, len);
			return V1_NO_SCHEME;
		}
		if (xch_scheme_parse(scheme, XCH_SCHEME_GLOSSARY, &s, &err)) {
			upload_unmap(data, len);
			c->error_detail = arena_strdup(c->a, err.msg);
			return V1_BAD_SCHEME;
		}
		/* "first_line_contains_header" with no value means true (crowdin-v1.md 1.5) */
		rc = glossary_sheet_read(data, len, SHEET_AUTO, scheme,
					 params_bool(p, "first_line_contains_header", false), entry_terms,
					 &u, &err);
	}
	upload_unmap(data, len);
	if (rc) {
		if (!*err.msg)
			return V1_UNKNOWN_INTERNAL;
		c->error_detail = err.line ? arena_printf(c->a, "line %zu: %s", err.line, err.msg)
					   : arena_strdup(c->a, err.msg);
		return V1_GLOSSARY_ERROR;
	}
	v1_success(c);
	return 0;
}

/* The terms of one concept gathered, then written as a TBX entry. */
struct glossary_download {
	struct buf *out;
	int64_t concept;
	struct tbx_lang langs[64];
	struct tbx_term terms[256];
	size_t n_langs, n_terms;
	struct arena a;
};

static int entry_flush(struct glossary_download *d)
{
	if (!d->n_langs)
		return 0;
	struct tbx_entry e = { .id = arena_printf(&d->a, "c%lld", (long long)d->concept),
			       .langs = d->langs, .n_langs = d->n_langs };
	int rc = tbx_write_entry(d->out, &e);
	d->n_langs = d->n_terms = 0;
	arena_release(&d->a);
	arena_init(&d->a);
	return rc;
}

#define ENTRY_LANGS (sizeof(((struct glossary_download *)0)->langs) / sizeof(struct tbx_lang))
#define ENTRY_TERMS (sizeof(((struct glossary_download *)0)->terms) / sizeof(struct tbx_term))

static int term_in(void *ctx, const struct glossary_term *t)
{
	struct glossary_download *d = ctx;
	const char *code = language_by_id(t->language_id)->crowdin_code;
	struct tbx_lang *l = d->n_langs ? &d->langs[d->n_langs - 1] : NULL;
	bool new_lang = !l || strcmp(l->lang, code);
	/* a concept's end, or more than an entry holds here: the entry goes out */
	if (d->n_langs && (t->concept != d->concept || d->n_terms == ENTRY_TERMS ||
			   (new_lang && d->n_langs == ENTRY_LANGS))) {
		if (entry_flush(d))
			return -1;
		new_lang = true;
	}
	d->concept = t->concept;
	if (new_lang) {
		l = &d->langs[d->n_langs++];
		*l = (struct tbx_lang){ .lang = code, .terms = &d->terms[d->n_terms],
					.definition = *t->description ? arena_strdup(&d->a, t->description)
								      : NULL };
	}
	d->terms[d->n_terms++] = (struct tbx_term){ arena_strdup(&d->a, t->term),
						    *t->part_of_speech ? arena_strdup(&d->a, t->part_of_speech)
								       : NULL };
	l->n_terms++;
	return 0;
}

int v1_download_glossary(struct call *c)
{
	struct response *resp = &c->r->resp;
	struct glossary_download *d = xcalloc(1, sizeof(*d));
	d->out = &resp->body;
	arena_init(&d->a);
	buf_reset(d->out);
	tbx_write_begin(d->out, language_by_id(c->project.source_language_id)->crowdin_code);
	long n = glossary_each(c->db, c->project.id, term_in, d);
	int rc = n < 0 || entry_flush(d) ? V1_UNKNOWN_INTERNAL : 0;
	arena_release(&d->a);
	free(d);
	if (rc)
		return rc;
	tbx_write_end(&resp->body);
	resp->status = 200;
	resp->content_type = "application/x-tbx+xml";
	response_header(c->r, "Content-Disposition",
			http_attachment(c->a, arena_printf(c->a, "%s.tbx", c->project.identifier)));
	c->raw = true;
	return 0;
}
