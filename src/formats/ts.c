/*
 * Qt Linguist (.ts), as lupdate writes it.
 *
 * One unit per <message>: key = context name "\004" source, plus "\004"
 * comment when the message has a disambiguating <comment>; context = the
 * context name; comment = <extracomment> (else <comment>).  numerus="yes"
 * messages are plural units whose one/other forms are the source text.
 * A translated file's texts are read as targets; its <numerusform>s map
 * onto CLDR categories by Qt's rules for the file's language (the
 * upload's language, else the language= of <TS>), see qt_numerus[].
 *
 * Writing sets language= on <TS> ("pt-BR" -> "pt_BR") and replaces the
 * <translation> of translated messages, without type="unfinished"; a
 * numerus message gets as many <numerusform>s as Qt has forms for the
 * target language, in Qt's order (lrelease drops or leaves empty any
 * others).  As in XLIFF, a translation equal to the source leaves the
 * message as it is (untranslated: Qt falls back to the source);
 * skip_untranslated leaves untranslated messages out.
 */
#include "formats/formats_list.h"
#include "formats/tmpl.h"
#include "formats/xmlutil.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_LANG, T_MESSAGE, T_TRANSLATION };

/*
 * Qt's numerus forms per language (numerusTable in qttools
 * src/linguist/shared/numerus.cpp, Qt 6), each form given as the CLDR
 * category it stands for, in Qt's order.  A Qt form that spans several
 * CLDR categories takes the closest (Irish 3 and up: "other"; Welsh 2-5,
 * Qt's "Dual": "two"; Maltese 0 and 2-10: "few"; Macedonian's "Dual",
 * 2, 12, 22...: "other").  A category the language does not have in CLDR
 * stands for "other" (Khmer's Qt "Singular"): see form_cat().  Qt gives
 * the languages it does not list a single form.
 */
struct qt_numerus {
	const char *langs;	/* ISO 639 codes */
	int n;			/* forms */
	uint8_t cat[PLURAL_NCATS];
};

static const struct qt_numerus qt_numerus[] = {
	/* japaneseStyle */
	{ "bi bo dz fa fj gn hu id ja jv ko ms my na om su th tr tt vi yo za zh", 1,
	  { PLURAL_OTHER } },
	/* englishStyle, frenchStyle (n <= 1), icelandic */
	{ "aa ab af am as ay az ba bg bn br ca co da de el en eo es et eu fi fil fo fr fur fy "
	  "gl gu ha he hi hy ia ie is it ka kk kl km kn ks ku kw ky la lb ln lo mg ml mn mr "
	  "nb ne nl nn no nso oc or pa ps pt qu rm rn rw sd si sn so sq ss st sv sw ta te tg "
	  "ti tk tl tn to ts ug ur uz vo wa wo xh yi zu", 2, { PLURAL_ONE, PLURAL_OTHER } },
	{ "lv", 3, { PLURAL_ONE, PLURAL_OTHER, PLURAL_ZERO } },
	/* irishStyle */
	{ "dv ga gv ik iu mi sa se sm", 3, { PLURAL_ONE, PLURAL_TWO, PLURAL_OTHER } },
	{ "gd", 4, { PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_OTHER } },
	/* slovakStyle, lithuanian, romanian */
	{ "cs sk lt ro", 3, { PLURAL_ONE, PLURAL_FEW, PLURAL_OTHER } },
	{ "mk", 3, { PLURAL_ONE, PLURAL_OTHER, PLURAL_OTHER } },
	/* russianStyle, polish */
	{ "be pl ru uk", 3, { PLURAL_ONE, PLURAL_FEW, PLURAL_MANY } },
	{ "bs hr sh sr", 3, { PLURAL_ONE, PLURAL_FEW, PLURAL_OTHER } },
	{ "sl", 4, { PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_OTHER } },
	{ "mt", 4, { PLURAL_ONE, PLURAL_FEW, PLURAL_MANY, PLURAL_OTHER } },
	{ "cy", 5, { PLURAL_ZERO, PLURAL_ONE, PLURAL_TWO, PLURAL_MANY, PLURAL_OTHER } },
	{ "ar", 6, { PLURAL_ZERO, PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_MANY, PLURAL_OTHER } },
};
static const struct qt_numerus qt_single = { "", 1, { PLURAL_OTHER } };

/* Whether the blank-separated list holds the word w[0..n). */
static bool has_word(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p; p += strspn(p, " ")) {
		size_t l = strcspn(p, " ");
		if (l == n && memcmp(p, w, n) == 0)
			return true;
		p += l;
	}
	return false;
}

/* Qt's forms for a language code or locale ("ru", "pt-BR", "sr_Latn"); NULL when none. */
static const struct qt_numerus *qt_numerus_of(const char *code)
{
	if (!code || !*code)
		return NULL;
	char lang[8];
	size_t n = strcspn(code, "-_");
	if (n >= sizeof(lang))
		return &qt_single;
	for (size_t i = 0; i < n; i++)
		lang[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	for (size_t i = 0; i < sizeof(qt_numerus) / sizeof(qt_numerus[0]); i++)
		if (has_word(qt_numerus[i].langs, lang, n))
			return &qt_numerus[i];
	return &qt_single;
}

/* CLDR category of Qt form k, given the language's categories (0: unknown). */
static int form_cat(const struct qt_numerus *q, int k, unsigned cats)
{
	int c = q->cat[k];
	return !cats || (cats & (1u << c)) ? c : PLURAL_OTHER;
}

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

/* How the file's <numerusform>s map onto categories (q NULL: they are not read). */
struct file_forms {
	const struct qt_numerus *q;
	unsigned cats;		/* CLDR categories of the file's language, 0 if unknown */
};

/* The non-empty <numerusform>s of a translated numerus message, as targets. */
static int read_forms(const struct xdoc *x, uint32_t tr, const struct file_forms *ff,
		      struct unit *u, struct fmt_error *err)
{
	int k = 0;
	for (uint32_t f = xn_child(x, tr, "numerusform"); f != XN_NONE && k < ff->q->n;
	     f = xn_next_elem(x, f, "numerusform"), k++) {
		char *t = xn_text_dup(x, f, err);
		if (!t)
			return -1;
		if (!*t) {
			free(t);
			continue;
		}
		/* of two forms for one category, the later is Qt's more general one */
		int c = form_cat(ff->q, k, ff->cats);
		free(u->target_plural[c]);
		u->target_plural[c] = t;
	}
	return 0;
}

static int read_message(struct fmt_doc *doc, struct ts_layout *l, const struct file_forms *ff,
			const char *ctx, uint32_t m, struct fmt_error *err)
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
		if (ff->q && read_forms(x, tr, ff, u, err))
			return -1;
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
	struct file_forms ff = { NULL, 0 };
	if (opt && opt->target_language) {
		ff.q = qt_numerus_of(opt->target_language);
		ff.cats = opt->plural_cats;
	} else {
		char *lang = xn_attr(x, x->root, "language");
		ff.q = qt_numerus_of(lang);
		free(lang);
	}
	for (uint32_t c = xn_child(x, x->root, "context"); c != XN_NONE;
	     c = xn_next_elem(x, c, "context")) {
		uint32_t nm = xn_child(x, c, "name");
		char *name = nm != XN_NONE ? xn_text_dup(x, nm, err) : xstrdup("");
		if (!name)
			return -1;
		int rc = 0;
		for (uint32_t m = xn_child(x, c, "message"); m != XN_NONE && rc == 0;
		     m = xn_next_elem(x, m, "message"))
			rc = read_message(doc, l, &ff, name, m, err);
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
	struct xstyle st;	/* the source's */
};

/* Unit i's text in slot: an uploaded translation's own bytes, else s escaped in style. */
static int put_text(struct writer *wr, size_t i, int slot, const char *s, struct buf *out)
{
	const struct fmt_spelling *sl = tmpl_spelled(tmpl_tr(wr->w, i), slot, s, 0);
	if (sl ? buf_add(out, sl->s, sl->len) == 0 : xu_put_style(out, s, strlen(s), 0, &wr->st) == 0)
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

/*
 * The categories whose texts fill the <numerusform>s, in order: Qt's forms
 * of the target language; without one, the source's categories.
 */
static int numerus_order(const struct fmt_lang *lang, unsigned cats, int order[PLURAL_NCATS])
{
	const struct qt_numerus *q = lang ? qt_numerus_of(lang->locale ? lang->locale : lang->code)
					  : NULL;
	int n = 0;
	if (q) {
		for (int k = 0; k < q->n; k++)
			order[n++] = form_cat(q, k, lang->plural_cats);
		return n;
	}
	for (int c = 0; c < PLURAL_NCATS; c++)
		if (cats & (1u << c))
			order[n++] = c;
	return n;
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
	int order[PLURAL_NCATS];
	int n = numerus_order(wr->w->lang, cats, order);
	open_translation(wr, tr, out);
	for (int k = 0; k < n; k++) {
		const char *text = forms[order[k]] ? forms[order[k]] : forms[PLURAL_OTHER];
		buf_add(out, indent, ws);
		buf_adds(out, "    <numerusform>");
		if (put_text(wr, i, forms[order[k]] ? order[k] : PLURAL_OTHER, text, out))
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
	if (sp->kind == T_MESSAGE ||
	    (same && !tmpl_spelled(tmpl_tr(wr->w, sp->unit), FMT_SPELL_TEXT, s, 0)))
		return TS_KEEP;
	open_translation(wr, wr->l->tr[sp->unit], out);
	if (put_text(wr, sp->unit, FMT_SPELL_TEXT, s, out))
		return -1;
	buf_adds(out, "</translation>");
	return TS_DONE;
}

static int ts_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		    const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct ts_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .l = l, .w = w, .err = err };
	xstyle_detect(&l->x, &wr.st);
	return xdoc_write(&l->x, &l->t, ts_span, &wr, out, err);
}

/* fn for each category whose form is the <numerusform> f's text. */
static void spell_form(const struct xdoc *x, uint32_t f, const struct unit *u, size_t i,
		       fmt_spell_fn fn, void *ctx)
{
	char *t = xn_text_dup(x, f, NULL);
	for (int c = 0; t && c < PLURAL_NCATS; c++)
		if (u->target_plural[c] && strcmp(u->target_plural[c], t) == 0)
			tmpl_spell(fn, ctx, i, c, x->data, x->n[f].tag_end, x->n[f].inner_end, 0);
	free(t);
}

/* Spellings: the inner bytes of each translated <translation> or <numerusform>. */
static void ts_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct ts_layout *l = doc->layout;
	const struct xdoc *x = &l->x;
	for (size_t i = 0; i < doc->n_units; i++) {
		const struct unit *u = &doc->units[i];
		uint32_t tr = l->tr[i];
		if (u->target)
			tmpl_spell(fn, ctx, i, FMT_SPELL_TEXT, x->data, x->n[tr].tag_end,
				   x->n[tr].inner_end, 0);
		for (uint32_t f = (u->flags & UNIT_PLURAL) ? xn_child(x, tr, "numerusform") : XN_NONE;
		     f != XN_NONE; f = xn_next_elem(x, f, "numerusform"))
			spell_form(x, f, u, i, fn, ctx);
	}
}

static const char *const ts_ext[] = { "ts", NULL };

const struct fmt_format fmt_qtts = {
	.name = "qtts",
	.extensions = ts_ext,
	.mime = "application/xml",
	.parse = ts_parse,
	.write = ts_write,
	.spellings = ts_spellings,
	.emit = NULL,
};
