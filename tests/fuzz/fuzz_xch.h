/*
 * Shared body of the TMX and TBX fuzz targets: read the input, write every
 * unit read back out, read that output, and compare what both reads
 * delivered (a signature each callback appends to).  Any crash, leak,
 * unreadable output or difference is a finding.
 */
#ifndef TOLK_FUZZ_XCH_H
#define TOLK_FUZZ_XCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/exchange.h"

struct fz {
	struct buf sig;		/* what the read delivered */
	struct buf out;		/* written again (first read only) */
	bool write;
};

struct fz_format {
	const char *name;
	int (*read)(const char *data, size_t len, struct fz *f, struct xch_error *err);
	int (*begin)(struct buf *out, const char *lang);
	int (*end)(struct buf *out);
};

static void fz_str(struct buf *b, const char *s)
{
	if (s)
		buf_printf(b, "%zu:%s;", strlen(s), s);
	else
		buf_adds(b, "-;");
}

static void fz_roundtrip(const struct fz_format *ff, const uint8_t *data, size_t size)
{
	struct fz a = { .write = true }, b = { 0 };
	struct xch_error err;
	buf_init(&a.sig, 0);
	buf_init(&a.out, 0);
	buf_init(&b.sig, 0);
	buf_init(&b.out, 0);
	ff->begin(&a.out, "en");
	if (ff->read((const char *)data, size, &a, &err) == 0) {
		ff->end(&a.out);
		if (ff->read(a.out.data, a.out.len, &b, &err) != 0) {
			fprintf(stderr, "written %s does not read: %s\n%s\n", ff->name, err.msg,
				a.out.data);
			abort();
		}
		if (a.sig.len != b.sig.len || memcmp(a.sig.data, b.sig.data, a.sig.len) != 0) {
			fprintf(stderr, "%s round trip differs:\n%s\n%s\n", ff->name, a.sig.data,
				b.sig.data);
			abort();
		}
	}
	buf_release(&a.sig);
	buf_release(&a.out);
	buf_release(&b.sig);
	buf_release(&b.out);
}

#define FUZZ_XCH(format) \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) \
	{ \
		fz_roundtrip(&format, data, size); \
		return 0; \
	}

#endif
