/*
 * TBX: read; every entry read is written again (tbx_write_*), and reading
 * that output must give the same entries.  Any crash, leak or difference
 * is a finding.
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

/* The writer makes up "c<offset>" ids: such ids, and none, compare equal. */
static const char *norm_id(const char *id)
{
	if (!id || !*id)
		return NULL;
	const char *p = id + (id[0] == 'c');
	while (*p >= '0' && *p <= '9')
		p++;
	return *p || p == id + 1 ? id : NULL;
}

static int on_entry(void *ctx, const struct tbx_entry *e)
{
	struct fz *f = ctx;
	sig_str(&f->sig, norm_id(e->id));
	sig_str(&f->sig, e->definition);
	for (size_t i = 0; i < e->n_langs; i++) {
		const struct tbx_lang *l = &e->langs[i];
		sig_str(&f->sig, l->lang);
		sig_str(&f->sig, l->definition);
		for (size_t k = 0; k < l->n_terms; k++) {
			sig_str(&f->sig, l->terms[k].text);
			sig_str(&f->sig, l->terms[k].pos);
		}
		buf_addc(&f->sig, '|');
	}
	buf_addc(&f->sig, '\n');
	if (f->write && tbx_write_entry(&f->out, e))
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
	tbx_write_begin(&a.out, "en");
	if (tbx_read((const char *)data, size, on_entry, &a, &err) == 0) {
		tbx_write_end(&a.out);
		if (tbx_read(a.out.data, a.out.len, on_entry, &b, &err) != 0) {
			fprintf(stderr, "written TBX does not read: %s\n%s\n", err.msg, a.out.data);
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
