/*
 * gettext .po/.pot.
 *
 * The parser reads the file line by line into entries (comments, msgctxt,
 * msgid, msgid_plural, msgstr / msgstr[n]); the empty-msgid entry is the
 * header.  Each unit's key is msgctxt "\004" msgid, as gettext hashes it.
 * Source text: msgid; for plural entries msgid is the "one" form and
 * msgid_plural the "other" form.  msgstr goes to unit->target (msgstr[n]
 * to target_plural[], mapped through the file language's categories in
 * CLDR order, so for Russian msgstr[0..2] are one, few, many).
 *
 * Writing keeps the template and regenerates only each entry's msgstr
 * lines (msgcat layout, 79 columns) and the header's Language and
 * Plural-Forms; everything else is copied.  An untranslated entry keeps
 * the template's msgstr (empty in a .pot, which gettext itself resolves to
 * msgid), or is left out with skip_untranslated.  Obsolete (#~) entries
 * are units flagged UNIT_OBSOLETE and are always copied unchanged.
 */
#define _GNU_SOURCE	/* memmem */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/lone_keys.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PO_WIDTH 79
#define PO_MAX_FORMS 6

/* span kinds (tspan.kind) */
#define PO_SPAN_ENTRY  0u	/* a unit's msgstr lines (aux: the forms it has) */
#define PO_SPAN_HEADER 1u	/* the header's msgstr lines */
#define PO_SPAN_HFUZZY 2u	/* the header's "#, fuzzy" line */
#define PO_SPAN_KIND   3u
#define PO_SPAN_NOEOL  4u	/* the span ends without a line end (EOF) */

struct po_layout {
	struct tmpl t;
	unsigned cats;		/* categories of msgstr[0..n-1] in the template */
	bool crlf;		/* the file's line ends */
};

/* One entry while it is being read. */
struct po_entry {
	struct buf ctxt, id, id_plural, str[PO_MAX_FORMS];
	struct buf comment;	/* #. lines */
	int n_str;		/* msgstr[n] seen: highest n + 1; plain msgstr: 1 */
	bool has_ctxt, has_id, has_plural, has_str, plain_str;
	bool fuzzy, obsolete;
	size_t start;		/* offset of the entry's first line */
	size_t str_start, str_end;	/* the msgstr lines */
	size_t fuzzy_start, fuzzy_end;	/* a "#, fuzzy" line alone */
	size_t line;		/* line of msgid, for messages */
	struct buf *cur;	/* the string continuation lines append to */
};

struct po_parser {
	const char *data;
	size_t len;
	const struct fmt_options *opt;
	struct fmt_doc *doc;
	struct fmt_error *err;
	struct po_layout *lay;
	struct po_entry e;
	size_t line;
	unsigned cats;
	bool header_seen;
};

static const char *const po_ext[] = { "po", "pot", NULL };

/* ---- categories ---- */

/* gettext nplurals -> CLDR categories when the file's language is unknown */
static unsigned cats_for_nplurals(int n)
{
	static const unsigned tab[] = {
		[1] = 1u << PLURAL_OTHER,
		[2] = 1u << PLURAL_ONE | 1u << PLURAL_OTHER,
		[3] = 1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY,
		[4] = 1u << PLURAL_ONE | 1u << PLURAL_TWO | 1u << PLURAL_FEW | 1u << PLURAL_OTHER,
		[5] = 1u << PLURAL_ONE | 1u << PLURAL_TWO | 1u << PLURAL_FEW |
		      1u << PLURAL_MANY | 1u << PLURAL_OTHER,
		[6] = 0x3Fu,
	};
	return n >= 1 && n <= 6 ? tab[n] : tab[2];
}

/* nplurals=N in a Plural-Forms value (or a whole header), 0 if absent */
static int nplurals_of(const char *s)
{
	const char *p = s ? strstr(s, "nplurals=") : NULL;
	if (!p)
		return 0;
	int n = atoi(p + 9);
	return n >= 1 && n <= PO_MAX_FORMS ? n : 0;
}

/* The i-th category set in cats (CLDR order), -1 past the end. */
static int nth_cat(unsigned cats, int i)
{
	for (int c = 0; c < PLURAL_NCATS; c++)
		if ((cats & (1u << c)) && i-- == 0)
			return c;
	return -1;
}

static int popcount(unsigned x)
{
	return __builtin_popcount(x);
}

/* ---- parsing ---- */

static int perr(struct po_parser *p, size_t off, const char *msg)
{
	fmt_error_set(p->err, p->line, off, "gettext: line %zu: %s", p->line, msg);
	return -1;
}

/* An error about the entry as a whole: the line of its msgid. */
static int entry_err(struct po_parser *p, const char *msg)
{
	fmt_error_set(p->err, p->e.line, p->e.start, "gettext: line %zu: %s", p->e.line, msg);
	return -1;
}

static void entry_init(struct po_entry *e)
{
	memset(e, 0, sizeof(*e));
	buf_init(&e->ctxt, 0);
	buf_init(&e->id, 0);
	buf_init(&e->id_plural, 0);
	buf_init(&e->comment, 0);
	for (int i = 0; i < PO_MAX_FORMS; i++)
		buf_init(&e->str[i], 0);
}

static void entry_release(struct po_entry *e)
{
	buf_release(&e->ctxt);
	buf_release(&e->id);
	buf_release(&e->id_plural);
	buf_release(&e->comment);
	for (int i = 0; i < PO_MAX_FORMS; i++)
		buf_release(&e->str[i]);
}

static void entry_reset(struct po_entry *e, size_t start)
{
	buf_reset(&e->ctxt);
	buf_reset(&e->id);
	buf_reset(&e->id_plural);
	buf_reset(&e->comment);
	for (int i = 0; i < PO_MAX_FORMS; i++)
		buf_reset(&e->str[i]);
	e->n_str = 0;
	e->has_ctxt = e->has_id = e->has_plural = e->has_str = e->plain_str = false;
	e->fuzzy = e->obsolete = false;
	e->start = start;
	e->str_start = e->str_end = 0;
	e->fuzzy_start = e->fuzzy_end = 0;
	e->cur = NULL;
}

static bool entry_empty(const struct po_entry *e)
{
	return !e->has_id && !e->has_ctxt && !e->has_str;
}

/* Decode a C-escaped PO string body s[0..n) into out. */
static int po_unescape(struct po_parser *p, const char *s, size_t n, size_t off, struct buf *out)
{
	size_t run = 0, start = out->len;
	bool raw_bytes = false;	/* \x or octal escapes: they can make invalid UTF-8 */
	const char *bs;
	while ((bs = memchr(s + run, '\\', n - run)) != NULL) {
		size_t i = (size_t)(bs - s);
		buf_add(out, s + run, i - run);
		if (++i >= n)
			return perr(p, off + i, "backslash at end of string");
		char c = s[i];
		switch (c) {
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'a': buf_addc(out, '\a'); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'v': buf_addc(out, '\v'); break;
		case '\\': case '"': case '\'': case '?': buf_addc(out, c); break;
		case 'x': {
			int v = 0, k = 0;
			while (i + 1 < n && k < 2 && hexval((unsigned char)s[i + 1]) >= 0)
				v = v * 16 + hexval((unsigned char)s[++i]), k++;
			if (!k)
				return perr(p, off + i, "\\x without hex digits");
			buf_addc(out, (char)v);
			raw_bytes = true;
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				int v = c - '0', k = 1;
				while (i + 1 < n && k < 3 && s[i + 1] >= '0' && s[i + 1] <= '7')
					v = v * 8 + (s[++i] - '0'), k++;
				buf_addc(out, (char)v);
				raw_bytes = true;
				break;
			}
			return perr(p, off + i, "invalid escape sequence");
		}
		run = i + 1;
	}
	buf_add(out, s + run, n - run);
	if (out->len > TEXT_MAX_LINE)
		return perr(p, off, "string too long");
	/* the input is valid UTF-8 (text_precheck), and so is text cut only
	 * at ASCII escapes: only escaped raw bytes need a check */
	size_t bad;
	if (raw_bytes && !utf8_valid(out->data + start, out->len - start, &bad))
		return perr(p, off, "escape sequences make invalid UTF-8");
	return 0;
}

/*
 * The closing quote of a string whose body starts at q: the first '"' that
 * no backslash escapes, or NULL.  Two memchr cursors, each moving forward
 * only, so the scan stays linear in the line however many escapes it has.
 */
static const char *closing_quote(const char *q, const char *end)
{
	const char *quote = memchr(q, '"', (size_t)(end - q));
	const char *bs = memchr(q, '\\', (size_t)(end - q));
	while (quote && bs && bs < quote) {
		q = bs + 2;	/* past the escaped byte, which may be that quote */
		if (q > quote)
			quote = q < end ? memchr(q, '"', (size_t)(end - q)) : NULL;
		bs = q < end ? memchr(q, '\\', (size_t)(end - q)) : NULL;
	}
	return quote;
}

/* s points at a '"'; decode the quoted string up to the closing quote,
 * which must end the line (whitespace aside). */
static int po_string(struct po_parser *p, const char *s, const char *end, struct buf *out)
{
	size_t off = (size_t)(s - p->data);
	if (s >= end || *s != '"')
		return perr(p, off, "expected a quoted string");
	const char *q = closing_quote(s + 1, end);
	if (!q)
		return perr(p, off, "unterminated string");
	for (const char *r = q + 1; r < end; r++)
		if (*r != ' ' && *r != '\t' && *r != '\r')
			return perr(p, (size_t)(r - p->data), "text after the closing quote");
	return po_unescape(p, s + 1, (size_t)(q - s - 1), off + 1, out);
}

static const char *skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static void join_line(struct buf *b, const char *s, const char *end)
{
	if (b->len)
		buf_addc(b, '\n');
	buf_add(b, s, (size_t)(end - s));
}

static bool is_kw(const char *s, const char *end, const char *kw, const char **after)
{
	size_t n = strlen(kw);
	if ((size_t)(end - s) < n || memcmp(s, kw, n) != 0)
		return false;
	if (s + n < end && s[n] != ' ' && s[n] != '\t' && s[n] != '"')
		return false;
	*after = skip_ws(s + n, end);
	return true;
}

static char *dup_buf(const struct buf *b)
{
	return xstrndup(b->data, b->len);
}

static char *dup_nonempty(const struct buf *b)
{
	return b->len ? dup_buf(b) : NULL;
}

static char *make_key(const struct po_entry *e)
{
	if (!e->has_ctxt)
		return dup_buf(&e->id);
	char *k = xmalloc(e->ctxt.len + 1 + e->id.len + 1);
	memcpy(k, e->ctxt.data, e->ctxt.len);
	k[e->ctxt.len] = '\004';
	memcpy(k + e->ctxt.len + 1, e->id.data, e->id.len + 1);
	return k;
}

/* The charset of the header's Content-Type line must be UTF-8 (or ASCII). */
static int check_charset(struct po_parser *p, const char *hdr)
{
	const char *line = hdr, *cs = NULL;
	while (line && *line && !cs) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (n > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
			const char *c = memmem(line, n, "charset=", 8);
			cs = c ? c : line + n;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!cs || strncmp(cs, "charset=", 8) != 0)
		return 0;
	cs += 8;
	size_t n = strcspn(cs, " ;\n");
	if ((n == 5 && strncasecmp(cs, "UTF-8", 5) == 0) || (n == 4 && strncasecmp(cs, "UTF8", 4) == 0) ||
	    (n == 8 && strncasecmp(cs, "US-ASCII", 8) == 0) || (n == 5 && strncasecmp(cs, "ASCII", 5) == 0) ||
	    (n == 7 && strncmp(cs, "CHARSET", 7) == 0))
		return 0;
	fmt_error_set(p->err, p->line, p->e.start, "gettext: line %zu: header declares charset "
		      "%.*s; only UTF-8 is accepted (convert with msgconv)", p->line,
		      (int)(n > 40 ? 40 : n), cs);
	return -1;
}

static int finish_header(struct po_parser *p)
{
	struct po_entry *e = &p->e;
	p->header_seen = true;
	p->doc->header = dup_buf(&e->str[0]);
	if (check_charset(p, p->doc->header))
		return -1;
	if (!p->opt->plural_cats)
		p->cats = cats_for_nplurals(nplurals_of(p->doc->header));
	size_t eol_end = e->str_end;
	if (e->fuzzy_end)	/* the fuzzy line comes before msgstr */
		tmpl_add(&p->lay->t, e->fuzzy_start, e->fuzzy_end, TMPL_NO_UNIT, PO_SPAN_HFUZZY, 0);
	tmpl_add(&p->lay->t, e->str_start, eol_end, TMPL_NO_UNIT,
		 PO_SPAN_HEADER | (eol_end == p->len && p->len &&
				   p->data[p->len - 1] != '\n' ? PO_SPAN_NOEOL : 0), 0);
	return 0;
}

static void fill_plural(struct po_parser *p, struct unit *u)
{
	struct po_entry *e = &p->e;
	u->flags |= UNIT_PLURAL;
	u->source = dup_buf(&e->id_plural);
	u->plural[PLURAL_ONE] = dup_buf(&e->id);
	u->plural[PLURAL_OTHER] = dup_buf(&e->id_plural);
	for (int i = 0; i < e->n_str; i++) {
		int c = nth_cat(p->cats, i);
		if (c >= 0 && !u->target_plural[c])
			u->target_plural[c] = dup_nonempty(&e->str[i]);
	}
}

static int finish_entry(struct po_parser *p, size_t next_start)
{
	struct po_entry *e = &p->e;
	if (entry_empty(e))
		return 0;
	if (!e->has_id)
		return perr(p, e->start, "entry without msgid");
	if (!e->has_str)
		return perr(p, e->start, "missing msgstr");
	if (e->has_plural == e->plain_str)
		return perr(p, e->str_start, e->has_plural ? "msgid_plural needs msgstr[n]"
						: "msgstr[n] without msgid_plural");
	if (!e->has_ctxt && e->id.len == 0 && !e->obsolete) {
		if (p->header_seen || p->doc->n_units)
			return entry_err(p, "header entry (empty msgid) not first");
		if (e->has_plural)	/* msgfmt -c: "PO file header missing or invalid" */
			return entry_err(p, "header entry (empty msgid) with msgid_plural");
		return finish_header(p);
	}
	size_t idx = p->doc->n_units;
	struct unit *u = fmt_doc_add_unit(p->doc);
	u->key = make_key(e);
	u->context = e->has_ctxt ? dup_buf(&e->ctxt) : NULL;
	u->comment = dup_nonempty(&e->comment);
	u->flags = (e->fuzzy ? UNIT_FUZZY : 0) | (e->obsolete ? UNIT_OBSOLETE : 0);
	if (e->has_plural) {
		fill_plural(p, u);
	} else {
		u->source = dup_buf(&e->id);
		u->target = dup_nonempty(&e->str[0]);
	}
	if (!e->obsolete) {
		struct tspan *s = tmpl_add_unit(&p->lay->t, e->str_start, e->str_end, idx,
						PO_SPAN_ENTRY, e->start, next_start);
		s->kind |= e->str_end == p->len && p->len &&
			   p->data[p->len - 1] != '\n' ? PO_SPAN_NOEOL : 0;
		s->aux = (uint16_t)e->n_str;	/* forms the template has */
	}
	return 0;
}

static int on_flags(struct po_parser *p, const char *s, const char *end, size_t ls, size_t le)
{
	bool only_fuzzy = true, any = false;
	while (s < end) {
		s = skip_ws(s, end);
		const char *w = s;
		while (s < end && *s != ',' && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (s - w == 5 && memcmp(w, "fuzzy", 5) == 0) {
			p->e.fuzzy = true;
			any = true;
		} else if (s > w) {
			only_fuzzy = false;
		}
		while (s < end && (*s == ',' || *s == '\r'))
			s++;
	}
	if (any && only_fuzzy && !p->e.obsolete) {
		p->e.fuzzy_start = ls;
		p->e.fuzzy_end = le;
	}
	return 0;
}

/* A keyword line (msgctxt, msgid, msgid_plural, msgstr, msgstr[n]). */
static int on_keyword(struct po_parser *p, const char *s, const char *end, size_t ls, size_t le)
{
	struct po_entry *e = &p->e;
	const char *a;

	if (is_kw(s, end, "msgctxt", &a)) {
		if (e->has_ctxt || e->has_id)
			return perr(p, ls, "msgctxt out of place");
		e->has_ctxt = true;
		e->cur = &e->ctxt;
	} else if (is_kw(s, end, "msgid_plural", &a)) {
		if (!e->has_id || e->has_plural || e->has_str)
			return perr(p, ls, "msgid_plural out of place");
		e->has_plural = true;
		e->cur = &e->id_plural;
	} else if (is_kw(s, end, "msgid", &a)) {
		if (e->has_id)
			return perr(p, ls, "msgid out of place");
		e->has_id = true;
		e->line = p->line;
		e->cur = &e->id;
	} else if (is_kw(s, end, "msgstr", &a)) {
		if (!e->has_id || e->has_str)
			return perr(p, ls, "msgstr out of place");
		if (e->has_plural)
			return perr(p, ls, "msgid_plural needs msgstr[n]");
		e->has_str = e->plain_str = true;
		e->n_str = 1;
		e->str_start = ls;
		e->cur = &e->str[0];
	} else if ((size_t)(end - s) > 7 && memcmp(s, "msgstr[", 7) == 0) {
		const char *q = s + 7;
		int n = 0;
		while (q < end && *q >= '0' && *q <= '9' && n < 100)
			n = n * 10 + (*q++ - '0');
		if (q >= end || *q != ']' || q == s + 7)
			return perr(p, ls, "bad msgstr[n]");
		if (!e->has_plural)
			return perr(p, ls, "msgstr[n] without msgid_plural");
		if (n != e->n_str || e->plain_str || !e->has_id)
			return perr(p, ls, "msgstr[n] out of order");
		if (n >= PO_MAX_FORMS)
			return perr(p, ls, "more than 6 plural forms");
		if (!e->has_str)
			e->str_start = ls;
		e->has_str = true;
		e->n_str = n + 1;
		e->cur = &e->str[n];
		a = skip_ws(q + 1, end);
	} else {
		return perr(p, ls, "unknown keyword");
	}
	if (e->has_str)
		e->str_end = le;
	return po_string(p, a, end, e->cur);
}

/* Does this line begin a new entry after one that already has its msgstr? */
static bool starts_entry(const char *s, const char *end)
{
	return s < end && (*s == '#' || (*s == 'm' && (size_t)(end - s) >= 5 &&
		(memcmp(s, "msgid", 5) == 0 || (end - s >= 7 && memcmp(s, "msgctxt", 7) == 0)) &&
		!((size_t)(end - s) >= 12 && memcmp(s, "msgid_plural", 12) == 0)));
}

static int on_line(struct po_parser *p, const char *s, const char *end, size_t ls, size_t le)
{
	struct po_entry *e = &p->e;
	bool obsolete = false;

	if (end > s && end[-1] == '\r')
		end--;
	s = skip_ws(s, end);
	if (s == end)			/* blank line: entry separator */
		return finish_entry(p, le) == 0 ? (entry_reset(e, le), 0) : -1;
	if (end - s >= 2 && s[0] == '#' && s[1] == '~') {
		obsolete = true;
		s = skip_ws(s + 2, end);
		if (s < end && *s == '|')	/* #~| previous msgid of an obsolete entry */
			return 0;
	}
	if (e->has_str && (starts_entry(s, end) || (obsolete && !e->obsolete))) {
		if (finish_entry(p, ls))
			return -1;
		entry_reset(e, ls);
	}
	if (obsolete) {
		if (!e->has_id && !e->has_ctxt)
			e->obsolete = true;
		else if (!e->obsolete)
			return perr(p, ls, "obsolete line inside an active entry");
		if (s == end)
			return 0;
	} else if (e->obsolete && *s != '#') {
		return perr(p, ls, "active line inside an obsolete entry");
	}
	if (*s == '#') {
		if (e->has_id && !e->has_str)
			return perr(p, ls, "comment inside an entry");
		if (end - s >= 2 && s[1] == ',')
			return on_flags(p, s + 2, end, ls, le);
		if (end - s >= 2 && s[1] == '.')
			join_line(&e->comment, skip_ws(s + 2, end), end);
		return 0;		/* #: refs, #| previous, # translator: template only */
	}
	if (*s == '"') {
		if (!e->cur)
			return perr(p, ls, "string without keyword");
		if (e->has_str)
			e->str_end = le;
		return po_string(p, s, end, e->cur);
	}
	return on_keyword(p, s, end, ls, le);
}

static int po_run(struct po_parser *p)
{
	size_t pos = text_bom_len(p->data, p->len);
	entry_init(&p->e);
	p->e.start = pos;
	int rc = 0;
	while (pos < p->len && rc == 0) {
		const char *nl = memchr(p->data + pos, '\n', p->len - pos);
		size_t le = nl ? (size_t)(nl - p->data) + 1 : p->len;
		p->line++;
		rc = on_line(p, p->data + pos, p->data + (nl ? le - 1 : le), pos, le);
		pos = le;
	}
	if (rc == 0) {
		p->line++;
		if (p->e.has_id && !p->e.has_str)
			rc = perr(p, p->len, "file ends inside an entry (truncated?)");
		else
			rc = finish_entry(p, p->len);
	}
	entry_release(&p->e);
	return rc;
}

static void po_layout_free(void *l)
{
	struct po_layout *lay = l;
	tmpl_free(&lay->t);
	free(lay);
}

static int po_parse(const char *data, size_t len, const struct fmt_options *opt,
		    struct fmt_doc *doc, struct fmt_error *err)
{
	if (text_precheck(data, len, TEXT_CHECK_UTF8 | TEXT_CHECK_NUL, "gettext", err))
		return -1;
	struct po_layout *lay = xcalloc(1, sizeof(*lay));
	tmpl_init(&lay->t, data, len);
	const char *nl = memchr(data, '\n', len);
	lay->crlf = nl && nl > data && nl[-1] == '\r';
	doc->layout = lay;
	doc->layout_free = po_layout_free;

	struct po_parser p = { .data = data, .len = len, .opt = opt, .doc = doc, .err = err,
			       .lay = lay, .cats = opt->plural_cats };
	if (!p.cats)
		p.cats = cats_for_nplurals(2);
	if (po_run(&p))
		return -1;
	lay->cats = p.cats;
	return 0;
}

/* ---- writing ---- */

/* Column width of the escaped text: code points. */
static size_t width_of(const char *s, size_t n)
{
	return utf8_count(s, n);
}

/* Escaped length of one character starting at s (for break decisions). */
static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t k = utf8_decode(s, n, &cp);
	return k ? k : 1;
}

/* Append `"` segment `"` + eol, wrapped like msgcat at `width` columns. */
static int put_wrapped(struct buf *out, const char *esc, size_t n, size_t indent_w,
		       const char *eol, size_t width)
{
	int rc = 0;
	while (n > 0) {
		/* the longest prefix that fits, broken after a space */
		size_t room = width - 2 - indent_w, take = 0, last_space = 0, w = 0;
		while (take < n) {
			size_t k = esc[take] == '\\' && take + 1 < n ? 2 : char_len(esc + take, n - take);
			if (w + width_of(esc + take, k) > room)
				break;
			w += width_of(esc + take, k);
			take += k;
			if (esc[take - 1] == ' ')
				last_space = take;
		}
		if (take < n && last_space)
			take = last_space;
		else if (take < n)	/* no space to break at: an overlong line */
			while (take < n && esc[take] != ' ')
				take += esc[take] == '\\' && take + 1 < n ? 2 : 1;
		if (take < n && esc[take] == ' ' && !last_space)
			take++;
		rc |= buf_addc(out, '"');
		rc |= buf_add(out, esc, take);
		rc |= buf_addc(out, '"');
		rc |= buf_adds(out, eol);
		esc += take;
		n -= take;
		indent_w = 0;
	}
	return rc;
}

/*
 * `kw "text"` in msgcat layout: one line when it fits `width` columns and
 * has no inner newline, else `kw ""` and one wrapped line per
 * "\n"-terminated piece.  (SIZE_MAX: msgcat --no-wrap.)
 */
static int po_put_string_w(struct buf *out, const char *kw, const char *text, const char *eol,
			   size_t width)
{
	struct buf esc;
	int rc = 0;
	buf_init(&esc, 0);
	buf_add_c_escaped(&esc, text, strlen(text), true, false);
	size_t kw_w = strlen(kw) + 1;
	const char *inner_nl = strstr(esc.data, "\\n");
	bool multi = inner_nl && inner_nl + 2 < esc.data + esc.len;
	if (!multi && kw_w + 2 + width_of(esc.data, esc.len) <= width) {
		rc |= buf_printf(out, "%s \"%s\"%s", kw, esc.data, eol);
	} else {
		rc |= buf_printf(out, "%s \"\"%s", kw, eol);
		const char *s = esc.data, *end = esc.data + esc.len;
		while (s < end && rc == 0) {
			const char *nl = strstr(s, "\\n");
			const char *pe = nl ? nl + 2 : end;
			rc |= put_wrapped(out, s, (size_t)(pe - s), 0, eol, width);
			s = pe;
		}
	}
	buf_release(&esc);
	return rc;
}

static int po_put_string(struct buf *out, const char *kw, const char *text, const char *eol)
{
	return po_put_string_w(out, kw, text, eol, PO_WIDTH);
}

/* The language code as gettext writes it: pt-BR -> pt_BR. */
static void put_lang_code(struct buf *b, const char *code)
{
	for (const char *c = code; *c; c++)
		buf_addc(b, *c == '-' ? '_' : *c);
}

/* Replace (or append) the "Name: value\n" field of a header. */
static void header_set(struct buf *h, const char *name, const char *value_or_code, bool is_code)
{
	size_t nlen = strlen(name);
	struct buf out;
	buf_init(&out, 0);
	const char *s = h->data, *end = h->data + h->len;
	bool done = false;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl + 1 : end;
		if (!done && (size_t)(le - s) > nlen && memcmp(s, name, nlen) == 0 && s[nlen] == ':') {
			buf_printf(&out, "%s: ", name);
			if (is_code)
				put_lang_code(&out, value_or_code);
			else
				buf_adds(&out, value_or_code);
			buf_addc(&out, '\n');
			done = true;
		} else {
			buf_add(&out, s, (size_t)(le - s));
		}
		s = le;
	}
	if (!done) {
		if (out.len && out.data[out.len - 1] != '\n')
			buf_addc(&out, '\n');
		buf_printf(&out, "%s: ", name);
		if (is_code)
			put_lang_code(&out, value_or_code);
		else
			buf_adds(&out, value_or_code);
		buf_addc(&out, '\n');
	}
	buf_release(h);
	*h = out;
}

struct po_wctx {
	const struct po_layout *lay;
	const char *eol;
	size_t width;		/* the source's wrapping (detect_width) */
};

/*
 * The template's wrapping: msgcat's 79 columns, unless a string line runs
 * past them where it could have been broken (a blank before its end):
 * then the file was written with --no-wrap.
 */
static size_t detect_width(const char *s, size_t len)
{
	for (const char *p = s, *end = s + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = memchr(p, '"', (size_t)(le - p));
		const char *sp = q ? memchr(q, ' ', (size_t)(le - q)) : NULL;
		if (q && *p != '#' && utf8_count(p, (size_t)(le - p)) > PO_WIDTH && sp &&
		    utf8_count(p, (size_t)(sp - p)) < PO_WIDTH)
			return SIZE_MAX;
		p = nl ? nl + 1 : end;
	}
	return PO_WIDTH;
}

/* Spelling context of msgstr blocks: their inner line ends are the file's. */
static uint32_t po_ctx(const struct po_layout *lay)
{
	return 1 + lay->crlf;
}

/* The uploaded block, ended as the template's span ends (its line end, or none at EOF). */
static int put_spelled(const struct tmpl_writer *wr, const struct tspan *sp,
		       const struct fmt_spelling *sl, struct buf *out)
{
	const char *t = wr->t->text;
	size_t eol = sp->end > sp->start && t[sp->end - 1] == '\n' ?
		     1 + (sp->end - 1 > sp->start && t[sp->end - 2] == '\r') : 0;
	if (buf_add(out, sl->s, sl->len) || buf_add(out, t + sp->end - eol, eol))
		return tmpl_overflow(wr->err);
	return TS_DONE;
}

/* After rewriting span sp (rc: of the writes); a template whose last line
 * had no line end gets none either. */
static int end_span(const struct tmpl_writer *wr, const struct tspan *sp, int rc,
		    struct buf *out)
{
	const struct po_wctx *c = wr->ctx;
	if (rc)
		return tmpl_overflow(wr->err);
	if ((sp->kind & PO_SPAN_NOEOL) && out->len >= strlen(c->eol))
		out->len -= strlen(c->eol);
	out->data[out->len] = '\0';
	return TS_DONE;
}

static int write_header(const struct tmpl_writer *wr, const struct tspan *sp, struct buf *out)
{
	const struct po_wctx *c = wr->ctx;
	const struct fmt_lang *lang = wr->w->lang;
	if (!lang)
		return TS_KEEP;
	if ((sp->kind & PO_SPAN_KIND) == PO_SPAN_HFUZZY)
		return TS_DROP;	/* a translation's header is not fuzzy */
	struct buf h;
	buf_init(&h, 0);
	buf_adds(&h, wr->doc->header);
	if (lang->code)
		header_set(&h, "Language", lang->code, true);
	if (lang->plural_forms)
		header_set(&h, "Plural-Forms", lang->plural_forms, false);
	int r = TS_KEEP;
	if (strcmp(h.data, wr->doc->header) != 0)
		r = end_span(wr, sp, po_put_string_w(out, "msgstr", h.data, c->eol, c->width), out);
	buf_release(&h);
	return r;
}

/* The template's msgstr for form `cat` ("" where it has none). */
static const char *file_form(const struct unit *u, int cat)
{
	return u->target_plural[cat] ? u->target_plural[cat] : "";
}

/*
 * Form `cat` to write: the translation's, else the template's.  (An empty
 * msgstr[n] is gettext's own "untranslated": it shows msgid for that n.)
 */
static const char *po_form(const struct unit *u, const struct fmt_translation *tr, int cat)
{
	return tr && tr->plural[cat] ? tr->plural[cat] : file_form(u, cat);
}

static int write_plural(const struct tmpl_writer *wr, const struct tspan *sp,
			const struct unit *u, const struct fmt_translation *tr, struct buf *out)
{
	const struct po_wctx *c = wr->ctx;
	const struct fmt_lang *lang = wr->w->lang;
	unsigned cats = lang && lang->plural_cats ? lang->plural_cats : c->lay->cats;
	int n = lang ? nplurals_of(lang->plural_forms) : (int)sp->aux;
	if (!n)
		n = popcount(cats);
	const char *forms[PO_MAX_FORMS], *by_cat[PLURAL_NCATS] = { 0 };
	unsigned written = 0;
	bool same = cats == c->lay->cats && n == (int)sp->aux;
	for (int i = 0; i < n && i < PO_MAX_FORMS; i++) {
		int cat = nth_cat(cats, i);
		if (cat < 0)
			cat = PLURAL_OTHER;
		forms[i] = by_cat[cat] = po_form(u, tr, cat);
		written |= 1u << cat;
		same = same && str_eq(forms[i], file_form(u, cat));
	}
	/* msgstr[0..n-1] as uploaded: one piece */
	const struct fmt_spelling *sl = tmpl_spelled_all(tr, by_cat, written, po_ctx(c->lay));
	if (sl && popcount(written) == n)
		return put_spelled(wr, sp, sl, out);
	if (same)
		return TS_KEEP;
	int rc = 0;
	for (int i = 0; i < n && i < PO_MAX_FORMS; i++) {
		char kw[16];
		snprintf(kw, sizeof(kw), "msgstr[%d]", i);
		rc |= po_put_string_w(out, kw, forms[i], c->eol, c->width);
	}
	return end_span(wr, sp, rc, out);
}

static int po_span(const struct tmpl_writer *wr, const struct tspan *sp, struct buf *out)
{
	const struct po_wctx *c = wr->ctx;
	if ((sp->kind & PO_SPAN_KIND) != PO_SPAN_ENTRY)
		return write_header(wr, sp, out);
	const struct unit *u = &wr->doc->units[sp->unit];
	const struct fmt_translation *tr = tmpl_tr(wr->w, sp->unit);
	if (u->flags & UNIT_PLURAL)
		return write_plural(wr, sp, u, tr, out);
	const char *text = tr && tr->text ? tr->text : (u->target ? u->target : "");
	const struct fmt_spelling *sl = tmpl_spelled(tr, FMT_SPELL_TEXT, text, po_ctx(c->lay));
	if (sl)
		return put_spelled(wr, sp, sl, out);
	if (str_eq(text, u->target ? u->target : ""))
		return TS_KEEP;
	return end_span(wr, sp, po_put_string_w(out, "msgstr", text, c->eol, c->width), out);
}

static int po_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		    const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct po_layout *lay = doc->layout;
	struct po_wctx c = { .lay = lay, .eol = lay->crlf ? "\r\n" : "\n",
			     .width = detect_width(lay->t.text, lay->t.len) };
	struct tmpl_writer wr = { .t = &lay->t, .doc = doc, .w = w, .err = err,
				  .span = po_span, .ctx = &c };
	return tmpl_write(&wr, out);
}

static bool has_target(const struct unit *u)
{
	bool any = u->target != NULL;
	for (int c = 0; c < PLURAL_NCATS; c++)
		any |= u->target_plural[c] != NULL;
	return any;
}

/* Spellings: each translated entry's msgstr lines (all its msgstr[n] at once),
 * without the last line end. */
static void po_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct po_layout *lay = doc->layout;
	const struct tmpl *t = &lay->t;
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		if ((sp->kind & PO_SPAN_KIND) != PO_SPAN_ENTRY || sp->unit == TMPL_NO_UNIT ||
		    !has_target(&doc->units[sp->unit]))
			continue;
		size_t end = sp->end;
		if (end > sp->start && t->text[end - 1] == '\n')
			end -= 1 + (end - 1 > sp->start && t->text[end - 2] == '\r');
		tmpl_spell(fn, ctx, sp->unit, FMT_SPELL_TEXT, t->text, sp->start, end, po_ctx(lay));
	}
}

/*
 * ---- emitting (localization.one "po") ----
 * Every entry has msgctxt = its key (keys are unique in an export, sources
 * often are not: "Save" on two screens); msgid is the source text, or the
 * key when the source is empty (msgid "" is the header).  U+0004, which
 * msgfmt refuses anywhere, is written as U+2404.
 */

static void put_comment(struct buf *out, const char *prefix, const char *text)
{
	const char *s = text;
	while (*s) {
		size_t n = strcspn(s, "\r\n");
		buf_printf(out, "%s %.*s\n", prefix, (int)n, s);
		s += n + (s[n] != '\0');
	}
}

static int emit_string(struct buf *out, const char *kw, const char *text)
{
	if (!strchr(text, '\x04'))
		return po_put_string(out, kw, text, "\n");
	struct buf t;
	buf_init(&t, 0);
	lone_key_no_eot(text, strlen(text), &t);
	int rc = po_put_string(out, kw, t.data, "\n");
	buf_release(&t);
	return rc;
}

static int emit_plural(struct buf *out, const struct unit *u, const struct fmt_translation *tr,
		       unsigned cats, int np)
{
	const char *one = u->plural[PLURAL_ONE] ? u->plural[PLURAL_ONE] : u->source;
	int rc = emit_string(out, "msgid", one ? one : "");
	rc |= emit_string(out, "msgid_plural", u->source ? u->source : "");
	for (int k = 0; k < np && k < PO_MAX_FORMS; k++) {
		char kw[16];
		int cat = nth_cat(cats, k);
		snprintf(kw, sizeof(kw), "msgstr[%d]", k);
		rc |= emit_string(out, kw, plural_text(u, tr, cat < 0 ? PLURAL_OTHER : cat));
	}
	return rc;
}

static int emit_header(struct buf *out, const struct fmt_lang *lang)
{
	struct buf h;
	buf_init(&h, 0);
	buf_adds(&h, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
		 "Content-Transfer-Encoding: 8bit\n");
	if (lang && lang->code)
		header_set(&h, "Language", lang->code, true);
	if (lang && lang->plural_forms)
		header_set(&h, "Plural-Forms", lang->plural_forms, false);
	int rc = po_put_string(out, "msgid", "", "\n");
	rc |= po_put_string(out, "msgstr", h.data, "\n");
	buf_release(&h);
	return rc;
}

FMT_EMIT_FN(fmt_gettext_emit)
{
	int rc = emit_header(out, lang);
	unsigned cats = lang && lang->plural_cats ? lang->plural_cats : cats_for_nplurals(2);
	int np = lang ? nplurals_of(lang->plural_forms) : 0;
	if (!np)
		np = popcount(cats);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct unit *u = &units[i];
		if (!tr[i])
			continue;
		rc |= buf_addc(out, '\n');
		if (u->comment)
			put_comment(out, "#.", u->comment);
		rc |= emit_string(out, "msgctxt", u->key);
		if (u->flags & UNIT_PLURAL) {
			rc |= emit_plural(out, u, tr[i], cats, np);
		} else {
			rc |= emit_string(out, "msgid", u->source && *u->source ? u->source : u->key);
			rc |= emit_string(out, "msgstr", tr[i]->text ? tr[i]->text : "");
		}
	}
	return rc ? tmpl_overflow(err) : 0;
}

const struct fmt_format fmt_gettext = {
	.name = "gettext",
	.extensions = po_ext,
	.mime = "text/x-gettext-translation",
	.parse = po_parse,
	.write = po_write,
	.spellings = po_spellings,
	.emit = fmt_gettext_emit,
};
