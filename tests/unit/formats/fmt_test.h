/*
 * Shared harness of the format tests (header-only: CMake builds one binary
 * per tests/unit/formats/test_*.c).
 *
 * Fixtures live in tests/formats/<format>/.  A translated write is driven
 * by a ".tr" file, one translation per line:
 *
 *	key <TAB> category <TAB> text
 *
 * category is "-" for a plain unit or a CLDR name for a plural form; text
 * and key take the escapes \n \t \\ and \xHH.  Units not listed are
 * untranslated.  The output is compared with a ".expected" file;
 * TOLK_UPDATE_EXPECTED=1 rewrites the expected files instead (then review
 * them with git diff).
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

#include "formats/format.h"
#include "core/buf.h"
#include "core/mem.h"

static __attribute__((unused)) const struct fmt_lang lang_de = {
	"de", "de-DE", "nplurals=2; plural=(n != 1);",
	1u << PLURAL_ONE | 1u << PLURAL_OTHER
};
static __attribute__((unused)) const struct fmt_lang lang_ru = {
	"ru", "ru-RU",
	"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);",
	1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY | 1u << PLURAL_OTHER
};
static __attribute__((unused)) const struct fmt_lang lang_uk = {
	"uk", "uk-UA",
	"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
	"(n%100<10 || n%100>=20) ? 1 : 2);",
	1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY | 1u << PLURAL_OTHER
};
static __attribute__((unused)) const struct fmt_lang lang_ja = {
	"ja", "ja-JP", "nplurals=1; plural=0;", 1u << PLURAL_OTHER
};

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

static inline void fx_write_file(const char *rel, const char *data, size_t len)
{
	char *path = fx_path(rel);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(path);
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

/* ---- lookups ---- */

/* Formats whose files carry translations (unit->target). */
static inline bool fx_bilingual(const struct fmt_format *f)
{
	return strcmp(f->name, "gettext") == 0 || strcmp(f->name, "csv") == 0;
}

/* Identity: what the file holds (target for bilingual formats, else source). */
struct fx_ident {
	const struct fmt_doc *doc;
	struct fmt_translation tr;
};

static inline const struct fmt_translation *fx_ident_lookup(void *ctx, size_t i)
{
	struct fx_ident *id = ctx;
	const struct unit *u = &id->doc->units[i];
	bool has_target = u->target != NULL;
	for (int c = 0; c < PLURAL_NCATS; c++)
		has_target |= u->target_plural[c] != NULL;
	memset(&id->tr, 0, sizeof(id->tr));
	if (fx_bilingual(id->doc->format)) {
		/* bilingual: nothing in the file means untranslated */
		if (!has_target)
			return NULL;
		id->tr.text = u->target;
		memcpy(id->tr.plural, u->target_plural, sizeof(id->tr.plural));
		return &id->tr;
	}
	id->tr.text = u->source;
	memcpy(id->tr.plural, u->plural, sizeof(id->tr.plural));
	return &id->tr;
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

/* Parse then write with the identity lookup: must give the same bytes. */
static inline void fx_roundtrip(const struct fmt_format *f, const char *rel, const struct fmt_options *opt)
{
	struct fmt_options defaults;
	if (!opt) {
		fmt_options_default(&defaults);
		opt = &defaults;
	}
	size_t len;
	char *data = fx_read(rel, &len);
	struct fmt_doc doc = fx_parse(f, rel, opt);
	struct fx_ident id = { .doc = &doc };
	struct fmt_write_opts w = { .lookup = fx_ident_lookup, .lookup_ctx = &id };
	struct buf out;
	fx_write(&doc, opt, &w, &out);
	fx_assert_same(rel, data, len, out.data, out.len);
	/* and with no lookup at all (everything falls back to the template) */
	buf_release(&out);
	w.lookup = NULL;
	fx_write(&doc, opt, &w, &out);
	fx_assert_same(rel, data, len, out.data, out.len);
	buf_release(&out);
	fmt_doc_free(&doc);
	free(data);
}

/* ---- .tr translation tables ---- */

struct fx_tr_row {
	char *key;
	int cat;		/* -1 plain */
	char *text;
};

struct fx_trs {
	struct fx_tr_row *rows;
	size_t n;
	struct fmt_translation *by_unit;	/* per unit of the doc */
	bool *has;
};

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

static inline void fx_trs_load(struct fx_trs *t, const char *rel, const struct fmt_doc *doc)
{
	size_t len;
	char *data = fx_read(rel, &len);
	memset(t, 0, sizeof(*t));
	t->rows = xcalloc(len + 1, sizeof(*t->rows));
	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (*line && t2) {
			struct fx_tr_row *r = &t->rows[t->n++];
			r->key = fx_unescape(line, (size_t)(t1 - line));
			*t2 = '\0';
			r->cat = strcmp(t1 + 1, "-") == 0 ? -1 : plural_cat_from_name(t1 + 1);
			r->text = fx_unescape(t2 + 1, strlen(t2 + 1));
		}
		line = nl ? nl + 1 : NULL;
	}
	free(data);
	t->by_unit = xcalloc(doc->n_units + 1, sizeof(*t->by_unit));
	t->has = xcalloc(doc->n_units + 1, sizeof(bool));
	for (size_t r = 0; r < t->n; r++) {
		bool found = false;
		for (size_t i = 0; i < doc->n_units; i++) {
			if (strcmp(doc->units[i].key, t->rows[r].key) != 0)
				continue;
			found = true;
			t->has[i] = true;
			if (t->rows[r].cat < 0)
				t->by_unit[i].text = t->rows[r].text;
			else
				t->by_unit[i].plural[t->rows[r].cat] = t->rows[r].text;
		}
		if (!found)
			fail_msg("%s: no unit with key '%s'", rel, t->rows[r].key);
	}
}

static inline void fx_trs_free(struct fx_trs *t)
{
	for (size_t r = 0; r < t->n; r++) {
		free(t->rows[r].key);
		free(t->rows[r].text);
	}
	free(t->rows);
	free(t->by_unit);
	free(t->has);
}

static inline const struct fmt_translation *fx_trs_lookup(void *ctx, size_t i)
{
	struct fx_trs *t = ctx;
	return t->has[i] ? &t->by_unit[i] : NULL;
}

/* Write src translated by the .tr table and compare with the expected file. */
static inline void fx_translate(const struct fmt_format *f, const char *src, const struct fmt_options *opt,
			 const char *trs, const struct fmt_lang *lang, bool skip, const char *expected)
{
	struct fmt_options defaults;
	if (!opt) {
		fmt_options_default(&defaults);
		opt = &defaults;
	}
	struct fmt_doc doc = fx_parse(f, src, opt);
	struct fx_trs t;
	fx_trs_load(&t, trs, &doc);
	struct fmt_write_opts w = { .lang = lang, .lookup = fx_trs_lookup, .lookup_ctx = &t,
				    .skip_untranslated = skip };
	struct buf out;
	fx_write(&doc, opt, &w, &out);
	if (getenv("TOLK_UPDATE_EXPECTED")) {
		fx_write_file(expected, out.data, out.len);
	} else {
		size_t len;
		char *want = fx_read(expected, &len);
		fx_assert_same(expected, want, len, out.data, out.len);
		free(want);
	}
	/* the output must itself parse */
	struct fmt_doc again;
	struct fmt_error err;
	if (fmt_parse(f, out.data, out.len, opt, &again, &err))
		fail_msg("%s: output does not parse: %s", expected, err.msg);
	fmt_doc_free(&again);
	buf_release(&out);
	fx_trs_free(&t);
	fmt_doc_free(&doc);
}

/* ---- bad input ---- */

/* Parsing must fail with a message containing `needle` (e.g. "line 3"). */
static inline void fx_bad(const struct fmt_format *f, const char *data, size_t len,
		   const struct fmt_options *opt, const char *needle)
{
	struct fmt_doc doc;
	struct fmt_error err;
	char *copy = xmemdup(data, len);	/* exact length: ASan catches over-reads */
	int rc = fmt_parse(f, copy, len, opt, &doc, &err);
	free(copy);
	if (rc == 0) {
		fmt_doc_free(&doc);
		fail_msg("parse of bad input succeeded (want error with '%s')", needle);
	}
	assert_int_equal(rc, -1);
	if (!strstr(err.msg, needle))
		fail_msg("error '%s' does not contain '%s'", err.msg, needle);
	if (!strstr(err.msg, "line") && !strstr(err.msg, "offset"))
		fail_msg("error '%s' names neither line nor offset", err.msg);
	assert_null(doc.units);
}

static inline void fx_bad_str(const struct fmt_format *f, const char *s, const char *needle)
{
	fx_bad(f, s, strlen(s), NULL, needle);
}

/*
 * A 100 MB single line: prefix, 100 MB of `fill`, suffix.  Must fail fast
 * (well under a few seconds even with sanitizers).
 */
static inline void fx_huge_line(const struct fmt_format *f, const char *prefix, char fill,
			 const char *suffix)
{
	size_t big = (size_t)100 << 20, pl = strlen(prefix), sl = strlen(suffix);
	char *data = xmalloc(pl + big + sl);
	memcpy(data, prefix, pl);
	memset(data + pl, fill, big);
	memcpy(data + pl + big, suffix, sl);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct fmt_doc doc;
	struct fmt_error err;
	int rc = fmt_parse(f, data, pl + big + sl, NULL, &doc, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(data);
	if (rc == 0)
		fmt_doc_free(&doc);
	assert_int_equal(rc, -1);
	if (!strstr(err.msg, "line 1") && !strstr(err.msg, "offset"))
		fail_msg("error '%s' names neither line 1 nor offset", err.msg);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs > 10)
		fail_msg("100 MB line took %.1f s", secs);
}

/* The unit with key k (fails the test when missing). */
static inline const struct unit *fx_unit(const struct fmt_doc *doc, const char *k)
{
	for (size_t i = 0; i < doc->n_units; i++)
		if (strcmp(doc->units[i].key, k) == 0)
			return &doc->units[i];
	fail_msg("no unit '%s'", k);
	return NULL;
}

#endif
