/*
 * Template writing by byte spans.  A parser records, in document order,
 * the spans of its source file that a translated write may change (a
 * unit's text, a whole entry that may be left out, a start tag whose
 * attribute is set).  tmpl_run() copies every byte outside those spans and
 * asks the format what to do with each span, so comments, order and layout
 * survive untouched.
 *
 * Round trip: a unit whose translation equals its source keeps its original
 * bytes, so parse + write with the source texts reproduces the file.
 */
#ifndef TOLK_TMPL_H
#define TOLK_TMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "formats/format.h"

struct tspan {
	uint32_t start, end;	/* byte span in the source */
	uint32_t unit;		/* index into doc->units (or format data) */
	uint16_t kind;		/* format-defined, or TMPL_ENTRY / TMPL_TEXT */
	uint16_t aux;		/* format-defined (a quote style, a count) */
	uint32_t col;		/* format-defined (a column) */
};

struct tmpl {
	char *text;		/* own copy of the source (tmpl_init), or NULL */
	size_t len;
	struct tspan *sp;
	size_t n, alloc;
};

/* What the span callback did. */
enum {
	TS_KEEP,	/* nothing: copy the span's bytes (and look inside it) */
	TS_DONE,	/* wrote a replacement for the whole span */
	TS_DROP,	/* leave the whole span out */
};
typedef int (*tmpl_fn)(void *ctx, const struct tspan *sp, struct buf *out);

/* For formats that keep no copy of the source themselves: t owns one. */
void tmpl_init(struct tmpl *t, const char *data, size_t len);
void tmpl_add(struct tmpl *t, size_t start, size_t end, size_t unit, int kind, int aux);
/* Put the spans in document order (outer spans before the spans they hold). */
void tmpl_seal(struct tmpl *t);
void tmpl_free(struct tmpl *t);
void tmpl_layout_free(void *layout);	/* a heap struct tmpl as fmt_doc layout */
/* Returns 0, or -1 when fn fails (fn fills err) or the output is full. */
int tmpl_run(const struct tmpl *t, const char *data, size_t len, tmpl_fn fn, void *ctx,
	     struct buf *out, struct fmt_error *err);
/* Sets the "output is full" error; returns -1. */
int tmpl_overflow(struct fmt_error *err);

/* ---- unit spans (the text formats) ---- */

#define TMPL_NO_UNIT UINT32_MAX	/* tspan.unit of a span that is no unit's */
#define TMPL_ENTRY 0xFFFEu	/* kind: the bytes a left out unit takes along */
#define TMPL_TEXT  0xFFFFu	/* kind: a unit's plain text */

/*
 * Add unit `unit`'s span [start, end) of `kind`, and (with its first span)
 * its entry [drop_start, drop_end): what skip_untranslated leaves out when
 * the unit has no translation (an empty range: never left out).  Spans
 * come in document order; returns the span, to set aux and col.
 */
struct tspan *tmpl_add_unit(struct tmpl *t, size_t start, size_t end, size_t unit, int kind,
			    size_t drop_start, size_t drop_end);

/* A format's spelling context of span sp (struct fmt_spelling). */
typedef uint32_t (*tmpl_ctx_fn)(const struct tmpl *t, const struct tspan *sp);

struct tmpl_writer {
	const struct tmpl *t;
	const struct fmt_doc *doc;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	/* Append `text` encoded for TMPL_TEXT span sp; 0, or -1 when out is full. */
	int (*value)(const struct tmpl_writer *wr, const struct tspan *sp, const char *text,
		     struct buf *out);
	/* The format's own kinds: like a tmpl_fn (-1 with err filled). */
	int (*span)(const struct tmpl_writer *wr, const struct tspan *sp, struct buf *out);
	const void *ctx;	/* the format's */
	/* Spelling context of a TMPL_TEXT span (tmpl_spelled); NULL: 0. */
	tmpl_ctx_fn spell_ctx;
};

/*
 * tmpl_run() over t's own text: TMPL_ENTRY spans are left out or kept,
 * TMPL_TEXT spans copied when the text is the source's, else value(); the
 * other kinds go to span().
 */
int tmpl_write(const struct tmpl_writer *wr, struct buf *out);

/* ---- texts to write ---- */

/* The translation of unit i, or NULL. */
const struct fmt_translation *tmpl_tr(const struct fmt_write_opts *w, size_t i);

/*
 * The text to write for unit i: its translation, else (fallback) its source,
 * or NULL when the unit is to be left out (skip_untranslated, or a hidden
 * unit nobody translated).  *same: the text equals the source.
 */
const char *tmpl_text(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		      bool *same);

/*
 * Plural forms to write for unit i: forms[c] for each category c in *cats
 * (the target language's, or the source's when no language is given).  A
 * missing form falls back to the translation's "other", then to the
 * source.  Returns false when the unit is to be left out.  *same: cats and
 * forms equal the source's.
 */
bool tmpl_forms(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		const char *forms[PLURAL_NCATS], unsigned *cats, bool *same);

/* Bit set of the plural categories unit u has. */
unsigned unit_cats(const struct unit *u);

/* Bit set of the plural forms translation tr has (0 for NULL). */
unsigned tr_cats(const struct fmt_translation *tr);

/*
 * The categories to write for unit u translated by tr: the language's
 * required ones plus the optional ones tr has (fmt_lang; tr NULL: the
 * ones u has), else u's (else "other").  docs/plurals.md.
 */
unsigned tmpl_cats(const struct unit *u, const struct fmt_translation *tr,
		   const struct fmt_lang *lang);

/* The categories to write: the language's, else the unit's (else "other"). */
unsigned plural_cats_for(const struct unit *u, const struct fmt_lang *lang);

/* Form `cat` to write: the translation's, else its "other", else its text;
 * else the unit's own form, else its "other", else its source. */
const char *plural_text(const struct unit *u, const struct fmt_translation *tr, int cat);

/* forms[c] = plural_text() for each c in cats (NULL elsewhere); returns
 * true when that reproduces the unit's own forms. */
bool plural_forms(const struct unit *u, const struct fmt_translation *tr, unsigned cats,
		  const char *forms[PLURAL_NCATS]);

/* ---- spellings (struct fmt_spelling) ---- */

/*
 * tr's spelling of `text` in `slot`, when text is the very text tr holds
 * there and the spelling is valid in context ctx (or anywhere); else NULL.
 */
const struct fmt_spelling *tmpl_spelled(const struct fmt_translation *tr, int slot,
					const char *text, uint32_t ctx);

/*
 * tr's spelling of a plural unit written as one piece (slot FMT_SPELL_TEXT),
 * when forms[] over cats are exactly tr's forms; else NULL.
 */
const struct fmt_spelling *tmpl_spelled_all(const struct fmt_translation *tr,
					    const char *const forms[PLURAL_NCATS], unsigned cats,
					    uint32_t ctx);

/* fn for each span of `kind` in t: its bytes in slot FMT_SPELL_TEXT, context
 * ctx_of (NULL: 0).  For fmt_format.spellings of span formats whose t has
 * its own text (tmpl_init). */
void tmpl_spellings(const struct tmpl *t, int kind, tmpl_ctx_fn ctx_of, fmt_spell_fn fn,
		    void *ctx);

/* fn with the bytes [start, end) of data: unit's spelling in slot, context sctx. */
void tmpl_spell(fmt_spell_fn fn, void *ctx, size_t unit, int slot, const char *data,
		size_t start, size_t end, uint32_t sctx);

#endif
