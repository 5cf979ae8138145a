#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

void tmpl_add(struct tmpl *t, size_t start, size_t end, size_t unit, int kind, int aux)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->sp = xrealloc(t->sp, t->alloc * sizeof(*t->sp));
	}
	t->sp[t->n++] = (struct tspan){ (uint32_t)start, (uint32_t)end, (uint32_t)unit,
					(uint16_t)kind, (uint16_t)aux };
}

static int cmp_span(const void *a, const void *b)
{
	const struct tspan *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;	/* outer first */
	return 0;
}

void tmpl_seal(struct tmpl *t)
{
	size_t i = 1;
	while (i < t->n && cmp_span(&t->sp[i - 1], &t->sp[i]) <= 0)
		i++;
	if (i < t->n)	/* parsers mostly add spans in order already */
		qsort(t->sp, t->n, sizeof(*t->sp), cmp_span);
}

void tmpl_free(struct tmpl *t)
{
	free(t->sp);
	memset(t, 0, sizeof(*t));
}

int tmpl_run(const struct tmpl *t, const char *data, size_t len, tmpl_fn fn, void *ctx,
	     struct buf *out, struct fmt_error *err)
{
	size_t cur = 0;
	/* the output is about as long as the template: size it once (a hint;
	 * a failure here shows up as "full" below) */
	(void)buf_reserve(out, len + len / 8);
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		if (sp->start < cur || sp->end > len)
			continue;	/* inside a span already replaced or dropped */
		if (buf_add(out, data + cur, sp->start - cur))
			goto full;
		cur = sp->start;
		int r = fn(ctx, sp, out);
		if (r < 0)
			return -1;
		if (r != TS_KEEP)
			cur = sp->end;
	}
	if (buf_add(out, data + cur, len - cur))
		goto full;
	return 0;
full:
	fmt_error_set(err, 0, cur, "output larger than the buffer limit");
	return -1;
}

const char *tmpl_text(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		      bool *same)
{
	const struct unit *u = &doc->units[i];
	const struct fmt_translation *tr = w->lookup ? w->lookup(w->lookup_ctx, i) : NULL;
	const char *s = tr ? tr->text : NULL;
	if (!s && (u->flags & UNIT_PLURAL) && tr)
		s = tr->plural[PLURAL_OTHER];
	if (!s && (w->skip_untranslated || (u->flags & UNIT_HIDDEN)))
		return NULL;
	if (!s)
		s = u->source ? u->source : "";
	*same = u->source && strcmp(s, u->source) == 0;
	return s;
}

unsigned unit_cats(const struct unit *u)
{
	unsigned cats = 0;
	for (int c = 0; c < PLURAL_NCATS; c++)
		if (u->plural[c])
			cats |= 1u << c;
	return cats;
}

bool tmpl_forms(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		const char *forms[PLURAL_NCATS], unsigned *cats, bool *same)
{
	const struct unit *u = &doc->units[i];
	const struct fmt_translation *tr = w->lookup ? w->lookup(w->lookup_ctx, i) : NULL;
	bool have = false;
	for (int c = 0; tr && c < PLURAL_NCATS; c++)
		have |= tr->plural[c] != NULL;
	if (!have && (w->skip_untranslated || (u->flags & UNIT_HIDDEN)))
		return false;
	unsigned src = unit_cats(u);
	*cats = w->lang && w->lang->plural_cats ? w->lang->plural_cats : src;
	*cats |= 1u << PLURAL_OTHER;
	*same = *cats == src;
	const char *other = have ? tr->plural[PLURAL_OTHER] : NULL;
	const char *src_other = u->plural[PLURAL_OTHER] ? u->plural[PLURAL_OTHER] :
				u->source ? u->source : "";
	for (int c = 0; c < PLURAL_NCATS; c++) {
		forms[c] = NULL;
		if (!(*cats & (1u << c)))
			continue;
		if (have)
			forms[c] = tr->plural[c] ? tr->plural[c] : other;
		if (!forms[c])
			forms[c] = u->plural[c] ? u->plural[c] : src_other;
		if (!u->plural[c] || strcmp(forms[c], u->plural[c]) != 0)
			*same = false;
	}
	return true;
}
