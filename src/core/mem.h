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

/*
 * Hand the heap's free pages back to the OS (malloc_trim: every arena, and
 * free pages inside the heap, not only at its top).  The thresholds above
 * keep freed memory for the next request; after a big request (a 1M-unit
 * import) that is hundreds of MB an idle server would hold for good.  Call
 * it when idle, not between requests: the next one faults the pages back in.
 */
void mem_give_back(void);

#endif
