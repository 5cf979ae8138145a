/*
 * Resource file formats: one format-neutral unit model, one table of formats.
 *
 * A parser turns the bytes of a resource file into a struct fmt_doc: an
 * ordered array of units plus whatever private layout the format needs to
 * rewrite the file faithfully.  A writer produces a translated file using the
 * parsed *source* document as its template (as Crowdin does): comments,
 * order, whitespace and untouched entries stay; only translatable texts are
 * replaced.  Formats that localization.one exports (json, xml-android,
 * ios-strings, json-clean, php-array, arb, csv, po, properties) also have an
 * emitter that writes a file from units alone, with no template.
 *
 * Round trip: fmt_write() of a document with a lookup that returns, for each
 * unit, its own source text reproduces the parsed file byte for byte.
 * Fidelity: a writer escapes the texts it writes in the template's own style
 * (hex case, optional escapes, quoting), and copies a translation's
 * spelling (struct fmt_spelling) where the upload gave one, so an uploaded
 * file comes back byte for byte (docs/architecture.md).
 *
 * Adding a format: one file src/formats/<name>.c defining a
 * `const struct fmt_format fmt_<name>` (with `spellings`), one row in
 * formats.c, a case in tests/unit/formats/test_fmt_style.c, fixtures under
 * tests/formats/<name>/, a unit test (tests/unit/formats/test_fmt_<name>.c,
 * with its row in fx_traits_table of fmt_test.h), a fuzz target
 * tests/fuzz/fuzz_fmt_<name>.c (FUZZ_FORMAT) and a row in bench/formats.
 *
 * Memory: everything a parser allocates hangs off the fmt_doc and is freed
 * by fmt_doc_free().  Strings in units are NUL-terminated UTF-8.
 * Thread safety: formats keep no global mutable state.
 */
#ifndef TOLK_FORMAT_H
#define TOLK_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* CLDR plural categories, in CLDR order. */
enum plural_cat {
	PLURAL_ZERO, PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_MANY, PLURAL_OTHER,
	PLURAL_NCATS
};
const char *plural_cat_name(enum plural_cat c);		/* "zero" ... "other" */
int plural_cat_from_name(const char *name);		/* -1 when unknown */

/* Unit flags. */
#define UNIT_FUZZY        0x01u	/* gettext "#, fuzzy", XLIFF needs-review state */
#define UNIT_OBSOLETE     0x02u	/* gettext "#~" entries */
#define UNIT_HIDDEN       0x04u	/* not translatable (android translatable="false") */
#define UNIT_PLURAL       0x08u	/* text lives in plural[]; source == plural[OTHER] */

/*
 * One translatable unit.  `key` identifies the unit inside its file and is
 * stable across re-uploads of the file (gettext: msgctxt + "\004" + msgid, as
 * gettext itself does; android: the name, with "[i]" for array items;
 * nested JSON/YAML: the key path joined with '.' as Crowdin shows it).
 */
struct unit {
	char *key;
	char *context;		/* msgctxt, or NULL */
	char *source;		/* source text (for plurals: the "other" form) */
	char *plural[PLURAL_NCATS];	/* plural forms by category, NULL where absent */
	char *comment;		/* developer comment / description, or NULL */
	int max_length;		/* 0 = none */
	unsigned flags;		/* UNIT_* */
	/*
	 * Bilingual formats (gettext msgstr, CSV translation column): the
	 * translation the file itself holds, NULL when none (and always NULL
	 * in monolingual formats).  Importing a translated file reads these.
	 */
	char *target;
	char *target_plural[PLURAL_NCATS];
};

/* A parsed file. */
struct fmt_doc {
	const struct fmt_format *format;
	struct unit *units;
	size_t n_units;
	size_t units_alloc;	/* capacity of units (fmt_doc_add_unit/fmt_doc_reserve) */
	char *header;		/* gettext header msgstr, or NULL */
	void *layout;		/* format-private: what the writer needs */
	void (*layout_free)(void *layout);
};

/* Parse error: a message naming the line (1-based) or byte offset. */
struct fmt_error {
	char msg[256];
	size_t line;		/* 0 when unknown */
	size_t offset;		/* byte offset of the problem */
};

/* Options from the Crowdin v1 add-file/update-file calls (and defaults). */
struct fmt_options {
	const char *scheme;	/* CSV: "identifier,source_phrase,..." or NULL */
	bool first_line_contains_header;	/* CSV */
	int escape_quotes;	/* properties: 0..3, default 3 */
	const char *source_language;	/* crowdin code of the source language */
	/* multilingual CSV import: the language column read as unit->target */
	const char *target_language;
	/* gettext: the plural categories of the file's language, to map
	 * msgstr[n] (0: derive from the header's nplurals) */
	unsigned plural_cats;
};

/* What a writer needs to know of the target language. */
struct fmt_lang {
	const char *code;	/* crowdin code, e.g. "pt-BR" */
	const char *locale;	/* e.g. "pt-BR" */
	const char *plural_forms;	/* gettext Plural-Forms value, e.g. "nplurals=2; plural=(n != 1);" */
	unsigned plural_cats;	/* bit set of enum plural_cat the language uses */
	/* categories the target runtime also knows but does not need (French
	 * "many" in CLDR): written only where the translation has them */
	unsigned plural_cats_opt;
};

/*
 * How a file spelled one text: its bytes as written there (escapes,
 * quotes, wrapping) and a format-defined context they are valid in (0:
 * anywhere the format writes that text).  Writers copy the bytes instead
 * of escaping the text themselves, so an uploaded translation comes back
 * byte for byte.  s == NULL: none.
 */
struct fmt_spelling {
	const char *s;
	size_t len;
	uint32_t ctx;
};
#define FMT_SPELL_TEXT PLURAL_NCATS	/* spelling slot of the plain text */
#define FMT_SPELL_SLOTS (PLURAL_NCATS + 1)

/*
 * A translation of one unit, as the writer's lookup returns it: `text` for
 * a plain unit, `plural[]` for a plural unit (NULL where missing).
 * spell: NULL, or how the uploaded file spelled text (spell[FMT_SPELL_TEXT])
 * and plural[c] (spell[c]); only ever set for these very texts.
 */
struct fmt_translation {
	const char *text;
	const char *plural[PLURAL_NCATS];
	const struct fmt_spelling *spell;
};

/* Lookup: the translation of doc->units[index], or NULL when untranslated. */
typedef const struct fmt_translation *(*fmt_lookup_fn)(void *ctx, size_t index);

/* One spelling of unit `unit`'s slot (fmt_format.spellings). */
typedef void (*fmt_spell_fn)(void *ctx, size_t unit, int slot, const struct fmt_spelling *sp);

struct fmt_write_opts {
	const struct fmt_lang *lang;
	fmt_lookup_fn lookup;
	void *lookup_ctx;
	bool skip_untranslated;	/* leave untranslated units out instead of falling back to source */
};

struct fmt_format {
	const char *name;		/* Crowdin v1 `type`: "gettext", "android", ... */
	const char *const *extensions;	/* NULL-terminated, lowercase, without dot */
	const char *mime;
	/* Returns 0 or -1 with err filled.  Never keeps a pointer to `data`. */
	int (*parse)(const char *data, size_t len, const struct fmt_options *opt,
		     struct fmt_doc *doc, struct fmt_error *err);
	/* Template write: returns 0 or -1 (err filled). */
	int (*write)(const struct fmt_doc *doc, const struct fmt_options *opt,
		     const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err);
	/*
	 * Emit from units alone (no template), or NULL.  units[i] gives keys,
	 * contexts and comments; tr[i] the text to write (NULL: skip the unit).
	 */
	int (*emit)(const struct unit *units, const struct fmt_translation *const *tr,
		    size_t n, const struct fmt_lang *lang, struct buf *out,
		    struct fmt_error *err);
	/*
	 * How the parsed file spells its units' translations: fn once per
	 * (unit, slot) it has a spelling for, slot FMT_SPELL_TEXT for a plain
	 * text (or for all the forms of a plural unit a format writes as one
	 * piece) and a category for a plural form.  Bilingual formats give
	 * the target's spelling, the others the source's.  sp points into
	 * doc's layout.  NULL: the format keeps none.
	 */
	void (*spellings)(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx);
};

/* The format table. */
const struct fmt_format *fmt_by_name(const char *name);		/* Crowdin type */
const struct fmt_format *fmt_by_extension(const char *filename);	/* "a/b.po" -> gettext */
size_t fmt_count(void);
const struct fmt_format *fmt_at(size_t i);

/* localization.one export formats 0..8 (json, xml-android, ios-strings,
 * json-clean, php-array, arb, csv, po, properties), by number or name. */
struct lone_export_format {
	int number;
	const char *name;	/* "xml-android" */
	const char *extension;
	const char *mime;
	int (*emit)(const struct unit *units, const struct fmt_translation *const *tr,
		    size_t n, const struct fmt_lang *lang, struct buf *out,
		    struct fmt_error *err);
};
const struct lone_export_format *lone_export_format_find(const char *name_or_number);

/* Common helpers for formats. */
int fmt_parse(const struct fmt_format *f, const char *data, size_t len,
	      const struct fmt_options *opt, struct fmt_doc *doc, struct fmt_error *err);
void fmt_doc_free(struct fmt_doc *doc);
void fmt_error_set(struct fmt_error *err, size_t line, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
struct unit *fmt_doc_add_unit(struct fmt_doc *doc);	/* zeroed, appended */
/* Make room for n units in all (a hint: nothing is touched or zeroed). */
void fmt_doc_reserve(struct fmt_doc *doc, size_t n);
void fmt_options_default(struct fmt_options *opt);

#endif
