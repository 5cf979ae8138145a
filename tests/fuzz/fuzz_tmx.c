/* TMX: read, write, read again: the same units (fuzz_xch.h). */
#include "fuzz_xch.h"

static int on_tu(void *ctx, const struct tmx_tu *tu)
{
	struct fz *f = ctx;
	fz_str(&f->sig, tu->tuid);
	fz_str(&f->sig, tu->context);
	buf_printf(&f->sig, "%lld,%lld,%zu|", (long long)tu->created, (long long)tu->changed,
		   tu->n);
	for (size_t i = 0; i < tu->n; i++) {
		fz_str(&f->sig, tu->v[i].lang);
		fz_str(&f->sig, tu->v[i].text);
		buf_printf(&f->sig, "%lld,%lld|", (long long)tu->v[i].created,
			   (long long)tu->v[i].changed);
	}
	if (f->write && tmx_write_tu(&f->out, tu))
		abort();
	return 0;
}

static int read_tmx(const char *data, size_t len, struct fz *f, struct xch_error *err)
{
	return tmx_read(data, len, on_tu, f, err);
}

static const struct fz_format tmx = { "TMX", read_tmx, tmx_write_begin, tmx_write_end };

FUZZ_XCH(tmx)
