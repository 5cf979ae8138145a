/*
 * XLIFF 1.2 and 2.0.
 *
 * 1.2: one unit per <trans-unit> (inside <group>s too); key = resname, else
 * id; <note>s make the comment; translate="no" marks it hidden.
 * 2.0: one unit per <segment> of a <unit>; key = the unit id, with "#n"
 * (segment id, else 1-based index) when a unit has several segments;
 * <notes><note> make the comment.
 * With several <file>s the key is prefixed by the file's original (1.2) or
 * id (2.0) and "\004", and that name is the unit context.  Inline markup in
 * <source> (<g>, <x/>, <ph>, <pc> ...) stays in the text as written.
 *
 * Writing: target-language (1.2, on each <file>) or trgLang (2.0, on the
 * root) is set to the target language; a translated unit gets its <target>
 * replaced or inserted after </source> with the source's indentation,
 * state="translated" on the 1.2 <target> or the 2.0 <segment>.  A unit is
 * left as it is when its translation equals its current <target> or its
 * source: a TMS returns "same as source" for untranslated strings far more
 * often than as a deliberate translation, XLIFF consumers fall back to the
 * source anyway, and so a round trip keeps existing targets byte for byte.
 * skip_untranslated leaves untranslated units out; translate="no" units
 * stay unless skipping.
 */
#include "formats/formats_list.h"
#include "formats/tmpl.h"
#include "formats/xmlutil.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { X_LANG, X_UNIT, X_TARGET, X_INSERT, X_SEG };

struct xunit {
	uint32_t source, target, seg;	/* nodes; target/seg XN_NONE when absent */
	char *target_text;
};

struct xliff_layout {
	struct xdoc x;
	struct tmpl t;
	struct xunit *u;	/* by unit index */
	size_t alloc;
	bool v2;
};

static void layout_free(void *p)
{
	struct xliff_layout *l = p;
	xdoc_free(&l->x);
	tmpl_free(&l->t);
	for (size_t i = 0; i < l->alloc; i++)
		free(l->u[i].target_text);
	free(l->u);
	free(l);
}

/* ---- reading ------------------------------------------------------------ */

struct reader {
	struct fmt_doc *doc;
	struct xliff_layout *l;
	const char *file;	/* context prefix, or NULL with one file */
	struct fmt_error *err;
};

static int node_error(struct reader *r, uint32_t i, const char *what)
{
	size_t off = r->l->x.n[i].start, line = xu_line(r->l->x.data, off);
	fmt_error_set(r->err, line, off, "line %zu: %s", line, what);
	return -1;
}

/* A new unit keyed `key` (taken over). */
static struct unit *new_unit(struct reader *r, char *key)
{
	struct fmt_doc *doc = r->doc;
	struct unit *u = fmt_doc_add_unit(doc);
	struct xliff_layout *l = r->l;
	if (doc->n_units > l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 64;
		l->u = xrealloc(l->u, n * sizeof(*l->u));
		memset(l->u + l->alloc, 0, (n - l->alloc) * sizeof(*l->u));
		l->alloc = n;
	}
	if (r->file) {
		size_t n = strlen(r->file) + strlen(key) + 2;
		u->key = xmalloc(n);
		snprintf(u->key, n, "%s\004%s", r->file, key);
		u->context = xstrdup(r->file);
		free(key);
	} else {
		u->key = key;
	}
	return u;
}

/* Notes of a 1.2 trans-unit, or of a 2.0 <notes>, joined by newlines. */
static char *read_notes(const struct xdoc *x, uint32_t parent, struct fmt_error *err)
{
	uint32_t first = xn_child(x, parent, "note");
	if (first == XN_NONE)
		return NULL;
	if (xn_next_elem(x, first, "note") == XN_NONE) {	/* the usual single note */
		char *s = xn_text_dup(x, first, err);
		if (s && !*s) {
			free(s);
			s = NULL;
		}
		return s;
	}
	struct buf b;
	buf_init(&b, XU_MAX_INPUT);
	for (uint32_t n = first; n != XN_NONE; n = xn_next_elem(x, n, "note")) {
		if (b.len)
			buf_addc(&b, '\n');
		if (xn_text(x, n, &b, NULL, NULL, err)) {
			buf_release(&b);
			return NULL;
		}
	}
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Source, target and the spans of one unit (a 1.2 trans-unit, a 2.0 segment). */
static int read_texts(struct reader *r, struct unit *u, uint32_t holder, uint32_t seg)
{
	const struct xdoc *x = &r->l->x;
	size_t idx = r->doc->n_units - 1;
	struct xunit *xu = &r->l->u[idx];
	uint32_t src = xn_child(x, holder, "source");
	if (src == XN_NONE)
		return node_error(r, holder, "unit without <source>");
	xu->source = src;
	xu->seg = seg;
	xu->target = xn_child(x, holder, "target");
	if (!(u->source = xn_text_dup(x, src, r->err)))
		return -1;
	if (xu->target != XN_NONE && !(xu->target_text = xn_text_dup(x, xu->target, r->err)))
		return -1;
	/* bilingual: an uploaded translated XLIFF carries its translation here */
	if (xu->target_text && *xu->target_text)
		u->target = xstrdup(xu->target_text);
	if (seg != XN_NONE)
		tmpl_add(&r->l->t, x->n[seg].start, x->n[seg].tag_end, idx, X_SEG, 0);
	if (xu->target != XN_NONE)
		tmpl_add(&r->l->t, x->n[xu->target].start, x->n[xu->target].end, idx, X_TARGET, 0);
	else
		tmpl_add(&r->l->t, x->n[src].end, x->n[src].end, idx, X_INSERT, 0);
	return 0;
}

static void add_unit_span(struct reader *r, uint32_t node, size_t first, size_t count)
{
	const struct xdoc *x = &r->l->x;
	tmpl_add(&r->l->t, xn_line_start(x, x->n[node].start), x->n[node].end, first, X_UNIT,
		 (int)(count > UINT16_MAX ? UINT16_MAX : count));
}

static int read_trans_unit(struct reader *r, uint32_t tu)
{
	const struct xdoc *x = &r->l->x;
	char *id = xn_attr(x, tu, "resname");
	if (!id && !(id = xn_attr(x, tu, "id")))
		return node_error(r, tu, "<trans-unit> without id");
	struct unit *u = new_unit(r, id);
	if (xn_attr_is(x, tu, "translate", "no"))
		u->flags |= UNIT_HIDDEN;
	u->comment = read_notes(x, tu, r->err);
	add_unit_span(r, tu, r->doc->n_units - 1, 1);
	return read_texts(r, u, tu, XN_NONE);
}

static int read_v2_unit(struct reader *r, uint32_t un)
{
	const struct xdoc *x = &r->l->x;
	char *id = xn_attr(x, un, "id");
	if (!id)
		return node_error(r, un, "<unit> without id");
	size_t nseg = 0, k = 0, first = r->doc->n_units;
	for (uint32_t s = xn_child(x, un, "segment"); s != XN_NONE; s = xn_next_elem(x, s, "segment"))
		nseg++;
	uint32_t notes = xn_child(x, un, "notes");
	char *comment = notes != XN_NONE ? read_notes(x, notes, r->err) : NULL;
	int rc = 0;
	for (uint32_t s = xn_child(x, un, "segment"); s != XN_NONE && rc == 0;
	     s = xn_next_elem(x, s, "segment")) {
		char key[64];
		char *sid = xn_attr(x, s, "id");
		struct buf kb;
		buf_init(&kb, 0);
		buf_adds(&kb, id);
		if (nseg > 1) {
			snprintf(key, sizeof(key), "%zu", ++k);
			buf_printf(&kb, "#%s", sid ? sid : key);
		}
		free(sid);
		struct unit *u = new_unit(r, buf_detach(&kb, NULL));
		u->comment = comment ? xstrdup(comment) : NULL;
		rc = read_texts(r, u, s, s);
	}
	if (nseg)
		add_unit_span(r, un, first, nseg);
	free(comment);
	free(id);
	return rc;
}

/* Units below `parent`: through <body>, <group> and, in 2.0, nested groups. */
static int read_tree(struct reader *r, uint32_t parent, int depth)
{
	const struct xdoc *x = &r->l->x;
	for (uint32_t c = xn_child(x, parent, NULL); c != XN_NONE; c = xn_next_elem(x, c, NULL)) {
		int rc = 0;
		if (xn_is(x, c, r->l->v2 ? "unit" : "trans-unit"))
			rc = r->l->v2 ? read_v2_unit(r, c) : read_trans_unit(r, c);
		else if ((xn_is(x, c, "group") || xn_is(x, c, "body")) && depth < 64)
			rc = read_tree(r, c, depth + 1);
		if (rc)
			return -1;
	}
	return 0;
}

static int xliff_parse(const char *data, size_t len, const struct fmt_options *opt,
		       struct fmt_doc *doc, struct fmt_error *err)
{
	struct xliff_layout *l = xcalloc(1, sizeof(*l));
	struct reader r = { doc, l, NULL, err };
	doc->layout = l;
	doc->layout_free = layout_free;
	if (xdoc_load(&l->x, data, len, 0, err))
		return -1;
	xdoc_keep(&l->x);
	const struct xdoc *x = &l->x;
	if (!xn_is(x, x->root, "xliff"))
		return node_error(&r, x->root, "root element is not <xliff>");
	char *version = xn_attr(x, x->root, "version");
	l->v2 = version && version[0] == '2';
	free(version);
	size_t files = 0;
	for (uint32_t f = xn_child(x, x->root, "file"); f != XN_NONE; f = xn_next_elem(x, f, "file"))
		files++;
	if (l->v2)
		tmpl_add(&l->t, x->n[x->root].start, x->n[x->root].tag_end, x->root, X_LANG, 0);
	for (uint32_t f = xn_child(x, x->root, "file"); f != XN_NONE; f = xn_next_elem(x, f, "file")) {
		char *name = files > 1 ? xn_attr(x, f, l->v2 ? "id" : "original") : NULL;
		r.file = name ? name : files > 1 ? "" : NULL;
		if (!l->v2)
			tmpl_add(&l->t, x->n[f].start, x->n[f].tag_end, f, X_LANG, 0);
		int rc = read_tree(&r, f, 0);
		free(name);
		if (rc)
			return -1;
	}
	tmpl_seal(&l->t);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

struct writer {
	const struct fmt_doc *doc;
	const struct xliff_layout *l;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct xstyle st;	/* the source's */
};

/* Unit i's target text: an uploaded one's own bytes, else s escaped in style. */
static int put_text(struct writer *wr, size_t i, const char *s, struct buf *out)
{
	size_t n = strlen(s);
	const struct fmt_spelling *sl = tmpl_spelled(tmpl_tr(wr->w, i), FMT_SPELL_TEXT, s, 0);
	if (sl ? buf_add(out, sl->s, sl->len) :
		 xu_put_style(out, s, n, xu_markup_ok(s, n) ? XU_MARKUP : 0, &wr->st)) {
		fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8",
			      wr->doc->units[i].key);
		return -1;
	}
	return 0;
}

/* The text to write into unit i's target, or NULL when the unit stays as is. */
static const char *new_target(struct writer *wr, size_t i)
{
	bool same;
	const char *s = tmpl_text(wr->doc, wr->w, i, &same);
	const char *cur = wr->l->u[i].target_text;
	if (!s || same || (cur && strcmp(cur, s) == 0))
		return NULL;
	return s;
}

static int put_target(struct writer *wr, size_t i, const char *s, struct buf *out)
{
	buf_adds(out, wr->l->v2 ? "<target>" : "<target state=\"translated\">");
	if (put_text(wr, i, s, out))
		return -1;
	buf_adds(out, "</target>");
	return TS_DONE;
}

static int xliff_span(void *ctx, const struct tspan *sp, struct buf *out)
{
	struct writer *wr = ctx;
	const struct xdoc *x = &wr->l->x;
	const char *s;
	bool same;

	switch (sp->kind) {
	case X_LANG:
		if (!wr->w->lang || !wr->w->lang->code)
			return TS_KEEP;
		return xu_put_start_tag(out, x, x->data, sp->unit, wr->l->v2 ? "trgLang" :
					"target-language", wr->w->lang->code) ? -1 : TS_DONE;
	case X_UNIT:
		if ((wr->doc->units[sp->unit].flags & UNIT_HIDDEN) && !wr->w->skip_untranslated)
			return TS_KEEP;
		for (size_t k = 0; k < sp->aux; k++)
			if (tmpl_text(wr->doc, wr->w, sp->unit + k, &same))
				return TS_KEEP;
		return TS_DROP;
	case X_SEG:
		if (!new_target(wr, sp->unit))
			return TS_KEEP;
		return xu_put_start_tag(out, x, x->data, wr->l->u[sp->unit].seg, "state",
					"translated") ? -1 : TS_DONE;
	case X_TARGET:
		if (!(s = new_target(wr, sp->unit)))
			return TS_KEEP;
		if (wr->l->v2 || x->n[wr->l->u[sp->unit].target].empty)
			return put_target(wr, sp->unit, s, out);
		/* keep the target's other attributes */
		if (xu_put_start_tag(out, x, x->data, wr->l->u[sp->unit].target, "state",
				     "translated") || put_text(wr, sp->unit, s, out))
			return -1;
		buf_adds(out, "</target>");
		return TS_DONE;
	case X_INSERT: {
		if (!(s = new_target(wr, sp->unit)))
			return TS_KEEP;
		size_t src = x->n[wr->l->u[sp->unit].source].start;
		size_t ws = xn_ws_before(x->data, src);
		buf_add(out, x->data + src - ws, ws);
		return put_target(wr, sp->unit, s, out);
	}
	}
	return TS_KEEP;
}

static int xliff_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		       const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct xliff_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .l = l, .w = w, .err = err };
	xstyle_detect(&l->x, &wr.st);
	return xdoc_write(&l->x, &l->t, xliff_span, &wr, out, err);
}

/* Spellings: the inner bytes of each translated unit's <target>. */
static void xliff_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct xliff_layout *l = doc->layout;
	for (size_t i = 0; i < doc->n_units; i++) {
		uint32_t t = l->u[i].target;
		if (t != XN_NONE && doc->units[i].target)
			tmpl_spell(fn, ctx, i, FMT_SPELL_TEXT, l->x.data, l->x.n[t].tag_end,
				   l->x.n[t].inner_end, 0);
	}
}

static const char *const xliff_ext[] = { "xliff", "xlf", NULL };

const struct fmt_format fmt_xliff = {
	.name = "xliff",
	.extensions = xliff_ext,
	.mime = "application/x-xliff+xml",
	.parse = xliff_parse,
	.write = xliff_write,
	.spellings = xliff_spellings,
	.emit = NULL,
};
