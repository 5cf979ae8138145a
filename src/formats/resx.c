/*
 * .NET resources (.resx): <data name="..." xml:space="preserve"><value>
 * text</value><comment>note</comment></data>.  Key = name, comment =
 * <comment>.  Data with a type= or mimetype= attribute (images, files,
 * serialized objects) is not text and stays untouched, as do <resheader>,
 * <metadata>, <assembly> and the schema.  A translated write replaces only
 * the <value> text; skipped units lose their <data> element.
 */
#include "formats/formats_list.h"
#include "formats/tmpl.h"
#include "formats/xmlutil.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

enum { R_DATA, R_VALUE, R_EMPTY_VALUE };

struct resx_layout {
	struct xdoc x;
	struct tmpl t;
};

static void layout_free(void *p)
{
	struct resx_layout *l = p;
	xdoc_free(&l->x);
	tmpl_free(&l->t);
	free(l);
}

static int read_data(struct fmt_doc *doc, struct resx_layout *l, uint32_t d, struct fmt_error *err)
{
	const struct xdoc *x = &l->x;
	size_t off, len;
	if (xn_attr_span(x, d, "type", &off, &len) || xn_attr_span(x, d, "mimetype", &off, &len))
		return 0;
	uint32_t v = xn_child(x, d, "value");
	char *name = xn_attr(x, d, "name");
	if (!name || v == XN_NONE) {
		size_t line = xu_line(x->data, x->n[d].start);
		fmt_error_set(err, line, x->n[d].start, "line %zu: <data> without name or <value>", line);
		free(name);
		return -1;
	}
	struct unit *u = fmt_doc_add_unit(doc);
	size_t idx = doc->n_units - 1;
	u->key = name;
	if (!(u->source = xn_text_dup(x, v, err)))
		return -1;
	uint32_t c = xn_child(x, d, "comment");
	if (c != XN_NONE && !(u->comment = xn_text_dup(x, c, err)))
		return -1;
	tmpl_add(&l->t, xn_line_start(x, x->n[d].start), x->n[d].end, idx, R_DATA, 0);
	if (x->n[v].empty)
		tmpl_add(&l->t, x->n[v].start, x->n[v].end, idx, R_EMPTY_VALUE, 0);
	else
		tmpl_add(&l->t, x->n[v].tag_end, x->n[v].inner_end, idx, R_VALUE, 0);
	return 0;
}

static int resx_parse(const char *data, size_t len, const struct fmt_options *opt,
		      struct fmt_doc *doc, struct fmt_error *err)
{
	struct resx_layout *l = xcalloc(1, sizeof(*l));
	doc->layout = l;
	doc->layout_free = layout_free;
	if (xdoc_load(&l->x, data, len, 0, err))
		return -1;
	xdoc_keep(&l->x);
	const struct xdoc *x = &l->x;
	if (!xn_is(x, x->root, "root")) {
		size_t line = xu_line(x->data, x->n[x->root].start);
		fmt_error_set(err, line, x->n[x->root].start, "line %zu: root element is not <root>",
			      line);
		return -1;
	}
	for (uint32_t d = xn_child(x, x->root, "data"); d != XN_NONE; d = xn_next_elem(x, d, "data"))
		if (read_data(doc, l, d, err))
			return -1;
	tmpl_seal(&l->t);
	return 0;
}

struct writer {
	const struct fmt_doc *doc;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct xstyle st;	/* the source's */
};

static int resx_span(void *ctx, const struct tspan *sp, struct buf *out)
{
	struct writer *wr = ctx;
	bool same;
	const char *s = tmpl_text(wr->doc, wr->w, sp->unit, &same);
	if (!s)
		return TS_DROP;
	const struct fmt_spelling *sl = tmpl_spelled(tmpl_tr(wr->w, sp->unit), FMT_SPELL_TEXT, s, 0);
	if (sp->kind == R_DATA || (same && !sl))
		return TS_KEEP;
	if (sp->kind == R_EMPTY_VALUE)
		buf_adds(out, "<value>");
	if (sl ? buf_add(out, sl->s, sl->len) : xu_put_style(out, s, strlen(s), 0, &wr->st)) {
		fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8",
			      wr->doc->units[sp->unit].key);
		return -1;
	}
	if (sp->kind == R_EMPTY_VALUE)
		buf_adds(out, "</value>");
	return TS_DONE;
}

static int resx_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		      const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct resx_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .w = w, .err = err };
	xstyle_detect(&l->x, &wr.st);
	return xdoc_write(&l->x, &l->t, resx_span, &wr, out, err);
}

/* Spellings: the inner bytes of each <value> that has some. */
static void resx_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct resx_layout *l = doc->layout;
	for (size_t i = 0; i < l->t.n; i++)	/* the text is the xdoc's */
		if (l->t.sp[i].kind == R_VALUE)
			tmpl_spell(fn, ctx, l->t.sp[i].unit, FMT_SPELL_TEXT, l->x.data, l->t.sp[i].start,
				   l->t.sp[i].end, 0);
}

static const char *const resx_ext[] = { "resx", NULL };

const struct fmt_format fmt_resx = {
	.name = "resx",
	.extensions = resx_ext,
	.mime = "application/xml",
	.parse = resx_parse,
	.write = resx_write,
	.spellings = resx_spellings,
	.emit = NULL,
};
