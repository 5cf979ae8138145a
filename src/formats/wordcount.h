/*
 * Word and character counts for reports and cost estimates (Crowdin units
 * "words", "chars", "chars_with_spaces"; the unit "strings" is simply 1
 * per string and needs no counting).
 *
 * Placeholders (%s, %1$d, %@, %{name}, {name}, {0}, {{x}}, $var, ${var})
 * and markup tags (<b>, </b>, <br/>, <a href="...">) are removed first and
 * count for nothing.  Words: ICU word boundaries for `lang`, counting
 * segments whose rule status is not UBRK_WORD_NONE; kana and ideographic
 * segments count one per code point, as CAT tools count CJK.  chars: code
 * points that are not white space; chars_with_spaces: all code points.
 *
 * Thread-safe: each thread keeps its own break iterator.
 */
#ifndef TOLK_WORDCOUNT_H
#define TOLK_WORDCOUNT_H

#include <stddef.h>

struct text_counts {
	long words, chars, chars_with_spaces;
};

/* lang: a locale such as "en" or "ja" (NULL: root rules). */
void text_count(const char *utf8, size_t len, const char *lang, struct text_counts *out);
/* text_count with ICU for every text, even plain ASCII: the reference its shortcut is tested on. */
void text_count_icu(const char *utf8, size_t len, const char *lang, struct text_counts *out);

#endif
