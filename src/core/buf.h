/*
 * buf: a growable byte buffer with a hard size cap.
 *
 * Invariants (after buf_init): b->data is never NULL and always
 * NUL-terminated at b->len, so it can be used as a C string when the content
 * has no NUL bytes.  Appends past b->cap fail with -1 and leave the buffer
 * unchanged; out of memory aborts (the server's OOM policy, see
 * docs/internals.md).  Ownership leaves with buf_detach().
 */
#ifndef TOLK_BUF_H
#define TOLK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;		/* hard limit on len; 0 means SIZE_MAX */
};

#define BUF_INIT_EMPTY { 0 }

void buf_init(struct buf *b, size_t cap);
void buf_release(struct buf *b);	/* frees the content; buf_init again to reuse */
void buf_reset(struct buf *b);		/* len = 0, keeps memory */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);

/* One byte; inline because parsers and writers call it per character. */
static inline int buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->alloc && b->len < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_add(b, &c, 1);
}
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
int buf_reserve(struct buf *b, size_t extra);
char *buf_detach(struct buf *b, size_t *len);	/* caller frees; b is re-initialised */

#endif
