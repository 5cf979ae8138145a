#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

void tmpl_init(struct tmpl *t, const char *data, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->text = xmemdup(data, len);
	t->len = len;
}

void tmpl_add(struct tmpl *t, size_t start, size_t end, size_t unit, int kind, int aux)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->sp = xrealloc(t->sp, t->alloc * sizeof(*t->sp));
	}
	t->sp[t->n++] = (struct tspan){ (uint32_t)start, (uint32_t)end, (uint32_t)unit,
					(uint16_t)kind, (uint16_t)aux, 0 };
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
	free(t->text);
	free(t->sp);
	memset(t, 0, sizeof(*t));
}

void tmpl_layout_free(void *layout)
{
	tmpl_free(layout);
	free(layout);
}

int tmpl_overflow(struct fmt_error *err)
{
	fmt_error_set(err, 0, 0, "output larger than the buffer limit");
	return -1;
}

/* tmpl_run(); entries: visit TMPL_ENTRY spans (without skip_untranslated
 * they change nothing, and passing them by saves a copy per unit) */
static int run(const struct tmpl *t, const char *data, size_t len, tmpl_fn fn, void *ctx,
	       struct buf *out, struct fmt_error *err, bool entries)
{
	size_t cur = 0;
	/* the output is about as long as the template: size it once (a hint;
	 * a failure here shows up as "full" below) */
	(void)buf_reserve(out, len + len / 8);
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		if (sp->start < cur || sp->end > len)
			continue;	/* inside a span already replaced or dropped */
		if (sp->kind == TMPL_ENTRY && !entries)
			continue;
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
	tmpl_overflow(err);
	err->offset = cur;
	return -1;
}

int tmpl_run(const struct tmpl *t, const char *data, size_t len, tmpl_fn fn, void *ctx,
	     struct buf *out, struct fmt_error *err)
{
	return run(t, data, len, fn, ctx, out, err, true);
}

/* ---- unit spans ---- */

/* The entry span of the unit whose spans end the list, or NULL. */
static struct tspan *last_entry(struct tmpl *t)
{
	uint32_t unit = t->sp[t->n - 1].unit;
	for (size_t i = t->n; i-- > 0 && t->sp[i].unit == unit;)
		if (t->sp[i].kind == TMPL_ENTRY)
			return &t->sp[i];
	return NULL;
}

struct tspan *tmpl_add_unit(struct tmpl *t, size_t start, size_t end, size_t unit, int kind,
			    size_t drop_start, size_t drop_end)
{
	if (!t->n || t->sp[t->n - 1].unit != unit) {
		/*
		 * Entries sharing a line ("a"="1";"b"="2"; or a YAML flow
		 * mapping): an entry must not reach into another unit's
		 * bytes, so such units are never left out (they fall back
		 * to the source instead).  An empty entry leaves nothing out.
		 */
		size_t lim = 0;
		if (t->n) {
			struct tspan *prev = last_entry(t);
			if (prev && start < prev->end)
				prev->end = prev->start;
			lim = t->sp[t->n - 1].end;
			if (prev && prev->end > lim)
				lim = prev->end;
		}
		if (drop_start >= lim && drop_end > drop_start)
			tmpl_add(t, drop_start, drop_end, unit, TMPL_ENTRY, 0);
	}
	tmpl_add(t, start, end, unit, kind, 0);
	return &t->sp[t->n - 1];
}

/* Left out: skip_untranslated and nobody translated the unit. */
static bool left_out(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i)
{
	return w->skip_untranslated && !(doc->units[i].flags & UNIT_HIDDEN) && !tmpl_tr(w, i);
}

static int unit_span(void *ctx, const struct tspan *sp, struct buf *out)
{
	const struct tmpl_writer *wr = ctx;
	if (sp->kind == TMPL_ENTRY)
		return left_out(wr->doc, wr->w, sp->unit) ? TS_DROP : TS_KEEP;
	if (sp->kind != TMPL_TEXT)
		return wr->span(wr, sp, out);
	bool same;
	const char *s = tmpl_text(wr->doc, wr->w, sp->unit, &same);
	if (!s)
		return TS_KEEP;	/* untranslated units fall back to the source */
	const struct fmt_translation *tr = tmpl_tr(wr->w, sp->unit);
	const struct fmt_spelling *sl = tr && tr->spell ?
		tmpl_spelled(tr, FMT_SPELL_TEXT, s, wr->spell_ctx ? wr->spell_ctx(wr->t, sp) : 0) : NULL;
	if (sl)		/* the uploaded translation's own bytes */
		return buf_add(out, sl->s, sl->len) ? tmpl_overflow(wr->err) : TS_DONE;
	if (same)
		return TS_KEEP;
	return wr->value(wr, sp, s, out) ? tmpl_overflow(wr->err) : TS_DONE;
}

int tmpl_write(const struct tmpl_writer *wr, struct buf *out)
{
	return run(wr->t, wr->t->text, wr->t->len, unit_span, (void *)wr, out, wr->err,
		   wr->w->skip_untranslated);
}

/* ---- texts to write ---- */

const struct fmt_translation *tmpl_tr(const struct fmt_write_opts *w, size_t i)
{
	return w->lookup ? w->lookup(w->lookup_ctx, i) : NULL;
}

const char *tmpl_text(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		      bool *same)
{
	const struct unit *u = &doc->units[i];
	const struct fmt_translation *tr = tmpl_tr(w, i);
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

bool tmpl_forms(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		const char *forms[PLURAL_NCATS], unsigned *cats, bool *same)
{
	const struct unit *u = &doc->units[i];
	const struct fmt_translation *tr = tmpl_tr(w, i);
	/* only the translation's forms count here, not its plain text */
	struct fmt_translation tf = { 0 };
	bool have = false;
	for (int c = 0; tr && c < PLURAL_NCATS; c++)
		have |= (tf.plural[c] = tr->plural[c]) != NULL;
	if (!have && (w->skip_untranslated || (u->flags & UNIT_HIDDEN)))
		return false;
	*cats = tmpl_cats(u, have ? &tf : NULL, w->lang) | 1u << PLURAL_OTHER;
	*same = plural_forms(u, &tf, *cats, forms);
	return true;
}

unsigned unit_cats(const struct unit *u)
{
	unsigned cats = 0;
	for (int c = 0; c < PLURAL_NCATS; c++)
		if (u->plural[c])
			cats |= 1u << c;
	return cats;
}

unsigned tr_cats(const struct fmt_translation *tr)
{
	unsigned cats = 0;
	for (int c = 0; tr && c < PLURAL_NCATS; c++)
		if (tr->plural[c])
			cats |= 1u << c;
	return cats;
}

unsigned tmpl_cats(const struct unit *u, const struct fmt_translation *tr,
		   const struct fmt_lang *lang)
{
	unsigned cats = unit_cats(u);
	/* untranslated: the source's forms stand in for the translation's */
	if (lang && lang->plural_cats)
		return lang->plural_cats | ((tr ? tr_cats(tr) : cats) & lang->plural_cats_opt);
	return cats ? cats : 1u << PLURAL_OTHER;
}

unsigned plural_cats_for(const struct unit *u, const struct fmt_lang *lang)
{
	if (lang && lang->plural_cats)
		return lang->plural_cats;
	unsigned cats = unit_cats(u);
	return cats ? cats : 1u << PLURAL_OTHER;
}

const char *plural_text(const struct unit *u, const struct fmt_translation *tr, int cat)
{
	if (tr && tr->plural[cat])
		return tr->plural[cat];
	if (tr && tr->plural[PLURAL_OTHER])
		return tr->plural[PLURAL_OTHER];
	if (tr && tr->text)
		return tr->text;
	if (u->plural[cat])
		return u->plural[cat];
	if (u->plural[PLURAL_OTHER])
		return u->plural[PLURAL_OTHER];
	return u->source ? u->source : "";
}

bool plural_forms(const struct unit *u, const struct fmt_translation *tr, unsigned cats,
		  const char *forms[PLURAL_NCATS])
{
	bool same = true;
	for (int c = 0; c < PLURAL_NCATS; c++) {
		bool want = cats & (1u << c);
		forms[c] = want ? plural_text(u, tr, c) : NULL;
		if (want != (u->plural[c] != NULL) || (want && strcmp(forms[c], u->plural[c]) != 0))
			same = false;
	}
	return same;
}

/* ---- spellings ---- */

const struct fmt_spelling *tmpl_spelled(const struct fmt_translation *tr, int slot,
					const char *text, uint32_t ctx)
{
	if (!tr || !tr->spell || !text || slot < 0 || slot >= FMT_SPELL_SLOTS)
		return NULL;
	const struct fmt_spelling *sp = &tr->spell[slot];
	const char *own = slot == FMT_SPELL_TEXT ? tr->text : tr->plural[slot];
	if (!sp->s || (sp->ctx && sp->ctx != ctx) || !own || strcmp(own, text) != 0)
		return NULL;
	return sp;
}

const struct fmt_spelling *tmpl_spelled_all(const struct fmt_translation *tr,
					    const char *const forms[PLURAL_NCATS], unsigned cats,
					    uint32_t ctx)
{
	if (!tr || !tr->spell || cats != tr_cats(tr))
		return NULL;
	for (int c = 0; c < PLURAL_NCATS; c++)
		if ((cats & (1u << c)) && strcmp(forms[c], tr->plural[c]) != 0)
			return NULL;
	const struct fmt_spelling *sp = &tr->spell[FMT_SPELL_TEXT];
	return sp->s && (!sp->ctx || sp->ctx == ctx) ? sp : NULL;
}

void tmpl_spell(fmt_spell_fn fn, void *ctx, size_t unit, int slot, const char *data,
		size_t start, size_t end, uint32_t sctx)
{
	struct fmt_spelling sp = { data + start, end - start, sctx };
	fn(ctx, unit, slot, &sp);
}

void tmpl_spellings(const struct tmpl *t, int kind, tmpl_ctx_fn ctx_of, fmt_spell_fn fn,
		    void *ctx)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		if (sp->kind == kind && sp->unit != TMPL_NO_UNIT)
			tmpl_spell(fn, ctx, sp->unit, FMT_SPELL_TEXT, t->text, sp->start, sp->end,
				   ctx_of ? ctx_of(t, sp) : 0);
	}
}
