/*
 * strset: a set of strings by content (open addressing, FNV-1a).  It keeps
 * the caller's pointers, so the strings must outlive the set; memory comes
 * from malloc and goes with strset_release().
 */
#ifndef TOLK_STRSET_H
#define TOLK_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset {
	const char **slots;
	size_t n_slots, n_used;
};

/* True when s was not in the set (it is now). */
bool strset_add(struct strset *set, const char *s);
bool strset_has(const struct strset *set, const char *s);
/* The stored pointer equal to s, or NULL (what follows its NUL is the caller's). */
const char *strset_get(const struct strset *set, const char *s);
void strset_release(struct strset *set);

/*
 * Keys tagged with a number past their NUL, where strset_get's "what follows
 * is the caller's" keeps it: a set of them maps strings to numbers (an index,
 * a slot).  strset_tag writes the tagged copy into dst, which holds
 * strset_tagged_len(key) bytes, and returns it.
 */
size_t strset_tagged_len(const char *key);
char *strset_tag(char *dst, const char *key, size_t tag);
size_t strset_tag_of(const char *stored);

#endif
