#ifndef TOLK_WORDCOUNT_H
#define TOLK_WORDCOUNT_H
#include <stddef.h>
struct text_counts { long words, chars, chars_with_spaces; };
void text_count(const char *utf8, size_t len, const char *lang, struct text_counts *out);
#endif
