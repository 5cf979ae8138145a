/* UTF-8: decoding, validation, encoding.  Low level: used by every layer. */
#ifndef TOLK_UTF8_H
#define TOLK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF).  On false, *bad_offset (if non-NULL) is the
 * offset of the first byte of the first bad sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Decode one code point at s[0..len); returns its length in bytes, or 0
 * when the sequence is not well-formed (or len == 0). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (4 bytes room); returns the length (0 if cp is not a
 * Unicode scalar value). */
size_t utf8_encode(uint32_t cp, char *out);

/* Count of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s, size_t len);

#endif
