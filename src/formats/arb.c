/*
 * Flutter Application Resource Bundle (.arb).
 *
 * Units: every top-level string member whose name does not start with '@'.
 * "@key" metadata gives the comment ("description"); placeholders and other
 * metadata stay as written.  "@@locale" is set to the target locale on write
 * ("pt-BR" -> "pt_BR"); other "@@" members are kept.
 *
 * A message that is one ICU plural as a whole, "{n, plural, =0{..} one{..}
 * other{..}}", becomes a plural unit (=0 goes to the "zero" slot and is
 * written back as =0).  The writer regenerates it for the target language's
 * categories: "{n, plural, =0{..} one{..} few{..} ...}".  Other ICU
 * messages (select, nested, offset:, =1 ...) are plain text units.
 */
#define _GNU_SOURCE	/* qsort_r */
#include "formats/formats_list.h"
#include "formats/jsontok.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { A_NONE, A_LOCALE, A_TEXT, A_META };

struct arb_plural {
	char *var;		/* the plural argument name */
	bool zero_exact;	/* the zero slot came from "=0" */
};

struct arb_layout {
	struct jdoc d;
	struct arb_plural *pl;	/* by unit index */
	size_t n_pl;
};

static void layout_free(void *p)
{
	struct arb_layout *l = p;
	for (size_t i = 0; i < l->n_pl; i++)
		free(l->pl[i].var);
	free(l->pl);
	jdoc_free(&l->d);
	free(l);
}

/* ---- ICU plural --------------------------------------------------------- */

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* End of a balanced {...} body starting after its '{'; NULL when unbalanced. */
static const char *body_end(const char *s)
{
	int depth = 1;
	for (; *s; s++) {
		if (*s == '{')
			depth++;
		else if (*s == '}' && --depth == 0)
			return s;
	}
	return NULL;
}

/* Parse s as one ICU plural; fills u->plural[] and p.  False when it is not. */
static bool icu_plural(const char *s, struct unit *u, struct arb_plural *p)
{
	char *forms[PLURAL_NCATS] = { 0 };
	const char *v, *q = skip_ws(s);
	bool exact = false;
	if (*q++ != '{')
		return false;
	v = q = skip_ws(q);
	while (is_ident(*q))
		q++;
	size_t vl = (size_t)(q - v);
	q = skip_ws(q);
	if (!vl || *q++ != ',')
		return false;
	q = skip_ws(q);
	if (strncmp(q, "plural", 6) != 0)
		return false;
	q = skip_ws(q + 6);
	if (*q++ != ',')
		return false;
	for (;;) {
		q = skip_ws(q);
		if (*q == '}')
			break;
		const char *sel = q;
		while (is_ident(*q) || *q == '=')
			q++;
		size_t sl = (size_t)(q - sel);
		int c = -1;
		if (sl == 2 && sel[0] == '=' && sel[1] == '0') {
			c = PLURAL_ZERO;
			exact = true;
		} else {
			for (int k = 0; k < PLURAL_NCATS; k++)
				if (strlen(plural_cat_name(k)) == sl &&
				    strncmp(sel, plural_cat_name(k), sl) == 0)
					c = k;
		}
		q = skip_ws(q);
		const char *e = *q == '{' ? body_end(q + 1) : NULL;
		if (c < 0 || !e || forms[c])
			goto no;
		forms[c] = xstrndup(q + 1, (size_t)(e - q - 1));
		q = e + 1;
	}
	if (*skip_ws(q + 1) != '\0' || !forms[PLURAL_OTHER])
		goto no;
	memcpy(u->plural, forms, sizeof(forms));
	p->var = xstrndup(v, vl);
	p->zero_exact = exact;
	return true;
no:
	for (int k = 0; k < PLURAL_NCATS; k++)
		free(forms[k]);
	return false;
}

static void icu_write(struct buf *b, const struct arb_plural *p, const char *forms[PLURAL_NCATS],
		      unsigned cats)
{
	buf_printf(b, "{%s, plural,", p->var);
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		if (c == PLURAL_ZERO && p->zero_exact)
			buf_adds(b, " =0{");
		else
			buf_printf(b, " %s{", plural_cat_name(c));
		buf_adds(b, forms[c]);
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
}

/* ---- reading ------------------------------------------------------------ */

/*
 * Pairing "@key" metadata with its message.  Files put it right after the
 * message, so the unit read last before it is tried first; other orders
 * take a binary search over the units sorted by key, sorted when first
 * needed.
 */
struct pairing {
	const struct fmt_doc *doc;
	size_t *order;		/* unit indexes by key, or NULL */
};

static int cmp_unit_key(const void *a, const void *b, void *units)
{
	const struct unit *u = units;
	return strcmp(u[*(const size_t *)a].key, u[*(const size_t *)b].key);
}

/* strcmp() of key with k[0..n) (keys have no NUL: JSON rejects \u0000). */
static int key_cmp(const char *key, const char *k, size_t n)
{
	int c = strncmp(key, k, n);
	return c ? c : key[n] != '\0';
}

/* The unit whose key is k[0..n), or SIZE_MAX; `last` is the unit read
 * just before the metadata (SIZE_MAX: none). */
static size_t find_unit(struct pairing *p, size_t last, const char *k, size_t n)
{
	const struct fmt_doc *doc = p->doc;
	if (last != SIZE_MAX && key_cmp(doc->units[last].key, k, n) == 0)
		return last;
	if (!p->order) {
		p->order = xmalloc((doc->n_units + 1) * sizeof(*p->order));
		for (size_t i = 0; i < doc->n_units; i++)
			p->order[i] = i;
		qsort_r(p->order, doc->n_units, sizeof(*p->order), cmp_unit_key, doc->units);
	}
	size_t lo = 0, hi = doc->n_units;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = key_cmp(doc->units[p->order[mid]].key, k, n);
		if (c == 0)
			return p->order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static struct arb_plural *plural_slot(struct arb_layout *l, size_t unit)
{
	if (unit >= l->n_pl) {
		size_t n = l->n_pl ? l->n_pl * 2 : 64;
		while (n <= unit)
			n *= 2;
		l->pl = xrealloc(l->pl, n * sizeof(*l->pl));
		memset(l->pl + l->n_pl, 0, (n - l->n_pl) * sizeof(*l->pl));
		l->n_pl = n;
	}
	return &l->pl[unit];
}

static void read_message(struct fmt_doc *doc, struct arb_layout *l, uint32_t m)
{
	struct jdoc *d = &l->d;
	struct unit *u = fmt_doc_add_unit(doc);
	size_t idx = doc->n_units - 1;
	u->key = jn_key(d, m);
	u->source = jn_str(d, m);
	d->n[m].unit = (uint32_t)idx;
	d->n[m].role = A_TEXT;
	if (strchr(u->source, '{') && icu_plural(u->source, u, plural_slot(l, idx))) {
		u->flags |= UNIT_PLURAL;
		free(u->source);
		u->source = xstrdup(u->plural[PLURAL_OTHER]);
	}
}

/* "@key" metadata: its description is the unit's comment. */
static void attach_meta(struct fmt_doc *doc, struct jdoc *d, struct pairing *p, size_t last,
			uint32_t m)
{
	size_t n;
	char *decoded;
	const char *k = jn_key_ref(d, m, &n, &decoded);
	size_t idx = find_unit(p, last, k + 1, n - 1);	/* the key without its '@' */
	free(decoded);
	if (idx == SIZE_MAX)
		return;
	struct unit *u = &doc->units[idx];
	uint32_t desc = jn_member(d, m, "description");
	if (desc != JN_NONE && d->n[desc].type == JT_STR && !u->comment)
		u->comment = jn_str(d, desc);
	d->n[m].unit = (uint32_t)idx;
	d->n[m].role = A_META;
}

static int arb_parse(const char *data, size_t len, const struct fmt_options *opt,
		     struct fmt_doc *doc, struct fmt_error *err)
{
	struct arb_layout *l = xcalloc(1, sizeof(*l));
	struct jdoc *d = &l->d;
	doc->layout = l;
	doc->layout_free = layout_free;
	if (jdoc_load(d, data, len, err))
		return -1;
	jdoc_keep(d);
	if (d->n[0].type != JT_OBJ) {
		fmt_error_set(err, 1, d->n[0].start, "line 1: an ARB file is an object");
		return -1;
	}
	for (uint32_t m = d->n[0].first; m != JN_NONE; m = d->n[m].next) {
		bool at = d->data[d->n[m].key + 1] == '@';
		if (jn_key_is(d, m, "@@locale") && d->n[m].type == JT_STR)
			d->n[m].role = A_LOCALE;
		else if (!at && d->n[m].type == JT_STR)
			read_message(doc, l, m);
	}
	struct pairing pr = { doc, NULL };
	size_t last = SIZE_MAX;
	for (uint32_t m = d->n[0].first; m != JN_NONE; m = d->n[m].next) {
		if (d->n[m].role == A_TEXT)
			last = d->n[m].unit;
		else if (d->data[d->n[m].key + 1] == '@' && d->data[d->n[m].key + 2] != '@' &&
			 d->n[m].type == JT_OBJ)
			attach_meta(doc, d, &pr, last, m);
	}
	free(pr.order);
	plural_slot(l, doc->n_units);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

/*
 * The blanks of a source ICU plural, so a regenerated one is spaced alike:
 * head ("{n, plural,") lead sel pre "{" form "}" (gap sel pre "{" form "}")*
 * tail "}".  Read from the message when it is rewritten.
 */
struct icu_style {
	struct buf head;
	const char *lead, *pre, *gap, *tail;
	size_t lead_n, pre_n, gap_n, tail_n;
};

static size_t blanks(const char *s)
{
	return (size_t)(skip_ws(s) - s);
}

/* icu_plural() has accepted msg: find its blanks. */
static void icu_style_of(const char *msg, struct icu_style *st)
{
	const char *q = strchr(msg, ',') + 1;
	q = skip_ws(q) + strlen("plural");
	q = strchr(q, ',') + 1;
	buf_add(&st->head, msg, (size_t)(q - msg));
	st->lead = q;
	st->lead_n = blanks(q);
	q += st->lead_n;
	for (int k = 0; *q != '}'; k++) {
		while (is_ident(*q) || *q == '=')
			q++;
		if (k == 0) {
			st->pre = q;
			st->pre_n = blanks(q);
		}
		q = body_end(skip_ws(q) + 1) + 1;
		if (k == 0) {
			st->gap = q;
			st->gap_n = blanks(q);
		}
		st->tail = q;
		st->tail_n = blanks(q);
		q += st->tail_n;
	}
}

/* icu_write() spaced as the source message. */
static void icu_write_style(struct buf *b, const struct arb_plural *p, const char *forms[PLURAL_NCATS],
			    unsigned cats, const struct icu_style *st)
{
	bool first = true;
	buf_add(b, st->head.data, st->head.len);
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		buf_add(b, first ? st->lead : st->gap, first ? st->lead_n : st->gap_n);
		first = false;
		buf_adds(b, c == PLURAL_ZERO && p->zero_exact ? "=0" : plural_cat_name(c));
		buf_add(b, st->pre, st->pre_n);
		buf_addc(b, '{');
		buf_adds(b, forms[c]);
		buf_addc(b, '}');
	}
	buf_add(b, st->tail, st->tail_n);
	buf_addc(b, '}');
}

struct writer {
	const struct fmt_doc *doc;
	const struct arb_layout *l;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct jstyle st;	/* the source's */
};

static int put(struct writer *wr, struct buf *out, const char *s, size_t unit)
{
	if (jput_str_style(out, s, strlen(s), &wr->st) == 0)
		return JW_DONE;
	fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8",
		      wr->doc->units[unit].key);
	return -1;
}

static int write_plural(struct writer *wr, uint32_t node, size_t unit, bool meta,
			struct buf *out)
{
	const char *forms[PLURAL_NCATS];
	unsigned cats;
	bool same;
	const struct arb_plural *p = &wr->l->pl[unit];
	const struct unit *u = &wr->doc->units[unit];
	const struct fmt_translation *tr = tmpl_tr(wr->w, unit);
	if (!tmpl_forms(wr->doc, wr->w, unit, forms, &cats, &same))
		return JW_DROP;
	if (p->zero_exact) {
		forms[PLURAL_ZERO] = tr && tr->plural[PLURAL_ZERO] ? tr->plural[PLURAL_ZERO] :
				     u->plural[PLURAL_ZERO];
		cats |= 1u << PLURAL_ZERO;
	}
	const struct fmt_spelling *sl = meta ? NULL : tmpl_spelled_all(tr, forms, cats, 0);
	if (sl)		/* the uploaded message's own literal */
		return buf_add(out, sl->s, sl->len) ? -1 : JW_DONE;
	if (same || meta)
		return JW_KEEP;
	struct buf t;
	struct icu_style st = { .head = BUF_INIT_EMPTY };
	char *msg = jn_str(&wr->l->d, node);
	buf_init(&t, 0);
	buf_init(&st.head, 0);
	icu_style_of(msg, &st);
	icu_write_style(&t, p, forms, cats, &st);
	int rc = put(wr, out, t.data, unit);
	buf_release(&t);
	buf_release(&st.head);
	free(msg);
	return rc;
}

static int arb_node(void *ctx, const struct jdoc *d, uint32_t i, const struct jw_pos *pos,
		    struct buf *out)
{
	struct writer *wr = ctx;
	const struct jn *n = &d->n[i];
	bool same;
	if (n->role == A_LOCALE) {
		if (!wr->w->lang || !wr->w->lang->code)
			return JW_KEEP;
		char *loc = xstrdup(wr->w->lang->code);
		for (char *c = loc; *c; c++)
			if (*c == '-')
				*c = '_';
		int rc = jput_str(out, loc, strlen(loc)) ? -1 : JW_DONE;
		free(loc);
		return rc;
	}
	if (n->role != A_TEXT && n->role != A_META)
		return JW_KEEP;
	if (wr->doc->units[n->unit].flags & UNIT_PLURAL)
		return write_plural(wr, i, n->unit, n->role == A_META, out);
	const char *s = tmpl_text(wr->doc, wr->w, n->unit, &same);
	if (!s)
		return JW_DROP;
	const struct fmt_spelling *sl = n->role == A_TEXT ?
		tmpl_spelled(tmpl_tr(wr->w, n->unit), FMT_SPELL_TEXT, s, 0) : NULL;
	if (sl)
		return buf_add(out, sl->s, sl->len) ? -1 : JW_DONE;
	if (same || n->role == A_META)
		return JW_KEEP;
	return put(wr, out, s, n->unit);
}

static int arb_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		     const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct arb_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .l = l, .w = w, .err = err };
	jstyle_detect(&l->d, &wr.st);
	return jdoc_write(&l->d, arb_node, &wr, out, err);
}

/* Spellings: each message's literal (a plural one spells all its forms). */
static void arb_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct jdoc *d = &((const struct arb_layout *)doc->layout)->d;
	for (uint32_t i = 0; i < d->count; i++)
		if (d->n[i].role == A_TEXT)
			tmpl_spell(fn, ctx, d->n[i].unit, FMT_SPELL_TEXT, d->data, d->n[i].start,
				   d->n[i].end, 0);
}

/* ---- emitter (localization.one "arb") ----------------------------------- */

int fmt_arb_emit(const struct unit *units, const struct fmt_translation *const *tr, size_t n,
		 const struct fmt_lang *lang, struct buf *out, struct fmt_error *err)
{
	json_t *root = json_object();
	struct buf t, meta;
	int rc = 0;
	buf_init(&t, 0);
	buf_init(&meta, 0);
	if (lang && lang->code) {
		buf_adds(&t, lang->code);
		for (char *c = t.data; *c; c++)
			if (*c == '-')
				*c = '_';
		json_object_set_new(root, "@@locale", json_string(t.data));
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct unit *u = &units[i];
		if (!tr[i])
			continue;
		buf_reset(&t);
		if (u->flags & UNIT_PLURAL) {
			struct arb_plural p = { (char *)"count", u->plural[PLURAL_ZERO] != NULL };
			unsigned cats = plural_cats_for(u, lang) | 1u << PLURAL_OTHER;
			const char *forms[PLURAL_NCATS];
			const char *other = tr[i]->plural[PLURAL_OTHER] ? tr[i]->plural[PLURAL_OTHER] :
					    tr[i]->text ? tr[i]->text : "";
			if (p.zero_exact && tr[i]->plural[PLURAL_ZERO])
				cats |= 1u << PLURAL_ZERO;
			for (int c = 0; c < PLURAL_NCATS; c++)
				forms[c] = tr[i]->plural[c] ? tr[i]->plural[c] : other;
			icu_write(&t, &p, forms, cats);
		} else {
			buf_adds(&t, tr[i]->text ? tr[i]->text : "");
		}
		json_t *v = json_string(t.data);
		rc = v ? json_object_set_new(root, u->key, v) : -1;
		if (rc == 0 && u->comment) {
			buf_reset(&meta);
			buf_printf(&meta, "@%s", u->key);
			json_t *desc = json_string(u->comment);
			rc = desc ? json_object_set_new(root, meta.data,
							json_pack("{s:o}", "description", desc)) : -1;
		}
	}
	if (rc == 0) {
		char *s = json_dumps(root, JSON_INDENT(2));
		rc = !s || buf_adds(out, s) || buf_addc(out, '\n') ? -1 : 0;
		free(s);
	}
	if (rc)
		fmt_error_set(err, 0, 0, "a translation or key is not valid UTF-8");
	json_decref(root);
	buf_release(&t);
	buf_release(&meta);
	return rc;
}

static const char *const arb_ext[] = { "arb", NULL };

const struct fmt_format fmt_arb = {
	.name = "arb",
	.extensions = arb_ext,
	.mime = "application/json",
	.parse = arb_parse,
	.write = arb_write,
	.spellings = arb_spellings,
	.emit = fmt_arb_emit,
};
