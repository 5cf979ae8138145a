/*
 * Helpers shared by the format tests (header only: each test is one
 * executable).  Include after <cmocka.h>.
 *
 * Expected-output fixtures are compared byte for byte.  Setting
 * TOLK_WRITE_EXPECTED=1 writes the actual output next to the fixture as
 * <name>.actual for review instead of comparing.
 */
#ifndef TOLK_FMT_TEST_XML_H
#define TOLK_FMT_TEST_XML_H

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "formats/format.h"

#define CATS(...) fmt_test_cats((int[]){ __VA_ARGS__, -1 })

static inline unsigned fmt_test_cats(const int *c)
{
	unsigned s = 0;
	for (; *c >= 0; c++)
		s |= 1u << *c;
	return s;
}

static const struct fmt_lang lang_en = { "en", "en-US", "nplurals=2; plural=(n != 1);",
					 (1u << PLURAL_ONE) | (1u << PLURAL_OTHER) };
static const struct fmt_lang lang_ru = { "ru", "ru-RU",
	"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
	(1u << PLURAL_ONE) | (1u << PLURAL_FEW) | (1u << PLURAL_MANY) | (1u << PLURAL_OTHER) };
static const struct fmt_lang lang_de = { "de", "de-DE", "nplurals=2; plural=(n != 1);",
					 (1u << PLURAL_ONE) | (1u << PLURAL_OTHER) };
static const struct fmt_lang lang_ja = { "ja", "ja-JP", "nplurals=1; plural=0;",
					 1u << PLURAL_OTHER };

static inline char *fixture_path(const char *rel)
{
	const char *root = getenv("TOLK_SOURCE_DIR");
	if (!root)
		root = TOLK_SOURCE_DIR;
	size_t n = strlen(root) + strlen(rel) + 32;
	char *p = malloc(n);
	snprintf(p, n, "%s/tests/formats/%s", root, rel);
	return p;
}

static inline char *read_fixture(const char *rel, size_t *len)
{
	char *path = fixture_path(rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *d = malloc((size_t)n + 1);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	d[n] = '\0';
	fclose(f);
	free(path);
	*len = (size_t)n;
	return d;
}

static inline void parse_ok(const struct fmt_format *f, const char *rel, struct fmt_doc *doc)
{
	size_t len;
	struct fmt_error err;
	char *data = read_fixture(rel, &len);
	int rc = fmt_parse(f, data, len, NULL, doc, &err);
	if (rc)
		fail_msg("%s: %s", rel, err.msg);
	free(data);
}

static inline const struct unit *find_unit(const struct fmt_doc *doc, const char *key)
{
	for (size_t i = 0; i < doc->n_units; i++)
		if (strcmp(doc->units[i].key, key) == 0)
			return &doc->units[i];
	fail_msg("no unit '%s'", key);
	return NULL;
}

static inline void check_unit(const struct fmt_doc *doc, const char *key, const char *source,
		       const char *comment, unsigned flags)
{
	const struct unit *u = find_unit(doc, key);
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

static inline void check_plural(const struct fmt_doc *doc, const char *key, int cat, const char *text)
{
	const struct unit *u = find_unit(doc, key);
	assert_true(u->flags & UNIT_PLURAL);
	if (!u->plural[cat] || strcmp(u->plural[cat], text) != 0)
		fail_msg("unit '%s' %s: [%s], expected [%s]", key, plural_cat_name(cat),
			 u->plural[cat] ? u->plural[cat] : "(null)", text);
}

/* ---- lookups ------------------------------------------------------------ */

/* A translation table: key -> text or plural forms (by category). */
struct tr_row {
	const char *key;
	const char *text;
	const char *pl[PLURAL_NCATS];
};

struct tr_ctx {
	const struct fmt_doc *doc;
	const struct tr_row *rows;	/* NULL: return each unit's own source */
	struct fmt_translation t;
};

static inline const struct fmt_translation *tr_lookup(void *ctx, size_t i)
{
	struct tr_ctx *c = ctx;
	const struct unit *u = &c->doc->units[i];
	memset(&c->t, 0, sizeof(c->t));
	if (!c->rows) {
		c->t.text = u->source;
		for (int k = 0; k < PLURAL_NCATS; k++)
			c->t.plural[k] = u->plural[k];
		return &c->t;
	}
	for (const struct tr_row *r = c->rows; r->key; r++) {
		if (strcmp(r->key, u->key) != 0)
			continue;
		c->t.text = r->text;
		for (int k = 0; k < PLURAL_NCATS; k++)
			c->t.plural[k] = r->pl[k];
		return &c->t;
	}
	return NULL;
}

static inline void write_doc(const struct fmt_doc *doc, const struct fmt_lang *lang,
		      const struct tr_row *rows, bool skip, struct buf *out)
{
	struct tr_ctx c = { doc, rows, { 0 } };
	struct fmt_write_opts w = { lang, tr_lookup, &c, skip };
	struct fmt_error err = { 0 };
	buf_init(out, 0);
	int rc = doc->format->write(doc, NULL, &w, out, &err);
	if (rc)
		fail_msg("write: %s", err.msg);
}

static inline void expect_same(const char *what, const char *got, size_t glen, const char *want,
			size_t wlen)
{
	if (glen == wlen && memcmp(got, want, glen) == 0)
		return;
	size_t i = 0;
	while (i < glen && i < wlen && got[i] == want[i])
		i++;
	fail_msg("%s: differs at byte %zu (lengths %zu vs %zu): got [%.60s] want [%.60s]", what, i,
		 glen, wlen, got + i, want + i);
}

static inline void expect_fixture(const struct buf *out, const char *rel)
{
	if (getenv("TOLK_WRITE_EXPECTED")) {
		char *path = fixture_path(rel);
		size_t n = strlen(path) + 8;
		char *p2 = malloc(n);
		snprintf(p2, n, "%s.actual", path);
		FILE *f = fopen(p2, "wb");
		fwrite(out->data, 1, out->len, f);
		fclose(f);
		free(p2);
		free(path);
		return;
	}
	size_t len;
	char *want = read_fixture(rel, &len);
	expect_same(rel, out->data, out->len, want, len);
	free(want);
}

/* Parse, write back with each unit's own source: must be byte-identical. */
static inline void round_trip(const struct fmt_format *f, const char *rel)
{
	size_t len;
	struct fmt_doc doc;
	struct fmt_error err;
	struct buf out;
	char *data = read_fixture(rel, &len);
	if (fmt_parse(f, data, len, NULL, &doc, &err))
		fail_msg("%s: %s", rel, err.msg);
	write_doc(&doc, NULL, NULL, false, &out);
	expect_same(rel, out.data, out.len, data, len);
	buf_release(&out);
	fmt_doc_free(&doc);
	free(data);
}

static inline void xml_well_formed(const struct buf *b)
{
	xmlDocPtr d = xmlReadMemory(b->data, (int)b->len, NULL, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d)
		fail_msg("output is not well-formed XML:\n%s", b->data);
	xmlFreeDoc(d);
}

/* Parse of `data` must fail with a message naming a line or byte offset. */
static inline void parse_fails(const struct fmt_format *f, const char *data, size_t len,
			const char *needle)
{
	struct fmt_doc doc;
	struct fmt_error err;
	int rc = fmt_parse(f, data, len, NULL, &doc, &err);
	if (rc == 0) {
		fmt_doc_free(&doc);
		fail_msg("parse of bad input succeeded (%s)", needle);
	}
	if (!strstr(err.msg, "line") && !strstr(err.msg, "byte"))
		fail_msg("error names no line or offset: %s", err.msg);
	if (needle && !strstr(err.msg, needle))
		fail_msg("error [%s] lacks [%s]", err.msg, needle);
}

static inline void parse_fails_s(const struct fmt_format *f, const char *s, const char *needle)
{
	parse_fails(f, s, strlen(s), needle);
}

/* Truncated halfway, an invalid UTF-8 byte, a 100 MB single line. */
static inline void common_bad_input(const struct fmt_format *f, const char *rel, const char *line_prefix)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	parse_fails(f, data, len / 2, NULL);
	char *bad = malloc(len + 1);
	memcpy(bad, data, len);
	size_t at = len / 2;
	while (at < len && (unsigned char)bad[at] >= 0x80)
		at++;
	bad[at] = (char)0xFF;
	parse_fails(f, bad, len, NULL);
	free(bad);
	free(data);

	/* 100 MB is over the input cap; 20 MB is under it but one huge text */
	static const size_t sizes[] = { 100u << 20, 20u << 20 };
	for (int k = 0; k < 2; k++) {
		size_t big = sizes[k], pl = strlen(line_prefix);
		char *line = malloc(big);
		memcpy(line, line_prefix, pl);
		memset(line + pl, 'A', big - pl);
		clock_t t0 = clock();
		parse_fails(f, line, big, NULL);
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		if (secs > 20)
			fail_msg("%zu MB line took %.1f s", big >> 20, secs);
		free(line);
	}
}

#endif
