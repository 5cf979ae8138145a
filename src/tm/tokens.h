/*
 * tm tokens: the normalised token sequence translation-memory matching works
 * on (docs/tm.md, "Tokens").
 *
 * A segment is NFC-normalised, then cut into tokens: Unicode word runs,
 * one token per punctuation mark or symbol, numbers (class NUM),
 * placeholders (class PH: printf, ICU MessageFormat, i18next, Ruby, Android
 * <xliff:g>), inline tags (class TAG), and one token per character for
 * Han, Kana, Hangul, Thai, Lao, Khmer and Myanmar.  Each token gets the
 * dense id of its normalised form (case-folded word, mapped punctuation, or
 * the class) from a tm_dict, and a "variant": a hash of its original form,
 * its kind and whether white space preceded it, which the score compares to
 * charge penalties when two tokens match only once normalised.
 *
 * One dictionary per index; the server keeps one index per source language,
 * so ids are per source language (a word's id means nothing across indexes).
 *
 * Invalid UTF-8 is read as U+FFFD per bad byte; nothing in the input can
 * make tokenising fail.  Segments longer than TM_MAX_TOKENS tokens are cut
 * there (matching sees their first TM_MAX_TOKENS tokens only).
 *
 * Thread safety: tm_tokenize with add=false only reads the dictionary, so
 * any number of threads may do it at once; add=true needs the caller's
 * exclusive lock (the index's write lock).
 */
#ifndef TOLK_TM_TOKENS_H
#define TOLK_TM_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TM_MAX_TOKENS 1000

enum tm_kind {
	TM_WORD = 0,	/* word run, or one CJK/Thai character */
	TM_PUNCT = 1,	/* one punctuation mark or symbol */
	TM_NUM = 2,	/* number: class id TM_ID_NUM, its value in the variant */
	TM_PH = 3,	/* placeholder: class id TM_ID_PH */
	TM_TAG = 4,	/* inline markup tag: class id TM_ID_TAG */
};

/* Reserved ids of the classes; words and marks start at TM_ID_FIRST. */
#define TM_ID_NUM 0u
#define TM_ID_PH 1u
#define TM_ID_TAG 2u
#define TM_ID_FIRST 3u
/* A query word the dictionary does not hold: equal to no unit token. */
#define TM_ID_UNKNOWN UINT32_MAX

/* The variant's low bits: bit 0 white space before, bits 1-3 the kind. */
#define TM_VAR_SPACE 1u
#define TM_VAR_KIND(v) ((enum tm_kind)(((v) >> 1) & 7u))
#define TM_VAR_FORM(v) ((v) >> 4)	/* hash of the original form */

struct tm_dict;

struct tm_dict *tm_dict_new(void);
void tm_dict_free(struct tm_dict *d);
/* Number of ids handed out (the classes included). */
uint32_t tm_dict_size(const struct tm_dict *d);
/* The normalised form of id (not NUL-terminated; NULL for the classes). */
const char *tm_dict_form(const struct tm_dict *d, uint32_t id, size_t *len);
/* Bytes the dictionary holds (for the memory report). */
size_t tm_dict_bytes(const struct tm_dict *d);

/*
 * A tokenised segment.  text is the NFC form of the input (valid UTF-8);
 * token i covers text[off[i] .. off[i] + len[i]).
 */
struct tm_tokens {
	char *text;
	size_t text_len;
	uint32_t *ids;
	uint32_t *vars;
	uint32_t *off, *len;
	size_t n, alloc;
};

/*
 * Tokenise s[0..n) into out (initialised to zero, or reused after an earlier
 * call: its arrays are recycled).  add: new normalised forms get new ids;
 * otherwise they get TM_ID_UNKNOWN and the dictionary is left untouched.
 */
void tm_tokenize(struct tm_dict *d, bool add, const char *s, size_t n, struct tm_tokens *out);
void tm_tokens_release(struct tm_tokens *t);

/* 64-bit FNV-1a (the raw-text and context hashes use it too). */
uint64_t tm_hash(const void *p, size_t n);

#endif
