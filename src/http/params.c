#include "http/params.h"
#include "core/limits.h"
#include "core/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void params_init(struct params *p, struct arena *a)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
}

struct param *param_child(const struct param *m, const char *key)
{
	if (!m)
		return NULL;
	for (struct param *c = m->first; c; c = c->next)
		if (strcmp(c->name, key) == 0)
			return c;
	return NULL;
}

static struct param *add_child(struct params *p, struct param *m, const char *key, size_t klen)
{
	struct param *c = arena_alloc(p->arena, sizeof(*c));
	c->name = arena_strndup(p->arena, key, klen);
	if (m->last)
		m->last->next = c;
	else
		m->first = c;
	m->last = c;
	m->n_children++;
	return c;
}

static struct param *child_n(struct params *p, struct param *m, const char *key, size_t klen)
{
	for (struct param *c = m->first; c; c = c->next)
		if (strlen(c->name) == klen && memcmp(c->name, key, klen) == 0)
			return c;
	return add_child(p, m, key, klen);
}

/* Turn a node into an empty map (PHP overwrites a scalar with an array). */
static void make_map(struct param *n)
{
	if (n->value || n->file) {
		n->value = NULL;
		n->file = NULL;
		n->first = n->last = NULL;
		n->n_children = 0;
	}
}

static struct param *append_index(struct params *p, struct param *m)
{
	char idx[24];
	int n = snprintf(idx, sizeof(idx), "%zu", m->n_children);
	return add_child(p, m, idx, (size_t)n);
}

/*
 * Split "a[b][c]" into segments and walk/create the path.  Returns the leaf
 * to assign, or NULL when the key is unusable.
 */
static struct param *resolve(struct params *p, const char *key, bool *bare_repeat)
{
	size_t klen = strlen(key);
	*bare_repeat = false;
	if (klen == 0 || klen > LIMIT_PARAM_NAME)
		return NULL;
	const char *br = strchr(key, '[');
	/* PHP: a name whose brackets don't close is a plain name */
	if (br && (br == key || !strchr(br, ']')))
		br = NULL;
	size_t base = br ? (size_t)(br - key) : klen;
	struct param *cur = NULL;
	for (struct param *c = p->root.first; c; c = c->next)
		if (strlen(c->name) == base && memcmp(c->name, key, base) == 0)
			cur = c;
	if (!br) {
		if (cur) {
			*bare_repeat = true;
			return cur;
		}
		return add_child(p, &p->root, key, base);
	}
	if (!cur)
		cur = add_child(p, &p->root, key, base);
	const char *s = br;
	int depth = 0;
	while (*s == '[') {
		const char *end = strchr(s, ']');
		if (!end)
			break;
		if (++depth > LIMIT_PARAM_DEPTH)
			return NULL;
		make_map(cur);
		if (end == s + 1)
			cur = append_index(p, cur);
		else
			cur = child_n(p, cur, s + 1, (size_t)(end - s - 1));
		s = end + 1;
	}
	return cur;
}

static struct param *leaf_for(struct params *p, const char *key)
{
	if (p->overflow)
		return NULL;
	if (++p->count > LIMIT_PARAMS) {
		p->overflow = true;
		return NULL;
	}
	bool repeat;
	struct param *n = resolve(p, key, &repeat);
	if (!n) {
		p->overflow = true;
		return NULL;
	}
	if (repeat) {
		/* a bare name seen again: keep every value, as a list */
		if (!n->repeated) {
			struct param old = *n;
			make_map(n);
			n->repeated = true;
			if (old.value || old.file) {
				struct param *first = append_index(p, n);
				first->value = old.value;
				first->value_len = old.value_len;
				first->file = old.file;
			}
		}
		return append_index(p, n);
	}
	return n;
}

void params_add(struct params *p, const char *key, const char *value, size_t len)
{
	struct param *n = leaf_for(p, key);
	if (!n)
		return;
	n->first = n->last = NULL;
	n->n_children = 0;
	n->file = NULL;
	n->value = arena_strndup(p->arena, value ? value : "", value ? len : 0);
	n->value_len = value ? len : 0;
}

void params_add_file(struct params *p, const char *key, struct upload *u)
{
	struct param *n = leaf_for(p, key);
	if (!n)
		return;
	n->first = n->last = NULL;
	n->n_children = 0;
	n->value = NULL;
	n->file = u;
}

struct param *params_get(const struct params *p, const char *name)
{
	return param_child(&p->root, name);
}

const char *params_str(const struct params *p, const char *name)
{
	struct param *n = params_get(p, name);
	if (!n || !n->value || !n->value[0])
		return NULL;
	return n->value;
}

bool params_has(const struct params *p, const char *name)
{
	return params_get(p, name) != NULL;
}

bool params_bool(const struct params *p, const char *name, bool def)
{
	struct param *n = params_get(p, name);
	if (!n || !n->value)
		return def;
	const char *v = n->value;
	if (!*v || strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "yes") == 0 || strcasecmp(v, "on") == 0)
		return true;
	if (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 ||
	    strcasecmp(v, "no") == 0 || strcasecmp(v, "off") == 0)
		return false;
	return def;
}

long long params_int(const struct params *p, const char *name, long long def, bool *ok)
{
	const char *v = params_str(p, name);
	if (ok)
		*ok = true;
	if (!v)
		return def;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || end == v) {
		if (ok)
			*ok = false;
		return def;
	}
	return n;
}

static bool tree_utf8_ok(const struct param *n)
{
	for (const struct param *c = n->first; c; c = c->next) {
		if (!utf8_valid(c->name, strlen(c->name), NULL))
			return false;
		if (c->value && !utf8_valid(c->value, c->value_len, NULL))
			return false;
		if (!tree_utf8_ok(c))
			return false;
	}
	return true;
}

bool params_utf8_ok(const struct params *p)
{
	return tree_utf8_ok(&p->root);
}
