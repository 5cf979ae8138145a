/*
 * Request parameters: any sequence of key=value pairs (as query strings,
 * urlencoded and multipart bodies deliver them) must build a tree within
 * the caps, never crash, and every lookup must be safe.  Input: lines of
 * "key=value"; a line without '=' is a bare key with an empty value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/limits.h"
#include "http/params.h"

static size_t walk(const struct param *p, int depth)
{
	size_t n = 1;
	if (depth > LIMIT_PARAM_DEPTH + 2)
		abort();	/* the depth cap was not enforced */
	for (const struct param *c = p->first; c; c = c->next)
		n += walk(c, depth + 1);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct params p;
	arena_init(&a);
	params_init(&p, &a);
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *eq = strchr(line, '=');
		if (eq)
			*eq = '\0';
		const char *value = eq ? eq + 1 : "";
		params_add(&p, line, strlen(line), value, strlen(value));
	}
	walk(&p.root, 0);
	(void)params_str(&p, "key");
	(void)params_bool(&p, "json", false);
	(void)params_int(&p, "n", 0, NULL);
	struct param *files = params_get(&p, "files");
	for (struct param *f = files ? files->first : NULL; f; f = f->next)
		(void)param_child(f, "0");
	free(copy);
	arena_release(&a);
	return 0;
}
