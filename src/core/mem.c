#include "core/mem.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "tolk: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *xmemdup(const void *p, size_t n)
{
	void *q = xmalloc(n ? n : 1);
	if (n)
		memcpy(q, p, n);
	return q;
}

void mem_tune_for_server(void)
{
	/*
	 * Thread-per-connection: without a cap glibc grows one malloc arena per
	 * thread it ever saw.  Requests allocate and free megabytes (arenas,
	 * reply buffers, parsed files); with glibc's default thresholds each
	 * free trims or unmaps and the next request page-faults it back in
	 * (getTranslations over 5,000 strings: ~28 req/s that way, ~44 with
	 * these; bench/lone).  The trim threshold bounds what each arena keeps:
	 * 4 x 32 MiB.
	 */
	mallopt(M_ARENA_MAX, 4);
	mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
}

void mem_give_back(void)
{
	malloc_trim(0);
}
