/*
 * Page templates (web/tmpl.h): any template text, rendered with data that
 * has every kind of value, must render or fail cleanly; a failed render
 * leaves the output as it was, and a rendered one never holds a value of
 * the data unescaped.  The oracle: the same template rendered with the
 * same data but "x" where the values had "<x>" (same truthiness, so the
 * same sections run) has exactly as many '<': escaped values add none.
 * (Looking for "<x>" in the output was wrong: the template's own "<" and
 * "x>" meet around an empty tag.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/tmpl.h"

#define DATA(a, b, c, d) "{\"s\": \"" a "\", \"n\": 3, \"t\": true, \"f\": false, \"z\": null, " \
	"\"a\": [{\"s\": \"" b "\", \"a\": [1, \"" c "\"]}, {}], \"o\": {\"o\": {\"s\": \"" d "\"}}}"

static size_t count_lt(const struct buf *b, size_t from)
{
	size_t n = 0;
	for (size_t i = from; i < b->len; i++)
		n += b->data[i] == '<';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *marked, *plain;
	if (!marked) {
		marked = json_loads(DATA("<x>", "<y>", "<z>", "<o>"), 0, NULL);
		plain = json_loads(DATA("x", "y", "z", "o"), 0, NULL);
	}
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct buf out, ref;
	buf_init(&out, 0);
	buf_init(&ref, 0);
	buf_adds(&out, "pre");
	const char *err = NULL;
	int rc = tmpl_render(&out, text, marked, &err);
	if (rc && (out.len != 3 || !err))
		abort();
	if ((tmpl_render(&ref, text, plain, NULL) != 0) != (rc != 0))
		abort();
	if (!rc && count_lt(&out, 3) != count_lt(&ref, 0))
		abort();
	buf_release(&out);
	buf_release(&ref);
	free(text);
	return 0;
}
