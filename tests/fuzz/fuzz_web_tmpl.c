/*
 * Page templates (web/tmpl.h): any template text, rendered with data that
 * has every kind of value, must render or fail cleanly; a failed render
 * leaves the output as it was, and a rendered one never holds a value of
 * the data unescaped ("<x>" appears only where the template wrote it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *j;
	if (!j)
		j = json_loads("{\"s\": \"<x>\", \"n\": 3, \"t\": true, \"f\": false, \"z\": null, "
			       "\"a\": [{\"s\": \"<y>\", \"a\": [1, \"<z>\"]}, {}], \"o\": {\"o\": {\"s\": \"<o>\"}}}",
			       0, NULL);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct buf out;
	buf_init(&out, 0);
	buf_adds(&out, "pre");
	const char *err = NULL;
	int rc = tmpl_render(&out, text, j, &err);
	if (rc && (out.len != 3 || !err))
		abort();
	if (!rc) {
		buf_addc(&out, '\0');
		static const char *const raw[] = { "<x>", "<y>", "<z>", "<o>" };
		for (size_t i = 0; i < 4; i++)
			if (strstr(out.data, raw[i]) && !strstr(text, raw[i]))
				abort();
	}
	buf_release(&out);
	free(text);
	return 0;
}
