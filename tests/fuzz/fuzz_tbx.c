/* TBX: read, write, read again: the same entries (fuzz_xch.h). */
#include "fuzz_xch.h"

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
	fz_str(&f->sig, norm_id(e->id));
	fz_str(&f->sig, e->definition);
	for (size_t i = 0; i < e->n_langs; i++) {
		const struct tbx_lang *l = &e->langs[i];
		fz_str(&f->sig, l->lang);
		fz_str(&f->sig, l->definition);
		for (size_t k = 0; k < l->n_terms; k++) {
			fz_str(&f->sig, l->terms[k].text);
			fz_str(&f->sig, l->terms[k].pos);
		}
		buf_addc(&f->sig, '|');
	}
	buf_addc(&f->sig, '\n');
	if (f->write && tbx_write_entry(&f->out, e))
		abort();
	return 0;
}

static int read_tbx(const char *data, size_t len, struct fz *f, struct xch_error *err)
{
	return tbx_read(data, len, on_entry, f, err);
}

static const struct fz_format tbx = { "TBX", read_tbx, tbx_write_begin, tbx_write_end };

FUZZ_XCH(tbx)
