/*
 * Shared XML plumbing: the hardened libxml2 check, the offset scanner, text
 * decoding and XML-safe escaping.  See xmlutil.h.
 */
#define _GNU_SOURCE	/* memmem */
#include "formats/xmlutil.h"
#include "core/utf8.h"
#include "core/mem.h"

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- libxml2 check ------------------------------------------------------ */

static pthread_once_t xu_once = PTHREAD_ONCE_INIT;
static _Thread_local bool xu_external_seen;

/* Never load anything from outside: record the attempt so the import fails. */
static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	xu_external_seen = true;
	return NULL;
}

static void xu_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_loader);
}

void xu_harden(void)
{
	pthread_once(&xu_once, xu_init);
}

struct xu_err {
	bool set;
	int line;
	char msg[200];
};

/* Keep the first error, with its line; warnings are not failures. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ctx;
	struct xu_err *x = c->_private;
	if (!x || x->set || e->level < XML_ERR_ERROR)
		return;
	x->set = true;
	x->line = e->line;
	snprintf(x->msg, sizeof(x->msg), "%s", e->message ? e->message : "XML error");
	size_t n = strlen(x->msg);
	while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
}

size_t xu_line(const char *data, size_t off)
{
	size_t line = 1;
	const char *p = data, *end = data + off;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* Line of the first occurrence of `needle` in data (0 when absent). */
static size_t line_of_text(const char *data, size_t len, const char *needle)
{
	const char *p = memmem(data, len, needle, strlen(needle));
	return p ? xu_line(data, (size_t)(p - data)) : 0;
}

static int keep_entity(struct xdoc *d, xmlEntityPtr e, unsigned flags, struct fmt_error *err)
{
	if (e->etype != XML_INTERNAL_GENERAL_ENTITY &&
	    e->etype != XML_INTERNAL_PREDEFINED_ENTITY &&
	    e->etype != XML_INTERNAL_PARAMETER_ENTITY) {
		const char *sys = (const char *)(e->SystemID ? e->SystemID : e->name);
		size_t line = line_of_text(d->data, d->len, sys);
		fmt_error_set(err, line, 0, "line %zu: external entity '%s' refused", line,
			      (const char *)e->name);
		return -1;
	}
	if (e->etype != XML_INTERNAL_GENERAL_ENTITY)
		return 0;
	if (!(flags & XU_ENTITIES)) {
		size_t line = line_of_text(d->data, d->len, "<!ENTITY");
		fmt_error_set(err, line, 0, "line %zu: entity declarations are not allowed here", line);
		return -1;
	}
	if (d->n_ents % 16 == 0)
		d->ents = xrealloc(d->ents, (d->n_ents + 16) * sizeof(*d->ents));
	d->ents[d->n_ents].name = xstrdup((const char *)e->name);
	d->ents[d->n_ents].value = xstrdup(e->content ? (const char *)e->content : "");
	d->n_ents++;
	return 0;
}

static int keep_entities(struct xdoc *d, xmlDocPtr doc, unsigned flags, struct fmt_error *err)
{
	if (!doc || !doc->intSubset)
		return 0;
	for (xmlNodePtr n = doc->intSubset->children; n; n = n->next)
		if (n->type == XML_ENTITY_DECL && keep_entity(d, (xmlEntityPtr)n, flags, err))
			return -1;
	return 0;
}

static bool ascii_name(const char *e)
{
	return strcasecmp(e, "US-ASCII") == 0 || strcasecmp(e, "ASCII") == 0;
}

/* The writers work on the raw bytes, so the declared encoding must be UTF-8
 * (or its subset ASCII, declared UTF-8 on write when needed: xdoc_write). */
static bool utf8_name(const char *e)
{
	return strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0 || ascii_name(e);
}

/* Locate the value of encoding="..." in the declaration libxml2 accepted. */
static void find_ascii_decl(struct xdoc *d)
{
	const char *s = d->data, *end = memmem(s, d->len, "?>", 2);
	const char *e = end ? memmem(s, (size_t)(end - s), "encoding", 8) : NULL;
	if (!e)
		return;
	for (e += 8; e < end && *e != '"' && *e != '\''; e++)
		;
	const char *v = e + 1, *q = e < end ? memchr(v, *e, (size_t)(end - v)) : NULL;
	if (q) {
		d->ascii_at = (uint32_t)(v - s);
		d->ascii_len = (uint32_t)(q - v);
	}
}

/*
 * True when libxml2 read the input bytes as UTF-8 itself, with no encoding
 * converter in between.  Its UTF-8 reader stops with a fatal error at any
 * malformed sequence, overlong form, surrogate or code point past
 * U+10FFFF, and a well-formed parse reads every byte up to the end of the
 * input or to a NUL byte (check_input refuses those).  So after a check
 * that passed this way the whole input is known to be valid UTF-8.
 */
static bool read_as_utf8(xmlParserCtxtPtr c)
{
	return c->input && c->input->buf && !c->input->buf->encoder;
}

/*
 * Parse with a tree-less SAX2 handler: well-formedness, entities, errors.
 * *utf8_checked: the input passed libxml2's UTF-8 reader (read_as_utf8).
 */
static int xu_check(struct xdoc *d, unsigned flags, bool *utf8_checked, struct fmt_error *err)
{
	xmlSAXHandler sax;
	struct xu_err xe = { 0 };
	int rc = -1;

	xu_harden();
	xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(d->data, (int)d->len);
	if (!c) {
		fmt_error_set(err, 0, 0, "cannot create XML parser");
		return -1;
	}
	xmlSAXVersion(&sax, 2);
	sax.startElementNs = NULL;
	sax.endElementNs = NULL;
	sax.characters = NULL;
	sax.ignorableWhitespace = NULL;
	sax.cdataBlock = NULL;
	sax.comment = NULL;
	sax.processingInstruction = NULL;
	sax.reference = NULL;
	sax.serror = on_error;
	memcpy(c->sax, &sax, sizeof(sax));
	c->_private = &xe;
	xmlCtxtUseOptions(c, XML_PARSE_NONET | ((flags & XU_ENTITIES) ? XML_PARSE_NOENT : 0));
	xu_external_seen = false;
	xmlParseDocument(c);
	/* an external entity explains a failure better than its consequences */
	if (keep_entities(d, c->myDoc, flags, err) == 0) {
		if (xe.set || !c->wellFormed)
			fmt_error_set(err, (size_t)xe.line, 0, "line %d: %s", xe.line,
				      xe.set ? xe.msg : "not well-formed XML");
		else if (c->myDoc && c->myDoc->encoding && !utf8_name((const char *)c->myDoc->encoding))
			fmt_error_set(err, 1, 0, "line 1: encoding \"%s\" not supported, only UTF-8",
				      (const char *)c->myDoc->encoding);
		else if (xu_external_seen)
			fmt_error_set(err, 1, 0, "line 1: external DTD or entity refused");
		else
			rc = 0;
	}
	*utf8_checked = rc == 0 && read_as_utf8(c);
	if (rc == 0 && c->myDoc && c->myDoc->encoding &&
	    ascii_name((const char *)c->myDoc->encoding))
		find_ascii_decl(d);
	if (c->myDoc)
		xmlFreeDoc(c->myDoc);
	c->myDoc = NULL;
	xmlFreeParserCtxt(c);
	return rc;
}

/* ---- scanner ------------------------------------------------------------ */

static const char *find(const struct xdoc *d, size_t from, const char *s)
{
	if (from >= d->len)
		return NULL;
	return memmem(d->data + from, d->len - from, s, strlen(s));
}

static int scan_error(const struct xdoc *d, size_t off, struct fmt_error *err)
{
	size_t line = xu_line(d->data, off);
	fmt_error_set(err, line, off, "line %zu: unexpected markup at byte %zu", line, off);
	return -1;
}

static uint32_t add_node(struct xdoc *d, int type, size_t start, uint32_t parent)
{
	if (d->count == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 256;
		d->n = xrealloc(d->n, d->alloc * sizeof(*d->n));
	}
	uint32_t i = (uint32_t)d->count++;
	struct xn *n = &d->n[i];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->start = (uint32_t)start;
	n->parent = parent;
	n->first = n->last = n->next = n->prev = XN_NONE;
	if (parent != XN_NONE) {
		struct xn *p = &d->n[parent];
		n->prev = p->last;
		if (p->last != XN_NONE)
			d->n[p->last].next = i;
		else
			p->first = i;
		p->last = i;
	}
	return i;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes of names as the scanner sees them (any non-ASCII byte counts). */
static const bool name_byte[256] = {
	['a' ... 'z'] = true, ['A' ... 'Z'] = true, ['0' ... '9'] = true,
	['_'] = true, [':'] = true, ['.'] = true, ['-'] = true, [0x80 ... 0xFF] = true,
};

static bool is_name_char(char c)
{
	return name_byte[(unsigned char)c];
}

/* End (after '>') of the tag that p is inside of, skipping quoted values; 0 if none. */
static size_t tag_end(const char *s, size_t p, size_t len)
{
	for (; p < len; p++) {
		if (s[p] == '>')
			return p + 1;
		if (s[p] == '"' || s[p] == '\'') {
			const char *q = memchr(s + p + 1, s[p], len - p - 1);
			if (!q)
				return 0;
			p = (size_t)(q - s);
		}
	}
	return 0;
}

/* Skip "<!DOCTYPE ... [ ... ]>" with its quoted strings and comments. */
static size_t doctype_end(const struct xdoc *d, size_t p)
{
	int depth = 0;
	char q = 0;
	for (; p < d->len; p++) {
		char c = d->data[p];
		if (q) {
			if (c == q)
				q = 0;
		} else if (c == '"' || c == '\'') {
			q = c;
		} else if (c == '<' && d->len - p >= 4 && memcmp(d->data + p, "<!--", 4) == 0) {
			const char *e = find(d, p + 4, "-->");
			if (!e)
				return 0;
			p = (size_t)(e - d->data) + 2;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			depth--;
		} else if (c == '>' && depth <= 0) {
			return p + 1;
		}
	}
	return 0;
}

static size_t scan_start_tag(struct xdoc *d, size_t p, uint32_t *cur)
{
	size_t q = p + 1;
	while (q < d->len && is_name_char(d->data[q]))
		q++;
	size_t e = tag_end(d->data, q, d->len);
	if (!e || q == p + 1 || q - p - 1 > UINT16_MAX)
		return 0;
	uint32_t i = add_node(d, XN_ELEM, p, *cur);
	struct xn *n = &d->n[i];
	n->name = (uint32_t)(p + 1);
	n->name_len = (uint16_t)(q - p - 1);
	n->attrs = (uint32_t)q;
	n->tag_end = n->inner_end = n->end = (uint32_t)e;
	n->empty = d->data[e - 2] == '/';
	if (*cur == XN_NONE && d->root == XN_NONE)
		d->root = i;
	if (!n->empty)
		*cur = i;
	return e;
}

/* "</name>", with blanks allowed before the '>': the open element's name. */
static size_t scan_end_tag(struct xdoc *d, size_t p, uint32_t *cur)
{
	if (*cur == XN_NONE)
		return 0;
	struct xn *n = &d->n[*cur];
	size_t e = p + 2 + n->name_len;
	if (e >= d->len || memcmp(d->data + p + 2, d->data + n->name, n->name_len) != 0)
		return 0;
	while (e < d->len && is_space(d->data[e]))
		e++;
	if (e >= d->len || d->data[e++] != '>')
		return 0;
	n->inner_end = (uint32_t)p;
	n->end = (uint32_t)e;
	*cur = n->parent;
	return e;
}

static size_t scan_markup(struct xdoc *d, size_t p, uint32_t *cur)
{
	const char *s = d->data + p;
	size_t left = d->len - p;
	const char *e;
	char kind = left >= 2 ? s[1] : '\0';

	if (kind == '/')
		return scan_end_tag(d, p, cur);
	if (kind == '?')
		return (e = find(d, p + 2, "?>")) ? (size_t)(e - d->data) + 2 : 0;
	if (kind != '!')
		return scan_start_tag(d, p, cur);
	if (left >= 4 && memcmp(s, "<!--", 4) == 0) {
		if (!(e = find(d, p + 4, "-->")))
			return 0;
		uint32_t i = add_node(d, XN_COMMENT, p, *cur);
		d->n[i].tag_end = (uint32_t)(p + 4);
		d->n[i].inner_end = (uint32_t)(e - d->data);
		d->n[i].end = d->n[i].inner_end + 3;
		return d->n[i].end;
	}
	if (left >= 9 && memcmp(s, "<![CDATA[", 9) == 0)
		return (e = find(d, p + 9, "]]>")) ? (size_t)(e - d->data) + 3 : 0;
	return doctype_end(d, p);
}

static int xu_scan(struct xdoc *d, struct fmt_error *err)
{
	uint32_t cur = XN_NONE;
	size_t p = 0;
	d->root = XN_NONE;
	/*
	 * Resource files hold about one element per 60 bytes: a first guess
	 * that few files outgrow (add_node doubles it then), without a pass
	 * to count them.
	 */
	size_t guess = d->len / 32 + 16;
	d->alloc = guess < XU_MAX_NODES ? guess : XU_MAX_NODES + 1;
	d->n = xmalloc(d->alloc * sizeof(*d->n));
	while (p < d->len) {
		const char *lt = memchr(d->data + p, '<', d->len - p);
		if (!lt)
			break;
		p = (size_t)(lt - d->data);
		size_t next = scan_markup(d, p, &cur);
		if (!next)
			return scan_error(d, p, err);
		if (d->count > XU_MAX_NODES) {
			fmt_error_set(err, xu_line(d->data, p), p,
				      "line %zu: more than %u elements", xu_line(d->data, p),
				      XU_MAX_NODES);
			return -1;
		}
		p = next;
	}
	if (cur != XN_NONE || d->root == XN_NONE)
		return scan_error(d, d->len, err);
	/* give the unused part of the guess back (shrinking stays in place) */
	d->alloc = d->count;
	d->n = xrealloc(d->n, d->alloc * sizeof(*d->n));
	return 0;
}

/* -1 with err set when data is not valid UTF-8. */
static int check_utf8(const char *data, size_t len, struct fmt_error *err)
{
	size_t bad;
	if (utf8_valid(data, len, &bad))
		return 0;
	size_t line = xu_line(data, bad);
	fmt_error_set(err, line, bad, "line %zu: invalid UTF-8 at byte %zu", line, bad);
	return -1;
}

/* Size limits and NUL bytes (invalid UTF-8 is named first, as it explains more). */
static int check_input(const char *data, size_t len, struct fmt_error *err)
{
	size_t bad;
	if (len > XU_MAX_INPUT) {
		fmt_error_set(err, 0, XU_MAX_INPUT, "file larger than %u bytes (at byte %u)",
			      XU_MAX_INPUT, XU_MAX_INPUT);
		return -1;
	}
	if (len == 0) {
		fmt_error_set(err, 1, 0, "line 1: empty document");
		return -1;
	}
	const char *nul = memchr(data, '\0', len);
	if (nul) {
		if (check_utf8(data, len, err))
			return -1;
		bad = (size_t)(nul - data);
		size_t line = xu_line(data, bad);
		fmt_error_set(err, line, bad, "line %zu: NUL byte at byte %zu (UTF-16? only UTF-8 is read)",
			      line, bad);
		return -1;
	}
	return 0;
}

int xdoc_load(struct xdoc *d, const char *data, size_t len, unsigned flags,
	      struct fmt_error *err)
{
	bool utf8_checked = false;
	memset(d, 0, sizeof(*d));
	d->data = data;
	d->len = len;
	int rc = check_input(data, len, err);
	if (rc == 0 && (rc = xu_check(d, flags, &utf8_checked, err)) != 0)
		check_utf8(data, len, err);	/* the better message when it applies */
	/* a document libxml2 read through a converter (US-ASCII) is checked here */
	if (rc == 0 && !utf8_checked)
		rc = check_utf8(data, len, err);
	if (rc == 0)
		rc = xu_scan(d, err);
	if (rc)
		xdoc_free(d);
	return rc;
}

int xdoc_write(const struct xdoc *d, const struct tmpl *t, tmpl_fn fn, void *ctx,
	       struct buf *out, struct fmt_error *err)
{
	size_t start = out->len;
	if (tmpl_run(t, d->data, d->len, fn, ctx, out, err))
		return -1;
	if (!d->ascii_len)
		return 0;
	const unsigned char *p = (const unsigned char *)out->data + start;
	size_t n = out->len - start, i = 0;
	while (i < n && p[i] < 0x80)
		i++;
	if (i == n)
		return 0;
	/* the declaration is copied through unchanged, so it sits at the same offset */
	static const char utf8[] = "UTF-8";
	size_t at = start + d->ascii_at, was = d->ascii_len, now = sizeof(utf8) - 1;
	if (now > was && buf_reserve(out, now - was))
		return tmpl_overflow(err);
	memmove(out->data + at + now, out->data + at + was, out->len - at - was);
	memcpy(out->data + at, utf8, now);
	out->len = out->len + now - was;
	out->data[out->len] = '\0';
	return 0;
}

void xdoc_keep(struct xdoc *d)
{
	d->own = xmalloc(d->len + 1);	/* the input need not be NUL-terminated */
	memcpy(d->own, d->data, d->len);
	d->own[d->len] = '\0';
	d->data = d->own;
}

void xdoc_free(struct xdoc *d)
{
	for (size_t i = 0; i < d->n_ents; i++) {
		free(d->ents[i].name);
		free(d->ents[i].value);
	}
	free(d->ents);
	free(d->n);
	free(d->own);
	memset(d, 0, sizeof(*d));
}

/* ---- navigation --------------------------------------------------------- */

bool xn_is(const struct xdoc *d, uint32_t i, const char *name)
{
	const struct xn *n = &d->n[i];
	size_t l = strlen(name);
	return n->type == XN_ELEM && n->name_len == l && memcmp(d->data + n->name, name, l) == 0;
}

uint32_t xn_next_elem(const struct xdoc *d, uint32_t i, const char *name)
{
	for (i = d->n[i].next; i != XN_NONE; i = d->n[i].next)
		if (d->n[i].type == XN_ELEM && (!name || xn_is(d, i, name)))
			return i;
	return XN_NONE;
}

uint32_t xn_child(const struct xdoc *d, uint32_t i, const char *name)
{
	uint32_t c = d->n[i].first;
	if (c == XN_NONE || (d->n[c].type == XN_ELEM && (!name || xn_is(d, c, name))))
		return c;
	return xn_next_elem(d, c, name);
}

struct xattr {
	size_t lead;		/* blanks before the name */
	size_t name, name_len;
	size_t val, val_len;	/* inside the quotes */
	size_t end;		/* after the closing quote */
};

/* Next attribute of a start tag, from *p up to `end`. */
static bool next_attr(const char *s, size_t *p, size_t end, struct xattr *a)
{
	size_t q = *p;
	a->lead = q;
	while (q < end && is_space(s[q]))
		q++;
	a->name = q;
	while (q < end && is_name_char(s[q]))
		q++;
	a->name_len = q - a->name;
	while (q < end && (is_space(s[q]) || s[q] == '='))
		q++;
	if (!a->name_len || q >= end || (s[q] != '"' && s[q] != '\''))
		return false;
	const char *close = memchr(s + q + 1, s[q], end - q - 1);
	if (!close)
		return false;
	a->val = q + 1;
	a->val_len = (size_t)(close - s) - a->val;
	a->end = (size_t)(close - s) + 1;
	*p = a->end;
	return true;
}

static bool find_attr(const struct xdoc *d, uint32_t i, const char *name, struct xattr *a,
		      size_t *last_end)
{
	const struct xn *n = &d->n[i];
	size_t p = n->attrs, l = strlen(name);
	*last_end = p;
	while (next_attr(d->data, &p, n->tag_end, a)) {
		*last_end = a->end;
		if (a->name_len == l && memcmp(d->data + a->name, name, l) == 0)
			return true;
	}
	return false;
}

bool xn_attr_span(const struct xdoc *d, uint32_t i, const char *name, size_t *off, size_t *len)
{
	struct xattr a;
	size_t last;
	if (d->n[i].type != XN_ELEM || !find_attr(d, i, name, &a, &last))
		return false;
	*off = a.val;
	*len = a.val_len;
	return true;
}

/* ---- decoding ----------------------------------------------------------- */

void xu_put_utf8(struct buf *out, unsigned long c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_add(out, u, n);
}

static const char *entity_value(const struct xdoc *d, const char *name, size_t n)
{
	static const struct { const char *name, *value; } predefined[] = {
		{ "lt", "<" }, { "gt", ">" }, { "amp", "&" }, { "quot", "\"" }, { "apos", "'" },
	};
	for (size_t i = 0; i < 5; i++)
		if (strlen(predefined[i].name) == n && memcmp(predefined[i].name, name, n) == 0)
			return predefined[i].value;
	for (size_t i = 0; i < d->n_ents; i++)
		if (strlen(d->ents[i].name) == n && memcmp(d->ents[i].name, name, n) == 0)
			return d->ents[i].value;
	return NULL;
}

#define XU_MAX_ENTITY_DEPTH 8

/* Append s[0..n) with character and entity references replaced. */
static int decode_refs(const struct xdoc *d, const char *s, size_t n, struct buf *out,
		       int depth, struct fmt_error *err)
{
	size_t p = 0;
	while (p < n) {
		const char *amp = memchr(s + p, '&', n - p);
		size_t run = amp ? (size_t)(amp - s) - p : n - p;
		if (buf_add(out, s + p, run))
			goto too_big;
		p += run;
		if (!amp)
			break;
		const char *semi = memchr(s + p, ';', n - p);
		if (!semi)
			goto bad;
		size_t rl = (size_t)(semi - s) - p - 1;	/* between & and ; */
		const char *r = s + p + 1;
		if (rl >= 2 && r[0] == '#') {
			char *end;
			unsigned long c = r[1] == 'x' ? strtoul(r + 2, &end, 16) : strtoul(r + 1, &end, 10);
			if (end != semi || c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
				goto bad;
			xu_put_utf8(out, c);
		} else {
			const char *v = entity_value(d, r, rl);
			if (!v || depth >= XU_MAX_ENTITY_DEPTH)
				goto bad;
			if (depth == 0 && strlen(v) == 1 && rl <= 4)
				buf_add(out, v, 1);	/* predefined */
			else if (decode_refs(d, v, strlen(v), out, depth + 1, err))
				return -1;
		}
		p += rl + 2;
	}
	return 0;
bad:
	fmt_error_set(err, 0, 0, "bad character or entity reference");
	return -1;
too_big:
	fmt_error_set(err, 0, 0, "text too large after entity expansion");
	return -1;
}

static int put_seg(struct buf *out, const char *s, size_t n, int kind, xu_seg_fn seg,
		   void *state)
{
	return seg ? seg(out, s, n, kind, state) : buf_add(out, s, n);
}

static int text_run(const struct xdoc *d, size_t p, size_t e, struct buf *out, xu_seg_fn seg,
		    void *state, struct fmt_error *err)
{
	if (!memchr(d->data + p, '&', e - p))
		return put_seg(out, d->data + p, e - p, XU_SEG_TEXT, seg, state);
	struct buf t;
	buf_init(&t, XU_MAX_INPUT);
	int rc = decode_refs(d, d->data + p, e - p, &t, 0, err);
	if (rc == 0)
		rc = put_seg(out, t.data, t.len, XU_SEG_TEXT, seg, state);
	buf_release(&t);
	return rc;
}

int xn_text(const struct xdoc *d, uint32_t i, struct buf *out, xu_seg_fn seg, void *state,
	    struct fmt_error *err)
{
	size_t p = d->n[i].tag_end, e = d->n[i].inner_end;
	while (p < e) {
		const char *lt = memchr(d->data + p, '<', e - p);
		size_t q = lt ? (size_t)(lt - d->data) : e;
		if (q > p && text_run(d, p, q, out, seg, state, err))
			return -1;
		if (q >= e)
			break;
		const char *s = d->data + q;
		const char *f;
		size_t left = e - q;
		if (left >= 4 && memcmp(s, "<!--", 4) == 0) {
			f = find(d, q + 4, "-->");
			p = f ? (size_t)(f - d->data) + 3 : e;
		} else if (left >= 9 && memcmp(s, "<![CDATA[", 9) == 0) {
			f = find(d, q + 9, "]]>");
			size_t ce = f ? (size_t)(f - d->data) : e;
			if (put_seg(out, s + 9, ce - q - 9, XU_SEG_CDATA, seg, state))
				return -1;
			p = f ? ce + 3 : e;
		} else if (left >= 2 && s[1] == '?') {
			f = find(d, q + 2, "?>");
			p = f ? (size_t)(f - d->data) + 2 : e;
		} else {
			size_t te = tag_end(d->data, q, e);
			if (!te)
				te = e;
			if (put_seg(out, s, te - q, XU_SEG_TAG, seg, state))
				return -1;
			p = te;
		}
	}
	return 0;
}

/* True when s[0..n) holds no markup and no reference: its text is itself. */
static bool plain_text(const char *s, size_t n)
{
	return !memchr(s, '<', n) && !memchr(s, '&', n);
}

char *xn_text_dup(const struct xdoc *d, uint32_t i, struct fmt_error *err)
{
	const char *s = d->data + d->n[i].tag_end;
	size_t n = d->n[i].inner_end - d->n[i].tag_end;
	if (plain_text(s, n))
		return xstrndup(s, n);
	struct buf b;
	buf_init(&b, XU_MAX_INPUT);
	buf_reserve(&b, n);	/* references only shorten a text (entities aside) */
	if (xn_text(d, i, &b, NULL, NULL, err)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

char *xn_attr(const struct xdoc *d, uint32_t i, const char *name)
{
	size_t off, len;
	if (!xn_attr_span(d, i, name, &off, &len))
		return NULL;
	if (!memchr(d->data + off, '&', len))
		return xstrndup(d->data + off, len);
	struct buf b;
	struct fmt_error e;
	buf_init(&b, XU_MAX_INPUT);
	if (decode_refs(d, d->data + off, len, &b, 0, &e)) {
		buf_reset(&b);
		buf_add(&b, d->data + off, len);
	}
	return buf_detach(&b, NULL);
}

bool xn_attr_is(const struct xdoc *d, uint32_t i, const char *name, const char *value)
{
	size_t off, len;
	if (!xn_attr_span(d, i, name, &off, &len))
		return false;
	if (!memchr(d->data + off, '&', len))
		return len == strlen(value) && memcmp(d->data + off, value, len) == 0;
	char *v = xn_attr(d, i, name);
	bool same = strcmp(v, value) == 0;
	free(v);
	return same;
}

char *xn_comment(const struct xdoc *d, uint32_t i)
{
	size_t p = d->n[i].tag_end, e = d->n[i].inner_end;
	while (p < e && is_space(d->data[p]))
		p++;
	while (e > p && is_space(d->data[e - 1]))
		e--;
	return xstrndup(d->data + p, e - p);
}

static bool only_blanks(const char *s, size_t from, size_t to)
{
	for (; from < to; from++)
		if (!is_space(s[from]))
			return false;
	return true;
}

uint32_t xn_prev_comment(const struct xdoc *d, uint32_t i)
{
	uint32_t prev = d->n[i].prev;
	if (prev == XN_NONE || d->n[prev].type != XN_COMMENT ||
	    !only_blanks(d->data, d->n[prev].end, d->n[i].start))
		return XN_NONE;
	return prev;
}

size_t xn_ws_before(const char *data, size_t off)
{
	size_t p = off;
	while (p > 0 && is_space(data[p - 1]))
		p--;
	return off - p;
}

size_t xn_line_start(const struct xdoc *d, size_t off)
{
	size_t p = off;
	while (p > 0 && (d->data[p - 1] == ' ' || d->data[p - 1] == '\t'))
		p--;
	if (p > 0 && d->data[p - 1] == '\n')
		return p - 1 > 0 && d->data[p - 2] == '\r' ? p - 2 : p - 1;
	return off;
}

/* ---- UTF-8 and escaping ------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	return utf8_decode((const char *)s, n, &cp);
}

/* Characters XML 1.0 cannot carry at all: dropped on write. */
static bool xml_illegal(const unsigned char *s, size_t l)
{
	if (l == 1)
		return s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r';
	return l == 3 && s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF);
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

/* Attribute value chars allowed in pass-through markup: no '<', only simple refs. */
static bool value_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			return false;
		if (s[i] == '&') {
			const char *semi = memchr(s + i, ';', n - i);
			if (!semi || semi - (s + i) > 10 || semi == s + i + 1)
				return false;
		}
	}
	return true;
}

size_t xu_tag_len(const char *s, size_t n)
{
	size_t p = 1;
	bool close = n > 1 && s[1] == '/';
	if (close)
		p++;
	if (p >= n || !is_name_start(s[p]))
		return 0;
	while (p < n && is_name_char(s[p]))
		p++;
	for (;;) {
		size_t ws = p;
		while (p < n && is_space(s[p]))
			p++;
		if (p >= n)
			return 0;
		if (s[p] == '>')
			return p + 1;
		if (!close && s[p] == '/' && p + 1 < n && s[p + 1] == '>')
			return p + 2;
		if (close || ws == p || !is_name_start(s[p]))
			return 0;
		while (p < n && is_name_char(s[p]))
			p++;
		if (p + 1 >= n || s[p] != '=' || (s[p + 1] != '"' && s[p + 1] != '\''))
			return 0;
		const char *q = memchr(s + p + 2, s[p + 1], n - p - 2);
		if (!q || !value_ok(s + p + 2, (size_t)(q - s) - p - 2))
			return 0;
		p = (size_t)(q - s) + 1;
	}
}

bool xu_markup_ok(const char *s, size_t n)
{
	struct { size_t off, len; } stack[32];
	int depth = 0;
	for (size_t p = 0; p < n; p++) {
		if (s[p] != '<')
			continue;
		size_t tl = xu_tag_len(s + p, n - p);
		if (!tl)
			continue;
		size_t nl = 0, name = p + (s[p + 1] == '/' ? 2 : 1);
		while (name + nl < n && is_name_char(s[name + nl]))
			nl++;
		if (s[p + 1] == '/') {
			if (depth == 0 || stack[depth - 1].len != nl ||
			    memcmp(s + stack[depth - 1].off, s + name, nl) != 0)
				return false;
			depth--;
		} else if (s[p + tl - 2] != '/') {
			if (depth == 32)
				return false;
			stack[depth].off = name;
			stack[depth++].len = nl;
		}
		p += tl - 1;
	}
	return depth == 0;
}

static int put_ascii(struct buf *out, char c, unsigned flags)
{
	switch (c) {
	case '&': return buf_add(out, "&amp;", 5);
	case '<': return buf_add(out, "&lt;", 4);
	case '>': return buf_add(out, "&gt;", 4);
	case '\r': return buf_add(out, "&#13;", 5);
	case '"':
		if (flags & XU_ATTR)
			return buf_add(out, "&quot;", 6);
		break;
	case '\n':
	case '\t':
		if (flags & XU_ATTR)
			return buf_printf(out, "&#%d;", c);
		break;
	}
	return buf_addc(out, c);
}

int xu_put(struct buf *out, const char *s, size_t n, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t p = 0, run = 0;	/* run: plain bytes not yet copied, ending at p */
	while (p < n) {
		size_t l = u[p] < 0x80 ? 1 : utf8_len(u + p, n - p);
		if (!l)
			return -1;
		bool plain = l > 1 ? !xml_illegal(u + p, l) :
			     (u[p] >= 0x20 || u[p] == '\t' || u[p] == '\n') &&
			     !strchr("&<>\"", u[p]);
		if (plain) {
			run += l;
			p += l;
			continue;
		}
		if (buf_add(out, s + p - run, run))
			return -1;
		run = 0;
		size_t tl = (flags & XU_MARKUP) && u[p] == '<' ? xu_tag_len(s + p, n - p) : 0;
		if (tl) {
			if (buf_add(out, s + p, tl))
				return -1;
			p += tl;
			continue;
		}
		if (!xml_illegal(u + p, l) && put_ascii(out, s[p], flags))
			return -1;
		p += l;
	}
	return buf_add(out, s + p - run, run);
}

/* ---- style ---- */

struct xevidence {
	int gt_ref, gt_lit, quot, apos, ncr_d, ncr_x, ncr_X, lit_hi;
};

/* Whether hex digits [s, e) use upper-case letters. */
static bool hex_upper(const char *s, const char *e)
{
	for (; s < e; s++)
		if (*s >= 'A' && *s <= 'F')
			return true;
	return false;
}

/* A reference at s[0] == '&'; returns its length. */
static size_t note_ref(const char *s, size_t n, struct xevidence *e)
{
	const char *semi = memchr(s, ';', n < 12 ? n : 12);
	if (!semi)
		return 1;
	size_t l = (size_t)(semi - s) + 1;
	if (l == 4 && memcmp(s, "&gt;", 4) == 0)
		e->gt_ref++;
	else if (l == 6 && memcmp(s, "&quot;", 6) == 0)
		e->quot++;
	else if (l == 6 && memcmp(s, "&apos;", 6) == 0)
		e->apos++;
	else if (l > 3 && s[1] == '#' && s[2] != 'x' && strtoul(s + 2, NULL, 10) >= 0x80)
		e->ncr_d++;
	else if (l > 4 && s[1] == '#' && s[2] == 'x' && strtoul(s + 3, NULL, 16) >= 0x80)
		*(hex_upper(s + 3, semi) ? &e->ncr_X : &e->ncr_x) += 1;
	return l;
}

/* Evidence from the character data s[a, b) (no CDATA): references and '>' as is. */
static void scan_text(const char *s, size_t a, size_t b, struct xevidence *e)
{
	const char *end = s + b;
	for (const char *p = memchr(s + a, '&', b - a); p; p = memchr(p, '&', (size_t)(end - p)))
		p += note_ref(p, (size_t)(end - p), e);
	for (const char *p = memchr(s + a, '>', b - a); p; p = memchr(p + 1, '>', (size_t)(end - p - 1)))
		e->gt_lit += !(p - s >= 1 && p[-1] == '?');	/* not a PI's "?>" */
}

/* The same around the CDATA sections of s[a, b), whose bytes are not escaped. */
static void scan_gap(const char *s, size_t a, size_t b, struct xevidence *e)
{
	const char *cd;
	while (a < b && memchr(s + a, '<', b - a) &&	/* most gaps have no markup */
	       (cd = memmem(s + a, b - a, "<![CDATA[", 9)) != NULL) {
		const char *ce = memmem(cd, (size_t)(s + b - cd), "]]>", 3);
		scan_text(s, a, (size_t)(cd - s), e);
		a = ce ? (size_t)(ce - s) + 3 : b;
	}
	scan_text(s, a, b, e);
}

static void scan_lead(const char *s, size_t a, size_t b, struct xevidence *e)
{
	for (size_t i = a; i < b; i++)
		e->lit_hi += (unsigned char)s[i] >= 0xC0;
}

/* fn over the character data of every element: the gaps between its children. */
static void each_gap(const struct xdoc *d, void (*fn)(const char *, size_t, size_t,
						      struct xevidence *), struct xevidence *e)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct xn *n = &d->n[i];
		if (n->type != XN_ELEM || n->empty)
			continue;
		size_t pos = n->tag_end;
		for (uint32_t c = n->first; c != XN_NONE; c = d->n[c].next) {
			fn(d->data, pos, d->n[c].start, e);
			pos = d->n[c].end;
		}
		fn(d->data, pos, n->inner_end, e);
	}
}

void xstyle_detect(const struct xdoc *d, struct xstyle *st)
{
	struct xevidence e = { 0 };
	each_gap(d, scan_gap, &e);
	st->gt = e.gt_ref >= e.gt_lit;
	st->quot = e.quot > 0;
	st->apos = e.apos > 0;
	/* one &#169; is a choice for that character, not a habit */
	int ncr = e.ncr_d + e.ncr_x + e.ncr_X;
	if (ncr >= 2)	/* against the characters written as they are */
		each_gap(d, scan_lead, &e);
	st->ncr = ncr < 2 || ncr <= e.lit_hi ? 0 : e.ncr_d >= e.ncr_x + e.ncr_X ? 'd' :
		  e.ncr_X >= e.ncr_x ? 'X' : 'x';
}

/*
 * One character of l bytes at s that xu_put would not copy as is, or
 * non-ASCII; `cdend`: it is the '>' of "]]>", which XML text cannot hold.
 */
static int put_styled(struct buf *out, const char *s, size_t l, unsigned flags,
		      const struct xstyle *st, bool cdend)
{
	if (l > 1) {
		uint32_t cp;
		if (!st->ncr || utf8_decode(s, l, &cp) != l)
			return buf_add(out, s, l);
		return buf_printf(out, st->ncr == 'd' ? "&#%u;" : st->ncr == 'x' ? "&#x%x;" : "&#x%X;",
				  (unsigned)cp);
	}
	if (*s == '>' && !st->gt && !cdend)
		return buf_addc(out, '>');
	if (*s == '"' && st->quot)
		return buf_adds(out, "&quot;");
	if (*s == '\'' && st->apos && !(flags & XU_ATTR))
		return buf_adds(out, "&apos;");
	return put_ascii(out, *s, flags);
}

int xu_put_style(struct buf *out, const char *s, size_t n, unsigned flags,
		 const struct xstyle *st)
{
	if (!st || (st->gt && !st->quot && !st->apos && !st->ncr))
		return xu_put(out, s, n, flags);	/* the common style: xu_put's own */
	const unsigned char *u = (const unsigned char *)s;
	size_t p = 0, run = 0;	/* run: plain bytes not yet copied, ending at p */
	while (p < n) {
		size_t l = u[p] < 0x80 ? 1 : utf8_len(u + p, n - p);
		if (!l)
			return -1;
		bool plain = l > 1 ? !xml_illegal(u + p, l) && !st->ncr :
			     (u[p] >= 0x20 || u[p] == '\t' || u[p] == '\n') &&
			     !strchr("&<>\"'", u[p]);
		if (plain) {
			run += l;
			p += l;
			continue;
		}
		if (buf_add(out, s + p - run, run))
			return -1;
		run = 0;
		size_t tl = (flags & XU_MARKUP) && u[p] == '<' ? xu_tag_len(s + p, n - p) : 0;
		if (tl) {
			if (buf_add(out, s + p, tl))
				return -1;
			p += tl;
			continue;
		}
		bool cdend = p >= 2 && s[p - 1] == ']' && s[p - 2] == ']';
		if (!xml_illegal(u + p, l) && put_styled(out, s + p, l, flags, st, cdend))
			return -1;
		p += l;
	}
	return buf_add(out, s + p - run, run);
}

int xu_put_cdata(struct buf *out, const char *s, size_t n)
{
	struct buf t;
	buf_init(&t, 0);
	int rc = 0;
	size_t p = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (p < n && rc == 0) {
		size_t l = u[p] < 0x80 ? 1 : utf8_len(u + p, n - p);
		if (!l) {
			rc = -1;
			break;
		}
		if (!xml_illegal(u + p, l))
			rc = buf_add(&t, s + p, l);
		p += l;
	}
	for (p = 0; rc == 0 && p < t.len;) {
		const char *e = memmem(t.data + p, t.len - p, "]]>", 3);
		size_t chunk = e ? (size_t)(e - t.data) - p + 2 : t.len - p;
		rc = buf_adds(out, "<![CDATA[") || buf_add(out, t.data + p, chunk) ||
		     buf_adds(out, "]]>");
		p += chunk;
	}
	buf_release(&t);
	return rc ? -1 : 0;
}

int xu_put_start_tag(struct buf *out, const struct xdoc *d, const char *data, uint32_t i,
		     const char *name, const char *value)
{
	const struct xn *n = &d->n[i];
	struct xattr a;
	size_t last;
	int rc;
	if (find_attr(d, i, name, &a, &last)) {
		if (value)
			rc = buf_add(out, data + n->start, a.val - n->start) ||
			     xu_put(out, value, strlen(value), XU_ATTR) ||
			     buf_add(out, data + a.val + a.val_len, n->tag_end - a.val - a.val_len);
		else
			rc = buf_add(out, data + n->start, a.lead - n->start) ||
			     buf_add(out, data + a.end, n->tag_end - a.end);
	} else if (value) {
		rc = buf_add(out, data + n->start, last - n->start) ||
		     buf_printf(out, " %s=\"", name) ||
		     xu_put(out, value, strlen(value), XU_ATTR) || buf_addc(out, '"') ||
		     buf_add(out, data + last, n->tag_end - last);
	} else {
		rc = buf_add(out, data + n->start, n->tag_end - n->start);
	}
	return rc ? -1 : 0;
}
