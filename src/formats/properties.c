/*
 * Java .properties.
 *
 * Encoding: ISO-8859-1 with \uXXXX escapes, as java.util.Properties reads
 * it.  A file that is entirely valid UTF-8 is read as UTF-8 instead (what
 * Java 9+ does for resource bundles); every other byte sequence is valid
 * ISO-8859-1, so "invalid UTF-8" is not an error here.  NUL bytes (UTF-16
 * files) are.  Written values are pure ASCII: non-ASCII becomes \uXXXX,
 * valid in either reading.
 *
 * Lines: `key = value`, `key: value` or `key value`; `#`/`!` comments (the
 * comment block right above an entry becomes the unit comment);
 * backslash-newline continues a logical line.  The escape_quotes option
 * (0-3, see fmt_options) decides how single quotes are written.
 */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

static const char *const prop_ext[] = { "properties", NULL };

/* MessageFormat arguments: {0}, {1,number}, ... */
static bool has_format_args(const char *s)
{
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{'))
		if (p[1] >= '0' && p[1] <= '9')
			return true;
	return false;
}

/* The reverse of the escape_quotes rule on write: '' becomes ' where the
 * rule doubles quotes, so a translation comes in as the text it means. */
static void undouble_quotes(char *s, int escape_quotes)
{
	if (!(escape_quotes == 1 || (escape_quotes == 3 && has_format_args(s))))
		return;
	char *w = s;
	for (const char *r = s; *r; r++) {
		*w++ = *r;
		if (r[0] == '\'' && r[1] == '\'')
			r++;
	}
	*w = '\0';
}

/* The layout: the template, and whether the file was read as UTF-8. */
struct prop_layout {
	struct tmpl t;		/* first: tmpl_layout_free frees the whole */
	bool utf8;
};

struct prop_parser {
	const char *s;
	size_t len, pos;
	bool utf8;		/* else ISO-8859-1 */
	int escape_quotes;	/* fmt_options.escape_quotes */
	struct fmt_error *err;
	struct buf key, val, comment;	/* reused for every entry */
};

/* Bytes that end a run of plain bytes: in a value, also in a key, and
 * bytes >= 0x80 (plain in UTF-8, converted one by one in ISO-8859-1). */
#define STOP_VALUE 1u
#define STOP_KEY 2u
#define STOP_HIGH 4u
static const uint8_t stop_byte[256] = {
	['\\'] = STOP_VALUE | STOP_KEY, ['\n'] = STOP_VALUE | STOP_KEY,
	['\r'] = STOP_VALUE | STOP_KEY, ['='] = STOP_KEY, [':'] = STOP_KEY, [' '] = STOP_KEY,
	['\t'] = STOP_KEY, ['\f'] = STOP_KEY,
	[0x80 ... 0xFF] = STOP_HIGH,
};

static unsigned stop_mask(const struct prop_parser *p, bool key)
{
	return (key ? STOP_VALUE | STOP_KEY : STOP_VALUE) | (p->utf8 ? 0 : STOP_HIGH);
}

/* End of the run of plain bytes in [at, end): bytes whose stop_byte misses mask. */
static size_t plain_run(const struct prop_parser *p, size_t at, size_t end, unsigned mask)
{
	const unsigned char *u = (const unsigned char *)p->s;
	while (at < end && !(stop_byte[u[at]] & mask))
		at++;
	return at;
}

static bool is_eol(char c)
{
	return c == '\n' || c == '\r';
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

static size_t eol_len(const struct prop_parser *p, size_t at)
{
	if (at >= p->len)
		return 0;
	if (p->s[at] == '\r')
		return at + 1 < p->len && p->s[at + 1] == '\n' ? 2 : 1;
	return p->s[at] == '\n';
}

static int prop_err(const struct prop_parser *p, size_t at, const char *what)
{
	size_t line = text_line_of(p->s, p->len, at);
	fmt_error_set(p->err, line, at, "properties: line %zu (offset %zu): %s", line, at, what);
	return -1;
}

/* Append one source byte sequence: UTF-8 as is, ISO-8859-1 converted. */
static void add_char(const struct prop_parser *p, struct buf *out, size_t at)
{
	unsigned char c = (unsigned char)p->s[at];
	if (c < 0x80 || p->utf8)
		buf_addc(out, (char)c);
	else
		buf_add_utf8(out, c);
}

/* \uXXXX (with a following low surrogate when the first is high). */
static int unicode_escape(struct prop_parser *p, struct buf *out)
{
	size_t at = p->pos - 2;
	if (p->len - p->pos < 4 || hex_n(p->s + p->pos, 4) < 0)
		return prop_err(p, at, "malformed \\uXXXX escape");
	uint32_t cp = (uint32_t)hex_n(p->s + p->pos, 4);
	p->pos += 4;
	if (cp >= 0xD800 && cp < 0xDC00 && p->len - p->pos >= 6 && p->s[p->pos] == '\\' &&
	    p->s[p->pos + 1] == 'u' && hex_n(p->s + p->pos + 2, 4) >= 0xDC00 &&
	    hex_n(p->s + p->pos + 2, 4) < 0xE000) {
		uint32_t lo = (uint32_t)hex_n(p->s + p->pos + 2, 4);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		p->pos += 6;
	}
	buf_add_utf8(out, cp);	/* a lone surrogate becomes U+FFFD */
	return 0;
}

/*
 * Decode from p->pos up to an unescaped line end (or, for a key, an
 * unescaped separator).  Continuation lines drop their leading whitespace.
 */
static int decode(struct prop_parser *p, bool key, struct buf *out)
{
	unsigned mask = stop_mask(p, key);
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (is_eol(c) || (key && (c == '=' || c == ':' || is_ws(c))))
			return 0;
		if (c != '\\') {
			/* a run of plain bytes in one append (UTF-8 or ASCII) */
			size_t a = p->pos;
			p->pos = plain_run(p, a, p->len, mask);
			if (p->pos > a)
				buf_add(out, p->s + a, p->pos - a);
			else
				add_char(p, out, p->pos++);
			continue;
		}
		if (++p->pos >= p->len)		/* backslash at EOF: dropped, as Java does */
			return 0;
		c = p->s[p->pos++];
		switch (c) {
		case 't': buf_addc(out, '\t'); break;
		case 'n': buf_addc(out, '\n'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'u':
			if (unicode_escape(p, out))
				return -1;
			break;
		case '\r': case '\n':
			p->pos += c == '\r' && p->pos < p->len && p->s[p->pos] == '\n';
			while (p->pos < p->len && is_ws(p->s[p->pos]))
				p->pos++;
			break;
		default:
			add_char(p, out, p->pos - 1);
			break;
		}
		if (out->len > TEXT_MAX_LINE)
			return prop_err(p, p->pos, "value too long");
	}
	return 0;
}

static void skip_line(struct prop_parser *p)
{
	while (p->pos < p->len && !is_eol(p->s[p->pos]))
		p->pos++;
	p->pos += eol_len(p, p->pos);
}

static void add_comment(struct prop_parser *p, struct buf *comment)
{
	size_t a = p->pos + 1, b = a;	/* after '#' or '!' */
	while (b < p->len && !is_eol(p->s[b]))
		b++;
	if (a < b && p->s[a] == ' ')
		a++;
	if (comment->len)
		buf_addc(comment, '\n');
	for (size_t i = a; i < b;) {
		size_t run = p->utf8 ? b : plain_run(p, i, b, STOP_HIGH);
		buf_add(comment, p->s + i, run - i);
		if (run < b)
			add_char(p, comment, run++);
		i = run;
	}
	p->pos = b;
	skip_line(p);
}

static int parse_entry(struct prop_parser *p, struct fmt_doc *doc, struct tmpl *t,
		       size_t line_start)
{
	struct buf *key = &p->key, *val = &p->val, *comment = &p->comment;
	buf_reset(key);
	buf_reset(val);
	int rc = decode(p, true, key);
	while (rc == 0 && p->pos < p->len && is_ws(p->s[p->pos]))
		p->pos++;
	if (rc == 0 && p->pos < p->len && (p->s[p->pos] == '=' || p->s[p->pos] == ':'))
		p->pos++;
	while (rc == 0 && p->pos < p->len && is_ws(p->s[p->pos]))
		p->pos++;
	size_t vstart = p->pos;
	if (rc == 0)
		rc = decode(p, false, val);
	if (rc == 0) {
		size_t vend = p->pos;
		p->pos += eol_len(p, p->pos);
		tmpl_add_unit(t, vstart, vend, doc->n_units, TMPL_TEXT, line_start, p->pos);
		struct unit *u = fmt_doc_add_unit(doc);
		u->key = xstrndup(key->data ? key->data : "", key->len);
		u->source = xstrndup(val->data ? val->data : "", val->len);
		undouble_quotes(u->source, p->escape_quotes);
		u->comment = comment->len ? xstrndup(comment->data, comment->len) : NULL;
	}
	buf_reset(comment);
	return rc;
}

static int prop_parse(const char *data, size_t len, const struct fmt_options *opt,
		      struct fmt_doc *doc, struct fmt_error *err)
{
	if (text_precheck(data, len, TEXT_CHECK_NUL, "properties", err))
		return -1;
	struct prop_parser p = { .s = data, .len = len, .err = err,
				 .utf8 = utf8_valid(data, len, NULL), .escape_quotes = opt->escape_quotes };
	p.pos = p.utf8 ? text_bom_len(data, len) : 0;
	struct prop_layout *lay = xmalloc(sizeof(*lay));
	struct tmpl *t = &lay->t;
	tmpl_init(t, data, len);
	lay->utf8 = p.utf8;
	doc->layout = lay;
	doc->layout_free = tmpl_layout_free;

	buf_init(&p.key, 0);
	buf_init(&p.val, 0);
	buf_init(&p.comment, 0);
	int rc = 0;
	while (p.pos < p.len && rc == 0) {
		size_t line_start = p.pos;
		while (p.pos < p.len && is_ws(p.s[p.pos]))
			p.pos++;
		if (p.pos >= p.len || is_eol(p.s[p.pos])) {
			buf_reset(&p.comment);	/* a blank line ends a comment block */
			skip_line(&p);
		} else if (p.s[p.pos] == '#' || p.s[p.pos] == '!') {
			add_comment(&p, &p.comment);
		} else {
			rc = parse_entry(&p, doc, t, line_start);
		}
	}
	buf_release(&p.key);
	buf_release(&p.val);
	buf_release(&p.comment);
	return rc;
}

/* ---- writing ---- */

/* \uXXXX */
static int put_u(struct buf *out, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char b[6] = { '\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15],
		      hex[cp & 15] };
	return buf_add(out, b, sizeof(b));
}

/*
 * A key (every blank and separator escaped) or a value (only a leading one)
 * in ASCII properties syntax.  Printable ASCII is copied in runs.
 */
static int put_escaped(struct buf *out, const char *s, bool is_key, int escape_quotes)
{
	bool dbl = escape_quotes == 1 || (escape_quotes == 3 && has_format_args(s));
	size_t len = strlen(s), run = 0;	/* run: first byte not yet written */
	int rc = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		bool lead = is_key || i == 0;	/* where blanks and separators need a \ */
		if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'' && !(lead && strchr(" =:#!", c))) {
			i++;
			continue;
		}
		rc |= buf_add(out, s + run, i - run);
		uint32_t cp = c;
		size_t n = c < 0x80 ? 1 : utf8_decode(s + i, len - i, &cp);
		if (!n) {
			cp = 0xFFFD;
			n = 1;
		}
		run = i += n;
		switch (c) {
		case '\\': rc |= buf_adds(out, "\\\\"); continue;
		case '\n': rc |= buf_adds(out, "\\n"); continue;
		case '\t': rc |= buf_adds(out, "\\t"); continue;
		case '\r': rc |= buf_adds(out, "\\r"); continue;
		case '\f': rc |= buf_adds(out, "\\f"); continue;
		case '\'':
			rc |= buf_adds(out, dbl ? "''" : escape_quotes == 2 ? "\\'" : "'");
			continue;
		case ' ':
			rc |= buf_adds(out, "\\ ");
			continue;
		case '=': case ':': case '#': case '!':
			rc |= buf_addc(out, '\\');
			break;
		default:
			break;
		}
		if (cp >= 0x10000)
			rc |= put_u(out, 0xD800 + ((cp - 0x10000) >> 10)) |
			      put_u(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
		else if (cp >= 0x80 || cp < 0x20)
			rc |= put_u(out, cp);
		else
			rc |= buf_addc(out, (char)c);
	}
	return rc | buf_add(out, s + run, len - run);
}

/*
 * The source file's spelling of what java.util.Properties reads either way:
 * \u hex case, non-ASCII as is or escaped, and which of = : # ! are
 * escaped inside values too (Properties.store escapes them everywhere).
 * Read from the template's values when writing, so parsing pays nothing.
 */
struct prop_style {
	bool lower_hex;		/* \u00e9 rather than \u00E9 */
	bool literal;		/* non-ASCII as is (in the file's encoding) */
	bool utf8;		/* that encoding: UTF-8, else ISO-8859-1 */
	bool esc_mid[4];	/* by "=:#!": escaped inside values too */
	int escape_quotes;	/* fmt_options.escape_quotes */
	bool stop[128];		/* ASCII that is not copied as is inside a value */
};

static const char mid_chars[] = "=:#!";

/* Index of c in mid_chars, or -1 (called for every byte of a template). */
static int mid_index(unsigned char c)
{
	switch (c) {
	case '=': return 0;
	case ':': return 1;
	case '#': return 2;
	case '!': return 3;
	}
	return -1;
}

/* Whether s[0..n) has a byte >= 0x80: eight at a time. */
static bool has_high(const char *s, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return acc & 0x8080808080808080ull;
}

/* Whether some value holds a non-ASCII byte as is. */
static bool any_literal(const struct tmpl *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->sp[i].kind == TMPL_TEXT &&
		    has_high(t->text + t->sp[i].start, t->sp[i].end - t->sp[i].start))
			return true;
	return false;
}

/* What the template's values show (detect_style). */
struct prop_evidence {
	int hex;		/* <0: lower-case \u digits seen, >0: upper only */
	int esc_hi, lit;	/* \u escapes of non-ASCII; non-ASCII bytes as is */
	bool esc[4], plain[4];	/* by mid_chars: escaped, as is, inside a value */
};

/* The escapes of value s[0..n): found by memchr, most values have none. */
static void scan_escapes(const char *s, size_t n, struct prop_evidence *e)
{
	for (const char *bs = memchr(s, '\\', n); bs && bs + 1 < s + n;
	     bs = memchr(bs, '\\', n - (size_t)(bs - s))) {
		size_t i = (size_t)(bs - s) + 1;
		int m = mid_index((unsigned char)s[i]);
		if (m >= 0 && i > 1)
			e->esc[m] = true;
		bs += 2;
		if (s[i] != 'u' || n - i < 5 || hex_n(s + i + 1, 4) < 0)
			continue;
		for (size_t k = 1; k <= 4; k++)
			e->hex = s[i + k] >= 'a' && s[i + k] <= 'f' ? -1 :
				 s[i + k] >= 'A' && s[i + k] <= 'F' && e->hex == 0 ? 1 : e->hex;
		e->esc_hi += hex_n(s + i + 1, 4) >= 0x80;
		bs += 4;
	}
}

/* Bytes >= 0x80 in s[0..n): eight at a time. */
static int count_high(const char *s, size_t n)
{
	int count = 0;
	uint64_t w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		count += __builtin_popcountll(w & 0x8080808080808080ull);
	}
	for (; i < n; i++)
		count += (unsigned char)s[i] >= 0x80;
	return count;
}

/* Non-ASCII bytes as is, and = : # ! as is inside the value (when `mids`). */
static void scan_literals(const char *s, size_t n, bool mids, struct prop_evidence *e)
{
	e->lit += count_high(s, n);
	for (size_t i = 1; mids && i < n; i++) {
		int m = s[i - 1] != '\\' ? mid_index((unsigned char)s[i]) : -1;
		if (m >= 0)
			e->plain[m] = true;
	}
}

static void detect_style(const struct tmpl *t, struct prop_style *st)
{
	struct prop_evidence e = { 0 };
	bool store = false, mids = false;
	for (size_t i = 0; i < t->n; i++)
		if (t->sp[i].kind == TMPL_TEXT)
			scan_escapes(t->text + t->sp[i].start, t->sp[i].end - t->sp[i].start, &e);
	for (int k = 0; k < 4; k++)
		mids |= e.esc[k];
	/* the second pass only where the first found escapes to weigh */
	for (size_t i = 0; (mids || e.esc_hi) && i < t->n; i++)
		if (t->sp[i].kind == TMPL_TEXT)
			scan_literals(t->text + t->sp[i].start, t->sp[i].end - t->sp[i].start, mids, &e);
	for (int k = 0; k < 4; k++)
		store |= e.esc[k] && !e.plain[k];
	for (int k = 0; k < 4; k++)	/* no evidence either way: as the others */
		st->esc_mid[k] = e.esc[k] ? !e.plain[k] : store && !e.plain[k];
	st->lower_hex = e.hex < 0;
	/* without escapes, a file with non-ASCII in its values writes it as is */
	st->literal = e.esc_hi ? e.lit > e.esc_hi : any_literal(t);
	st->utf8 = ((const struct prop_layout *)t)->utf8;
	for (int c = 0; c < 128; c++)
		st->stop[c] = c < 0x20 || c == 0x7F || c == '\\' || c == '\'';
	for (int k = 0; k < 4; k++)
		st->stop[(int)mid_chars[k]] = st->esc_mid[k];
}

/* \uXXXX in the style's hex case */
static int put_u_style(struct buf *out, uint32_t cp, const struct prop_style *st)
{
	if (!st->lower_hex)
		return put_u(out, cp);
	return buf_printf(out, "\\u%04x", (unsigned)cp);
}

/* One character cp (n bytes at s) of a value that needs more than a copy. */
static int put_char_style(struct buf *out, const char *s, size_t n, uint32_t cp, bool lead,
			  bool dbl, const struct prop_style *st)
{
	int m = cp < 0x80 ? mid_index((unsigned char)cp) : -1;
	switch (cp) {
	case '\\': return buf_adds(out, "\\\\");
	case '\n': return buf_adds(out, "\\n");
	case '\t': return buf_adds(out, "\\t");
	case '\r': return buf_adds(out, "\\r");
	case '\f': return buf_adds(out, "\\f");
	case ' ': return buf_adds(out, lead ? "\\ " : " ");
	case '\'':
		return buf_adds(out, dbl ? "''" : st->escape_quotes == 2 ? "\\'" : "'");
	}
	if (m >= 0)
		return buf_adds(out, lead || st->esc_mid[m] ? "\\" : "") | buf_addc(out, (char)cp);
	if (cp >= 0x80 && st->literal && st->utf8)
		return buf_add(out, s, n);
	if (cp >= 0x80 && cp <= 0xFF && st->literal)
		return buf_addc(out, (char)cp);	/* ISO-8859-1 */
	if (cp >= 0x10000)
		return put_u_style(out, 0xD800 + ((cp - 0x10000) >> 10), st) |
		       put_u_style(out, 0xDC00 + ((cp - 0x10000) & 0x3FF), st);
	return cp >= 0x80 || cp < 0x20 ? put_u_style(out, cp, st) : buf_addc(out, (char)cp);
}

/* A value in the source's style; printable ASCII copied in runs. */
static int put_value_style(struct buf *out, const char *s, const struct prop_style *st)
{
	bool dbl = st->escape_quotes == 1 || (st->escape_quotes == 3 && has_format_args(s));
	size_t len = strlen(s), run = 0;
	int rc = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && !st->stop[c] && (i > 0 || !strchr(" =:#!", c))) {
			i++;
			continue;
		}
		rc |= buf_add(out, s + run, i - run);
		uint32_t cp = c;
		size_t n = c < 0x80 ? 1 : utf8_decode(s + i, len - i, &cp);
		if (!n) {
			cp = 0xFFFD;
			n = 1;
		}
		rc |= put_char_style(out, s + i, n, cp, i == 0, dbl, st);
		run = i += n;
	}
	return rc | buf_add(out, s + run, len - run);
}

/* Spelling context of a value's bytes: ASCII is read alike in either encoding. */
static uint32_t prop_ctx(const struct tmpl *t, const struct tspan *sp)
{
	for (size_t i = sp->start; i < sp->end; i++)
		if ((unsigned char)t->text[i] >= 0x80)
			return ((const struct prop_layout *)t)->utf8 ? 1 : 2;
	return 0;
}

static int prop_value(const struct tmpl_writer *wr, const struct tspan *sp, const char *text,
		      struct buf *out)
{
	return put_value_style(out, text, wr->ctx);
}

static int prop_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		      const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	struct prop_style st = { .escape_quotes = opt->escape_quotes };
	detect_style(doc->layout, &st);
	struct tmpl_writer wr = { .t = doc->layout, .doc = doc, .w = w, .err = err,
				  .value = prop_value, .ctx = &st, .spell_ctx = prop_ctx };
	return tmpl_write(&wr, out);
}

static void prop_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	tmpl_spellings(doc->layout, TMPL_TEXT, prop_ctx, fn, ctx);
}

/* A comment line, non-ASCII as \uXXXX like native2ascii writes it. */
static int put_comment_line(struct buf *out, const char *c, size_t k)
{
	int rc = buf_adds(out, "# ");
	for (size_t j = 0; j < k;) {
		uint32_t cp;
		size_t m = utf8_decode(c + j, k - j, &cp);
		if (m > 1)
			rc |= put_u(out, cp < 0x10000 ? cp : 0xFFFD);
		else
			rc |= buf_addc(out, c[j]);
		j += m ? m : 1;
	}
	return rc | buf_addc(out, '\n');
}

/*
 * localization.one "properties": key=value lines, comments above (one "#"
 * line per line of the comment: Properties ends lines at \r too).  Values
 * are exact: apostrophes are not doubled for MessageFormat.
 */
FMT_EMIT_FN(fmt_properties_emit)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!tr[i])
			continue;
		for (const char *c = units[i].comment; c && *c;) {
			size_t k = strcspn(c, "\r\n");
			rc |= put_comment_line(out, c, k);
			c += k + (c[k] != '\0');
		}
		rc |= put_escaped(out, units[i].key, true, 0);
		rc |= buf_addc(out, '=');
		const char *text = tr[i]->text ? tr[i]->text : units[i].source;
		rc |= put_escaped(out, text ? text : "", false, 0);
		rc |= buf_addc(out, '\n');
	}
	return rc ? tmpl_overflow(err) : 0;
}

const struct fmt_format fmt_properties = {
	.name = "properties",
	.extensions = prop_ext,
	.mime = "text/x-java-properties",
	.parse = prop_parse,
	.write = prop_write,
	.emit = fmt_properties_emit,
	.spellings = prop_spellings,
};
