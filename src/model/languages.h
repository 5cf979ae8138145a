/*
 * The built-in language table (Crowdin v1 supported-languages), with CLDR
 * plural categories and gettext Plural-Forms.  Ids are stable: they are
 * stored in the database (project_language, translation) and shown as
 * localization.one language ids, so rows are only ever appended.
 */
#ifndef TOLK_LANGUAGES_H
#define TOLK_LANGUAGES_H

#include <stddef.h>

struct language {
	int id;			/* stable numeric id, 1-based, never reused */
	const char *name;		/* "Ukrainian" (Crowdin's English name) */
	const char *crowdin_code;	/* "uk", "pt-BR", "es-ES", "zh-CN" */
	const char *editor_code;	/* "uk" */
	const char *iso_639_1;		/* "uk" ("" when none) */
	const char *iso_639_3;		/* "ukr" */
	const char *locale;		/* "uk-UA" */
	const char *android_code;	/* "uk-rUA" */
	const char *osx_code;		/* "uk.lproj" */
	const char *osx_locale;		/* "uk" */
	const char *localized_name;	/* "Українська" (endonym) */
	const char *emoji;		/* flag emoji, "" when none */
	unsigned plural_cats;		/* bit set of enum plural_cat (1u << PLURAL_ONE ...) */
	const char *plural_forms;	/* gettext: "nplurals=3; plural=(...);" */
};

const struct language *language_by_code(const char *crowdin_code);	/* case-insensitive */
const struct language *language_by_id(int id);
/*
 * A language named as other tools write it (TMX, TBX, spreadsheets): a
 * Crowdin code, a locale ("fr-FR", "pt_BR"), or a language with a region
 * tolk does not split ("fr-CA" as "fr" when there is no "fr-CA").  NULL when none.
 */
const struct language *language_by_tag(const char *tag);
size_t language_count(void);
const struct language *language_at(size_t i);
/* Categories used by whole numbers 0..1000: what gettext's msgstr[i] map onto. */
unsigned language_integer_cats(const struct language *l);
/* Example numbers of a plural category in l ("2, 3, 4, 22"); "" when l has no such category. */
const char *language_plural_examples(const struct language *l, int cat);
/* The categories a file format's plural forms stand for in language l, that
 * a translated file always has: gettext selects by whole numbers
 * (language_integer_cats), Qt by its own table (all CLDR categories given),
 * other formats by CLDR category (those whole numbers select, and "other"). */
unsigned language_format_cats(const struct language *l, const char *format);
/* The CLDR categories a format's runtime also knows for l but a file does not
 * need: written only where a translation has them (docs/plurals.md). */
unsigned language_format_opt_cats(const struct language *l, const char *format);

#endif
