#include "formats/tpl.h"
#include "formats/textutil.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

void tpl_init(struct tpl *t, const char *data, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->text = xmemdup(data, len);
	t->len = len;
}

struct tpl_span *tpl_add(struct tpl *t, size_t start, size_t end, size_t unit, int cat,
			 size_t drop_start, size_t drop_end)
{
	/*
	 * Entries sharing a line ("a"="1";"b"="2"; or a YAML flow mapping):
	 * a drop range must not reach into another unit's bytes, so such
	 * units are never left out (they fall back to the source instead).
	 */
	if (t->n_spans) {
		struct tpl_span *prev = &t->spans[t->n_spans - 1];
		if (prev->unit != unit || prev->drop_start != drop_start) {
			if (start < prev->drop_end)
				prev->drop_start = prev->drop_end = prev->start;
			size_t lim = prev->end > prev->drop_end ? prev->end : prev->drop_end;
			if (drop_start < lim)
				drop_start = drop_end = start;
		}
	}
	if (t->n_spans == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->spans = xrealloc(t->spans, t->alloc * sizeof(*t->spans));
	}
	struct tpl_span *s = &t->spans[t->n_spans++];
	*s = (struct tpl_span){ .start = start, .end = end, .unit = unit, .cat = cat,
				.drop_start = drop_start, .drop_end = drop_end };
	return s;
}

void tpl_release(struct tpl *t)
{
	free(t->text);
	free(t->spans);
	memset(t, 0, sizeof(*t));
}

void tpl_layout_free(void *layout)
{
	tpl_release(layout);
	free(layout);
}

int tpl_overflow(struct fmt_error *err)
{
	fmt_error_set(err, 0, 0, "output exceeds the buffer limit");
	return -1;
}

static const char *span_text(const struct unit *u, const struct fmt_translation *tr, int cat)
{
	if (cat == TPL_TEXT)
		return tr && tr->text ? tr->text : u->source;
	return plural_text(u, tr, cat);
}

int tpl_write(const struct fmt_doc *doc, const struct tpl *t, const struct fmt_write_opts *w,
	      const struct tpl_writer *tw, struct buf *out, struct fmt_error *err)
{
	size_t pos = 0;
	int rc = 0;

	/* one allocation for the usual case: the output is about template size */
	if (out->cap - out->len > t->len + t->len / 4)
		buf_reserve(out, t->len + t->len / 4);
	for (size_t i = 0; i < t->n_spans && rc == 0; i++) {
		const struct tpl_span *s = &t->spans[i];
		if (s->start < pos)	/* inside a left-out entry */
			continue;
		if (s->unit == TPL_NO_UNIT) {
			rc |= buf_add(out, t->text + pos, s->start - pos);
			rc |= tw->block(tw->ctx, s, NULL, NULL, w->lang, out);
			pos = s->end;
			continue;
		}
		const struct unit *u = &doc->units[s->unit];
		const struct fmt_translation *tr = w->lookup ? w->lookup(w->lookup_ctx, s->unit) : NULL;
		if (!tr && w->skip_untranslated && !(u->flags & UNIT_HIDDEN) &&
		    s->drop_start >= pos && s->drop_end > s->drop_start) {
			rc |= buf_add(out, t->text + pos, s->drop_start - pos);
			pos = s->drop_end;
			continue;
		}
		rc |= buf_add(out, t->text + pos, s->start - pos);
		if (s->cat == TPL_BLOCK) {
			rc |= tw->block(tw->ctx, s, u, tr, w->lang, out);
		} else {
			const char *text = span_text(u, tr, s->cat);
			const char *orig = s->cat == TPL_TEXT ? u->source : u->plural[s->cat];
			if (str_eq(text, orig))
				rc |= buf_add(out, t->text + s->start, s->end - s->start);
			else
				rc |= tw->value(tw->ctx, s, text, out);
		}
		pos = s->end;
	}
	if (rc == 0)
		rc = buf_add(out, t->text + pos, t->len - pos);
	return rc ? tpl_overflow(err) : 0;
}
