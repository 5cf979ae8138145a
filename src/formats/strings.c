/*
 * Apple .strings: `"key" = "value";` entries, C and C++ comments, in UTF-8
 * or UTF-16 (LE/BE, with BOM as Xcode and genstrings write it; without a
 * BOM the NUL pattern of the first character decides).  UTF-16 input is
 * converted to UTF-8 for parsing, and the writer converts its output back
 * to the encoding and BOM it read, so a round trip is byte-exact.
 *
 * The comment right before an entry is its unit comment (Xcode's
 * placeholder "No comment provided by engineer." counts as none).  A left
 * out entry takes its comment and the blank lines after it along.
 */
#define _GNU_SOURCE	/* memmem */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

enum str_enc { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

struct str_layout {
	struct tmpl t;		/* UTF-8 text (a UTF-16 file's BOM not included) */
	enum str_enc enc;
	bool bom16;
};

struct str_parser {
	const char *s;
	size_t len, pos;
	struct fmt_error *err;
	size_t comment_start, comment_end;	/* last comment, raw */
	bool comment_attached;			/* only whitespace since it */
	size_t prev_end;			/* after the last entry's ';' */
};

static const char *const strings_ext[] = { "strings", NULL };

/* ---- UTF-16 ---- */

static int utf16_to_utf8(const unsigned char *s, size_t len, bool be, struct buf *out,
			 struct fmt_error *err)
{
	if (len % 2) {
		fmt_error_set(err, 0, len - 1, "strings: UTF-16 input has an odd length "
			      "(truncated at offset %zu)", len - 1);
		return -1;
	}
	buf_reserve(out, len + len / 2);
	for (size_t i = 0; i < len; i += 2) {
		uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
			uint32_t lo = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
					 : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
			if (lo >= 0xDC00 && lo < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if ((u >= 0xD800 && u < 0xE000) || u == 0) {
			size_t line = text_line_of(out->data, out->len, out->len);
			fmt_error_set(err, line, i, "strings: line %zu: %s in UTF-16 at offset %zu",
				      line, u ? "unpaired surrogate" : "NUL character", i);
			return -1;
		}
		if (buf_add_utf8(out, u))
			return tmpl_overflow(err);
	}
	return 0;
}

static int utf8_to_utf16(const char *s, size_t len, bool be, struct buf *out)
{
	int rc = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			cp = 0xFFFD;
			n = 1;
		}
		i += n;
		uint16_t units[2] = { (uint16_t)cp, 0 };
		int k = 1;
		if (cp >= 0x10000) {
			units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			k = 2;
		}
		for (int j = 0; j < k; j++) {
			char b[2] = { (char)(units[j] & 0xFF), (char)(units[j] >> 8) };
			if (be) {
				char t = b[0];
				b[0] = b[1];
				b[1] = t;
			}
			rc |= buf_add(out, b, 2);
		}
	}
	return rc;
}

/* ---- parsing ---- */

static int serr(const struct str_parser *p, size_t at, const char *what)
{
	size_t line = text_line_of(p->s, p->len, at);
	fmt_error_set(p->err, line, at, "strings: line %zu: %s", line, what);
	return -1;
}

/* Skip whitespace and comments, remembering the last comment. */
static int skip_space(struct str_parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			p->pos++;
		} else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '*') {
			const char *e = memmem(p->s + p->pos + 2, p->len - p->pos - 2, "*/", 2);
			if (!e)
				return serr(p, p->pos, "unterminated comment");
			p->comment_start = p->pos;
			p->pos = (size_t)(e - p->s) + 2;
			p->comment_end = p->pos;
			p->comment_attached = true;
		} else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '/') {
			size_t start = p->pos;
			const char *e = memchr(p->s + p->pos, '\n', p->len - p->pos);
			p->pos = e ? (size_t)(e - p->s) : p->len;
			/* consecutive // lines form one comment */
			if (!(p->comment_attached && p->comment_end + 1 >= start &&
			      p->s[p->comment_start + 1] == '/'))
				p->comment_start = start;
			p->comment_end = p->pos;
			p->comment_attached = true;
		} else {
			return 0;
		}
	}
	return 0;
}

static int unescape_u(struct str_parser *p, struct buf *out)
{
	if (p->len - p->pos < 4 || hex_n(p->s + p->pos, 4) < 0)
		return serr(p, p->pos, "malformed \\U escape");
	uint32_t cp = (uint32_t)hex_n(p->s + p->pos, 4);
	p->pos += 4;
	if (cp >= 0xD800 && cp < 0xDC00 && p->len - p->pos >= 6 && p->s[p->pos] == '\\' &&
	    (p->s[p->pos + 1] == 'U' || p->s[p->pos + 1] == 'u')) {
		long lo = hex_n(p->s + p->pos + 2, 4);
		if (lo >= 0xDC00 && lo < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
			p->pos += 6;
		}
	}
	buf_add_utf8(out, cp);
	return 0;
}

/* Characters of an unquoted old-style plist string. */
static bool is_bare(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_.$:/-", c));
}

/* A quoted string at p->pos (or a bare word). */
static int read_string(struct str_parser *p, struct buf *out)
{
	size_t start = p->pos;
	if (p->pos >= p->len)
		return serr(p, p->pos, "unexpected end of file (truncated?)");
	if (p->s[p->pos] != '"') {
		/* old-style plist: unquoted [A-Za-z0-9_.$:/-] */
		while (p->pos < p->len && is_bare(p->s[p->pos]))
			buf_addc(out, p->s[p->pos++]);
		return p->pos > start ? 0 : serr(p, start, "expected a quoted string");
	}
	p->pos++;
	while (p->pos < p->len && p->s[p->pos] != '"') {
		char c = p->s[p->pos++];
		if (c != '\\') {
			size_t a = p->pos - 1;
			while (p->pos < p->len && p->s[p->pos] != '"' && p->s[p->pos] != '\\')
				p->pos++;
			buf_add(out, p->s + a, p->pos - a);
			continue;
		}
		if (p->pos >= p->len)
			break;
		c = p->s[p->pos++];
		switch (c) {
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'a': buf_addc(out, '\a'); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'v': buf_addc(out, '\v'); break;
		case 'U': case 'u':
			if (unescape_u(p, out))
				return -1;
			break;
		default:
			if (c >= '0' && c <= '7') {	/* octal, as NeXTSTEP plists allow */
				int v = c - '0';
				for (int k = 0; k < 2 && p->pos < p->len && p->s[p->pos] >= '0' &&
				     p->s[p->pos] <= '7'; k++)
					v = v * 8 + (p->s[p->pos++] - '0');
				buf_add_utf8(out, (uint32_t)v);
			} else {
				buf_addc(out, c);	/* \" \\ \' and the like */
			}
		}
	}
	if (p->pos >= p->len)
		return serr(p, start, "unterminated string (truncated?)");
	p->pos++;
	if (out->len > TEXT_MAX_LINE)
		return serr(p, start, "string too long");
	return 0;
}

static bool blank_line_at(const struct str_parser *p, size_t at, size_t *next)
{
	size_t i = at;
	while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\r'))
		i++;
	if (i < p->len && p->s[i] == '\n') {
		*next = i + 1;
		return true;
	}
	return false;
}

static size_t line_start_of(const struct str_parser *p, size_t at)
{
	while (at > 0 && p->s[at - 1] != '\n')
		at--;
	return at;
}

/* Where a left-out entry ends: after its line end and the blank lines. */
static size_t drop_end_of(const struct str_parser *p, size_t at)
{
	size_t next;
	if (!blank_line_at(p, at, &next))
		return at;
	at = next;
	while (blank_line_at(p, at, &next))
		at = next;
	return at;
}

static char *comment_text(const struct str_parser *p)
{
	const char *s = p->s + p->comment_start, *e = p->s + p->comment_end;
	struct buf b;
	buf_init(&b, 0);
	if (s[1] == '*') {
		s += 2;
		e -= 2;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
			e--;
		buf_add(&b, s, (size_t)(e - s));
	} else {
		while (s < e) {	/* "// a\n// b" -> "a\nb" */
			const char *nl = memchr(s, '\n', (size_t)(e - s));
			const char *le = nl ? nl : e;
			const char *t = s + 2;
			while (t < le && *t == ' ')
				t++;
			if (b.len)
				buf_addc(&b, '\n');
			buf_add(&b, t, (size_t)(le - t - (le > t && le[-1] == '\r')));
			s = nl ? nl + 1 : e;
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
		}
	}
	if (strcmp(b.data, "No comment provided by engineer.") == 0 || b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* A blank line between a comment and an entry detaches the comment. */
static bool has_blank_line(const struct str_parser *p, size_t from, size_t to)
{
	int nl = 0;
	for (size_t i = from; i < to; i++)
		nl += p->s[i] == '\n';
	return nl >= 2;
}

static int parse_entry(struct str_parser *p, struct fmt_doc *doc, struct tmpl *t)
{
	size_t key_at = p->pos;
	bool attached = p->comment_attached && !has_blank_line(p, p->comment_end, key_at);
	size_t drop_start = line_start_of(p, attached ? p->comment_start : key_at);
	if (drop_start < p->prev_end)	/* never into the previous entry */
		drop_start = p->prev_end;
	struct buf key, val;
	buf_init(&key, 0);
	buf_init(&val, 0);
	int rc = read_string(p, &key);
	char *comment = attached ? comment_text(p) : NULL;
	p->comment_attached = false;
	if (rc == 0)
		rc = skip_space(p);
	if (rc == 0 && (p->pos >= p->len || p->s[p->pos] != '='))
		rc = serr(p, p->pos, p->pos >= p->len ? "file ends after a key (truncated?)"
						      : "expected '='");
	p->pos++;
	if (rc == 0)
		rc = skip_space(p);
	size_t vstart = p->pos;
	if (rc == 0)
		rc = read_string(p, &val);
	size_t vend = p->pos;
	if (rc == 0)
		rc = skip_space(p);
	if (rc == 0 && (p->pos >= p->len || p->s[p->pos] != ';'))
		rc = serr(p, p->pos, p->pos >= p->len ? "missing ';' at end of file (truncated?)"
						      : "expected ';'");
	if (rc == 0) {
		p->pos++;
		p->prev_end = p->pos;
		p->comment_attached = false;
		tmpl_add_unit(t, vstart, vend, doc->n_units, TMPL_TEXT, drop_start,
			      drop_end_of(p, p->pos));
		struct unit *u = fmt_doc_add_unit(doc);
		u->key = buf_detach(&key, NULL);
		u->source = buf_detach(&val, NULL);
		u->comment = comment;
		comment = NULL;
	}
	free(comment);
	buf_release(&key);
	buf_release(&val);
	return rc;
}

static int parse_utf8(struct str_parser *p, struct fmt_doc *doc, struct tmpl *t)
{
	int rc = 0;
	p->pos = text_bom_len(p->s, p->len);
	while (rc == 0) {
		rc = skip_space(p);
		if (rc || p->pos >= p->len)
			break;
		rc = parse_entry(p, doc, t);
	}
	return rc;
}

/* Encoding from the BOM, else from where the NULs of "<ascii>" fall. */
static enum str_enc detect(const unsigned char *s, size_t len, size_t *skip, bool *bom)
{
	*skip = 0;
	*bom = false;
	if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		*skip = 2;
		*bom = true;
		return ENC_UTF16LE;
	}
	if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		*skip = 2;
		*bom = true;
		return ENC_UTF16BE;
	}
	if (len >= 2 && s[0] && !s[1])
		return ENC_UTF16LE;
	if (len >= 2 && !s[0] && s[1])
		return ENC_UTF16BE;
	return ENC_UTF8;
}

static void str_layout_free(void *l)
{
	struct str_layout *lay = l;
	tmpl_free(&lay->t);
	free(lay);
}

static int strings_parse(const char *data, size_t len, const struct fmt_options *opt,
			 struct fmt_doc *doc, struct fmt_error *err)
{
	size_t skip;
	bool bom;
	enum str_enc enc = detect((const unsigned char *)data, len, &skip, &bom);
	struct buf u8;
	buf_init(&u8, (size_t)512 << 20);
	const char *text = data;
	size_t tlen = len;
	if (enc != ENC_UTF8) {
		if (utf16_to_utf8((const unsigned char *)data + skip, len - skip,
				  enc == ENC_UTF16BE, &u8, err)) {
			buf_release(&u8);
			return -1;
		}
		text = u8.data;
		tlen = u8.len;
	}
	int rc = text_precheck(text, tlen, TEXT_CHECK_UTF8 | TEXT_CHECK_NUL, "strings", err);
	struct str_layout *lay = xcalloc(1, sizeof(*lay));
	tmpl_init(&lay->t, text, tlen);
	lay->enc = enc;
	lay->bom16 = bom;
	buf_release(&u8);
	doc->layout = lay;
	doc->layout_free = str_layout_free;
	if (rc)
		return -1;
	struct str_parser p = { .s = lay->t.text, .len = lay->t.len, .err = err };
	return parse_utf8(&p, doc, &lay->t);
}

/* ---- writing ---- */

static int put_quoted(struct buf *out, const char *text)
{
	int rc = buf_addc(out, '"');
	rc |= buf_add_c_escaped(out, text, strlen(text), false, false);
	return rc | buf_addc(out, '"');
}

/*
 * The source's spelling of what the .strings reader takes either way (read
 * from its values when writing): non-ASCII as \Uxxxx (letter and hex case
 * as written) or as is, \' or ', line breaks as \n or as they are.
 */
struct str_style {
	char u;			/* 0: non-ASCII as is; else the escape letter, 'U' or 'u' */
	bool lower_hex, apos, raw_nl;
};

static void scan_value(const char *s, size_t n, int ev[6])
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		ev[0] += c >= 0xC0;
		ev[4] += c == '\n';
		if (c != '\\' || i + 1 >= n)
			continue;
		c = (unsigned char)s[++i];
		ev[2] += c == '\'';
		ev[5] += c == 'n';
		if ((c == 'U' || c == 'u') && n - i > 4 && hex_n(s + i + 1, 4) >= 0x80) {
			ev[1] += c == 'U' ? 1 : 1000;
			for (size_t k = 1; k <= 4; k++)
				ev[3] += s[i + k] >= 'a' && s[i + k] <= 'f' ? -1 :
					 s[i + k] >= 'A' && s[i + k] <= 'F';
			i += 4;
		}
	}
}

static void detect_style(const struct tmpl *t, struct str_style *st)
{
	int ev[6] = { 0 };	/* literal non-ASCII, \U (\u by 1000), \', hex case, raw LF, \n */
	for (size_t i = 0; i < t->n; i++)
		if (t->sp[i].kind == TMPL_TEXT)
			scan_value(t->text + t->sp[i].start, t->sp[i].end - t->sp[i].start, ev);
	int esc = ev[1] % 1000 + ev[1] / 1000;
	/* one \U2026 is a choice for that character, not a habit */
	st->u = esc >= 2 && esc > ev[0] ? (ev[1] / 1000 > ev[1] % 1000 ? 'u' : 'U') : 0;
	st->lower_hex = ev[3] < 0;
	st->apos = ev[2] > 0;
	st->raw_nl = ev[4] > ev[5];
}

/* put_quoted() in style st. */
static int put_quoted_style(struct buf *out, const char *text, const struct str_style *st)
{
	if (!st->u && !st->apos && !st->raw_nl)
		return put_quoted(out, text);	/* the common style */
	int rc = buf_addc(out, '"');
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp;
		size_t k = c < 0x80 ? 1 : utf8_decode(text + i, n - i, &cp);
		if (k > 1 && st->u && cp < 0x10000)
			rc |= buf_printf(out, st->lower_hex ? "\\%c%04x" : "\\%c%04X", st->u,
					 (unsigned)cp);
		else if (c == '\'' && st->apos)
			rc |= buf_adds(out, "\\'");
		else if (c == '\n' && st->raw_nl)
			rc |= buf_addc(out, '\n');
		else
			rc |= buf_add_c_escaped(out, text + i, k ? k : 1, false, false);
		i += k ? k : 1;
	}
	return rc | buf_addc(out, '"');
}

static int strings_value(const struct tmpl_writer *wr, const struct tspan *sp, const char *text,
			 struct buf *out)
{
	return put_quoted_style(out, text, wr->ctx);
}

static int strings_write(const struct fmt_doc *doc, const struct fmt_options *opt,
			 const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct str_layout *lay = doc->layout;
	struct str_style st;
	detect_style(&lay->t, &st);
	struct tmpl_writer wr = { .t = &lay->t, .doc = doc, .w = w, .err = err,
				  .value = strings_value, .ctx = &st };
	if (lay->enc == ENC_UTF8)
		return tmpl_write(&wr, out);
	struct buf u8;
	buf_init(&u8, out->cap / 2);
	int rc = tmpl_write(&wr, &u8);
	bool be = lay->enc == ENC_UTF16BE;
	if (rc == 0 && lay->bom16)
		rc = buf_add(out, be ? "\xFE\xFF" : "\xFF\xFE", 2);
	if (rc == 0 && utf8_to_utf16(u8.data, u8.len, be, out))
		rc = tmpl_overflow(err);
	buf_release(&u8);
	return rc;
}

/* Spellings: each value as written, quotes included (UTF-8, as the writer works). */
static void strings_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct str_layout *lay = doc->layout;
	tmpl_spellings(&lay->t, TMPL_TEXT, NULL, fn, ctx);
}

/* A comment: a "*\/" inside would end it, so it is written "* /". */
static int emit_comment(struct buf *out, const char *c)
{
	int rc = buf_adds(out, "/* ");
	for (const char *end; (end = strstr(c, "*/")) != NULL; c = end + 2)
		rc |= buf_add(out, c, (size_t)(end - c)) | buf_adds(out, "* /");
	return rc | buf_adds(out, c) | buf_adds(out, " */\n");
}

/* localization.one "ios-strings": UTF-8, comment above each entry. */
FMT_EMIT_FN(fmt_macosx_emit)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!tr[i])
			continue;
		if (units[i].comment)
			rc |= emit_comment(out, units[i].comment);
		rc |= put_quoted(out, units[i].key);
		rc |= buf_adds(out, " = ");
		const char *text = tr[i]->text ? tr[i]->text : units[i].source;
		rc |= put_quoted(out, text ? text : "");
		rc |= buf_adds(out, ";\n\n");
	}
	return rc ? tmpl_overflow(err) : 0;
}

const struct fmt_format fmt_macosx = {
	.name = "macosx",
	.extensions = strings_ext,
	.mime = "text/plain",
	.parse = strings_parse,
	.write = strings_write,
	.spellings = strings_spellings,
	.emit = fmt_macosx_emit,
};
