/*
 * The format table and the helpers every format shares.
 * To add a format, see the checklist at the top of format.h.
 */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Resource formats, by Crowdin v1 `type`.  (rows: one per format file) */
static const struct fmt_format *const format_table[] = {
	&fmt_gettext,
	&fmt_android,
	&fmt_macosx,
	&fmt_json,
	&fmt_yaml,
	&fmt_properties,
	&fmt_xliff,
	&fmt_resx,
	&fmt_csv,
	&fmt_php,
	&fmt_ini,
	&fmt_qtts,
	&fmt_arb,
	&fmt_chrome,
	&fmt_stringsdict,
};

/* localization.one getTranslations export formats 0..8. */
static const struct lone_export_format lone_formats[] = {
	{ 0, "json", "json", "application/json", fmt_json_emit },
	{ 1, "xml-android", "xml", "application/xml", fmt_android_emit },
	{ 2, "ios-strings", "strings", "text/plain", fmt_macosx_emit },
	{ 3, "json-clean", "json", "application/json", fmt_json_clean_emit },
	{ 4, "php-array", "php", "application/x-php", fmt_php_emit },
	{ 5, "arb", "arb", "application/json", fmt_arb_emit },
	{ 6, "csv", "csv", "text/csv", fmt_csv_emit },
	{ 7, "po", "po", "text/x-gettext-translation", fmt_gettext_emit },
	{ 8, "properties", "properties", "text/x-java-properties", fmt_properties_emit },
};

static const char *const plural_names[PLURAL_NCATS] = {
	"zero", "one", "two", "few", "many", "other"
};

const char *plural_cat_name(enum plural_cat c)
{
	return (unsigned)c < PLURAL_NCATS ? plural_names[c] : NULL;
}

int plural_cat_from_name(const char *name)
{
	for (int i = 0; i < PLURAL_NCATS; i++)
		if (strcmp(name, plural_names[i]) == 0)
			return i;
	return -1;
}

size_t fmt_count(void)
{
	return sizeof(format_table) / sizeof(format_table[0]);
}

const struct fmt_format *fmt_at(size_t i)
{
	return i < fmt_count() ? format_table[i] : NULL;
}

const struct fmt_format *fmt_by_name(const char *name)
{
	for (size_t i = 0; i < fmt_count(); i++)
		if (strcmp(format_table[i]->name, name) == 0)
			return format_table[i];
	return NULL;
}

const struct fmt_format *fmt_by_extension(const char *filename)
{
	const char *slash = strrchr(filename, '/');
	const char *dot = strrchr(slash ? slash + 1 : filename, '.');
	if (!dot)
		return NULL;
	for (size_t i = 0; i < fmt_count(); i++)
		for (const char *const *e = format_table[i]->extensions; e && *e; e++)
			if (strcasecmp(dot + 1, *e) == 0)
				return format_table[i];
	return NULL;
}

const struct lone_export_format *lone_export_format_find(const char *s)
{
	size_t n = sizeof(lone_formats) / sizeof(lone_formats[0]);
	if (!s || !*s)
		s = "0";
	for (size_t i = 0; i < n; i++) {
		char num[8];
		snprintf(num, sizeof(num), "%d", lone_formats[i].number);
		if (strcmp(s, num) == 0 || strcmp(s, lone_formats[i].name) == 0)
			return &lone_formats[i];
	}
	return NULL;
}

void fmt_options_default(struct fmt_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->first_line_contains_header = false;
	opt->escape_quotes = 3;
	opt->source_language = "en";
}

void fmt_error_set(struct fmt_error *err, size_t line, size_t offset, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->line = line;
	err->offset = offset;
}

void fmt_doc_reserve(struct fmt_doc *doc, size_t n)
{
	if (n <= doc->units_alloc)
		return;
	doc->units = xrealloc(doc->units, n * sizeof(*doc->units));
	doc->units_alloc = n;
}

struct unit *fmt_doc_add_unit(struct fmt_doc *doc)
{
	if (doc->n_units == doc->units_alloc)
		fmt_doc_reserve(doc, doc->units_alloc ? doc->units_alloc * 2 : 16);
	struct unit *u = &doc->units[doc->n_units++];
	memset(u, 0, sizeof(*u));
	return u;
}

/*
 * A first guess at the number of units so that big files do not move their
 * unit array while growing: one unit per 64 input bytes (real files use
 * more), at most 2^20.  Only address space: the pages are touched as units
 * are added.
 */
static size_t units_guess(size_t len)
{
	size_t n = len / 64 + 16;
	return n < ((size_t)1 << 20) ? n : (size_t)1 << 20;
}

int fmt_parse(const struct fmt_format *f, const char *data, size_t len,
	      const struct fmt_options *opt, struct fmt_doc *doc, struct fmt_error *err)
{
	struct fmt_options defaults;
	memset(doc, 0, sizeof(*doc));
	memset(err, 0, sizeof(*err));
	if (!opt) {
		fmt_options_default(&defaults);
		opt = &defaults;
	}
	doc->format = f;
	fmt_doc_reserve(doc, units_guess(len));
	int rc = f->parse(data, len, opt, doc, err);
	if (rc)
		fmt_doc_free(doc);
	return rc;
}

void fmt_doc_free(struct fmt_doc *doc)
{
	for (size_t i = 0; i < doc->n_units; i++) {
		struct unit *u = &doc->units[i];
		free(u->key);
		free(u->context);
		free(u->source);
		free(u->comment);
		free(u->target);
		for (int c = 0; c < PLURAL_NCATS; c++) {
			free(u->plural[c]);
			free(u->target_plural[c]);
		}
	}
	free(doc->units);
	free(doc->header);
	if (doc->layout && doc->layout_free)
		doc->layout_free(doc->layout);
	memset(doc, 0, sizeof(*doc));
}
