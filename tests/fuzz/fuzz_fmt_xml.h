/*
 * Shared body of the format fuzz targets: parse; on success check that a
 * round-trip write reproduces the input byte for byte, and that a write
 * with awkward translations (markup, quotes, escapes, control characters,
 * more plural forms) parses again.  Any crash, leak or failed check is a
 * finding.
 */
#ifndef TOLK_FUZZ_FMT_XML_H
#define TOLK_FUZZ_FMT_XML_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/format.h"
#include "formats/formats_list.h"

struct fz {
	const struct fmt_doc *doc;
	bool own;
	struct fmt_translation t;
};

static const struct fmt_translation *fz_lookup(void *ctx, size_t i)
{
	struct fz *z = ctx;
	const struct unit *u = &z->doc->units[i];
	static const char *const odd = "<b>x</b> ' \" & \\ \n\t @? ]]> \x01 {n} %1$s";
	memset(&z->t, 0, sizeof(z->t));
	if (i % 3 == 2 && !z->own)
		return NULL;	/* untranslated */
	z->t.text = z->own ? u->source : odd;
	for (int c = 0; c < PLURAL_NCATS; c++)
		z->t.plural[c] = z->own ? u->plural[c] : (c % 2 ? odd : "<i>y</i>");
	return &z->t;
}

static int fuzz_format(const struct fmt_format *f, const uint8_t *data, size_t size)
{
	static const struct fmt_lang ru = { "ru", "ru-RU", "nplurals=3;", 0x3Au };
	struct fmt_doc doc, back;
	struct fmt_error err;
	struct buf out;
	if (fmt_parse(f, (const char *)data, size, NULL, &doc, &err))
		return 0;
	struct fz z = { &doc, true, { 0 } };
	struct fmt_write_opts w = { NULL, fz_lookup, &z, false };
	buf_init(&out, 0);
	if (f->write(&doc, NULL, &w, &out, &err) || out.len != size ||
	    memcmp(out.data, data, size) != 0) {
		fprintf(stderr, "round trip differs: %s\n", err.msg);
		abort();
	}
	for (int skip = 0; skip < 2; skip++) {
		buf_release(&out);
		z.own = false;
		w.lang = &ru;
		w.skip_untranslated = skip;
		if (f->write(&doc, NULL, &w, &out, &err) == 0 &&
		    fmt_parse(f, out.data, out.len, NULL, &back, &err) == 0)
			fmt_doc_free(&back);
		else if (out.len)
			fprintf(stderr, "translated output does not parse: %s\n", err.msg), abort();
	}
	buf_release(&out);
	fmt_doc_free(&doc);
	return 0;
}

#endif
