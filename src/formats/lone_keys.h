/*
 * How the localization.one file exports (getTranslations formats 1..8) spell
 * a string key.  A string key is any non-empty UTF-8 text; most formats carry
 * it escaped, as it is.  Three do not:
 *
 *   xml-android  resource names: ASCII letters, digits and '_' kept, every
 *                other character (code point) becomes '_', a leading digit
 *                gets a '_' in front, a Java keyword a '_' after ("name[3]"
 *                keys stay items of array "name").
 *   arb          Flutter gen-l10n message names (Dart method names): runs of
 *                ASCII letters, digits and '_' are words, joined lowerCamelCase
 *                ("button.save" -> "buttonSave"); no leading '_', a leading
 *                digit gets "key" in front, a Dart reserved word a '_' after.
 *   po           U+0004 (gettext's context separator, which msgfmt refuses
 *                anywhere) becomes U+2404.
 *
 * Making keys unique inside one export is the caller's job (api/lone/keys.c):
 * it spells every candidate with these functions.
 */
#ifndef TOLK_LONE_KEYS_H
#define TOLK_LONE_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct lone_key_style {
	/* Append the format's spelling of key[0..n) to out (never empty for
	 * n > 0).  NULL: the key is written as it is. */
	void (*spell)(const char *key, size_t n, struct buf *out);
	bool arrays;	/* "name[i]" keys are the items of one array "name" */
};

/* The style of a getTranslations format, by name ("xml-android"); never NULL. */
const struct lone_key_style *lone_key_style(const char *format_name);

/* Length of the array name in "name[3]", or 0 when key is not an array item. */
size_t lone_key_array_name_len(const char *key);

/* Append s with U+0004 replaced by U+2404 (gettext cannot carry U+0004). */
void lone_key_no_eot(const char *s, size_t n, struct buf *out);

#endif
