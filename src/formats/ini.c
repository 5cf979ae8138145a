/*
 * INI files (Crowdin `ini`; Joomla language files are the main users):
 * `[section]` headers, `key = value` lines, `;` and `#` comment lines (the
 * block right above a key is its unit comment).  Keys inside a section are
 * "section.key".  Values are bare (trimmed; " ;" starts an inline comment)
 * or double-quoted with \" \\ \n \t escapes (Joomla also writes "_QQ_" for
 * a quote, read as one).  A written value keeps its quoting unless a bare
 * value would not survive unquoted.
 */
#define _GNU_SOURCE	/* memmem */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

static const char *const ini_ext[] = { "ini", NULL };

struct ini_parser {
	const char *s;
	size_t len, line;
	struct fmt_error *err;
	struct fmt_doc *doc;
	struct tmpl *t;
	struct buf section, comment;
};

static int ierr(const struct ini_parser *p, size_t at, const char *what)
{
	fmt_error_set(p->err, p->line, at, "ini: line %zu (offset %zu): %s", p->line, at, what);
	return -1;
}

static bool ws(char c)
{
	return c == ' ' || c == '\t';
}

/* Quoted value at s[a] == '"'; *end is past the closing quote. */
static int read_quoted(struct ini_parser *p, size_t a, size_t le, struct buf *out, size_t *end)
{
	size_t i = a + 1;
	while (i < le && p->s[i] != '"') {
		if (p->s[i] == '\\' && i + 1 < le) {
			char c = p->s[++i];
			buf_addc(out, c == 'n' ? '\n' : c == 't' ? '\t' : c);
		} else {
			buf_addc(out, p->s[i]);
		}
		i++;
		if (i + 5 < le && p->s[i] == '"' && memcmp(p->s + i, "\"_QQ_\"", 6) == 0) {
			buf_addc(out, '"');
			i += 6;
		}
	}
	if (i >= le)
		return ierr(p, a, "unterminated quoted value (truncated?)");
	*end = i + 1;
	return 0;
}

static int on_entry(struct ini_parser *p, size_t ls, size_t a, size_t le, size_t next)
{
	const char *eq = memchr(p->s + a, '=', le - a);
	if (!eq)
		return ierr(p, a, "expected 'key = value'");
	size_t ke = (size_t)(eq - p->s);
	while (ke > a && ws(p->s[ke - 1]))
		ke--;
	if (ke == a)
		return ierr(p, a, "empty key");
	size_t v = (size_t)(eq - p->s) + 1, ve;
	while (v < le && ws(p->s[v]))
		v++;
	struct buf val;
	buf_init(&val, 0);
	bool quoted = v < le && p->s[v] == '"';
	if (quoted) {
		size_t r = 0;
		if (read_quoted(p, v, le, &val, &ve) == 0) {
			for (r = ve; r < le && (ws(p->s[r]) || p->s[r] == '\r'); r++)
				;
			if (r < le && p->s[r] != ';')
				ierr(p, r, "text after the closing quote");
		}
		if (r == 0 || (r < le && p->s[r] != ';')) {
			buf_release(&val);
			return -1;
		}
	} else {
		ve = v;
		while (ve < le && !(p->s[ve] == ';' && ve > v && ws(p->s[ve - 1])))
			ve++;
		while (ve > v && (ws(p->s[ve - 1]) || p->s[ve - 1] == '\r'))
			ve--;
		buf_add(&val, p->s + v, ve - v);
	}
	struct tspan *s = tmpl_add_unit(p->t, v, ve, p->doc->n_units, TMPL_TEXT, ls, next);
	s->aux = quoted;
	struct unit *u = fmt_doc_add_unit(p->doc);
	struct buf key;
	buf_init(&key, 0);
	if (p->section.len)
		buf_printf(&key, "%s.", p->section.data);
	buf_add(&key, p->s + a, ke - a);
	u->key = buf_detach(&key, NULL);
	u->source = buf_detach(&val, NULL);
	u->comment = p->comment.len ? xstrndup(p->comment.data, p->comment.len) : NULL;
	buf_reset(&p->comment);
	return 0;
}

static int on_line(struct ini_parser *p, size_t ls, size_t le, size_t next)
{
	size_t a = ls;
	while (a < le && (ws(p->s[a]) || p->s[a] == '\r'))
		a++;
	size_t e = le;
	while (e > a && (ws(p->s[e - 1]) || p->s[e - 1] == '\r'))
		e--;
	if (a == e) {
		buf_reset(&p->comment);
		return 0;
	}
	if (p->s[a] == ';' || p->s[a] == '#') {
		size_t c = a + 1 + (a + 1 < e && p->s[a + 1] == ' ');
		if (p->comment.len)
			buf_addc(&p->comment, '\n');
		buf_add(&p->comment, p->s + c, e - c);
		return 0;
	}
	if (p->s[a] == '[') {
		const char *close = memchr(p->s + a, ']', e - a);
		if (!close)
			return ierr(p, a, "unterminated section header");
		buf_reset(&p->section);
		buf_add(&p->section, p->s + a + 1, (size_t)(close - p->s) - a - 1);
		buf_reset(&p->comment);
		return 0;
	}
	return on_entry(p, ls, a, le, next);
}

static int ini_parse(const char *data, size_t len, const struct fmt_options *opt,
		     struct fmt_doc *doc, struct fmt_error *err)
{
	if (text_precheck(data, len, TEXT_CHECK_UTF8 | TEXT_CHECK_NUL, "ini", err))
		return -1;
	struct tmpl *t = xmalloc(sizeof(*t));
	tmpl_init(t, data, len);
	doc->layout = t;
	doc->layout_free = tmpl_layout_free;
	struct ini_parser p = { .s = t->text, .len = len, .err = err, .doc = doc, .t = t };
	buf_init(&p.section, 0);
	buf_init(&p.comment, 0);
	size_t pos = text_bom_len(data, len);
	int rc = 0;
	while (pos < len && rc == 0) {
		const char *nl = memchr(p.s + pos, '\n', len - pos);
		size_t le = nl ? (size_t)(nl - p.s) : len;
		p.line++;
		rc = on_line(&p, pos, le, nl ? le + 1 : len);
		pos = nl ? le + 1 : len;
	}
	buf_release(&p.section);
	buf_release(&p.comment);
	return rc;
}

static bool bare_ok(const char *s)
{
	size_t n = strlen(s);
	return !(n && (ws(s[0]) || ws(s[n - 1]) || s[0] == '"')) && !strpbrk(s, ";\"\n\r");
}

/*
 * Whether the source writes a quote inside "..." only as Joomla 1.x/2.5
 * did, "_QQ_" (with any \" as well, the current \" wins).
 */
static bool uses_qq(const struct tmpl *t)
{
	bool qq = false, bs = false;
	for (size_t i = 0; i < t->n && !bs; i++) {
		const char *v = t->text + t->sp[i].start;
		size_t n = t->sp[i].end - t->sp[i].start;
		if (t->sp[i].kind != TMPL_TEXT || !t->sp[i].aux || !memchr(v + 1, '"', n - 2))
			continue;	/* a quoted value with no quote inside says nothing */
		qq |= memmem(v, n, "\"_QQ_\"", 6) != NULL;
		bs |= memmem(v, n, "\\\"", 2) != NULL;
	}
	return qq && !bs;
}

static int ini_value(const struct tmpl_writer *wr, const struct tspan *sp, const char *text,
		     struct buf *out)
{
	const bool *qq = wr->ctx;
	if (!sp->aux && bare_ok(text))
		return buf_adds(out, text);
	int rc = buf_addc(out, '"');
	for (const char *c = text; *c; c++) {
		if (*c == '"' && *qq)
			rc |= buf_adds(out, "\"_QQ_\"");
		else if (*c == '"' || *c == '\\')
			rc |= buf_addc(out, '\\') | buf_addc(out, *c);
		else if (*c == '\n')
			rc |= buf_adds(out, "\\n");
		else if (*c == '\t')
			rc |= buf_adds(out, "\\t");
		else
			rc |= buf_addc(out, *c);
	}
	return rc | buf_addc(out, '"');
}

static int ini_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		     const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	bool qq = uses_qq(doc->layout);
	struct tmpl_writer wr = { .t = doc->layout, .doc = doc, .w = w, .err = err,
				  .value = ini_value, .ctx = &qq };
	return tmpl_write(&wr, out);
}

/* Spellings: each value as written, quotes included. */
static void ini_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	tmpl_spellings(doc->layout, TMPL_TEXT, NULL, fn, ctx);
}

const struct fmt_format fmt_ini = {
	.name = "ini",
	.extensions = ini_ext,
	.mime = "text/plain",
	.parse = ini_parse,
	.write = ini_write,
	.spellings = ini_spellings,
	.emit = NULL,
};
