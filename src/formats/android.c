/*
 * Android string resources (res/values/strings.xml).
 *
 * Units: <string name> (key = name), <plurals name> (one plural unit, items
 * by quantity), <string-array name> (one unit per item, key "name[i]").
 * translatable="false" marks units UNIT_HIDDEN: they are left out of
 * translations unless the lookup returns a text for them.  The comment
 * right before an entry becomes the unit comment.
 *
 * Unit texts are what the app displays: Android escapes (\' \" \n \t \@ \?
 * \\ \uXXXX) and quoting are undone, unquoted whitespace runs collapse and
 * are trimmed, as aapt2 does.  Inline markup (<xliff:g>, <b>, <i>, <u>)
 * stays in the text as written; CDATA content is taken as text.  Internal
 * DTD entities (<!ENTITY app "MyApp">) are expanded; external ones refused.
 *
 * Writing rewrites the source bytes: only the inner text of translated
 * elements changes; <plurals> get one <item> per category of the target
 * language, indented like the source's items.
 */
#define _GNU_SOURCE	/* memmem */
#include "formats/formats_list.h"
#include "formats/tmpl.h"
#include "formats/xmlutil.h"
#include "core/mem.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { AK_ELEM, AK_TEXT, AK_PLURALS, AK_PLURAL_ITEMS, AK_ARRAY };

struct android_layout {
	struct xdoc x;
	struct tmpl t;
	uint32_t *node;		/* element of each unit (<plurals> for plurals) */
	uint32_t *arr_len;	/* units of an array, by its first unit */
};

static void layout_free(void *p)
{
	struct android_layout *l = p;
	xdoc_free(&l->x);
	tmpl_free(&l->t);
	free(l->node);
	free(l->arr_len);
	free(l);
}

/* ---- reading ------------------------------------------------------------ */

struct unesc {
	bool quoted, pending, started;
};

static void flush_space(struct buf *out, struct unesc *st)
{
	if (st->pending && st->started)
		buf_addc(out, ' ');
	st->pending = false;
	st->started = true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \uXXXX at s (after the 'u'); appends the code point, returns digits used. */
static size_t unicode_escape(struct buf *out, const char *s, size_t n)
{
	unsigned long c = 0;
	if (n < 4)
		return 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return 0;
		c = c * 16 + (unsigned)h;
	}
	if (c == 0 || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	xu_put_utf8(out, c);
	return 4;
}

static size_t one_escape(struct buf *out, const char *s, size_t n)
{
	switch (s[0]) {
	case 'n': buf_addc(out, '\n'); return 1;
	case 't': buf_addc(out, '\t'); return 1;
	case 'u': {
		size_t used = unicode_escape(out, s + 1, n - 1);
		if (used)
			return used + 1;
		break;
	}
	}
	buf_addc(out, s[0]);
	return 1;
}

/* Bytes unescape_seg looks at; all others are copied as they are. */
enum { AC_PLAIN, AC_SPECIAL, AC_BLANK };
static const unsigned char android_class[256] = {
	['\\'] = AC_SPECIAL, ['"'] = AC_SPECIAL,
	[' '] = AC_BLANK, ['\t'] = AC_BLANK, ['\n'] = AC_BLANK, ['\r'] = AC_BLANK,
};

/*
 * Length of the run at s[0..n) that is copied unchanged: up to an escape or
 * a quote, and up to blanks unless they are literal (quoted, CDATA).  A
 * single space between two words stays in the run: collapsing it would
 * give the same space back.
 */
static size_t plain_run(const char *s, size_t n, bool literal_blanks)
{
	size_t i = 0;
	for (;;) {
		while (i < n && android_class[(unsigned char)s[i]] == AC_PLAIN)
			i++;
		if (i == n || android_class[(unsigned char)s[i]] != AC_BLANK)
			return i;
		bool word_gap = s[i] == ' ' && i > 0 && i + 1 < n &&
				android_class[(unsigned char)s[i + 1]] == AC_PLAIN;
		if (!literal_blanks && !word_gap)
			return i;
		i++;
	}
}

/* Undo Android escaping and whitespace rules, one text run at a time. */
static int unescape_seg(struct buf *out, const char *s, size_t n, int kind, void *state)
{
	struct unesc *st = state;
	if (kind == XU_SEG_TAG) {
		flush_space(out, st);
		return buf_add(out, s, n);
	}
	for (size_t i = 0; i < n; i++) {
		size_t run = plain_run(s + i, n - i, st->quoted || kind != XU_SEG_TEXT);
		if (run) {	/* copied in one go */
			flush_space(out, st);
			buf_add(out, s + i, run);
			i += run - 1;
			continue;
		}
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			flush_space(out, st);
			i += one_escape(out, s + i + 1, n - i - 1);
		} else if (c == '"' && kind == XU_SEG_TEXT) {
			st->quoted = !st->quoted;
		} else if (!st->quoted && kind == XU_SEG_TEXT &&
			   (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
			st->pending = true;
		} else {
			flush_space(out, st);
			buf_addc(out, c);
		}
	}
	return 0;
}

static char *android_text(const struct xdoc *d, uint32_t i, struct fmt_error *err)
{
	struct buf b;
	struct unesc st = { 0 };
	buf_init(&b, XU_MAX_INPUT);
	/* unescaping only shortens a text (entities aside): one allocation */
	buf_reserve(&b, d->n[i].inner_end - d->n[i].tag_end);
	if (xn_text(d, i, &b, unescape_seg, &st, err)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static bool is_false(const struct xdoc *d, uint32_t i, const char *attr)
{
	size_t off, len;
	return xn_attr_span(d, i, attr, &off, &len) && len == 5 &&
	       memcmp(d->data + off, "false", 5) == 0;
}

struct reader {
	struct fmt_doc *doc;
	struct android_layout *l;
	size_t node_alloc;
	struct fmt_error *err;
};

static struct unit *new_unit(struct reader *r, uint32_t node, uint32_t comment_of, char *key)
{
	struct fmt_doc *doc = r->doc;
	struct unit *u = fmt_doc_add_unit(doc);
	if (doc->n_units > r->node_alloc) {
		r->node_alloc = r->node_alloc ? r->node_alloc * 2 : 64;
		r->l->node = xrealloc(r->l->node, r->node_alloc * sizeof(*r->l->node));
		r->l->arr_len = xrealloc(r->l->arr_len, r->node_alloc * sizeof(*r->l->arr_len));
	}
	r->l->node[doc->n_units - 1] = node;
	r->l->arr_len[doc->n_units - 1] = 0;
	u->key = key;
	uint32_t c = xn_prev_comment(&r->l->x, comment_of);
	if (c != XN_NONE)
		u->comment = xn_comment(&r->l->x, c);
	return u;
}

static int missing_name(struct reader *r, uint32_t i)
{
	size_t line = xu_line(r->l->x.data, r->l->x.n[i].start);
	fmt_error_set(r->err, line, r->l->x.n[i].start, "line %zu: element without a name", line);
	return -1;
}

/*
 * Span of an entry with the line break and indentation before it, and its
 * comment: an entry left out takes its comment along.
 */
static void add_entry_span(struct reader *r, uint32_t i, size_t unit, int kind)
{
	const struct xn *n = &r->l->x.n[i];
	uint32_t c = xn_prev_comment(&r->l->x, i);
	size_t start = c != XN_NONE ? r->l->x.n[c].start : n->start;
	tmpl_add(&r->l->t, xn_line_start(&r->l->x, start), n->end, unit, kind, 0);
}

static int read_string(struct reader *r, uint32_t i)
{
	const struct xdoc *x = &r->l->x;
	char *name = xn_attr(x, i, "name");
	if (!name)
		return missing_name(r, i);
	size_t idx = r->doc->n_units;
	struct unit *u = new_unit(r, i, i, name);
	if (is_false(x, i, "translatable"))
		u->flags |= UNIT_HIDDEN;
	if (!(u->source = android_text(x, i, r->err)))
		return -1;
	add_entry_span(r, i, idx, AK_ELEM);
	tmpl_add(&r->l->t, x->n[i].tag_end, x->n[i].inner_end, idx, AK_TEXT, 0);
	return 0;
}

static int read_plurals(struct reader *r, uint32_t i)
{
	const struct xdoc *x = &r->l->x;
	char *name = xn_attr(x, i, "name");
	if (!name)
		return missing_name(r, i);
	size_t idx = r->doc->n_units;
	struct unit *u = new_unit(r, i, i, name);
	u->flags |= UNIT_PLURAL | (is_false(x, i, "translatable") ? UNIT_HIDDEN : 0);
	for (uint32_t it = xn_child(x, i, "item"); it != XN_NONE; it = xn_next_elem(x, it, "item")) {
		char *q = xn_attr(x, it, "quantity");
		int c = q ? plural_cat_from_name(q) : -1;
		free(q);
		if (c < 0 || u->plural[c]) {
			size_t line = xu_line(x->data, x->n[it].start);
			fmt_error_set(r->err, line, x->n[it].start,
				      "line %zu: bad or repeated plural quantity", line);
			return -1;
		}
		if (!(u->plural[c] = android_text(x, it, r->err)))
			return -1;
	}
	if (!u->plural[PLURAL_OTHER]) {
		size_t line = xu_line(x->data, x->n[i].start);
		fmt_error_set(r->err, line, x->n[i].start,
			      "line %zu: <plurals> without quantity=\"other\"", line);
		return -1;
	}
	u->source = xstrdup(u->plural[PLURAL_OTHER]);
	add_entry_span(r, i, idx, AK_PLURALS);
	tmpl_add(&r->l->t, x->n[i].tag_end, x->n[i].inner_end, idx, AK_PLURAL_ITEMS, 0);
	return 0;
}

static int read_array(struct reader *r, uint32_t i)
{
	const struct xdoc *x = &r->l->x;
	char *name = xn_attr(x, i, "name");
	if (!name)
		return missing_name(r, i);
	bool hidden = is_false(x, i, "translatable");
	size_t first = r->doc->n_units, k = 0;
	for (uint32_t it = xn_child(x, i, "item"); it != XN_NONE; it = xn_next_elem(x, it, "item")) {
		size_t kl = strlen(name) + 24;
		char *key = xmalloc(kl);
		snprintf(key, kl, "%s[%zu]", name, k++);
		size_t idx = r->doc->n_units;
		struct unit *u = new_unit(r, it, k == 1 ? i : it, key);
		u->flags |= hidden ? UNIT_HIDDEN : 0;
		if (!(u->source = android_text(x, it, r->err))) {
			free(name);
			return -1;
		}
		tmpl_add(&r->l->t, x->n[it].tag_end, x->n[it].inner_end, idx, AK_TEXT, 0);
	}
	free(name);
	if (k) {
		r->l->arr_len[first] = (uint32_t)k;
		add_entry_span(r, i, first, AK_ARRAY);
	}
	return 0;
}

static int android_parse(const char *data, size_t len, const struct fmt_options *opt,
			 struct fmt_doc *doc, struct fmt_error *err)
{
	struct android_layout *l = xcalloc(1, sizeof(*l));
	struct reader r = { doc, l, 0, err };
	doc->layout = l;
	doc->layout_free = layout_free;
	if (xdoc_load(&l->x, data, len, XU_ENTITIES, err))
		return -1;
	xdoc_keep(&l->x);
	const struct xdoc *x = &l->x;
	if (!xn_is(x, x->root, "resources")) {
		size_t line = xu_line(x->data, x->n[x->root].start);
		fmt_error_set(err, line, x->n[x->root].start,
			      "line %zu: root element is not <resources>", line);
		return -1;
	}
	for (uint32_t i = xn_child(x, x->root, NULL); i != XN_NONE; i = xn_next_elem(x, i, NULL)) {
		int rc = 0;
		if (xn_is(x, i, "string"))
			rc = read_string(&r, i);
		else if (xn_is(x, i, "plurals"))
			rc = read_plurals(&r, i);
		else if (xn_is(x, i, "string-array"))
			rc = read_array(&r, i);
		if (rc)
			return -1;
	}
	tmpl_seal(&l->t);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* Whether the element's content is a CDATA section (kept CDATA on write). */
static bool is_cdata(const struct xdoc *x, uint32_t i)
{
	size_t p = x->n[i].tag_end, e = x->n[i].inner_end;
	while (p < e && (x->data[p] == ' ' || x->data[p] == '\n' || x->data[p] == '\t' ||
			 x->data[p] == '\r'))
		p++;
	return e - p >= 9 && memcmp(x->data + p, "<![CDATA[", 9) == 0;
}

/*
 * How the source spells what Android reads either way (read from its
 * texts when writing): \? and \@ inside texts too or only first, an
 * apostrophe inside "..." quoting or as \', non-ASCII as \uXXXX (which
 * hex case) or as is, and the XML side (struct xstyle).
 */
struct android_style {
	struct xstyle x;
	bool esc_mid[2];	/* by "?@": escaped inside texts too */
	bool quote_apos;
	bool uesc, lower_hex;
};

/* 0 for '?', 1 for '@', else -1 (called for every byte of the texts). */
static int qa_index(char c)
{
	return c == '?' ? 0 : c == '@' ? 1 : -1;
}

struct style_evidence {
	bool esc[2], plain[2];
	int quoted_apos, bs_apos, uesc_hi, lit_hi, hex;
};

/* Evidence from the raw text of one element, s[0..n) with blanks trimmed. */
static void scan_text(const char *s, size_t n, struct style_evidence *e)
{
	bool quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int m = qa_index((char)c);
		if (m >= 0 && i > 0)
			e->plain[m] = true;
		e->lit_hi += c >= 0xC0;
		e->quoted_apos += c == '\'' && quoted;
		if (c != '\\' || i + 1 >= n)
			continue;
		c = (unsigned char)s[++i];
		m = qa_index((char)c);
		if (m >= 0 && i > 1)
			e->esc[m] = true;
		e->bs_apos += c == '\'';
		if (c != 'u' || n - i < 5 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0 ||
		    hexval(s[i + 3]) < 0 || hexval(s[i + 4]) < 0)
			continue;
		e->uesc_hi += hexval(s[i + 1]) || hexval(s[i + 2]) || hexval(s[i + 3]) >= 8;
		for (size_t k = 1; k <= 4; k++)
			e->hex = s[i + k] >= 'a' && s[i + k] <= 'f' ? -1 :
				 s[i + k] >= 'A' && s[i + k] <= 'F' && e->hex == 0 ? 1 : e->hex;
		i += 4;
	}
}

static void scan_elem(const struct xdoc *x, uint32_t i, struct style_evidence *e)
{
	size_t a = x->n[i].tag_end, b = x->n[i].inner_end;
	while (a < b && strchr(" \t\r\n", x->data[a]))
		a++;
	while (b > a && strchr(" \t\r\n", x->data[b - 1]))
		b--;
	if (b - a < 9 || memcmp(x->data + a, "<![CDATA[", 9) != 0)
		scan_text(x->data + a, b - a, e);
}

static void detect_style(const struct fmt_doc *doc, const struct android_layout *l,
			 struct android_style *st)
{
	struct style_evidence e = { 0 };
	const struct xdoc *x = &l->x;
	for (size_t u = 0; u < doc->n_units; u++) {
		if (!(doc->units[u].flags & UNIT_PLURAL))
			scan_elem(x, l->node[u], &e);
		for (uint32_t it = (doc->units[u].flags & UNIT_PLURAL) ? xn_child(x, l->node[u], "item")
			: XN_NONE; it != XN_NONE; it = xn_next_elem(x, it, "item"))
			scan_elem(x, it, &e);
	}
	xstyle_detect(x, &st->x);
	for (int k = 0; k < 2; k++)
		st->esc_mid[k] = e.esc[k] && !e.plain[k];
	st->quote_apos = e.quoted_apos > e.bs_apos;
	/* one \u00A0 or \u2026 is a choice for that character, not a habit */
	st->uesc = e.uesc_hi >= 2 && e.uesc_hi > e.lit_hi;
	st->lower_hex = e.hex < 0;
}

/*
 * Android-escape s in the source's style (tags kept when markup is on); no
 * XML escaping yet.  CDATA keeps quotes and spaces as they are (see
 * unescape_seg).
 */
static void escape_style(struct buf *o, const char *s, size_t n, bool markup, bool cdata,
			 const struct android_style *st)
{
	bool quote = !cdata && n && (s[0] == ' ' || s[n - 1] == ' ' || memmem(s, n, "  ", 2) ||
				     (st->quote_apos && memchr(s, '\'', n)));
	if (quote)
		buf_addc(o, '"');
	for (size_t i = 0; i < n; i++) {
		size_t tl = markup && s[i] == '<' ? xu_tag_len(s + i, n - i) : 0;
		int m = qa_index(s[i]);
		uint32_t cp;
		size_t k;
		if (tl) {
			buf_add(o, s + i, tl);
			i += tl - 1;
		} else if (s[i] == '\'' && !quote && !cdata) {
			buf_add(o, "\\'", 2);
		} else if (m >= 0 && (i == 0 || st->esc_mid[m])) {
			buf_addc(o, '\\');
			buf_addc(o, s[i]);
		} else if (st->uesc && !cdata && (unsigned char)s[i] >= 0x80 &&
			   (k = utf8_decode(s + i, n - i, &cp)) > 1 && cp < 0x10000) {
			buf_printf(o, st->lower_hex ? "\\u%04x" : "\\u%04X", (unsigned)cp);
			i += k - 1;
		} else if (s[i] == '\\' || s[i] == '\n' || s[i] == '\t' || (s[i] == '"' && !cdata)) {
			buf_addc(o, '\\');
			buf_addc(o, s[i] == '\n' ? 'n' : s[i] == '\t' ? 't' : s[i]);
		} else {
			buf_addc(o, s[i]);
		}
	}
	if (quote)
		buf_addc(o, '"');
}

static int put_style(struct buf *out, const char *s, bool cdata, const char *key,
		     const struct android_style *st, struct fmt_error *err)
{
	struct buf t;
	size_t n = strlen(s);
	bool markup = !cdata && xu_markup_ok(s, n);
	buf_init(&t, 0);
	escape_style(&t, s, n, markup, cdata, st);
	int rc = cdata ? xu_put_cdata(out, t.data, t.len) :
		 xu_put_style(out, t.data, t.len, markup ? XU_MARKUP : 0, &st->x);
	buf_release(&t);
	if (rc)
		fmt_error_set(err, 0, 0, "translation of '%s' is not valid UTF-8 or too large", key);
	return rc;
}

struct writer {
	const struct fmt_doc *doc;
	const struct android_layout *l;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct android_style st;
};

/* An uploaded translation's own bytes for `text` in slot, else the text escaped. */
static int put_text(struct writer *wr, size_t unit, int slot, const char *text, bool cdata,
		    struct buf *out)
{
	const struct fmt_spelling *sl = tmpl_spelled(tmpl_tr(wr->w, unit), slot, text, 0);
	if (sl)
		return buf_add(out, sl->s, sl->len) ? tmpl_overflow(wr->err) : 0;
	return put_style(out, text, cdata, wr->doc->units[unit].key, &wr->st, wr->err);
}

static int write_items(struct writer *wr, const struct tspan *sp, struct buf *out)
{
	const struct xdoc *x = &wr->l->x;
	const char *forms[PLURAL_NCATS];
	unsigned cats;
	bool same;
	uint32_t pl = wr->l->node[sp->unit];
	if (!tmpl_forms(wr->doc, wr->w, sp->unit, forms, &cats, &same))
		return TS_DROP;
	if (same)
		return TS_KEEP;
	uint32_t first = xn_child(x, pl, "item");
	const char *indent = "\n        ", *tail = "\n    ";
	size_t il = strlen(indent), tl = strlen(tail);
	bool cdata = false;
	if (first != XN_NONE) {
		il = xn_ws_before(x->data, x->n[first].start);
		indent = x->data + x->n[first].start - il;
		tail = x->data + x->n[pl].inner_end;
		tl = xn_ws_before(x->data, x->n[pl].inner_end);
		tail -= tl;
		cdata = is_cdata(x, first);
	}
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		buf_add(out, indent, il);
		buf_printf(out, "<item quantity=\"%s\">", plural_cat_name(c));
		if (put_text(wr, sp->unit, c, forms[c], cdata, out))
			return -1;
		buf_adds(out, "</item>");
	}
	buf_add(out, tail, tl);
	return TS_DONE;
}

static int android_span(void *ctx, const struct tspan *sp, struct buf *out)
{
	struct writer *wr = ctx;
	const char *forms[PLURAL_NCATS];
	unsigned cats;
	bool same;
	const char *s;

	switch (sp->kind) {
	case AK_ELEM:
		return tmpl_text(wr->doc, wr->w, sp->unit, &same) ? TS_KEEP : TS_DROP;
	case AK_PLURALS:
		return tmpl_forms(wr->doc, wr->w, sp->unit, forms, &cats, &same) ? TS_KEEP : TS_DROP;
	case AK_PLURAL_ITEMS:
		return write_items(wr, sp, out);
	case AK_ARRAY:
		for (size_t k = 0; k < wr->l->arr_len[sp->unit]; k++)
			if (tmpl_text(wr->doc, wr->w, sp->unit + k, &same))
				return TS_KEEP;
		return TS_DROP;
	case AK_TEXT:
		s = tmpl_text(wr->doc, wr->w, sp->unit, &same);
		if (!s || (same && !tmpl_spelled(tmpl_tr(wr->w, sp->unit), FMT_SPELL_TEXT, s, 0)))
			return TS_KEEP;	/* array items fall back to the source */
		return put_text(wr, sp->unit, FMT_SPELL_TEXT, s,
				is_cdata(&wr->l->x, wr->l->node[sp->unit]), out) ? -1 : TS_DONE;
	}
	return TS_KEEP;
}

static int android_write(const struct fmt_doc *doc, const struct fmt_options *opt,
			 const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct android_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .l = l, .w = w, .err = err };
	detect_style(doc, l, &wr.st);
	return xdoc_write(&l->x, &l->t, android_span, &wr, out, err);
}

/* Spellings: the inner bytes of each <string>, array <item> and plural <item>. */
static void android_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct android_layout *l = doc->layout;
	const struct xdoc *x = &l->x;
	for (size_t u = 0; u < doc->n_units; u++) {
		uint32_t e = l->node[u];
		if (!(doc->units[u].flags & UNIT_PLURAL)) {
			tmpl_spell(fn, ctx, u, FMT_SPELL_TEXT, x->data, x->n[e].tag_end,
				   x->n[e].inner_end, 0);
			continue;
		}
		for (uint32_t it = xn_child(x, e, "item"); it != XN_NONE;
		     it = xn_next_elem(x, it, "item")) {
			char *q = xn_attr(x, it, "quantity");
			int c = q ? plural_cat_from_name(q) : -1;
			free(q);
			if (c >= 0)
				tmpl_spell(fn, ctx, u, c, x->data, x->n[it].tag_end, x->n[it].inner_end, 0);
		}
	}
}

/* ---- emitter (localization.one "xml-android") --------------------------- */

/* A comment: "--" broken up, control characters (not XML) as spaces. */
static void put_comment(struct buf *out, const char *c, const char *indent)
{
	buf_printf(out, "%s<!-- ", indent);
	for (; *c; c++) {
		if (*c == '-' && (c[1] == '-' || c[1] == '\0'))
			buf_adds(out, "- ");
		else if ((unsigned char)*c < 0x20 && !strchr("\t\n\r", *c))
			buf_addc(out, ' ');
		else
			buf_addc(out, *c);
	}
	buf_adds(out, " -->\n");
}

/* "name[3]" -> length of "name", or 0 when the key is not an array item. */
static size_t array_name_len(const char *key)
{
	size_t n = strlen(key);
	if (n < 4 || key[n - 1] != ']')
		return 0;
	size_t p = n - 1;
	while (p > 0 && key[p - 1] >= '0' && key[p - 1] <= '9')
		p--;
	return p > 1 && p < n - 1 && key[p - 1] == '[' ? p - 1 : 0;
}

/*
 * One character of s[i..n) Android-escaped; returns the bytes used.  XML
 * cannot carry control characters or U+FFFE/U+FFFF at all: they go as
 * \uXXXX, which Android reads back.
 */
static size_t emit_char(struct buf *o, const char *s, size_t i, size_t n)
{
	unsigned char c = (unsigned char)s[i];
	if (c == '\\' || c == '\'' || c == '"' || ((c == '@' || c == '?') && i == 0)) {
		buf_addc(o, '\\');
		buf_addc(o, (char)c);
	} else if (c == '\n' || c == '\t') {
		buf_adds(o, c == '\n' ? "\\n" : "\\t");
	} else if (c < 0x20) {
		buf_printf(o, "\\u%04X", c);
	} else if (c == 0xEF && n - i > 2 && s[i + 1] == '\xBF' && (s[i + 2] & 0xFE) == 0xBE) {
		buf_adds(o, s[i + 2] == '\xBE' ? "\\uFFFE" : "\\uFFFF");
		return 3;
	} else {
		buf_addc(o, (char)c);
	}
	return 1;
}

/* s Android-escaped and XML-escaped; well-formed inline markup stays markup. */
static int emit_text(struct buf *out, const char *s, const char *key, struct fmt_error *err)
{
	struct buf t;
	s = s ? s : "";
	size_t n = strlen(s);
	bool markup = xu_markup_ok(s, n);
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ' || memmem(s, n, "  ", 2));
	buf_init(&t, 0);
	if (quote)
		buf_addc(&t, '"');
	for (size_t i = 0; i < n;) {
		size_t tl = markup && s[i] == '<' ? xu_tag_len(s + i, n - i) : 0;
		if (tl)
			buf_add(&t, s + i, tl);
		i += tl ? tl : emit_char(&t, s, i, n);
	}
	if (quote)
		buf_addc(&t, '"');
	int rc = xu_put(out, t.data, t.len, markup ? XU_MARKUP : 0);
	buf_release(&t);
	if (rc)
		fmt_error_set(err, 0, 0, "translation of '%s' is not valid UTF-8 or too large", key);
	return rc;
}

/*
 * aapt refuses a string with several %-substitutions when one is not
 * positional ("%s and %d") unless it says formatted="false", which only
 * turns that check off.  Counted generously: "100% of" counts too.
 */
static bool needs_unformatted(const char *s)
{
	int args = 0;
	bool plain = false;
	for (const char *p = s ? strchr(s, '%') : NULL; p && p[1]; p = strchr(p, '%')) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		const char *d = p;
		while (*d >= '0' && *d <= '9')
			d++;
		plain |= !(d > p && *d == '$');
		args++;
	}
	return args > 1 && plain;
}

static int emit_plural(struct buf *out, const struct unit *u, const struct fmt_translation *tr,
		       const struct fmt_lang *lang, struct fmt_error *err)
{
	unsigned cats = plural_cats_for(u, lang) | 1u << PLURAL_OTHER;
	const char *other = tr->plural[PLURAL_OTHER] ? tr->plural[PLURAL_OTHER] : tr->text;
	buf_adds(out, "    <plurals name=\"");
	xu_put(out, u->key, strlen(u->key), XU_ATTR);
	buf_adds(out, "\">\n");
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		buf_printf(out, "        <item quantity=\"%s\">", plural_cat_name(c));
		if (emit_text(out, tr->plural[c] ? tr->plural[c] : other, u->key, err))
			return -1;
		buf_adds(out, "</item>\n");
	}
	return buf_adds(out, "    </plurals>\n");
}

static bool same_array(const struct unit *a, const struct unit *b)
{
	size_t na = array_name_len(a->key);
	return na && na == array_name_len(b->key) && memcmp(a->key, b->key, na) == 0;
}

/* Units *i.. that are items of one array: one <string-array>; *i ends on its last. */
static int emit_array(struct buf *out, const struct unit *units,
		      const struct fmt_translation *const *tr, size_t n, size_t *i,
		      struct fmt_error *err)
{
	size_t first = *i, end = first + 1, used = 0;
	while (end < n && same_array(&units[first], &units[end]))
		end++;
	for (size_t k = first; k < end; k++)
		used += tr[k] != NULL;
	*i = end - 1;
	if (!used)
		return 0;
	if (units[first].comment)
		put_comment(out, units[first].comment, "    ");
	buf_adds(out, "    <string-array name=\"");
	xu_put(out, units[first].key, array_name_len(units[first].key), XU_ATTR);
	buf_adds(out, "\">\n");
	for (size_t k = first; k < end; k++) {
		if (!tr[k])
			continue;
		buf_adds(out, "        <item>");
		if (emit_text(out, tr[k]->text, units[k].key, err))
			return -1;
		buf_adds(out, "</item>\n");
	}
	return buf_adds(out, "    </string-array>\n");
}

int fmt_android_emit(const struct unit *units, const struct fmt_translation *const *tr,
			size_t n, const struct fmt_lang *lang, struct buf *out,
			struct fmt_error *err)
{
	bool xliff = false;
	for (size_t i = 0; i < n; i++)
		xliff |= tr[i] && tr[i]->text && strstr(tr[i]->text, "<xliff:");
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources");
	if (xliff)
		buf_adds(out, " xmlns:xliff=\"urn:oasis:names:tc:xliff:document:1.2\"");
	buf_adds(out, ">\n");
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = &units[i];
		int rc;
		if (array_name_len(u->key) && !(u->flags & UNIT_PLURAL)) {
			if (emit_array(out, units, tr, n, &i, err))
				return -1;
			continue;
		}
		if (!tr[i])
			continue;
		if (u->comment)
			put_comment(out, u->comment, "    ");
		if (u->flags & UNIT_PLURAL) {
			rc = emit_plural(out, u, tr[i], lang, err);
		} else {
			buf_adds(out, "    <string name=\"");
			xu_put(out, u->key, strlen(u->key), XU_ATTR);
			buf_adds(out, needs_unformatted(tr[i]->text) ? "\" formatted=\"false\">" : "\">");
			rc = emit_text(out, tr[i]->text, u->key, err) || buf_adds(out, "</string>\n");
		}
		if (rc)
			return -1;
	}
	return buf_adds(out, "</resources>\n");
}

static const char *const android_ext[] = { "xml", NULL };

const struct fmt_format fmt_android = {
	.name = "android",
	.extensions = android_ext,
	.mime = "application/xml",
	.parse = android_parse,
	.write = android_write,
	.emit = fmt_android_emit,
	.spellings = android_spellings,
};
