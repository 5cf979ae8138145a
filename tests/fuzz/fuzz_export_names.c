/*
 * Export names (zip-slip): input "pattern\nfile name\noriginal path\nlanguage
 * byte".  Whatever the pattern check says, the name an archive would get
 * (the expansion, else the default layout, else nothing) must be safe by an
 * oracle written here independently of model/paths.c: relative, no "." or
 * ".." segment, no backslash, drive, control character or empty segment.
 * zip_names_claim must never hand out one name twice.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "model/content.h"
#include "model/languages.h"
#include "model/paths.h"

static void assert_safe(const char *n)
{
	if (!*n || n[0] == '/' || strchr(n, '\\') || (isalpha((unsigned char)n[0]) && n[1] == ':'))
		abort();
	for (const unsigned char *p = (const unsigned char *)n; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	for (const char *s = n;;) {
		size_t len = strcspn(s, "/");
		if (len == 0 || (len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
			abort();
		if (!s[len])
			break;
		s += len + 1;
	}
}

static char *take_line(char **p)
{
	char *line = *p, *nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = line + strlen(line);
	}
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	char *p = copy;
	const char *pattern = take_line(&p), *file = take_line(&p), *orig = take_line(&p);
	const struct language *l = language_by_code(p[0] == 'u' ? "uk" : p[0] == 'p' ? "pt-BR" : "fr");
	struct arena a;
	arena_init(&a);
	(void)export_pattern_problem(pattern, true);
	(void)export_pattern_problem(pattern, false);
	const char *name = path_join(&a, "", export_expand(&a, pattern, l, file, orig));
	const char *fallback = node_name_ok(file) ? path_join(&a, l->crowdin_code, file) : "";
	const char *chosen = zip_name_ok(name) ? name : zip_name_ok(fallback) ? fallback : NULL;
	if (chosen) {
		assert_safe(chosen);
		struct zip_names z;
		zip_names_init(&z, &a);
		const char *first = zip_names_claim(&z, chosen);
		const char *second = zip_names_claim(&z, chosen);
		if (!strcmp(first, second) || strcmp(first, chosen))
			abort();
		assert_safe(second);
		zip_names_release(&z);
	}
	arena_release(&a);
	free(copy);
	return 0;
}
