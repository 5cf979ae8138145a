/*
 * Tests that keep a table of docs/ equal to the code read it with this:
 * the lines between "<!-- MARKER:begin -->" and "<!-- MARKER:end -->".
 * Include after <cmocka.h>.
 */
#ifndef TOLK_TEST_DOCS_SECTION_H
#define TOLK_TEST_DOCS_SECTION_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* The section of docs/<doc> (e.g. "roles.md"); the caller frees it. */
static char *docs_section(const char *doc, const char *marker)
{
	char path[4096], line[4096], begin[128], end[128];
	const char *src = getenv("TOLK_SOURCE_DIR");
	snprintf(path, sizeof(path), "%s/docs/%s", src ? src : TOLK_SOURCE_DIR, doc);
	snprintf(begin, sizeof(begin), "<!-- %s:begin -->", marker);
	snprintf(end, sizeof(end), "<!-- %s:end -->", marker);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct buf b;
	buf_init(&b, 0);
	bool in = false;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, end))
			in = false;
		if (in)
			buf_adds(&b, line);
		if (strstr(line, begin))
			in = true;
	}
	fclose(f);
	buf_addc(&b, '\0');
	size_t n;
	return buf_detach(&b, &n);
}

#endif
