/*
 * The hardened streaming XML reader of the exchange formats (xch_int.h).
 *
 * libxml2's xmlTextReader over an in-memory input, fed through its I/O
 * callbacks (no 2 GB int limit).  Options: XML_PARSE_NONET only, so no DTD
 * is loaded and no entity is substituted; xu_harden() installs the loader
 * that refuses every external entity.  The reader reports its first node
 * only once the prolog has been parsed, so the DOCTYPE is checked before
 * any content is handed out: entity declarations (general or parameter)
 * and external DTDs other than the format's own are refused, and so is any
 * entity reference that survives in the content.
 */
#include "exchange/xch_int.h"
#include "formats/xmlutil.h"
#include "core/mem.h"

#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int mem_read(void *ctx, char *out, int len)
{
	struct xr *x = ctx;
	size_t n = x->len - x->pos;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(out, x->data + x->pos, n);
	x->pos += n;
	return (int)n;
}

static int mem_close(void *ctx)
{
	return 0;
}

/* The parser's first error, with its line (warnings are not failures). */
static void on_error(void *ctx, xmlErrorPtr e)
{
	struct xr *x = ctx;
	if (e->level < XML_ERR_ERROR)
		return;
	char msg[200];
	if (e->code == XML_ERR_DOCUMENT_END && x->started && !x->root_done)
		snprintf(msg, sizeof(msg), "the document ends inside an element (truncated?)");
	else
		snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "not well-formed XML");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	xch_fail(x->err, (size_t)(e->line > 0 ? e->line : 0), "line %d: %s", e->line, msg);
}

int xr_open(struct xr *x, const char *data, size_t len, const char *const *dtds,
	    struct xch_error *err)
{
	memset(x, 0, sizeof(*x));
	x->err = err;
	x->dtds = dtds;
	x->data = data;
	x->len = len;
	if (len == 0)
		return xch_fail(err, 0, "the file is empty");
	xu_harden();
	x->r = xmlReaderForIO(mem_read, mem_close, x, NULL, NULL, XML_PARSE_NONET);
	if (!x->r)
		return xch_fail(err, 0, "cannot create an XML reader");
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	return 0;
}

void xr_close(struct xr *x)
{
	if (x->r)
		xmlFreeTextReader(x->r);
	x->r = NULL;
}

size_t xr_line(const struct xr *x)
{
	int l = xmlTextReaderGetParserLineNumber(x->r);
	return l > 0 ? (size_t)l : 0;
}

int xr_fail(struct xr *x, const char *fmt, ...)
{
	char msg[220];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t line = xr_line(x);
	return xch_fail(x->err, line, "line %zu: %s", line, msg);
}

/* Last path component of a system identifier. */
static const char *base_name(const char *s)
{
	const char *b = s;
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\' || *p == ':')
			b = p + 1;
	return b;
}

static bool known_dtd(const struct xr *x, const char *sys)
{
	for (const char *const *d = x->dtds; d && *d; d++)
		if (strcmp(base_name(sys), *d) == 0)
			return true;
	return false;
}

/* The DOCTYPE node: no entity declarations, no external DTD but the format's. */
static int check_dtd(struct xr *x)
{
	xmlDtdPtr dtd = (xmlDtdPtr)xmlTextReaderCurrentNode(x->r);
	if (!dtd || dtd->type != XML_DTD_NODE)
		return 0;
	for (xmlNodePtr n = dtd->children; n; n = n->next)
		if (n->type == XML_ENTITY_DECL)
			return xr_fail(x, "entity declarations are refused (<!ENTITY %s>)",
				       n->name ? (const char *)n->name : "");
	if (dtd->pentities && xmlHashSize(dtd->pentities) > 0)
		return xr_fail(x, "parameter entity declarations are refused");
	const char *sys = (const char *)dtd->SystemID, *pub = (const char *)dtd->ExternalID;
	if ((sys && !known_dtd(x, sys)) || (pub && !sys))
		return xr_fail(x, "external DTD \"%s\" refused (DTDs are never loaded)",
			       sys ? sys : pub);
	return 0;
}

int xr_next(struct xr *x)
{
	int rc = xmlTextReaderRead(x->r);
	if (rc < 0)
		return xch_fail(x->err, xr_line(x), "line %zu: not well-formed XML", xr_line(x));
	if (rc == 0)
		return 0;
	x->started = true;
	switch (xmlTextReaderNodeType(x->r)) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return check_dtd(x) ? -1 : 1;
	case XML_READER_TYPE_ENTITY_REFERENCE:
		return xr_fail(x, "entity reference &%s; refused",
			       (const char *)xmlTextReaderConstLocalName(x->r));
	case XML_READER_TYPE_ELEMENT:
		if (xmlTextReaderDepth(x->r) >= XCH_MAX_DEPTH)
			return xr_fail(x, "elements nested deeper than %d", XCH_MAX_DEPTH);
		x->root_done |= xmlTextReaderDepth(x->r) == 0 && xr_empty(x);
		break;
	case XML_READER_TYPE_END_ELEMENT:
		x->root_done |= xmlTextReaderDepth(x->r) == 0;
		break;
	}
	return 1;
}

int xr_type(const struct xr *x)
{
	return xmlTextReaderNodeType(x->r);
}

int xr_depth(const struct xr *x)
{
	return xmlTextReaderDepth(x->r);
}

bool xr_empty(const struct xr *x)
{
	return xmlTextReaderIsEmptyElement(x->r) == 1;
}

bool xr_is(const struct xr *x, const char *local_name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x->r);
	return xr_type(x) == XML_READER_TYPE_ELEMENT && n &&
	       strcmp((const char *)n, local_name) == 0;
}

static int attr_done(struct xr *x, const char *name, xmlChar *v, char **val)
{
	*val = NULL;
	if (!v)
		return 0;
	if (strlen((const char *)v) > XCH_MAX_ATTR) {
		xmlFree(v);
		return xr_fail(x, "attribute %s longer than %d bytes", name, XCH_MAX_ATTR);
	}
	*val = xstrdup((const char *)v);
	xmlFree(v);
	return 0;
}

int xr_attr(struct xr *x, const char *name, char **val)
{
	return attr_done(x, name, xmlTextReaderGetAttribute(x->r, (const xmlChar *)name), val);
}

int xr_attr_ns(struct xr *x, const char *local_name, const char *ns, char **val)
{
	xmlChar *v = xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)local_name,
						 (const xmlChar *)ns);
	return attr_done(x, local_name, v, val);
}

int xr_inside(struct xr *x, int depth)
{
	int rc = xr_next(x);
	if (rc <= 0)
		return rc < 0 ? -1 : xr_fail(x, "unexpected end of the document");
	return xr_type(x) == XML_READER_TYPE_END_ELEMENT && xr_depth(x) == depth ? 0 : 1;
}

int xr_root(struct xr *x, const char *const *names, const char *what)
{
	int rc;
	while ((rc = xr_next(x)) > 0 && xr_type(x) != XML_READER_TYPE_ELEMENT)
		;
	if (rc <= 0)
		return rc < 0 ? -1 : xch_fail(x->err, 0, "not a %s file: no root element", what);
	for (const char *const *n = names; *n; n++)
		if (xr_is(x, *n))
			return 0;
	return xr_fail(x, "not a %s file: the root element is <%s>, not <%s>", what,
		       (const char *)xmlTextReaderConstName(x->r), names[0]);
}

int xr_text(struct xr *x, struct buf *out)
{
	if (xr_empty(x))
		return 0;
	int depth = xr_depth(x), rc;
	while ((rc = xr_inside(x, depth)) > 0) {
		switch (xr_type(x)) {
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			const char *v = (const char *)xmlTextReaderConstValue(x->r);
			size_t n = v ? strlen(v) : 0;
			if (out->len + n > XCH_MAX_TEXT)
				return xr_fail(x, "text longer than %u bytes", XCH_MAX_TEXT);
			buf_add(out, v, n);
			break;
		}
		}
	}
	return rc;
}
