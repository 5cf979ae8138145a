/*
 * exchange: the translation-memory and glossary file formats of the
 * Crowdin v1 upload-tm / download-tm / upload-glossary / download-glossary
 * calls (spec §2.14).  A library like src/formats: no database access.
 *
 *   TMX 1.4b   tmx_read (streaming, one callback per <tu>), tmx_write_*
 *   TBX        tbx_read (TBX v2 "martif" as Crowdin exports it, TBX-Basic,
 *              and the v3 "tbx" element names), tbx_write_*
 *   CSV, XLSX  sheet_read (rows of cells), and the two scheme mappers
 *              tm_sheet_read / glossary_sheet_read that turn rows into the
 *              same units the TMX and TBX readers deliver
 *
 * XML is read with libxml2's xmlTextReader over the input (nodes are freed
 * as the reader moves on, so a 200 MB TMX never becomes a tree), with the
 * hardened settings of shared/guides/c-deps.md §3: no network, no DTD
 * loading, no entity substitution, the refusing external entity loader
 * (xu_harden), never XML_PARSE_HUGE.  A DOCTYPE with any entity
 * declaration is refused, and so is an external DTD, except the standard
 * DTD names the exchange formats' own tools write (tmx14.dtd,
 * TBXcoreStructV02.dtd, ...), which are accepted and never loaded.
 *
 * Readers return 0, or -1 with err filled (err->line is the input line
 * when known).  A callback returning non-zero stops the read; the reader
 * then returns that value.  Readers stream: units before an error that
 * comes late in a file have already been delivered, so callers import in
 * a transaction and discard everything on error.
 *
 * Writers append UTF-8 XML to a struct buf; they return -1 only when the
 * buffer's cap is reached.  Invalid UTF-8 in the input becomes U+FFFD and
 * characters XML 1.0 cannot carry (C0 controls but TAB, LF and CR) are
 * dropped, so the output always parses.
 */
#ifndef TOLK_EXCHANGE_H
#define TOLK_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"

/* Caps on input (beyond them: an error, never a truncation). */
#define XCH_MAX_TEXT      (1u << 20)	/* one segment, term, definition or cell */
#define XCH_MAX_ATTR      1024		/* tuid, language code, entry id, ... */
#define XCH_MAX_VARIANTS  512		/* <tuv>s per <tu>; languages per entry */
#define XCH_MAX_TERMS     1024		/* terms per glossary entry */
#define XCH_MAX_DEPTH     64		/* element nesting */
#define XCH_MAX_COLS      256		/* spreadsheet columns */
#define XCH_MAX_ZIP_ENTRY (64u << 20)	/* decompressed bytes of one XLSX part */
#define XCH_MAX_ZIP_TOTAL (256u << 20)	/* decompressed bytes read from one XLSX */
#define XCH_MAX_STRINGS   (4u << 20)	/* XLSX shared strings */

struct xch_error {
	char msg[256];
	size_t line;		/* 1-based line (row for sheets), 0 when unknown */
};

/* ---- TMX ---------------------------------------------------------------- */

struct tmx_variant {
	const char *lang;	/* xml:lang (or TMX 1.1 lang), as written */
	const char *text;	/* <seg> text: inline codes as the code they carry */
	time_t created, changed;	/* the tuv's dates; 0 when absent */
};

struct tmx_tu {
	const char *tuid;	/* NULL when absent */
	const char *srclang;	/* the tu's srclang, else the header's; may be NULL */
	const char *context;	/* <prop>s whose type contains "context", joined by
				 * "\n"; NULL when none */
	time_t created, changed;	/* the tu's, else the earliest/latest of its tuvs */
	const struct tmx_variant *v;
	size_t n;
};

typedef int (*tmx_tu_fn)(void *ctx, const struct tmx_tu *tu);

/* Call fn once per <tu> of <body> that has at least one <tuv>. */
int tmx_read(const char *data, size_t len, tmx_tu_fn fn, void *ctx, struct xch_error *err);

/* Header (srclang: e.g. "en", NULL: "*all*"), units, then the closing tags. */
int tmx_write_begin(struct buf *out, const char *srclang);
int tmx_write_tu(struct buf *out, const struct tmx_tu *tu);	/* variants without a
									 * language are left out */
int tmx_write_end(struct buf *out);

/* ---- TBX ---------------------------------------------------------------- */

struct tbx_term {
	const char *text;
	const char *pos;	/* termNote type="partOfSpeech"; NULL when absent */
};

struct tbx_lang {
	const char *lang;
	const char *definition;	/* descrip type="definition" of the langSet, or NULL */
	const struct tbx_term *terms;
	size_t n_terms;
};

struct tbx_entry {
	const char *id;		/* termEntry id, or NULL */
	const char *definition;	/* entry-level definition, or NULL */
	const struct tbx_lang *langs;
	size_t n_langs;
};

typedef int (*tbx_entry_fn)(void *ctx, const struct tbx_entry *e);

/* Call fn once per <termEntry> (v3: <conceptEntry>) of the body. */
int tbx_read(const char *data, size_t len, tbx_entry_fn fn, void *ctx, struct xch_error *err);

/* lang: the martif's xml:lang (NULL: "en").  Entries without an id get "c<offset>". */
int tbx_write_begin(struct buf *out, const char *lang);
int tbx_write_entry(struct buf *out, const struct tbx_entry *e);	/* languages without a
									 * code, empty terms: left out */
int tbx_write_end(struct buf *out);

/* ---- spreadsheets ------------------------------------------------------- */

enum sheet_kind { SHEET_AUTO, SHEET_CSV, SHEET_XLSX };

/*
 * Whether an upload is XML (a TMX or TBX) rather than a spreadsheet: its
 * first character, after a UTF-8 byte order mark and white space, is '<',
 * or it starts with a UTF-16 byte order mark.
 */
bool xch_is_xml(const char *data, size_t len);

/* XLSX when the data is a zip, else CSV. */
enum sheet_kind sheet_detect(const char *data, size_t len);

/*
 * One row: n cells (NUL-terminated UTF-8, "" when empty); row is its
 * 1-based number (CSV: the line it starts on; XLSX: the row's r).
 */
typedef int (*sheet_row_fn)(void *ctx, size_t row, const char *const *cells, size_t n);

/*
 * CSV: RFC 4180 with ',' ';' or TAB (the most frequent outside quotes on
 * the first line), UTF-8 with or without a BOM, CRLF, LF or CR.
 * XLSX: the first sheet of the workbook; shared strings, inline strings,
 * numbers as written, booleans as TRUE/FALSE.  Rows with no cell are not
 * delivered.
 */
int sheet_read(const char *data, size_t len, enum sheet_kind kind, sheet_row_fn fn, void *ctx,
	       struct xch_error *err);
int sheet_csv_read(const char *data, size_t len, sheet_row_fn fn, void *ctx,
		   struct xch_error *err);
int sheet_xlsx_read(const char *data, size_t len, sheet_row_fn fn, void *ctx,
		    struct xch_error *err);

/* ---- schemes ------------------------------------------------------------ */

enum xch_role { XCH_NONE, XCH_LANG, XCH_TERM, XCH_DESCRIPTION };
enum xch_scheme_kind { XCH_SCHEME_TM, XCH_SCHEME_GLOSSARY };

struct xch_col {
	enum xch_role role;
	char lang[33];		/* XCH_LANG, XCH_TERM, XCH_DESCRIPTION */
};

struct xch_scheme {
	struct xch_col col[XCH_MAX_COLS];
	size_t n;
};

/*
 * TM: language codes or "none" ("en,fr,none,uk"), at least two languages.
 * Glossary: term_{lang}, description_{lang}, none
 * ("term_en,description_en,none,term_uk,description_uk"), at least one
 * term column, and a description only next to its language's term.
 * Language codes: letters, digits, '-' and '_'.  No duplicate columns.
 */
int xch_scheme_parse(const char *scheme, enum xch_scheme_kind kind, struct xch_scheme *s,
		     struct xch_error *err);

/*
 * upload-tm with a spreadsheet: one tmx_tu per row with a text in at least
 * one language column (srclang: the scheme's first language); the first
 * row is skipped when header is true.
 */
int tm_sheet_read(const char *data, size_t len, enum sheet_kind kind, const char *scheme,
		  bool header, tmx_tu_fn fn, void *ctx, struct xch_error *err);

/*
 * upload-glossary with a spreadsheet: one tbx_entry per row with a term
 * (surrounding blanks trimmed), one language a term column, its
 * description as the language's definition.
 */
int glossary_sheet_read(const char *data, size_t len, enum sheet_kind kind, const char *scheme,
			bool header, tbx_entry_fn fn, void *ctx, struct xch_error *err);

#endif
