/*
 * Allocation wrappers.  OOM policy: the server aborts on allocation failure
 * (like Redis' zmalloc and h2o), which removes a class of error paths that
 * would never be tested.  Input-driven sizes are bounded by the caps in
 * core/limits.h long before memory runs out.
 */
#ifndef TOLK_MEM_H
#define TOLK_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);

/*
 * Allocator settings of the server (call once, before starting threads).
 * The format benchmarks call it too, so they measure what the server runs.
 */
void mem_tune_for_server(void);

#endif
