/*
 * Shared body of the format fuzz targets: parse; on success check that
 * writing back what the file holds reproduces the input byte for byte, that
 * translated writes (markup, quotes, escapes, newlines, control characters,
 * non-ASCII, a language with more plural forms; with untranslated units
 * kept and left out) parse again, and run the emitter.  Any crash, leak or
 * failed check is a finding.
 */
#ifndef TOLK_FUZZ_FMT_H
#define TOLK_FUZZ_FMT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/format.h"
#include "formats/formats_list.h"

/* What each format's writer must escape or keep, in one text. */
#define FUZZ_ASCII "x \"q\" 'a' \\ $v {0} {n} %s %1$s\n\t#; = : , - @? " \
	"<b>x</b> & ]]> \x01 <b>"
static const char fuzz_text[] = FUZZ_ASCII " Ä😀";
/* Well-formed inline markup, which XML writers may keep as markup. */
static const char fuzz_markup[] = "<i>y</i>";

struct fuzz_ctx {
	const struct fmt_doc *doc;
	struct fmt_translation tr;
	const char *text;	/* the translation; NULL: what the file holds */
	struct fmt_spelling *spell;	/* the file's own spellings, by unit, or NULL */
};

static void fuzz_spell(void *ctx, size_t unit, int slot, const struct fmt_spelling *sp)
{
	struct fuzz_ctx *c = ctx;
	if (unit >= c->doc->n_units || slot < 0 || slot >= FMT_SPELL_SLOTS)
		abort();
	c->spell[unit * FMT_SPELL_SLOTS + (size_t)slot] = *sp;
}

static const struct fmt_translation *fuzz_lookup(void *ctx, size_t i)
{
	struct fuzz_ctx *c = ctx;
	const struct unit *u = &c->doc->units[i];
	memset(&c->tr, 0, sizeof(c->tr));
	if (c->text) {
		if (i % 3 == 2)
			return NULL;	/* some untranslated */
		c->tr.text = c->text;
		/* forms alternate, shifted per unit: each category gets both */
		for (int k = 0; k < PLURAL_NCATS; k++)
			c->tr.plural[k] = (i + k) % 2 ? c->text : fuzz_markup;
		return &c->tr;
	}
	/* bilingual files hold translations: a unit without one is untranslated */
	bool bilingual = strcmp(c->doc->format->name, "gettext") == 0 ||
			 strcmp(c->doc->format->name, "csv") == 0;
	bool has = u->target != NULL;
	for (int k = 0; k < PLURAL_NCATS; k++)
		has |= u->target_plural[k] != NULL;
	if (bilingual && !has)
		return NULL;
	c->tr.text = bilingual ? u->target : u->source;
	memcpy(c->tr.plural, bilingual ? u->target_plural : u->plural, sizeof(c->tr.plural));
	/* spellings are of what an upload imports: the target where there is one */
	if (c->spell && bilingual == has)
		c->tr.spell = &c->spell[i * FMT_SPELL_SLOTS];
	return &c->tr;
}

/* Written back with its own spellings (an upload exported unchanged), a file is itself. */
static void fuzz_spellings(const struct fmt_format *f, struct fuzz_ctx *c,
			   const struct fmt_options *opt, const uint8_t *data, size_t size)
{
	struct fmt_write_opts w = { .lookup = fuzz_lookup, .lookup_ctx = c };
	struct fmt_error err;
	struct buf out;
	if (!f->spellings)
		return;
	c->spell = calloc(c->doc->n_units * FMT_SPELL_SLOTS + 1, sizeof(*c->spell));
	f->spellings(c->doc, fuzz_spell, c);
	buf_init(&out, 0);
	if (f->write(c->doc, opt, &w, &out, &err) || out.len != size ||
	    memcmp(out.data, data, size) != 0) {
		fprintf(stderr, "write with the file's spellings differs: %zu vs %zu bytes\n",
			out.len, size);
		abort();
	}
	buf_release(&out);
	free(c->spell);
	c->spell = NULL;
}

static void fuzz_format(const struct fmt_format *f, const uint8_t *data, size_t size)
{
	static const struct fmt_lang ru = {
		"ru", "ru-RU", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
		"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
		1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY | 1u << PLURAL_OTHER, 0
	};
	struct fmt_doc doc;
	struct fmt_error err;
	if (fmt_parse(f, (const char *)data, size, NULL, &doc, &err))
		return;
	struct fmt_options opt;
	fmt_options_default(&opt);
	struct fuzz_ctx c = { .doc = &doc };
	struct fmt_write_opts w = { .lookup = fuzz_lookup, .lookup_ctx = &c };
	struct buf out;
	buf_init(&out, 0);
	if (f->write(&doc, &opt, &w, &out, &err)) {
		fprintf(stderr, "round trip write failed: %s\n", err.msg);
		abort();
	}
	if (out.len != size || memcmp(out.data, data, size) != 0) {
		fprintf(stderr, "round trip differs: %zu vs %zu bytes\n", out.len, size);
		abort();
	}
	fuzz_spellings(f, &c, &opt, data, size);
	c.text = fuzz_text;
	w.lang = &ru;
	for (int skip = 0; skip < 2; skip++) {
		buf_reset(&out);
		w.skip_untranslated = skip;
		if (f->write(&doc, &opt, &w, &out, &err)) {
			fprintf(stderr, "translated write failed: %s\n", err.msg);
			abort();
		}
		struct fmt_doc again;
		if (fmt_parse(f, out.data, out.len, NULL, &again, &err)) {
			fprintf(stderr, "translated output does not parse: %s\n", err.msg);
			abort();
		}
		fmt_doc_free(&again);
	}
	if (f->emit && doc.n_units) {
		static const struct fmt_translation emitted = { .text = fuzz_text };
		const struct fmt_translation **tr = calloc(doc.n_units, sizeof(*tr));
		for (size_t i = 0; i < doc.n_units; i++)
			tr[i] = fuzz_lookup(&c, i) ? &emitted : NULL;
		buf_reset(&out);
		f->emit(doc.units, tr, doc.n_units, &ru, &out, &err);
		free(tr);
	}
	buf_release(&out);
	fmt_doc_free(&doc);
}

#define FUZZ_FORMAT(sym) \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) \
	{ \
		fuzz_format(&sym, data, size); \
		return 0; \
	}

#endif
