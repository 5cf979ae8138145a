/*
 * Private helpers of the exchange library: errors, dates, XML output, and
 * the hardened streaming XML reader the TMX, TBX and XLSX readers share.
 */
#ifndef TOLK_XCH_INT_H
#define TOLK_XCH_INT_H

#include <libxml/xmlreader.h>

#include "exchange/exchange.h"

/* Fill err (first error wins: a later call does not overwrite it); returns -1. */
int xch_fail(struct xch_error *err, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xch_error_clear(struct xch_error *err);
/* A callback returned rc (non-zero): say so, unless err already says why; returns rc. */
int xch_stopped(struct xch_error *err, size_t line, int rc);

/* "20230115T093000Z" (or "2023-01-15T09:30:00Z") -> time_t; 0 when not a date. */
time_t xch_parse_date(const char *s);
/* Append time t as YYYYMMDDThhmmssZ. */
int xch_put_date(struct buf *out, time_t t);

/*
 * Append s escaped for XML (attr: for an attribute value): invalid UTF-8
 * becomes U+FFFD, characters XML 1.0 forbids are dropped.  -1: buffer full.
 */
int xch_put_xml(struct buf *out, const char *s, bool attr);

/* ---- streaming XML reader ---- */

struct xr {
	xmlTextReaderPtr r;
	struct xch_error *err;
	const char *const *dtds;	/* external DTD names accepted (never loaded) */
	const char *data;
	size_t len, pos;
	bool started;		/* a node was read */
	bool root_done;		/* the root element's end tag was read */
};

/* Open a reader over data; dtds is a NULL-terminated list (or NULL). */
int xr_open(struct xr *x, const char *data, size_t len, const char *const *dtds,
	    struct xch_error *err);
void xr_close(struct xr *x);
/* Next node: 1, 0 at the end, -1 on error (err filled). */
int xr_next(struct xr *x);
int xr_type(const struct xr *x);
int xr_depth(const struct xr *x);
bool xr_empty(const struct xr *x);
bool xr_is(const struct xr *x, const char *local_name);	/* element of that name */
size_t xr_line(const struct xr *x);
/* Attribute by qualified name (malloc'd, NULL when absent); capped at XCH_MAX_ATTR. */
int xr_attr(struct xr *x, const char *name, char **val);
int xr_attr_ns(struct xr *x, const char *local_name, const char *ns, char **val);
/*
 * Walk the content of the non-empty element the reader is on, whose depth
 * is `depth`: 1 on each node inside it, 0 on its end tag, -1 on error or
 * when the document ends first.
 */
int xr_inside(struct xr *x, int depth);
/*
 * Advance to the root element: 0 when its local name is one of `names`
 * (NULL-terminated), else -1 with "not a <what> file: ...".
 */
int xr_root(struct xr *x, const char *const *names, const char *what);
/*
 * Text of the current element and its descendants (tags dropped, CDATA and
 * whitespace kept), appended to out; leaves the reader on its end tag.
 */
int xr_text(struct xr *x, struct buf *out);
/* Error at the current line; returns -1. */
int xr_fail(struct xr *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
