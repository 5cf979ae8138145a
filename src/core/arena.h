/*
 * arena: a bump allocator for one request.  Everything allocated from it is
 * freed at once by arena_release(); nothing is freed individually.
 */
#ifndef TOLK_ARENA_H
#define TOLK_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);	/* zeroed, 16-byte aligned */
/*
 * A growing array in the arena: v (n used, *cap room; NULL and 0 at first)
 * with room for one more, copied into twice the room when full.
 */
void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size);
/* The next element of a growing array (n counts it): ARENA_PUSH(a, list, n, cap) = x; */
#define ARENA_PUSH(a, v, n, cap) \
	(*((v) = arena_grow((a), (v), (n), &(cap), sizeof(*(v))), &(v)[(n)++]))
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
