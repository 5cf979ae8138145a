/*
 * PHP array files (Laravel lang files): `<?php return [ 'key' => 'value',
 * 'nested' => [ ... ] ];` with [] or array() syntax, '...' and "..."
 * strings, //, # and block comments.  Nested keys join with '.', list
 * items use their index.  Only string values are units; numbers,
 * constants and other expressions are left alone (skipped over with
 * bracket matching).  The comment right before an element is its unit
 * comment.  The writer keeps each value's quote style.
 */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PHP_MAX_DEPTH 128

static const char *const php_ext[] = { "php", NULL };

struct php_parser {
	const char *s;
	size_t len, pos;
	struct fmt_error *err;
	struct fmt_doc *doc;
	struct tmpl *t;
	struct buf path;
	size_t comment_start, comment_end;
	bool comment_fresh;	/* a comment, then only whitespace */
	int depth;
};

static int perr(const struct php_parser *p, size_t at, const char *what)
{
	size_t line = text_line_of(p->s, p->len, at);
	fmt_error_set(p->err, line, at, "php: line %zu (offset %zu): %s", line, at, what);
	return -1;
}

static int skip_space(struct php_parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			p->pos++;
		} else if (c == '#' || (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '/')) {
			p->comment_start = p->pos;
			while (p->pos < p->len && p->s[p->pos] != '\n')
				p->pos++;
			p->comment_end = p->pos;
			p->comment_fresh = true;
		} else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '*') {
			size_t a = p->pos;
			p->pos += 2;
			while (p->pos + 1 < p->len && !(p->s[p->pos] == '*' && p->s[p->pos + 1] == '/'))
				p->pos++;
			if (p->pos + 1 >= p->len)
				return perr(p, a, "unterminated comment");
			p->pos += 2;
			p->comment_start = a;
			p->comment_end = p->pos;
			p->comment_fresh = true;
		} else {
			return 0;
		}
	}
	return 0;
}

static char *comment_text(const struct php_parser *p)
{
	const char *s = p->s + p->comment_start, *e = p->s + p->comment_end;
	if (*s == '#')
		s++;
	else if (s[1] == '/')
		s += 2;
	else {
		s += 2;
		e -= 2;
		while (s < e && (*s == '*' || *s == ' ' || *s == '\n' || *s == '\r'))
			s++;
	}
	while (s < e && *s == ' ')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\n' || e[-1] == '*'))
		e--;
	return e > s ? xstrndup(s, (size_t)(e - s)) : NULL;
}

static void add_octal_hex(struct php_parser *p, struct buf *out, int base, int maxd)
{
	int v = 0, d = 0;
	while (d < maxd && p->pos < p->len) {
		int h = hexval((unsigned char)p->s[p->pos]);
		if (h < 0 || h >= base)
			break;
		v = v * base + h;
		p->pos++;
		d++;
	}
	buf_addc(out, (char)v);
}

/* A quoted string at p->pos into out (NULL: just skip it). */
static int read_string(struct php_parser *p, struct buf *out)
{
	char q = p->s[p->pos];
	size_t start = p->pos++;
	struct buf tmp;
	buf_init(&tmp, 0);
	if (!out)
		out = &tmp;
	while (p->pos < p->len && p->s[p->pos] != q) {
		char c = p->s[p->pos++];
		if (c != '\\' || p->pos >= p->len) {
			buf_addc(out, c);
			continue;
		}
		char e = p->s[p->pos];
		if (q == '\'') {
			if (e == '\'' || e == '\\')
				p->pos++;
			buf_addc(out, e == '\'' || e == '\\' ? e : '\\');
			continue;
		}
		p->pos++;
		switch (e) {
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'v': buf_addc(out, '\v'); break;
		case 'e': buf_addc(out, '\033'); break;
		case 'f': buf_addc(out, '\f'); break;
		case '\\': case '$': case '"': buf_addc(out, e); break;
		case 'x':
			if (p->pos < p->len && hexval((unsigned char)p->s[p->pos]) >= 0)
				add_octal_hex(p, out, 16, 2);
			else
				buf_adds(out, "\\x");
			break;
		case 'u':
			if (p->pos < p->len && p->s[p->pos] == '{') {
				const char *cl = memchr(p->s + p->pos, '}', p->len - p->pos);
				long cp = cl && cl - (p->s + p->pos) - 1 <= 6 && cl > p->s + p->pos + 1 ?
					  hex_n(p->s + p->pos + 1, (size_t)(cl - (p->s + p->pos) - 1)) : -1;
				if (cp < 0) {
					buf_release(&tmp);
					return perr(p, p->pos, "bad \\u{} escape");
				}
				buf_add_utf8(out, (uint32_t)cp);
				p->pos = (size_t)(cl - p->s) + 1;
				break;
			}
			buf_adds(out, "\\u");
			break;
		default:
			if (e >= '0' && e <= '7') {
				p->pos--;
				add_octal_hex(p, out, 8, 3);
			} else {
				buf_addc(out, '\\');
				buf_addc(out, e);
			}
		}
	}
	buf_release(&tmp);
	if (p->pos >= p->len)
		return perr(p, start, "unterminated string (truncated?)");
	p->pos++;
	if (out->len > TEXT_MAX_LINE)
		return perr(p, start, "string too long");
	size_t bad;
	if (out != &tmp && !utf8_valid(out->data, out->len, &bad))
		return perr(p, start, "escapes make invalid UTF-8");
	return 0;
}

static bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool word_at(const struct php_parser *p, const char *w)
{
	size_t n = strlen(w);
	return p->len - p->pos >= n && strncasecmp(p->s + p->pos, w, n) == 0 &&
	       (p->pos + n == p->len || !is_ident(p->s[p->pos + n]));
}

/* Opening bracket of an array at p->pos: returns the closing char or 0. */
static char array_open(struct php_parser *p)
{
	if (p->pos < p->len && p->s[p->pos] == '[') {
		p->pos++;
		return ']';
	}
	if (word_at(p, "array")) {
		size_t save = p->pos;
		p->pos += 5;
		if (skip_space(p) == 0 && p->pos < p->len && p->s[p->pos] == '(') {
			p->pos++;
			return ')';
		}
		p->pos = save;
	}
	return 0;
}

static int parse_array(struct php_parser *p, char close);

/* Skip a non-string expression up to ',' or the closing bracket. */
static int skip_expr(struct php_parser *p, char close)
{
	int depth = 0;
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c == '\'' || c == '"') {
			if (read_string(p, NULL))
				return -1;
			continue;
		}
		if (c == '(' || c == '[')
			depth++;
		else if (c == ')' || c == ']') {
			if (depth == 0)
				return c == close ? 0 : perr(p, p->pos, "mismatched bracket");
			depth--;
		} else if (c == ',' && depth == 0)
			return 0;
		else if (c == ';')
			return perr(p, p->pos, "';' inside an array");
		p->pos++;
		if (skip_space(p))
			return -1;
	}
	return perr(p, p->pos, "unexpected end of file (truncated?)");
}

static size_t drop_start_of(const struct php_parser *p, size_t at)
{
	size_t i = at;
	while (i > 0 && (p->s[i - 1] == ' ' || p->s[i - 1] == '\t'))
		i--;
	return i == 0 || p->s[i - 1] == '\n' ? i : at;
}

/* After the element's comma (and its line end when the element owns the line). */
static size_t drop_end_of(const struct php_parser *p, size_t at, bool whole_line)
{
	size_t i = at;
	while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
		i++;
	if (i < p->len && p->s[i] == ',')
		i++;
	else
		return at;
	size_t j = i;
	while (j < p->len && (p->s[j] == ' ' || p->s[j] == '\t' || p->s[j] == '\r'))
		j++;
	if (whole_line && j < p->len && p->s[j] == '\n')
		return j + 1;
	return i;
}

static int element(struct php_parser *p, char close, size_t *index)
{
	size_t el_start = p->pos;
	char *comment = p->comment_fresh ? comment_text(p) : NULL;
	struct buf key;
	buf_init(&key, 0);
	int rc = 0;
	size_t save = p->pos;
	bool has_key = false;

	/* key => ? */
	if (p->s[p->pos] == '\'' || p->s[p->pos] == '"')
		rc = read_string(p, &key);
	else
		while (p->pos < p->len && (unsigned)(p->s[p->pos] - '0') < 10)
			buf_addc(&key, p->s[p->pos++]);
	if (rc == 0 && (rc = skip_space(p)) == 0 && p->len - p->pos >= 2 &&
	    p->s[p->pos] == '=' && p->s[p->pos + 1] == '>') {
		p->pos += 2;
		has_key = true;
		rc = skip_space(p);
	} else if (rc == 0) {
		p->pos = save;
		buf_reset(&key);
		buf_printf(&key, "%zu", *index);
	}
	if (has_key && key.len && strspn(key.data, "0123456789") == key.len)
		*index = strtoul(key.data, NULL, 10);
	(*index)++;
	size_t keep = p->path.len;
	if (rc == 0) {
		buf_printf(&p->path, "%s%s", keep ? "." : "", key.data);
		p->comment_fresh = false;
	}
	char inner;
	if (rc) {
	} else if (p->pos < p->len && (p->s[p->pos] == '\'' || p->s[p->pos] == '"')) {
		size_t vstart = p->pos;
		struct buf val;
		buf_init(&val, 0);
		rc = read_string(p, &val);
		size_t vend = p->pos;
		if (rc == 0 && (rc = skip_space(p)) == 0 && p->pos < p->len &&
		    (p->s[p->pos] == '\'' || p->s[p->pos] == '"')) {
			rc = perr(p, p->pos, "expected ',' or the end of the array");
			buf_release(&val);
		} else if (rc == 0 && p->pos < p->len && p->s[p->pos] != ',' &&
			   p->s[p->pos] != close) {
			/* 'a' . 'b' and the like: not a plain string */
			rc = skip_expr(p, close);
			buf_release(&val);
		} else if (rc == 0) {
			/* list items are never left out: later indexes would shift */
			size_t ds = has_key ? drop_start_of(p, el_start) : vstart;
			size_t de = has_key ? drop_end_of(p, vend, ds != el_start || el_start == 0 ||
							  p->s[el_start - 1] == '\n') : vstart;
			struct tspan *s = tmpl_add_unit(p->t, vstart, vend, p->doc->n_units,
							TMPL_TEXT, ds, de);
			s->aux = (unsigned char)p->s[vstart];
			struct unit *u = fmt_doc_add_unit(p->doc);
			u->key = xstrndup(p->path.data, p->path.len);
			u->source = buf_detach(&val, NULL);
			u->comment = comment;
			comment = NULL;
		} else {
			buf_release(&val);
		}
	} else if ((inner = array_open(p)) != 0) {
		if (++p->depth > PHP_MAX_DEPTH)
			rc = perr(p, p->pos, "arrays nested too deep");
		else
			rc = parse_array(p, inner);
		p->depth--;
	} else {
		rc = skip_expr(p, close);
	}
	p->path.len = keep;
	p->path.data[keep] = '\0';
	buf_release(&key);
	free(comment);
	return rc;
}

/* Elements up to the closing bracket (consumed). */
static int parse_array(struct php_parser *p, char close)
{
	size_t index = 0;
	for (;;) {
		if (skip_space(p))
			return -1;
		if (p->pos >= p->len)
			return perr(p, p->pos, "unexpected end of file inside an array (truncated?)");
		if (p->s[p->pos] == close) {
			p->pos++;
			return 0;
		}
		if (element(p, close, &index) || skip_space(p))
			return -1;
		if (p->pos < p->len && p->s[p->pos] == ',')
			p->pos++;
		else if (p->pos < p->len && p->s[p->pos] != close)
			return perr(p, p->pos, "expected ',' or the end of the array");
	}
}

static int php_parse(const char *data, size_t len, const struct fmt_options *opt,
		     struct fmt_doc *doc, struct fmt_error *err)
{
	if (text_precheck(data, len, TEXT_CHECK_UTF8 | TEXT_CHECK_NUL, "php", err))
		return -1;
	struct tmpl *t = xmalloc(sizeof(*t));
	tmpl_init(t, data, len);
	doc->layout = t;
	doc->layout_free = tmpl_layout_free;
	struct php_parser p = { .s = t->text, .len = len, .err = err, .doc = doc, .t = t };
	p.pos = text_bom_len(data, len);
	if (p.len - p.pos < 5 || strncmp(p.s + p.pos, "<?php", 5) != 0)
		return perr(&p, p.pos, "no '<?php' at the start");
	p.pos += 5;
	buf_init(&p.path, 0);
	int rc = 0;
	char close = 0;
	/* find `return [` or `$var = [` */
	while (rc == 0 && !close) {
		if ((rc = skip_space(&p)) || p.pos >= p.len)
			break;
		if (word_at(&p, "return")) {
			p.pos += 6;
		} else if (p.s[p.pos] == '$') {
			while (p.pos < p.len && p.s[p.pos] != '=' && p.s[p.pos] != ';')
				p.pos++;
			p.pos += p.pos < p.len && p.s[p.pos] == '=';
		} else if (!(close = array_open(&p))) {
			rc = perr(&p, p.pos, "expected 'return [' or 'return array('");
		}
	}
	if (rc == 0 && !close)
		rc = perr(&p, p.pos, "no array found (truncated?)");
	if (rc == 0)
		rc = parse_array(&p, close);
	if (rc == 0 && (rc = skip_space(&p)) == 0 && (p.pos >= p.len || p.s[p.pos] != ';'))
		rc = perr(&p, p.pos, "missing ';' after the array (truncated?)");
	buf_release(&p.path);
	return rc;
}

/* ---- writing ---- */

/* One character of a string quoted with q. */
static int put_one(struct buf *out, char c, char q)
{
	if (q == '\'')
		return (c == '\'' || c == '\\' ? buf_addc(out, '\\') : 0) | buf_addc(out, c);
	switch (c) {
	case '\\': case '"': case '$': return buf_addc(out, '\\') | buf_addc(out, c);
	case '\n': return buf_adds(out, "\\n");
	case '\t': return buf_adds(out, "\\t");
	case '\r': return buf_adds(out, "\\r");
	}
	if ((unsigned char)c < 0x20)
		return buf_printf(out, "\\x%02X", (unsigned char)c);
	return buf_addc(out, c);
}

static int put_php_string(struct buf *out, const char *s, char q)
{
	int rc = buf_addc(out, q);
	for (; *s; s++)
		rc |= put_one(out, *s, q);
	return rc | buf_addc(out, q);
}

/*
 * The source's spelling of what PHP reads either way (read when writing):
 * in '...' a backslash doubled always (var_export) or only where it must
 * be (before ' or \\ and at the end); in "..." '$' escaped always or only
 * where it would start a variable.
 */
struct php_style {
	bool bs_min, dollar_min;
};

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '{' ||
	       (unsigned char)c >= 0x80;
}

/* A lone backslash (one that escapes nothing) in the literal '...' v[0..n). */
static bool lone_backslash(const char *v, size_t n)
{
	const char *end = v + n - 1;	/* the closing quote */
	for (const char *bs = memchr(v + 1, '\\', n - 2); bs && bs < end;
	     bs = bs + 2 < end ? memchr(bs + 2, '\\', (size_t)(end - bs - 2)) : NULL)
		if (bs[1] != '\'' && bs[1] != '\\')
			return true;
	return false;
}

/* A '$' as is in the literal "..." v[0..n) where no variable follows. */
static bool lone_dollar(const char *v, size_t n)
{
	const char *end = v + n - 1;
	for (const char *d = memchr(v + 1, '$', n - 2); d; d = memchr(d + 1, '$', (size_t)(end - d - 1)))
		if (d[-1] != '\\' && !ident_start(d[1]))
			return true;
	return false;
}

static void detect_style(const struct tmpl *t, struct php_style *st)
{
	for (size_t i = 0; i < t->n && !(st->bs_min && st->dollar_min); i++) {
		const struct tspan *sp = &t->sp[i];
		size_t n = sp->end - sp->start;
		if (sp->kind != TMPL_TEXT || n < 2)
			continue;
		if (sp->aux == '\'')
			st->bs_min |= lone_backslash(t->text + sp->start, n);
		else
			st->dollar_min |= lone_dollar(t->text + sp->start, n);
	}
}

/* put_php_string() in style st. */
static int put_php_style(struct buf *out, const char *s, char q, const struct php_style *st)
{
	if (!st->bs_min && !st->dollar_min)
		return put_php_string(out, s, q);	/* the common style */
	int rc = buf_addc(out, q);
	for (const char *p = s; *p; p++) {
		char c = *p;
		bool lone_bs = c == '\\' && p[1] && p[1] != '\'' && p[1] != '\\';
		bool lone_dollar = c == '$' && !ident_start(p[1]);
		if (q == '\'' && c == '\\' && st->bs_min && lone_bs)
			rc |= buf_addc(out, c);
		else if (q == '"' && c == '$' && st->dollar_min && lone_dollar)
			rc |= buf_addc(out, c);
		else
			rc |= put_one(out, c, q);
	}
	return rc | buf_addc(out, q);
}

static int php_value(const struct tmpl_writer *wr, const struct tspan *sp, const char *text,
		     struct buf *out)
{
	return put_php_style(out, text, (char)sp->aux, wr->ctx);
}

static int php_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		     const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	struct php_style st = { 0 };
	detect_style(doc->layout, &st);
	struct tmpl_writer wr = { .t = doc->layout, .doc = doc, .w = w, .err = err,
				  .value = php_value, .ctx = &st };
	return tmpl_write(&wr, out);
}

/* Spellings: each string literal as written, quotes included. */
static void php_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	tmpl_spellings(doc->layout, TMPL_TEXT, NULL, fn, ctx);
}

/* A comment: a "*\/" inside would end it, so it is written "* /". */
static int emit_comment(struct buf *out, const char *c)
{
	int rc = buf_adds(out, "    /* ");
	for (const char *end; (end = strstr(c, "*/")) != NULL; c = end + 2)
		rc |= buf_add(out, c, (size_t)(end - c)) | buf_adds(out, "* /");
	return rc | buf_adds(out, c) | buf_adds(out, " */\n");
}

/* localization.one "php-array": a flat Laravel-style array. */
FMT_EMIT_FN(fmt_php_emit)
{
	int rc = buf_adds(out, "<?php\n\nreturn [\n");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!tr[i])
			continue;
		const char *text = tr[i]->text ? tr[i]->text : units[i].source;
		if (units[i].comment)
			rc |= emit_comment(out, units[i].comment);
		rc |= buf_adds(out, "    ");
		rc |= put_php_string(out, units[i].key, '\'');
		rc |= buf_adds(out, " => ");
		rc |= put_php_string(out, text ? text : "", '\'');
		rc |= buf_adds(out, ",\n");
	}
	rc |= buf_adds(out, "];\n");
	return rc ? tmpl_overflow(err) : 0;
}

const struct fmt_format fmt_php = {
	.name = "php",
	.extensions = php_ext,
	.mime = "application/x-php",
	.parse = php_parse,
	.write = php_write,
	.spellings = php_spellings,
	.emit = fmt_php_emit,
};
