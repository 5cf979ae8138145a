/*
 * Text helpers shared by the format parsers and writers: UTF-8 validation
 * and coding, line numbers for error messages, an input pre-check that
 * bounds line length, and escape helpers for C-like string syntaxes.
 */
#ifndef TOLK_TEXTUTIL_H
#define TOLK_TEXTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/utf8.h"

struct fmt_error;

/*
 * Longest line a text parser accepts (and longest decoded value).  Real
 * resource files have lines of a few KB; the cap bounds the memory a
 * hostile single-line upload can make a parser use (libxml2 caps text
 * nodes at 10 MB for the same reason).
 */
#define TEXT_MAX_LINE ((size_t)16 << 20)

/* Append cp as UTF-8 (invalid code points become U+FFFD). */
int buf_add_utf8(struct buf *b, uint32_t cp);

/*
 * One CSV field (RFC 4180): quoted when it holds the delimiter, a quote, a
 * line break or edge spaces, quotes doubled.  defuse: a field starting with
 * = + - @ TAB or CR is quoted and prefixed with ' (no spreadsheet formula).
 */
int csv_put_field(struct buf *out, const char *s, char delim, bool defuse);

/* 1-based line number of byte offset `off` in data (LF counts lines). */
size_t text_line_of(const char *data, size_t len, size_t off);

/* Pre-check flags. */
#define TEXT_CHECK_UTF8 0x01u	/* input must be valid UTF-8 */
#define TEXT_CHECK_NUL  0x02u	/* NUL bytes are an error (text files) */

/*
 * One linear pass over the input before a parser looks at it: rejects
 * lines longer than TEXT_MAX_LINE and, by flags, invalid UTF-8 and NUL
 * bytes.  Returns 0, or -1 with err naming the line and offset.
 */
int text_precheck(const char *data, size_t len, unsigned flags, const char *what,
		  struct fmt_error *err);

/* Length of a UTF-8 byte order mark at the start of data (3 or 0). */
size_t text_bom_len(const char *data, size_t len);

/* Hex digit value, -1 if not a hex digit. */
int hexval(int c);

/* Parse exactly n hex digits at s (n <= 8); -1 on failure. */
long hex_n(const char *s, size_t n);

/*
 * Escape helper for C-like double-quoted strings (PO, .strings, PHP "...",
 * YAML "..."): writes s with \\ \" \n \t \r (and \a \b \f \v when
 * `c_controls`) escaped; other control characters as \u%04X when
 * `u_controls`, else as-is.
 */
int buf_add_c_escaped(struct buf *b, const char *s, size_t len, bool c_controls,
		      bool u_controls);

/* FNV-1a hash of s[0..n), for hash tables of keys. */
uint64_t text_hash(const char *s, size_t n);

/* True when a and b (NUL-terminated, either may be NULL) are equal. */
bool str_eq(const char *a, const char *b);

#endif
