/*
 * TMX: read; every unit read is written again (tmx_write_*), and reading
 * that output must give the same units (languages, texts, contexts, ids,
 * dates).  Any crash, leak or difference is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/exchange.h"

struct fz {
	struct buf sig, out;
	bool write;
};

static void sig_str(struct buf *b, const char *s)
{
	if (s)
		buf_printf(b, "%zu:%s;", strlen(s), s);
	else
		buf_adds(b, "-;");
}

static int on_tu(void *ctx, const struct tmx_tu *tu)
{
	struct fz *f = ctx;
	sig_str(&f->sig, tu->tuid);
	sig_str(&f->sig, tu->context);
	buf_printf(&f->sig, "%lld,%lld,%zu|", (long long)tu->created, (long long)tu->changed,
		   tu->n);
	for (size_t i = 0; i < tu->n; i++) {
		sig_str(&f->sig, tu->v[i].lang);
		sig_str(&f->sig, tu->v[i].text);
		buf_printf(&f->sig, "%lld,%lld|", (long long)tu->v[i].created,
			   (long long)tu->v[i].changed);
	}
	if (f->write && tmx_write_tu(&f->out, tu))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz a = { .write = true }, b = { 0 };
	struct xch_error err;
	buf_init(&a.sig, 0);
	buf_init(&a.out, 0);
	buf_init(&b.sig, 0);
	buf_init(&b.out, 0);
	tmx_write_begin(&a.out, "en");
	if (tmx_read((const char *)data, size, on_tu, &a, &err) == 0) {
		tmx_write_end(&a.out);
		if (tmx_read(a.out.data, a.out.len, on_tu, &b, &err) != 0) {
			fprintf(stderr, "written TMX does not read: %s\n%s\n", err.msg, a.out.data);
			abort();
		}
		if (a.sig.len != b.sig.len || memcmp(a.sig.data, b.sig.data, a.sig.len) != 0) {
			fprintf(stderr, "round trip differs:\n%s\n%s\n", a.sig.data, b.sig.data);
			abort();
		}
	}
	buf_release(&a.sig);
	buf_release(&a.out);
	buf_release(&b.sig);
	buf_release(&b.out);
	return 0;
}
