#include "core/strset.h"
#include "core/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char **slot_for(const struct strset *set, const char *s)
{
	size_t mask = set->n_slots - 1;
	size_t i = (size_t)str_hash(s) & mask;
	while (set->slots[i] && strcmp(set->slots[i], s))
		i = (i + 1) & mask;
	return &set->slots[i];
}

static void grow(struct strset *set)
{
	const char **old = set->slots;
	size_t old_n = set->n_slots;
	set->n_slots = old_n ? old_n * 2 : 64;
	set->slots = xcalloc(set->n_slots, sizeof(*set->slots));
	for (size_t i = 0; i < old_n; i++)
		if (old[i])
			*slot_for(set, old[i]) = old[i];
	free(old);
}

bool strset_add(struct strset *set, const char *s)
{
	if ((set->n_used + 1) * 2 > set->n_slots)
		grow(set);
	const char **slot = slot_for(set, s);
	if (*slot)
		return false;
	*slot = s;
	set->n_used++;
	return true;
}

const char *strset_get(const struct strset *set, const char *s)
{
	return set->n_slots ? *slot_for(set, s) : NULL;
}

bool strset_has(const struct strset *set, const char *s)
{
	return strset_get(set, s) != NULL;
}

size_t strset_tagged_len(const char *key)
{
	return strlen(key) + 1 + sizeof(size_t);
}

char *strset_tag(char *dst, const char *key, size_t tag)
{
	size_t n = strlen(key) + 1;
	memcpy(dst, key, n);
	memcpy(dst + n, &tag, sizeof(tag));
	return dst;
}

size_t strset_tag_of(const char *stored)
{
	size_t tag;
	memcpy(&tag, stored + strlen(stored) + 1, sizeof(tag));
	return tag;
}

void strset_release(struct strset *set)
{
	free(set->slots);
	memset(set, 0, sizeof(*set));
}
