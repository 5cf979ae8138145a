#include "model/paths.h"
#include "core/buf.h"
#include "core/strset.h"
#include "core/utf8.h"
#include "model/languages.h"

#include <stdio.h>
#include <string.h>

/* Placeholders that differ between languages (crowdin-v1.md §3). */
static const char *const language_placeholders[] = {
	"%language%", "%two_letters_code%", "%three_letters_code%", "%locale%",
	"%locale_with_underscore%", "%android_code%", "%osx_code%", "%osx_locale%",
	"%crowdin_code%",
};

static bool names_language(const char *pattern)
{
	for (size_t i = 0; i < sizeof(language_placeholders) / sizeof(*language_placeholders); i++)
		if (strstr(pattern, language_placeholders[i]))
			return true;
	return false;
}

static bool is_drive(const char *s)
{
	return ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) && s[1] == ':';
}

/* Why `path` (a pattern or a name) is unsafe as '/'-separated segments, or NULL. */
static const char *segments_problem(const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return "control characters are not allowed";
		if (*p == '\\')
			return "backslashes are not allowed (use /)";
	}
	while (*path == '/')
		path++;
	if (is_drive(path))
		return "a drive letter is not allowed";
	for (const char *s = path; *s;) {
		size_t n = strcspn(s, "/");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return "\".\" and \"..\" segments are not allowed";
		s += n;
		while (*s == '/')
			s++;
	}
	return NULL;
}

const char *export_pattern_problem(const char *pattern, bool per_language)
{
	if (strlen(pattern) > EXPORT_PATTERN_MAX)
		return "the export pattern is too long";
	if (!utf8_valid(pattern, strlen(pattern), NULL))
		return "the export pattern is not UTF-8";
	const char *why = segments_problem(pattern);
	if (why)
		return why;
	if (!pattern[strspn(pattern, "/")])
		return "the export pattern names no file";
	if (per_language && !names_language(pattern))
		return "the export pattern must contain a language placeholder such as %locale% "
		       "or %two_letters_code%, or every language is written to the same file";
	return NULL;
}

bool zip_name_ok(const char *name)
{
	if (!*name || name[0] == '/' || !utf8_valid(name, strlen(name), NULL) || segments_problem(name))
		return false;
	size_t n = strlen(name);
	return name[n - 1] != '/' && !strstr(name, "//");
}

/* ---- expansion ---- */

const char *export_expand(struct arena *a, const char *pattern, const struct language *l,
			  const char *file_name, const char *original_path)
{
	struct buf b;
	buf_init(&b, 0);
	const char *dot = strrchr(file_name, '.');
	char *base = dot ? arena_strndup(a, file_name, (size_t)(dot - file_name)) : (char *)file_name;
	const char *ext = dot ? dot + 1 : "";
	char *locale_us = arena_strdup(a, l->locale);
	for (char *q = locale_us; *q; q++)
		if (*q == '-')
			*q = '_';
	const struct { const char *name, *value; } ph[] = {
		{ "%language%", l->name }, { "%two_letters_code%", l->iso_639_1 },
		{ "%three_letters_code%", l->iso_639_3 }, { "%locale%", l->locale },
		{ "%locale_with_underscore%", locale_us }, { "%android_code%", l->android_code },
		{ "%osx_code%", l->osx_code }, { "%osx_locale%", l->osx_locale },
		{ "%original_file_name%", file_name }, { "%file_name%", base },
		{ "%file_extension%", ext }, { "%original_path%", original_path },
		{ "%crowdin_code%", l->crowdin_code },
	};
	for (const char *s = pattern; *s;) {
		bool done = false;
		if (*s == '%') {
			for (size_t i = 0; i < sizeof(ph) / sizeof(ph[0]) && !done; i++) {
				size_t n = strlen(ph[i].name);
				if (strncmp(s, ph[i].name, n) == 0) {
					buf_adds(&b, ph[i].value);
					s += n;
					done = true;
				}
			}
		} else if (s[0] == '*' && s[1] == '*') {
			s += 2;	/* a literal ** is resolved by clients; drop it */
			done = true;
		}
		if (!done)
			buf_addc(&b, *s++);
	}
	/* collapse "//" left by empty placeholders */
	char *out = arena_strdup(a, b.data), *w = out;
	for (const char *r = out; *r; r++)
		if (!(r[0] == '/' && r[1] == '/'))
			*w++ = *r;
	*w = '\0';
	buf_release(&b);
	return out;
}

const char *path_join(struct arena *a, const char *dir, const char *name)
{
	while (*name == '/')
		name++;
	while (*dir == '/')
		dir++;
	size_t dl = strlen(dir);
	while (dl && dir[dl - 1] == '/')
		dl--;
	if (!dl)
		return arena_strdup(a, name);
	if (!*name)
		return arena_strndup(a, dir, dl);
	return arena_printf(a, "%.*s/%s", (int)dl, dir, name);
}

/* ---- unique names ---- */

void zip_names_init(struct zip_names *z, struct arena *a)
{
	memset(z, 0, sizeof(*z));
	z->a = a;
}

const char *zip_names_claim(struct zip_names *z, const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - name) : strlen(name);
	const char *candidate = arena_strdup(z->a, name);
	for (unsigned k = 2; !strset_add(&z->names, candidate); k++)
		candidate = arena_printf(z->a, "%.*s (%u)%s", (int)stem, name, k, name + stem);
	return candidate;
}

void zip_names_release(struct zip_names *z)
{
	strset_release(&z->names);
}
