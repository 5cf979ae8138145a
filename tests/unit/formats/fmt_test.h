/*
 * Shared harness of the format tests (header-only: CMake builds one binary
 * per tests/unit/formats/test_*.c).
 *
 * Fixtures live in tests/formats/<format>/.  Outputs are compared byte for
 * byte with ".expected" files; TOLK_WRITE_EXPECTED=1 writes each output
 * next to its expected file as <name>.actual instead of comparing (review
 * with diff, then move it over the expected file).
 *
 * Translations to write are a table of struct fx_tr rows ending with a NULL
 * key, written in the test or loaded from a ".tr" file, one translation per
 * line:
 *
 *	key <TAB> category <TAB> text
 *
 * category is "-" for a plain unit or a CLDR name for a plural form; text
 * and key take the escapes \n \t \\ and \xHH.  Units not listed are
 * untranslated.
 */
#ifndef TOLK_FMT_TEST_H
#define TOLK_FMT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <libxml/parser.h>

#include "formats/format.h"
#include "core/buf.h"
#include "core/mem.h"

static __attribute__((unused)) const struct fmt_lang lang_en = {
	"en", "en-US", "nplurals=2; plural=(n != 1);",
	1u << PLURAL_ONE | 1u << PLURAL_OTHER, 0
};
static __attribute__((unused)) const struct fmt_lang lang_de = {
	"de", "de-DE", "nplurals=2; plural=(n != 1);",
	1u << PLURAL_ONE | 1u << PLURAL_OTHER, 0
};
static __attribute__((unused)) const struct fmt_lang lang_ru = {
	"ru", "ru-RU",
	"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);",
	1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY | 1u << PLURAL_OTHER, 0
};
static __attribute__((unused)) const struct fmt_lang lang_uk = {
	"uk", "uk-UA",
	"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);",
	1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY | 1u << PLURAL_OTHER, 0
};
static __attribute__((unused)) const struct fmt_lang lang_ja = {
	"ja", "ja-JP", "nplurals=1; plural=0;", 1u << PLURAL_OTHER, 0
};

/* A set of plural categories: CATS(PLURAL_ONE, PLURAL_OTHER). */
#define CATS(...) fx_cats((int[]){ __VA_ARGS__, -1 })

static inline unsigned fx_cats(const int *c)
{
	unsigned s = 0;
	for (; *c >= 0; c++)
		s |= 1u << *c;
	return s;
}

/* ---- what struct fmt_format does not say ---- */

/*
 * bilingual: the file holds translations (unit->target): what it holds is
 *   the targets, and a unit without one is untranslated.
 * where: besides "line", the word by which an error names where it is.
 *   The XML and JSON readers refuse input over their 32 MB cap before
 *   counting lines ("file larger than ... (at byte N)", xmlutil.c and
 *   jsontok.c); the text formats say "line N (offset M)".
 * drops_hidden: units marked not translatable are left out unless the
 *   lookup gives them a text (android.c), so a write with no lookup at all
 *   is not the template.
 */
struct fx_traits {
	const char *name;
	bool bilingual;
	const char *where;
	bool drops_hidden;
};

static const struct fx_traits fx_traits_table[] = {
	{ "android", false, "byte", true },
	{ "arb", false, "byte", false },
	{ "chrome", false, "byte", false },
	{ "csv", true, "offset", false },
	{ "gettext", true, "offset", false },
	{ "ini", false, "offset", false },
	{ "json", false, "byte", false },
	{ "macosx", false, "offset", false },
	{ "php", false, "offset", false },
	{ "properties", false, "offset", false },
	{ "qtts", false, "byte", false },
	{ "resx", false, "byte", false },
	{ "stringsdict", false, "byte", false },
	{ "xliff", false, "byte", false },
	{ "yaml", false, "offset", false },
};

static inline const struct fx_traits *fx_traits(const struct fmt_format *f)
{
	for (size_t i = 0; i < sizeof(fx_traits_table) / sizeof(fx_traits_table[0]); i++)
		if (strcmp(f->name, fx_traits_table[i].name) == 0)
			return &fx_traits_table[i];
	fail_msg("format '%s' has no row in fx_traits_table (fmt_test.h)", f->name);
	return NULL;
}

/* ---- fixtures ---- */

static inline char *fx_path(const char *rel)
{
	const char *root = getenv("TOLK_SOURCE_DIR");
	if (!root)
		root = TOLK_SOURCE_DIR;
	size_t n = strlen(root) + strlen(rel) + 32;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/tests/formats/%s", root, rel);
	return p;
}

/* The fixture's bytes, NUL-terminated. */
static inline char *fx_read(const char *rel, size_t *len)
{
	char *path = fx_path(rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	struct buf b;
	buf_init(&b, 0);
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	free(path);
	return buf_detach(&b, len);
}

/* Compare bytes; on a difference show where. */
static inline void fx_assert_same(const char *what, const char *want, size_t wlen,
				  const char *got, size_t glen)
{
	size_t i = 0;
	while (i < wlen && i < glen && want[i] == got[i])
		i++;
	if (i == wlen && i == glen)
		return;
	size_t from = i > 40 ? i - 40 : 0;
	fail_msg("%s: differs at byte %zu (want %zu bytes, got %zu)\n"
		 "want: ...%.*s|%.*s...\ngot:  ...%.*s|%.*s...", what, i, wlen, glen,
		 (int)(i - from), want + from, (int)(wlen - i > 40 ? 40 : wlen - i), want + i,
		 (int)(i - from), got + from, (int)(glen - i > 40 ? 40 : glen - i), got + i);
}

/* out must equal the expected file rel (or is written to rel.actual). */
static inline void fx_expect(const struct buf *out, const char *rel)
{
	if (getenv("TOLK_WRITE_EXPECTED")) {
		char *path = fx_path(rel);
		size_t n = strlen(path) + 8;
		char *actual = xmalloc(n);
		snprintf(actual, n, "%s.actual", path);
		FILE *f = fopen(actual, "wb");
		if (!f)
			fail_msg("cannot write %s", actual);
		assert_int_equal(fwrite(out->data, 1, out->len, f), out->len);
		fclose(f);
		free(actual);
		free(path);
		return;
	}
	size_t len;
	char *want = fx_read(rel, &len);
	fx_assert_same(rel, want, len, out->data, out->len);
	free(want);
}

static inline struct fmt_doc fx_parse(const struct fmt_format *f, const char *rel,
				      const struct fmt_options *opt)
{
	size_t len;
	char *data = fx_read(rel, &len);
	struct fmt_doc doc;
	struct fmt_error err;
	int rc = fmt_parse(f, data, len, opt, &doc, &err);
	free(data);		/* the document must not point into the input */
	if (rc)
		fail_msg("%s: parse failed: %s", rel, err.msg);
	return doc;
}

/* ---- units ---- */

/* The unit with key k (fails the test when missing). */
static inline const struct unit *fx_unit(const struct fmt_doc *doc, const char *k)
{
	for (size_t i = 0; i < doc->n_units; i++)
		if (strcmp(doc->units[i].key, k) == 0)
			return &doc->units[i];
	fail_msg("no unit '%s'", k);
	return NULL;
}

/* Source, comment (NULL: none) and flags of the unit with key k. */
static inline void fx_check_unit(const struct fmt_doc *doc, const char *key, const char *source,
				 const char *comment, unsigned flags)
{
	const struct unit *u = fx_unit(doc, key);
	if (strcmp(u->source, source) != 0)
		fail_msg("unit '%s': source [%s], expected [%s]", key, u->source, source);
	if (comment)
		assert_non_null(u->comment);
	if (comment && strcmp(u->comment, comment) != 0)
		fail_msg("unit '%s': comment [%s], expected [%s]", key, u->comment, comment);
	if (!comment && u->comment)
		fail_msg("unit '%s': unexpected comment [%s]", key, u->comment);
	if (u->flags != flags)
		fail_msg("unit '%s': flags %#x, expected %#x", key, u->flags, flags);
}

static inline void fx_check_plural(const struct fmt_doc *doc, const char *key, int cat,
				   const char *text)
{
	const struct unit *u = fx_unit(doc, key);
	assert_true(u->flags & UNIT_PLURAL);
	if (!u->plural[cat] || strcmp(u->plural[cat], text) != 0)
		fail_msg("unit '%s' %s: [%s], expected [%s]", key, plural_cat_name(cat),
			 u->plural[cat] ? u->plural[cat] : "(null)", text);
}

/* ---- writing ---- */

/* A translation: text of a plain unit, pl[] the forms of a plural one. */
struct fx_tr {
	const char *key;
	const char *text;
	const char *pl[PLURAL_NCATS];
};

struct fx_tr_ctx {
	const struct fmt_doc *doc;
	const struct fx_tr *rows;	/* NULL: identity, what the file holds */
	struct fmt_translation t;
};

/*
 * Lookup by key in rows.  Identity gives the targets of a bilingual file
 * (none: untranslated) and the sources of any other.
 */
static inline const struct fmt_translation *fx_tr_lookup(void *ctx, size_t i)
{
	struct fx_tr_ctx *c = ctx;
	const struct unit *u = &c->doc->units[i];
	memset(&c->t, 0, sizeof(c->t));
	if (!c->rows && fx_traits(c->doc->format)->bilingual) {
		bool has_target = u->target != NULL;
		for (int k = 0; k < PLURAL_NCATS; k++)
			has_target |= u->target_plural[k] != NULL;
		if (!has_target)
			return NULL;
		c->t.text = u->target;
		memcpy(c->t.plural, u->target_plural, sizeof(c->t.plural));
		return &c->t;
	}
	if (!c->rows) {
		c->t.text = u->source;
		memcpy(c->t.plural, u->plural, sizeof(c->t.plural));
		return &c->t;
	}
	for (const struct fx_tr *r = c->rows; r->key; r++) {
		if (strcmp(r->key, u->key) != 0)
			continue;
		c->t.text = r->text;
		memcpy(c->t.plural, r->pl, sizeof(c->t.plural));
		return &c->t;
	}
	return NULL;
}

static inline void fx_write(const struct fmt_doc *doc, const struct fmt_options *opt,
			    const struct fmt_write_opts *w, struct buf *out)
{
	struct fmt_error err;
	memset(&err, 0, sizeof(err));
	buf_init(out, 0);
	if (doc->format->write(doc, opt, w, out, &err))
		fail_msg("write failed: %s", err.msg);
}

/* Write doc translated by rows (NULL: identity) into out (buf_release it). */
static inline void fx_write_tr(const struct fmt_doc *doc, const struct fmt_lang *lang,
			       const struct fx_tr *rows, bool skip, struct buf *out)
{
	struct fx_tr_ctx c = { doc, rows, { 0 } };
	struct fmt_write_opts w = { lang, fx_tr_lookup, &c, skip };
	fx_write(doc, NULL, &w, out);
}

/* Parse then write with the identity lookup: must give the same bytes. */
static inline void fx_roundtrip(const struct fmt_format *f, const char *rel,
				const struct fmt_options *opt)
{
	struct fmt_options defaults;
	if (!opt) {
		fmt_options_default(&defaults);
		opt = &defaults;
	}
	size_t len;
	char *data = fx_read(rel, &len);
	struct fmt_doc doc = fx_parse(f, rel, opt);
	struct fx_tr_ctx c = { &doc, NULL, { 0 } };
	struct fmt_write_opts w = { .lookup = fx_tr_lookup, .lookup_ctx = &c };
	struct buf out;
	fx_write(&doc, opt, &w, &out);
	fx_assert_same(rel, data, len, out.data, out.len);
	buf_release(&out);
	/* and with no lookup at all (everything falls back to the template) */
	if (!fx_traits(f)->drops_hidden) {
		w.lookup = NULL;
		fx_write(&doc, opt, &w, &out);
		fx_assert_same(rel, data, len, out.data, out.len);
		buf_release(&out);
	}
	fmt_doc_free(&doc);
	free(data);
}

static inline void fx_xml_well_formed(const struct buf *b)
{
	xmlDocPtr d = xmlReadMemory(b->data, (int)b->len, NULL, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d)
		fail_msg("output is not well-formed XML:\n%s", b->data);
	xmlFreeDoc(d);
}

/* ---- .tr files ---- */

static inline char *fx_unescape(const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			buf_addc(&b, s[i]);
			continue;
		}
		char c = s[++i];
		if (c == 'n')
			buf_addc(&b, '\n');
		else if (c == 't')
			buf_addc(&b, '\t');
		else if (c == 'x' && i + 2 < n + 1) {
			char hx[3] = { s[i + 1], s[i + 2], 0 };
			buf_addc(&b, (char)strtol(hx, NULL, 16));
			i += 2;
		} else
			buf_addc(&b, c);
	}
	return buf_detach(&b, NULL);
}

/* Rows of the .tr file rel (one per key); every key must name a unit of doc. */
static inline struct fx_tr *fx_tr_load(const char *rel, const struct fmt_doc *doc)
{
	size_t len, n = 0;
	char *data = fx_read(rel, &len);
	struct fx_tr *rows = xcalloc(len + 1, sizeof(*rows));
	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (*line && t2) {
			*t2 = '\0';
			char *key = fx_unescape(line, (size_t)(t1 - line));
			int cat = strcmp(t1 + 1, "-") == 0 ? -1 : plural_cat_from_name(t1 + 1);
			bool found = false;
			for (size_t i = 0; i < doc->n_units && !found; i++)
				found = strcmp(doc->units[i].key, key) == 0;
			if (!found)
				fail_msg("%s: no unit with key '%s'", rel, key);
			size_t r = 0;
			while (r < n && strcmp(rows[r].key, key) != 0)
				r++;
			if (r == n)
				rows[n++].key = key;
			else
				free(key);
			const char **slot = cat < 0 ? &rows[r].text : &rows[r].pl[cat];
			free((char *)*slot);	/* a later line wins */
			*slot = fx_unescape(t2 + 1, strlen(t2 + 1));
		}
		line = nl ? nl + 1 : NULL;
	}
	free(data);
	return rows;
}

static inline void fx_tr_free(struct fx_tr *rows)
{
	for (struct fx_tr *r = rows; r->key; r++) {
		free((char *)r->key);
		free((char *)r->text);
		for (int c = 0; c < PLURAL_NCATS; c++)
			free((char *)r->pl[c]);
	}
	free(rows);
}

/*
 * Write src translated by the .tr file trs, compare with the expected file;
 * the output must parse again.
 */
static inline void fx_translate(const struct fmt_format *f, const char *src,
				const struct fmt_options *opt, const char *trs,
				const struct fmt_lang *lang, bool skip, const char *expected)
{
	struct fmt_options defaults;
	if (!opt) {
		fmt_options_default(&defaults);
		opt = &defaults;
	}
	struct fmt_doc doc = fx_parse(f, src, opt);
	struct fx_tr *rows = fx_tr_load(trs, &doc);
	struct fx_tr_ctx c = { &doc, rows, { 0 } };
	struct fmt_write_opts w = { lang, fx_tr_lookup, &c, skip };
	struct buf out;
	fx_write(&doc, opt, &w, &out);
	fx_expect(&out, expected);
	struct fmt_doc again;
	struct fmt_error err;
	if (fmt_parse(f, out.data, out.len, opt, &again, &err))
		fail_msg("%s: output does not parse: %s", expected, err.msg);
	fmt_doc_free(&again);
	buf_release(&out);
	fx_tr_free(rows);
	fmt_doc_free(&doc);
}

/* ---- bad input ---- */

/*
 * Parsing must fail cleanly (-1, no units) and fast, even on 100 MB with
 * sanitizers.  Returns the error.
 */
static inline struct fmt_error fx_refused(const struct fmt_format *f, const char *data,
					  size_t len, const struct fmt_options *opt,
					  const char *want)
{
	struct fmt_doc doc;
	struct fmt_error err;
	char *copy = xmemdup(data, len);	/* exact length: ASan catches over-reads */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = fmt_parse(f, copy, len, opt, &doc, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(copy);
	if (rc == 0) {
		fmt_doc_free(&doc);
		fail_msg("parse of bad input succeeded (want error with '%s')",
			 want ? want : "a position");
	}
	assert_int_equal(rc, -1);
	assert_null(doc.units);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs > 10)
		fail_msg("refusing %zu bytes took %.1f s", len, secs);
	return err;
}

/* Parsing must fail with an error naming where, containing needle (if any). */
static inline void fx_bad(const struct fmt_format *f, const char *data, size_t len,
			  const struct fmt_options *opt, const char *needle)
{
	struct fmt_error err = fx_refused(f, data, len, opt, needle);
	if (needle && !strstr(err.msg, needle))
		fail_msg("error '%s' does not contain '%s'", err.msg, needle);
	if (!strstr(err.msg, "line") && !strstr(err.msg, fx_traits(f)->where))
		fail_msg("error '%s' names neither line nor %s", err.msg, fx_traits(f)->where);
}

static inline void fx_bad_str(const struct fmt_format *f, const char *s, const char *needle)
{
	fx_bad(f, s, strlen(s), NULL, needle);
}

/*
 * One huge line: prefix, 100 MB and then 20 MB of `fill`, suffix.  100 MB
 * is over every cap; 20 MB is under the XML/JSON input cap (32 MB) but one
 * huge text, and over the text formats' line limit (16 MB).
 */
static inline void fx_huge_line(const struct fmt_format *f, const char *prefix, char fill,
				const char *suffix)
{
	static const size_t sizes[] = { 100u << 20, 20u << 20 };
	size_t pl = strlen(prefix), sl = strlen(suffix);
	for (int k = 0; k < 2; k++) {
		size_t big = sizes[k];
		char *data = xmalloc(pl + big + sl);
		memcpy(data, prefix, pl);
		memset(data + pl, fill, big);
		memcpy(data + pl + big, suffix, sl);
		struct fmt_error err = fx_refused(f, data, pl + big + sl, NULL, "line 1");
		free(data);
		if (!strstr(err.msg, "line 1") && !strstr(err.msg, fx_traits(f)->where))
			fail_msg("%zu MB line: error '%s' names neither line 1 nor %s", big >> 20,
				 err.msg, fx_traits(f)->where);
	}
}

/* The fixture truncated halfway, with an invalid UTF-8 byte, one huge line. */
static inline void fx_bad_common(const struct fmt_format *f, const char *rel,
				 const char *line_prefix)
{
	size_t len;
	char *data = fx_read(rel, &len);
	fx_bad(f, data, len / 2, NULL, NULL);
	size_t at = len / 2;
	while (at < len && (unsigned char)data[at] >= 0x80)
		at++;
	data[at] = (char)0xFF;	/* at most the terminating NUL */
	fx_bad(f, data, len, NULL, NULL);
	free(data);
	fx_huge_line(f, line_prefix, 'A', "");
}

#endif
