/*
 * Apple .stringsdict (XML property list of plural rules).
 *
 *	<plist version="1.0"><dict>
 *	  <key>%d files</key>			entry key
 *	  <dict>
 *	    <key>NSStringLocalizedFormatKey</key><string>%#@files@</string>
 *	    <key>files</key>			variable
 *	    <dict>
 *	      <key>NSStringFormatSpecTypeKey</key><string>NSStringPluralRuleType</string>
 *	      <key>NSStringFormatValueTypeKey</key><string>d</string>
 *	      <key>one</key><string>%d file</string>
 *	      <key>other</key><string>%d files</string>
 *	    </dict>
 *	  </dict>
 *	</dict></plist>
 *
 * Units: one plural unit per (entry, plural variable).  Its key is the entry
 * key when the entry has one plural variable, "entry:variable" when it has
 * several.  plural[] holds the category strings (zero one two few many
 * other; "other" is required), source = plural[other].  The XML comment
 * right before the entry's <key> becomes the unit comment.
 * NSStringLocalizedFormatKey, NSStringFormatValueTypeKey and variables of
 * another rule type (NSStringVariableWidthRuleType, ...) are not
 * translatable and stay in the file as written.
 *
 * Reading goes through xdoc_load (hardened libxml2 check: no entity
 * declarations, nothing loaded from outside -- the DOCTYPE's public DTD URL
 * is never fetched).  Writing rewrites the source bytes: each translated
 * variable gets one <key>/<string> pair per category of the target
 * language (plus "zero" when the translation has one: Apple uses it for 0
 * in every language), in CLDR order, indented like the source's first
 * category pair; everything else is copied.  With skip_untranslated an entry is left out
 * when none of its variables is translated; a partly translated entry keeps
 * the source forms of its untranslated variables (its format key needs
 * them all).
 */
#include "formats/formats_list.h"
#include "formats/tmpl.h"
#include "formats/xmlutil.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SD_ENTRY, SD_CATS_FIRST, SD_CATS_REST };

#define SD_MAX_VARS 0xFFFFu	/* plural variables per entry (tspan.aux) */

struct sd_layout {
	struct xdoc x;
	struct tmpl t;
	uint32_t *first_key;	/* per unit: <key> node of its first category pair */
};

static void layout_free(void *p)
{
	struct sd_layout *l = p;
	xdoc_free(&l->x);
	tmpl_free(&l->t);
	free(l->first_key);
	free(l);
}

/* ---- reading ------------------------------------------------------------ */

struct reader {
	struct fmt_doc *doc;
	struct sd_layout *l;
	size_t key_alloc;
	struct fmt_error *err;
};

static int node_error(struct reader *r, uint32_t i, const char *what, const char *name)
{
	const struct xdoc *x = &r->l->x;
	size_t off = i == XN_NONE ? x->len : x->n[i].start;
	size_t line = xu_line(x->data, off);
	if (name)
		fmt_error_set(r->err, line, off, "line %zu: %s '%s'", line, what, name);
	else
		fmt_error_set(r->err, line, off, "line %zu: %s", line, what);
	return -1;
}

/* Text of a <key> or <string> (no child elements allowed); NULL on error. */
static char *leaf_text(struct reader *r, uint32_t i)
{
	const struct xdoc *x = &r->l->x;
	for (uint32_t c = x->n[i].first; c != XN_NONE; c = x->n[c].next)
		if (x->n[c].type == XN_ELEM) {
			node_error(r, c, "unexpected element inside a plist <key> or <string>", NULL);
			return NULL;
		}
	return xn_text_dup(x, i, r->err);
}

/* Whether the text of leaf element i is exactly s (no entities expected). */
static bool leaf_is(const struct xdoc *x, uint32_t i, const char *s)
{
	size_t n = strlen(s);
	return x->n[i].first == XN_NONE && x->n[i].inner_end - x->n[i].tag_end == n &&
	       memcmp(x->data + x->n[i].tag_end, s, n) == 0;
}

/*
 * Walk the <key>/value pairs of <dict> d: *k gets the next <key>, *v its
 * value.  Returns 1 for a pair, 0 at the end, -1 on error.
 */
static int next_pair(struct reader *r, uint32_t d, uint32_t *k, uint32_t *v)
{
	const struct xdoc *x = &r->l->x;
	*k = *v == XN_NONE ? xn_child(x, d, NULL) : xn_next_elem(x, *v, NULL);
	if (*k == XN_NONE)
		return 0;
	if (!xn_is(x, *k, "key"))
		return node_error(r, *k, "expected <key> in <dict>", NULL);
	*v = xn_next_elem(x, *k, NULL);
	if (*v == XN_NONE)
		return node_error(r, *k, "<key> without a value", NULL);
	return 1;
}

static struct unit *new_unit(struct reader *r, uint32_t first_key)
{
	struct fmt_doc *doc = r->doc;
	struct unit *u = fmt_doc_add_unit(doc);
	if (doc->n_units > r->key_alloc) {
		r->key_alloc = r->key_alloc ? r->key_alloc * 2 : 64;
		r->l->first_key = xrealloc(r->l->first_key, r->key_alloc * sizeof(uint32_t));
	}
	r->l->first_key[doc->n_units - 1] = first_key;
	u->flags = UNIT_PLURAL;
	return u;
}

/* Span of a category pair: its line (break + indentation) to </string>. */
static void add_pair_span(struct reader *r, uint32_t k, uint32_t v, size_t unit, int kind)
{
	const struct xdoc *x = &r->l->x;
	tmpl_add(&r->l->t, xn_line_start(x, x->n[k].start), x->n[v].end, unit, kind, 0);
}

/* A variable dict: a unit when its rule type is plural.  1 = unit, 0 = not. */
static int read_variable(struct reader *r, uint32_t vd, const char *var, const char *comment)
{
	const struct xdoc *x = &r->l->x;
	uint32_t k = XN_NONE, v = XN_NONE, cat_key[PLURAL_NCATS], cat_val[PLURAL_NCATS];
	int rc, type = -1;	/* -1 missing, 0 other rule, 1 plural */
	for (int c = 0; c < PLURAL_NCATS; c++)
		cat_key[c] = cat_val[c] = XN_NONE;
	while ((rc = next_pair(r, vd, &k, &v)) > 0) {
		if (leaf_is(x, k, "NSStringFormatSpecTypeKey")) {
			if (!xn_is(x, v, "string"))
				return node_error(r, v, "NSStringFormatSpecTypeKey is not a <string>", NULL);
			type = leaf_is(x, v, "NSStringPluralRuleType");
			continue;
		}
		char *name = leaf_text(r, k);
		if (!name)
			return -1;
		int c = plural_cat_from_name(name);
		free(name);
		if (c < 0)
			continue;	/* NSStringFormatValueTypeKey and the like */
		if (cat_key[c] != XN_NONE)
			return node_error(r, k, "repeated plural category", plural_cat_name(c));
		if (!xn_is(x, v, "string"))
			return node_error(r, v, "plural form is not a <string> in variable", var);
		cat_key[c] = k;
		cat_val[c] = v;
	}
	if (rc < 0)
		return -1;
	if (type < 0)
		return node_error(r, vd, "no NSStringFormatSpecTypeKey in variable", var);
	if (type == 0)
		return 0;
	if (cat_key[PLURAL_OTHER] == XN_NONE)
		return node_error(r, vd, "no \"other\" form in plural variable", var);

	uint32_t first = XN_NONE;
	for (int c = 0; c < PLURAL_NCATS; c++)
		if (cat_key[c] != XN_NONE && (first == XN_NONE || x->n[cat_key[c]].start <
							   x->n[first].start))
			first = cat_key[c];
	size_t idx = r->doc->n_units;
	struct unit *u = new_unit(r, first);
	u->key = xstrdup(var);	/* read_entry makes the final key */
	if (comment)
		u->comment = xstrdup(comment);
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (cat_key[c] == XN_NONE)
			continue;
		if (!(u->plural[c] = leaf_text(r, cat_val[c])))
			return -1;
		add_pair_span(r, cat_key[c], cat_val[c], idx,
			      cat_key[c] == first ? SD_CATS_FIRST : SD_CATS_REST);
	}
	u->source = xstrdup(u->plural[PLURAL_OTHER]);
	return 1;
}

static int read_entry(struct reader *r, uint32_t ek, uint32_t ed)
{
	const struct xdoc *x = &r->l->x;
	if (!xn_is(x, ed, "dict"))
		return node_error(r, ed, "value of a .stringsdict entry is not a <dict>", NULL);
	char *entry = leaf_text(r, ek), *comment = NULL, *var = NULL;
	if (!entry)
		return -1;
	uint32_t c = xn_prev_comment(x, ek);
	if (c != XN_NONE)
		comment = xn_comment(x, c);
	bool has_format = false;
	size_t first = r->doc->n_units;
	uint32_t k = XN_NONE, v = XN_NONE;
	int rc;
	while ((rc = next_pair(r, ed, &k, &v)) > 0) {
		if (leaf_is(x, k, "NSStringLocalizedFormatKey")) {
			if (!xn_is(x, v, "string")) {
				rc = node_error(r, v, "NSStringLocalizedFormatKey is not a <string> in",
						entry);
				break;
			}
			has_format = true;
			continue;
		}
		if (!xn_is(x, v, "dict"))
			continue;	/* not a variable: kept as written */
		if (!(var = leaf_text(r, k))) {
			rc = -1;
			break;
		}
		int got = read_variable(r, v, var, comment);
		free(var);
		var = NULL;
		if (got < 0) {
			rc = -1;
			break;
		}
	}
	/* unit keys: the entry key, or "entry:variable" when it has several */
	size_t nv = r->doc->n_units - first;
	for (size_t i = first; i < r->doc->n_units; i++) {
		struct unit *u = &r->doc->units[i];
		char *key;
		if (nv == 1) {
			key = xstrdup(entry);
		} else {
			size_t n = strlen(entry) + strlen(u->key) + 2;
			key = xmalloc(n);
			snprintf(key, n, "%s:%s", entry, u->key);
		}
		free(u->key);
		u->key = key;
	}
	if (rc == 0 && !has_format)
		rc = node_error(r, ed, "no NSStringLocalizedFormatKey in entry", entry);
	if (rc == 0 && nv > SD_MAX_VARS)
		rc = node_error(r, ed, "too many plural variables in entry", entry);
	if (rc == 0 && nv)
		tmpl_add(&r->l->t, xn_line_start(x, c != XN_NONE ? x->n[c].start : x->n[ek].start),
			 x->n[ed].end, first, SD_ENTRY, (int)nv);
	free(var);
	free(entry);
	free(comment);
	return rc < 0 ? -1 : 0;
}

static int sd_parse(const char *data, size_t len, const struct fmt_options *opt,
		    struct fmt_doc *doc, struct fmt_error *err)
{
	struct sd_layout *l = xcalloc(1, sizeof(*l));
	struct reader r = { doc, l, 0, err };
	doc->layout = l;
	doc->layout_free = layout_free;
	if (xdoc_load(&l->x, data, len, 0, err))
		return -1;
	xdoc_keep(&l->x);
	const struct xdoc *x = &l->x;
	if (!xn_is(x, x->root, "plist"))
		return node_error(&r, x->root, "root element is not <plist>", NULL);
	uint32_t top = xn_child(x, x->root, NULL);
	if (top == XN_NONE || !xn_is(x, top, "dict") || xn_next_elem(x, top, NULL) != XN_NONE)
		return node_error(&r, top == XN_NONE ? x->root : top,
				  "<plist> must hold exactly one <dict>", NULL);
	uint32_t k = XN_NONE, v = XN_NONE;
	int rc;
	while ((rc = next_pair(&r, top, &k, &v)) > 0)
		if (read_entry(&r, k, v))
			return -1;
	if (rc < 0)
		return -1;
	tmpl_seal(&l->t);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

struct writer {
	const struct fmt_doc *doc;
	const struct sd_layout *l;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct xstyle st;	/* the source's */
};

/*
 * Forms of unit i; an untranslated variable of a kept entry takes the
 * source's.  Apple applies "zero" to the number 0 in every language, so a
 * translated zero form is written even when the language has no such
 * category.
 */
static void forms_of(struct writer *wr, size_t i, const char *forms[PLURAL_NCATS],
		     unsigned *cats, bool *same)
{
	if (!tmpl_forms(wr->doc, wr->w, i, forms, cats, same)) {
		struct fmt_write_opts w = *wr->w;
		w.skip_untranslated = false;
		tmpl_forms(wr->doc, &w, i, forms, cats, same);
		return;
	}
	const struct fmt_translation *tr =
		wr->w->lookup ? wr->w->lookup(wr->w->lookup_ctx, i) : NULL;
	if (!tr || !tr->plural[PLURAL_ZERO] || (*cats & (1u << PLURAL_ZERO)))
		return;
	const struct unit *u = &wr->doc->units[i];
	*cats |= 1u << PLURAL_ZERO;
	forms[PLURAL_ZERO] = tr->plural[PLURAL_ZERO];
	*same = *cats == unit_cats(u);
	for (int c = 0; *same && c < PLURAL_NCATS; c++)
		if ((*cats & (1u << c)) && strcmp(forms[c], u->plural[c]) != 0)
			*same = false;
}

static bool only_blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static int write_cats(struct writer *wr, const struct tspan *sp, const char *forms[PLURAL_NCATS],
		      unsigned cats, struct buf *out)
{
	const struct xdoc *x = &wr->l->x;
	uint32_t k = wr->l->first_key[sp->unit], v = xn_next_elem(x, k, NULL);
	const char *indent = x->data + sp->start;
	size_t il = x->n[k].start - sp->start;
	const char *sep = x->data + x->n[k].end;
	size_t sl = x->n[v].start - x->n[k].end;
	if (!only_blanks(sep, sl))
		sl = 0;
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		buf_add(out, indent, il);
		buf_printf(out, "<key>%s</key>", plural_cat_name(c));
		buf_add(out, sep, sl);
		buf_adds(out, "<string>");
		const struct fmt_spelling *own = tmpl_spelled(tmpl_tr(wr->w, sp->unit), c, forms[c], 0);
		if (own ? buf_add(out, own->s, own->len) :
			 xu_put_style(out, forms[c], strlen(forms[c]), 0, &wr->st)) {
			fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8 or too large",
				      wr->doc->units[sp->unit].key);
			return -1;
		}
		buf_adds(out, "</string>");
	}
	return TS_DONE;
}

static int sd_span(void *ctx, const struct tspan *sp, struct buf *out)
{
	struct writer *wr = ctx;
	const char *forms[PLURAL_NCATS];
	unsigned cats;
	bool same;
	switch (sp->kind) {
	case SD_ENTRY:
		for (size_t k = 0; k < sp->aux; k++)
			if (tmpl_forms(wr->doc, wr->w, sp->unit + k, forms, &cats, &same))
				return TS_KEEP;
		return TS_DROP;
	case SD_CATS_FIRST:
		forms_of(wr, sp->unit, forms, &cats, &same);
		return same ? TS_KEEP : write_cats(wr, sp, forms, cats, out);
	case SD_CATS_REST:
		forms_of(wr, sp->unit, forms, &cats, &same);
		return same ? TS_KEEP : TS_DROP;
	}
	return TS_KEEP;
}

static int sd_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		    const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct sd_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .l = l, .w = w, .err = err };
	xstyle_detect(&l->x, &wr.st);
	return xdoc_write(&l->x, &l->t, sd_span, &wr, out, err);
}

/* Spellings: the inner bytes of each category's <string>. */
static void sd_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct sd_layout *l = doc->layout;
	const struct xdoc *x = &l->x;
	for (size_t u = 0; u < doc->n_units; u++) {
		uint32_t var = x->n[l->first_key[u]].parent;
		for (uint32_t k = xn_child(x, var, "key"); k != XN_NONE; k = xn_next_elem(x, k, "key")) {
			uint32_t v = xn_next_elem(x, k, NULL);
			size_t n = x->n[k].inner_end - x->n[k].tag_end;
			for (int c = 0; v != XN_NONE && c < PLURAL_NCATS; c++)
				if (strlen(plural_cat_name(c)) == n &&
				    memcmp(x->data + x->n[k].tag_end, plural_cat_name(c), n) == 0)
					tmpl_spell(fn, ctx, u, c, x->data, x->n[v].tag_end,
						   x->n[v].inner_end, 0);
		}
	}
}

static const char *const sd_ext[] = { "stringsdict", NULL };

const struct fmt_format fmt_stringsdict = {
	.name = "stringsdict",
	.extensions = sd_ext,
	.mime = "application/x-plist",
	.parse = sd_parse,
	.write = sd_write,
	.spellings = sd_spellings,
	.emit = NULL,
};
