/*
 * The `scheme` of spreadsheet uploads (upload-tm, upload-glossary): what
 * each column holds, and the mappers from rows to TM units and glossary
 * entries.
 */
#include "exchange/xch_int.h"

#include "core/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool lang_ok(const char *s, size_t n)
{
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

static bool prefixed(const char *s, size_t n, const char *prefix, size_t *plen)
{
	*plen = strlen(prefix);
	return n >= *plen && strncasecmp(s, prefix, *plen) == 0;
}

static const char *role_name(enum xch_role r)
{
	return r == XCH_TERM ? "term_" : r == XCH_DESCRIPTION ? "description_" : "";
}

/* One column's role from the item s[0, n). */
static int parse_item(const char *s, size_t n, enum xch_scheme_kind kind, struct xch_col *c,
		      size_t i, struct xch_error *err)
{
	size_t pl = 0;
	memset(c, 0, sizeof(*c));
	if (n == 4 && strncasecmp(s, "none", 4) == 0)
		return 0;
	if (kind == XCH_SCHEME_TM)
		c->role = XCH_LANG;
	else if (prefixed(s, n, "term_", &pl))
		c->role = XCH_TERM;
	else if (prefixed(s, n, "description_", &pl))
		c->role = XCH_DESCRIPTION;
	else
		return xch_fail(err, 0, "scheme: column %zu is \"%.*s\"; a glossary column is "
				"term_{language}, description_{language} or none", i + 1,
				(int)(n > 64 ? 64 : n), s);
	if (!lang_ok(s + pl, n - pl))
		return xch_fail(err, 0, kind == XCH_SCHEME_TM ?
				"scheme: column %zu is \"%.*s\"; a TM column is a language code "
				"(letters, digits, - and _) or none" :
				"scheme: column %zu (\"%.*s\") names no valid language code", i + 1,
				(int)(n > 64 ? 64 : n), s);
	memcpy(c->lang, s + pl, n - pl);
	c->lang[n - pl] = '\0';
	return 0;
}

int xch_scheme_parse(const char *scheme, enum xch_scheme_kind kind, struct xch_scheme *s,
		     struct xch_error *err)
{
	struct xch_error local;
	if (!err)
		err = &local;
	xch_error_clear(err);
	memset(s, 0, sizeof(*s));
	if (!scheme || !*scheme)
		return xch_fail(err, 0, "scheme: missing (it says what each column holds, e.g. %s)",
				kind == XCH_SCHEME_TM ? "en,fr,none,uk" :
				"term_en,description_en,none,term_uk,description_uk");
	for (const char *p = scheme;;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *a = p;
		while (n && isspace((unsigned char)*a))
			a++, n--;
		while (n && isspace((unsigned char)a[n - 1]))
			n--;
		if (s->n == XCH_MAX_COLS)
			return xch_fail(err, 0, "scheme: more than %d columns", XCH_MAX_COLS);
		if (parse_item(a, n, kind, &s->col[s->n], s->n, err))
			return -1;
		struct xch_col *c = &s->col[s->n];
		for (size_t j = 0; c->role != XCH_NONE && j < s->n; j++)
			if (s->col[j].role == c->role && strcmp(s->col[j].lang, c->lang) == 0)
				return xch_fail(err, 0, "scheme: %s%s appears twice (columns %zu "
						"and %zu)", role_name(c->role), c->lang, j + 1,
						s->n + 1);
		s->n++;
		if (!e)
			break;
		p = e + 1;
	}
	size_t langs = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct xch_col *c = &s->col[i];
		langs += c->role == XCH_LANG || c->role == XCH_TERM;
		if (c->role != XCH_DESCRIPTION)
			continue;
		bool term = false;
		for (size_t j = 0; j < s->n; j++)
			term |= s->col[j].role == XCH_TERM && strcmp(s->col[j].lang, c->lang) == 0;
		if (!term)
			return xch_fail(err, 0, "scheme: description_%s has no term_%s column",
					c->lang, c->lang);
	}
	if (kind == XCH_SCHEME_TM && langs < 2)
		return xch_fail(err, 0, "scheme: a translation memory needs at least two "
				"language columns (found %zu)", langs);
	if (kind == XCH_SCHEME_GLOSSARY && langs == 0)
		return xch_fail(err, 0, "scheme: no term_{language} column");
	return 0;
}

/* ---- mappers ------------------------------------------------------------ */

struct map {
	struct xch_scheme s;
	bool header;
	tmx_tu_fn tu_fn;
	tbx_entry_fn entry_fn;
	void *ctx;
	struct tmx_variant v[XCH_MAX_COLS];
	struct tbx_lang langs[XCH_MAX_COLS];
	struct tbx_term terms[XCH_MAX_COLS];
	char *trimmed[XCH_MAX_COLS];
};

static const char *cell(const char *const *cells, size_t n, size_t i)
{
	return i < n ? cells[i] : "";
}

static int tm_row(void *ctx, size_t row, const char *const *cells, size_t n)
{
	struct map *m = ctx;
	if (m->header) {
		m->header = false;
		return 0;
	}
	struct tmx_tu tu = { .v = m->v };
	for (size_t i = 0; i < m->s.n; i++) {
		if (m->s.col[i].role != XCH_LANG)
			continue;
		if (!tu.srclang)
			tu.srclang = m->s.col[i].lang;
		const char *t = cell(cells, n, i);
		if (*t)
			m->v[tu.n++] = (struct tmx_variant){ .lang = m->s.col[i].lang, .text = t };
	}
	return tu.n ? m->tu_fn(m->ctx, &tu) : 0;
}

/* s without its surrounding blanks, in m's scratch slot i (or s itself). */
static const char *trim(struct map *m, size_t i, const char *s)
{
	size_t n = strlen(s);
	const char *a = s;
	while (n && isspace((unsigned char)*a))
		a++, n--;
	while (n && isspace((unsigned char)a[n - 1]))
		n--;
	if (a == s && n == strlen(s))
		return s;
	free(m->trimmed[i]);
	m->trimmed[i] = xstrndup(a, n);
	return m->trimmed[i];
}

static int glossary_row(void *ctx, size_t row, const char *const *cells, size_t n)
{
	struct map *m = ctx;
	if (m->header) {
		m->header = false;
		return 0;
	}
	struct tbx_entry e = { .langs = m->langs };
	for (size_t i = 0; i < m->s.n; i++) {
		const struct xch_col *c = &m->s.col[i];
		if (c->role != XCH_TERM)
			continue;
		const char *term = trim(m, i, cell(cells, n, i));
		if (!*term)
			continue;
		const char *desc = NULL;
		for (size_t j = 0; j < m->s.n; j++)
			if (m->s.col[j].role == XCH_DESCRIPTION &&
			    strcmp(m->s.col[j].lang, c->lang) == 0)
				desc = trim(m, j, cell(cells, n, j));
		m->terms[e.n_langs] = (struct tbx_term){ .text = term };
		m->langs[e.n_langs] = (struct tbx_lang){ c->lang, desc && *desc ? desc : NULL,
							 &m->terms[e.n_langs], 1 };
		e.n_langs++;
	}
	return e.n_langs ? m->entry_fn(m->ctx, &e) : 0;
}

/* A mapper for scheme, or NULL (err) when the scheme is not valid. */
static struct map *map_new(const char *scheme, enum xch_scheme_kind kind, bool header,
			   void *ctx, struct xch_error *err)
{
	struct map *m = xcalloc(1, sizeof(*m));
	if (xch_scheme_parse(scheme, kind, &m->s, err)) {
		free(m);
		return NULL;
	}
	m->header = header;
	m->ctx = ctx;
	return m;
}

static int map_run(struct map *m, const char *data, size_t len, enum sheet_kind kind,
		   sheet_row_fn row_fn, struct xch_error *err)
{
	int rc = sheet_read(data, len, kind, row_fn, m, err);
	for (size_t i = 0; i < XCH_MAX_COLS; i++)
		free(m->trimmed[i]);
	free(m);
	return rc;
}

int tm_sheet_read(const char *data, size_t len, enum sheet_kind kind, const char *scheme,
		  bool header, tmx_tu_fn fn, void *ctx, struct xch_error *err)
{
	struct map *m = map_new(scheme, XCH_SCHEME_TM, header, ctx, err);
	if (!m)
		return -1;
	m->tu_fn = fn;
	return map_run(m, data, len, kind, tm_row, err);
}

int glossary_sheet_read(const char *data, size_t len, enum sheet_kind kind, const char *scheme,
			bool header, tbx_entry_fn fn, void *ctx, struct xch_error *err)
{
	struct map *m = map_new(scheme, XCH_SCHEME_GLOSSARY, header, ctx, err);
	if (!m)
		return -1;
	m->entry_fn = fn;
	return map_run(m, data, len, kind, glossary_row, err);
}
