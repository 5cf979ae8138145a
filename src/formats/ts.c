/*
 * Qt Linguist (.ts), as lupdate writes it.
 *
 * One unit per <message>: key = context name "\004" source, plus "\004"
 * comment when the message has a disambiguating <comment>; context = the
 * context name; comment = <extracomment> (else <comment>).  numerus="yes"
 * messages are plural units whose one/other forms are the source text.
 *
 * Writing sets language= on <TS> ("pt-BR" -> "pt_BR") and replaces the
 * <translation> of translated messages, without type="unfinished"; a
 * numerus message gets one <numerusform> per CLDR category of the target
 * language, in CLDR order (Qt's own form count differs for a few languages,
 * e.g. Russian has 3 there: lrelease then ignores the extra last form).  As
 * in XLIFF, a translation equal to the source leaves the message as it is
 * (untranslated: Qt falls back to the source); skip_untranslated leaves
 * untranslated messages out.
 */
#include "formats/formats_list.h"
#include "formats/tmpl.h"
#include "formats/xmlutil.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_LANG, T_MESSAGE, T_TRANSLATION };

struct ts_layout {
	struct xdoc x;
	struct tmpl t;
	uint32_t *tr;		/* <translation> of each unit */
	size_t alloc;
};

static void layout_free(void *p)
{
	struct ts_layout *l = p;
	xdoc_free(&l->x);
	tmpl_free(&l->t);
	free(l->tr);
	free(l);
}

static char *child_text(const struct xdoc *x, uint32_t m, const char *name, struct fmt_error *err,
			bool *failed)
{
	uint32_t c = xn_child(x, m, name);
	if (c == XN_NONE)
		return NULL;
	char *s = xn_text_dup(x, c, err);
	*failed |= s == NULL;
	return s;
}

/* The unit key: context "\004" source, plus "\004" comment when there is one. */
static char *message_key(const char *ctx, const char *src, const char *dis)
{
	size_t cl = strlen(ctx), sl = strlen(src), dl = dis ? strlen(dis) + 1 : 0;
	char *k = xmalloc(cl + sl + dl + 2), *p = k;
	memcpy(p, ctx, cl);
	p += cl;
	*p++ = '\004';
	memcpy(p, src, sl);
	p += sl;
	if (dis) {
		*p++ = '\004';
		memcpy(p, dis, dl - 1);
		p += dl - 1;
	}
	*p = '\0';
	return k;
}

static int read_message(struct fmt_doc *doc, struct ts_layout *l, const char *ctx, uint32_t m,
			struct fmt_error *err)
{
	const struct xdoc *x = &l->x;
	bool failed = false;
	char *src = child_text(x, m, "source", err, &failed);
	char *dis = child_text(x, m, "comment", err, &failed);
	char *extra = child_text(x, m, "extracomment", err, &failed);
	uint32_t tr = xn_child(x, m, "translation");
	if (failed || !src || tr == XN_NONE) {
		free(src);
		free(dis);
		free(extra);
		if (failed)
			return -1;
		size_t line = xu_line(x->data, x->n[m].start);
		fmt_error_set(err, line, x->n[m].start,
			      "line %zu: <message> without <source> or <translation>", line);
		return -1;
	}
	struct unit *u = fmt_doc_add_unit(doc);
	size_t idx = doc->n_units - 1;
	u->key = message_key(ctx, src, dis);
	u->context = xstrdup(ctx);
	u->source = src;
	u->comment = extra ? extra : dis;
	if (extra)
		free(dis);
	if (xn_attr_is(x, m, "numerus", "yes")) {
		u->flags |= UNIT_PLURAL;
		u->plural[PLURAL_ONE] = xstrdup(src);
		u->plural[PLURAL_OTHER] = xstrdup(src);
	} else {
		/* bilingual: an uploaded translated .ts carries its translation here */
		char *t = xn_text_dup(x, tr, err);
		if (!t)
			return -1;
		if (*t)
			u->target = t;
		else
			free(t);
	}
	if (doc->n_units > l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->tr = xrealloc(l->tr, l->alloc * sizeof(*l->tr));
	}
	l->tr[idx] = tr;
	tmpl_add(&l->t, xn_line_start(x, x->n[m].start), x->n[m].end, idx, T_MESSAGE, 0);
	tmpl_add(&l->t, x->n[tr].start, x->n[tr].end, idx, T_TRANSLATION, 0);
	return 0;
}

static int ts_parse(const char *data, size_t len, const struct fmt_options *opt,
		    struct fmt_doc *doc, struct fmt_error *err)
{
	struct ts_layout *l = xcalloc(1, sizeof(*l));
	doc->layout = l;
	doc->layout_free = layout_free;
	if (xdoc_load(&l->x, data, len, 0, err))
		return -1;
	xdoc_keep(&l->x);
	const struct xdoc *x = &l->x;
	if (!xn_is(x, x->root, "TS")) {
		size_t line = xu_line(x->data, x->n[x->root].start);
		fmt_error_set(err, line, x->n[x->root].start, "line %zu: root element is not <TS>", line);
		return -1;
	}
	tmpl_add(&l->t, x->n[x->root].start, x->n[x->root].tag_end, x->root, T_LANG, 0);
	for (uint32_t c = xn_child(x, x->root, "context"); c != XN_NONE;
	     c = xn_next_elem(x, c, "context")) {
		uint32_t nm = xn_child(x, c, "name");
		char *name = nm != XN_NONE ? xn_text_dup(x, nm, err) : xstrdup("");
		if (!name)
			return -1;
		int rc = 0;
		for (uint32_t m = xn_child(x, c, "message"); m != XN_NONE && rc == 0;
		     m = xn_next_elem(x, m, "message"))
			rc = read_message(doc, l, name, m, err);
		free(name);
		if (rc)
			return -1;
	}
	tmpl_seal(&l->t);
	return 0;
}

struct writer {
	const struct fmt_doc *doc;
	const struct ts_layout *l;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
};

static int put_text(struct writer *wr, size_t i, const char *s, struct buf *out)
{
	if (xu_put(out, s, strlen(s), 0) == 0)
		return 0;
	fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8",
		      wr->doc->units[i].key);
	return -1;
}

/* "<translation ...>" without type="unfinished" (a fresh one if it was empty). */
static void open_translation(struct writer *wr, uint32_t tr, struct buf *out)
{
	const struct xdoc *x = &wr->l->x;
	if (x->n[tr].empty)
		buf_adds(out, "<translation>");
	else
		xu_put_start_tag(out, x, x->data, tr, "type", NULL);
}

static int write_numerus(struct writer *wr, size_t i, struct buf *out)
{
	const struct xdoc *x = &wr->l->x;
	const char *forms[PLURAL_NCATS];
	unsigned cats;
	bool same;
	uint32_t tr = wr->l->tr[i];
	if (!tmpl_forms(wr->doc, wr->w, i, forms, &cats, &same))
		return TS_DROP;
	const struct fmt_translation *t = wr->w->lookup ? wr->w->lookup(wr->w->lookup_ctx, i) : NULL;
	if (same || !t)
		return TS_KEEP;
	size_t ws = xn_ws_before(x->data, x->n[tr].start);
	const char *indent = x->data + x->n[tr].start - ws;
	open_translation(wr, tr, out);
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		buf_add(out, indent, ws);
		buf_adds(out, "    <numerusform>");
		if (put_text(wr, i, forms[c], out))
			return -1;
		buf_adds(out, "</numerusform>");
	}
	buf_add(out, indent, ws);
	buf_adds(out, "</translation>");
	return TS_DONE;
}

static int ts_span(void *ctx, const struct tspan *sp, struct buf *out)
{
	struct writer *wr = ctx;
	const struct xdoc *x = &wr->l->x;
	bool same;
	const char *s;

	if (sp->kind == T_LANG) {
		if (!wr->w->lang || !wr->w->lang->locale)
			return TS_KEEP;
		char *loc = xstrdup(wr->w->lang->locale);
		for (char *c = loc; *c; c++)
			if (*c == '-')
				*c = '_';
		int rc = xu_put_start_tag(out, x, x->data, sp->unit, "language", loc);
		free(loc);
		return rc ? -1 : TS_DONE;
	}
	if (wr->doc->units[sp->unit].flags & UNIT_PLURAL) {
		if (sp->kind == T_TRANSLATION)
			return write_numerus(wr, sp->unit, out);
		const char *forms[PLURAL_NCATS];
		unsigned cats;
		return tmpl_forms(wr->doc, wr->w, sp->unit, forms, &cats, &same) ? TS_KEEP : TS_DROP;
	}
	if (!(s = tmpl_text(wr->doc, wr->w, sp->unit, &same)))
		return TS_DROP;
	if (sp->kind == T_MESSAGE || same)
		return TS_KEEP;
	open_translation(wr, wr->l->tr[sp->unit], out);
	if (put_text(wr, sp->unit, s, out))
		return -1;
	buf_adds(out, "</translation>");
	return TS_DONE;
}

static int ts_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		    const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct ts_layout *l = doc->layout;
	struct writer wr = { doc, l, w, err };
	return tmpl_run(&l->t, l->x.data, l->x.len, ts_span, &wr, out, err);
}

static const char *const ts_ext[] = { "ts", NULL };

const struct fmt_format fmt_qtts = {
	.name = "qtts",
	.extensions = ts_ext,
	.mime = "application/xml",
	.parse = ts_parse,
	.write = ts_write,
	.emit = NULL,
};
