/*
 * Shared body of the format fuzz targets: parse; on success check that
 * writing back with each unit's own text reproduces the input byte for
 * byte, that a translated write (quotes, escapes, newlines, non-ASCII, a
 * language with more plural forms) parses again, and run the emitter.
 */
#ifndef TOLK_FUZZ_FMT_H
#define TOLK_FUZZ_FMT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/format.h"

static const char fuzz_text[] = "x \"q\" 'a' \\ $v {0} %s\n\tÄ😀 #; = : , - <b>";

struct fuzz_ctx {
	const struct fmt_doc *doc;
	struct fmt_translation tr;
	int mode;		/* 0 identity, 1 translated */
};

static const struct fmt_translation *fuzz_lookup(void *ctx, size_t i)
{
	struct fuzz_ctx *c = ctx;
	const struct unit *u = &c->doc->units[i];
	memset(&c->tr, 0, sizeof(c->tr));
	if (c->mode == 1) {
		if (i % 3 == 2)
			return NULL;	/* some untranslated */
		c->tr.text = fuzz_text;
		for (int k = 0; k < PLURAL_NCATS; k++)
			c->tr.plural[k] = fuzz_text;
		return &c->tr;
	}
	bool bilingual = strcmp(c->doc->format->name, "gettext") == 0 ||
			 strcmp(c->doc->format->name, "csv") == 0;
	bool has = u->target != NULL;
	for (int k = 0; k < PLURAL_NCATS; k++)
		has |= u->target_plural[k] != NULL;
	if (bilingual && !has)
		return NULL;
	c->tr.text = bilingual ? u->target : u->source;
	memcpy(c->tr.plural, bilingual ? u->target_plural : u->plural, sizeof(c->tr.plural));
	return &c->tr;
}

static void fuzz_format(const struct fmt_format *f, const uint8_t *data, size_t size)
{
	static const struct fmt_lang ru = {
		"ru", "ru-RU", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
		"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
		1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY | 1u << PLURAL_OTHER
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
	if (f->write(&doc, &opt, &w, &out, &err))
		abort();
	if (out.len != size || memcmp(out.data, data, size) != 0) {
		fprintf(stderr, "round trip differs: %zu vs %zu bytes\n", out.len, size);
		abort();
	}
	for (int skip = 0; skip < 2; skip++) {
		buf_reset(&out);
		c.mode = 1;
		w.lang = &ru;
		w.skip_untranslated = skip;
		if (f->write(&doc, &opt, &w, &out, &err))
			abort();
		struct fmt_doc again;
		if (fmt_parse(f, out.data, out.len, NULL, &again, &err)) {
			fprintf(stderr, "translated output does not parse: %s\n", err.msg);
			abort();
		}
		fmt_doc_free(&again);
	}
	if (f->emit && doc.n_units) {
		const struct fmt_translation **tr = calloc(doc.n_units, sizeof(*tr));
		for (size_t i = 0; i < doc.n_units; i++)
			tr[i] = fuzz_lookup(&c, i) ? &(struct fmt_translation){ .text = fuzz_text } : NULL;
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
