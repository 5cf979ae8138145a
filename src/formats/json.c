/*
 * Generic JSON (flat or nested), i18next plurals included.
 *
 * Keys: every string leaf is a unit whose key is its path, object keys
 * joined with '.' and array indexes written "[i]" ("menu.items[2].title").
 * Inside one key, '\' '.' and '[' are escaped with a backslash, so
 * {"a.b": {"c": ""}} gives "a\.b.c" and the path can always be split
 * back.  Numbers, booleans and nulls are not units and are kept as they are.
 *
 * Plurals (i18next): sibling string members "k_zero" ... "k_other" (v4,
 * needs "k_other", alone in Japanese) form one plural unit "k"; so do "k"
 * and "k_plural" (v3).
 * A translated write emits one member per category of the target language
 * at the place of the group: v3 names for a v3 source when the language has
 * exactly one and other, v4 suffixes otherwise.
 *
 * Writing keeps the source's formatting byte for byte; a skipped unit's
 * member is left out with its comma.
 *
 * Emitters: "json" writes a flat object {"key": "text"} (key escapes
 * removed, plural forms as "key_one" ...), "json-clean" a nested object built by splitting keys on
 * '.' and "[i]" as above (the React/i18next "clean JSON" shape).
 */
#include "formats/formats_list.h"
#include "formats/jsontok.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { R_NONE, R_TEXT, R_GROUP_FIRST, R_GROUP_OTHER };

struct jplural {
	uint32_t base_key;	/* node whose key holds the base name */
	uint32_t base_len;	/* raw bytes of the base name in that key */
	bool v3;
};

struct json_layout {
	struct jdoc d;
	struct jplural *pl;	/* by unit index (only plural units filled) */
};

static void layout_free(void *p)
{
	struct json_layout *l = p;
	jdoc_free(&l->d);
	free(l->pl);
	free(l);
}

/* ---- reading ------------------------------------------------------------ */

static const char *const suffixes[PLURAL_NCATS] = {
	"_zero", "_one", "_two", "_few", "_many", "_other"
};

struct member {
	uint32_t node;
	const char *key;	/* decoded (not NUL-terminated): see jn_key_ref() */
	size_t len;
	char *decoded;		/* key's allocation, if any */
	size_t base_len;	/* decoded key without the plural suffix */
	int cat;		/* PLURAL_* or -1 */
	bool v3_plural;		/* "_plural" */
	int group;		/* index of the first member of its plural group, or -1 */
};

static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->base_len < y->base_len ? x->base_len : y->base_len;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	if (x->base_len != y->base_len)
		return x->base_len < y->base_len ? -1 : 1;
	return x->node < y->node ? -1 : 1;
}

/* Length of key[0..n) without `suffix`, or 0 when it does not end so. */
static size_t base_len(const char *key, size_t n, const char *suffix)
{
	size_t sl = strlen(suffix);
	return n > sl && memcmp(key + n - sl, suffix, sl) == 0 ? n - sl : 0;
}

static void classify(struct member *m)
{
	size_t n = m->len;
	m->cat = -1;
	m->base_len = n;
	m->group = -1;
	for (int c = 0; c < PLURAL_NCATS; c++) {
		size_t b = base_len(m->key, n, suffixes[c]);
		if (b) {
			m->cat = c;
			m->base_len = b;
			return;
		}
	}
	size_t b = base_len(m->key, n, "_plural");
	if (b) {
		m->v3_plural = true;
		m->base_len = b;
	}
}

/* Mark plural groups among run [a,b) of members sharing a base (sorted). */
static void mark_group(struct member *s, size_t a, size_t b, struct member *ms)
{
	bool other = false;
	size_t plain = SIZE_MAX, v3 = SIZE_MAX;
	uint32_t first = UINT32_MAX;
	for (size_t k = a; k < b; k++) {
		other |= s[k].cat == PLURAL_OTHER;
		if (s[k].cat == -1 && !s[k].v3_plural)
			plain = k;
		if (s[k].v3_plural)
			v3 = k;
	}
	for (size_t k = a; k < b; k++) {
		bool in = other ? s[k].cat >= 0 :
			  (plain != SIZE_MAX && v3 != SIZE_MAX && (k == plain || k == v3) && b - a == 2);
		if (in && s[k].node < first)
			first = s[k].node;
	}
	for (size_t k = a; k < b; k++) {
		bool in = other ? s[k].cat >= 0 :
			  (plain != SIZE_MAX && v3 != SIZE_MAX && b - a == 2);
		if (in)
			ms[s[k].group].group = (int)first;	/* s[k].group holds its index */
	}
}

/* Is any string member named like a plural form ("_one", "_plural")? */
static bool any_suffix(const struct member *ms, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (ms[k].cat >= 0 || (ms[k].cat == -1 && ms[k].v3_plural))
			return true;
	return false;
}

/* Find i18next plural groups among the string members of one object. */
static void find_groups(struct member *ms, size_t n)
{
	if (!any_suffix(ms, n))
		return;		/* no group without a suffixed member: skip the sort */
	struct member *s = xmalloc((n ? n : 1) * sizeof(*s));
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		if (ms[k].cat == -2)
			continue;	/* not a string */
		s[m] = ms[k];
		s[m++].group = (int)k;	/* back-reference into ms */
	}
	n = m;
	qsort(s, n, sizeof(*s), cmp_member);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && s[b].base_len == s[a].base_len &&
		     memcmp(s[b].key, s[a].key, s[a].base_len) == 0; b++)
			;
		/* a lone "k_other" is a group too: all Japanese has */
		if (b - a > 1 || s[a].cat == PLURAL_OTHER)
			mark_group(s, a, b, ms);
	}
	free(s);
}

struct reader {
	struct fmt_doc *doc;
	struct json_layout *l;
	struct buf path;
	size_t pl_alloc;
};

static void push_key(struct buf *path, const char *k, size_t n)
{
	size_t run = 0;		/* start of the bytes not yet copied */
	if (path->len)
		buf_addc(path, '.');
	for (size_t i = 0; i < n; i++) {
		if (k[i] == '.' || k[i] == '[' || k[i] == '\\') {
			buf_add(path, k + run, i - run);
			buf_addc(path, '\\');
			run = i;
		}
	}
	buf_add(path, k + run, n - run);
}

static struct unit *add_unit(struct reader *r, uint32_t node, int role)
{
	struct unit *u = fmt_doc_add_unit(r->doc);
	r->l->d.n[node].unit = (uint32_t)(r->doc->n_units - 1);
	r->l->d.n[node].role = (uint8_t)role;
	u->key = xstrndup(r->path.data, r->path.len);
	return u;
}

static void walk(struct reader *r, uint32_t i);

static struct jplural *plural_slot(struct reader *r, size_t unit)
{
	if (unit >= r->pl_alloc) {
		size_t na = r->pl_alloc ? r->pl_alloc * 2 : 64;
		while (na <= unit)
			na *= 2;
		r->l->pl = xrealloc(r->l->pl, na * sizeof(*r->l->pl));
		memset(r->l->pl + r->pl_alloc, 0, (na - r->pl_alloc) * sizeof(*r->l->pl));
		r->pl_alloc = na;
	}
	return &r->l->pl[unit];
}

/* The plural unit of the group whose first member is ms[k]. */
static void add_plural(struct reader *r, struct member *ms, size_t n, size_t k)
{
	struct jdoc *d = &r->l->d;
	struct unit *u = add_unit(r, ms[k].node, R_GROUP_FIRST);
	size_t idx = r->doc->n_units - 1;
	free(u->key);
	size_t save = r->path.len;
	push_key(&r->path, ms[k].key, ms[k].base_len);
	u->key = xstrndup(r->path.data, r->path.len);
	r->path.len = save;
	r->path.data[save] = '\0';
	u->flags |= UNIT_PLURAL;
	struct jplural *p = plural_slot(r, idx);
	p->base_key = ms[k].node;
	for (size_t j = k; j < n; j++) {
		if (ms[j].group != (int)ms[k].node)
			continue;
		int c = ms[j].v3_plural ? PLURAL_OTHER : ms[j].cat >= 0 ? ms[j].cat : PLURAL_ONE;
		p->v3 |= ms[j].cat < 0;
		free(u->plural[c]);
		u->plural[c] = jn_str(d, ms[j].node);
		if (j != k) {
			d->n[ms[j].node].unit = (uint32_t)idx;
			d->n[ms[j].node].role = R_GROUP_OTHER;
		}
	}
	/* raw length of the base inside the first member's key */
	const struct jn *f = &d->n[ms[k].node];
	size_t raw = f->key_end - f->key - 2;
	p->base_len = (uint32_t)(raw - (ms[k].len - ms[k].base_len));
	if (!u->plural[PLURAL_OTHER])
		u->plural[PLURAL_OTHER] = xstrdup("");
	u->source = xstrdup(u->plural[PLURAL_OTHER]);
}

static void walk_object(struct reader *r, uint32_t i)
{
	struct jdoc *d = &r->l->d;
	size_t n = 0;
	for (uint32_t c = d->n[i].first; c != JN_NONE; c = d->n[c].next)
		n++;
	struct member *ms = xcalloc(n ? n : 1, sizeof(*ms));
	size_t k = 0;
	for (uint32_t c = d->n[i].first; c != JN_NONE; c = d->n[c].next, k++) {
		ms[k].node = c;
		ms[k].key = jn_key_ref(d, c, &ms[k].len, &ms[k].decoded);
		classify(&ms[k]);
		if (d->n[c].type != JT_STR)
			ms[k].cat = -2;	/* never in a group */
	}
	find_groups(ms, n);
	for (k = 0; k < n; k++) {
		uint32_t c = ms[k].node;
		if (ms[k].group >= 0) {
			if ((uint32_t)ms[k].group == c)
				add_plural(r, ms, n, k);
			continue;
		}
		size_t save = r->path.len;
		push_key(&r->path, ms[k].key, ms[k].len);
		walk(r, c);
		r->path.len = save;
		r->path.data[save] = '\0';
	}
	for (k = 0; k < n; k++)
		free(ms[k].decoded);
	free(ms);
}

static void walk(struct reader *r, uint32_t i)
{
	struct jdoc *d = &r->l->d;
	if (d->n[i].type == JT_STR) {
		struct unit *u = add_unit(r, i, R_TEXT);
		u->source = jn_str(d, i);
	} else if (d->n[i].type == JT_OBJ) {
		walk_object(r, i);
	} else if (d->n[i].type == JT_ARR) {
		size_t k = 0;
		for (uint32_t c = d->n[i].first; c != JN_NONE; c = d->n[c].next, k++) {
			size_t save = r->path.len;
			buf_printf(&r->path, "[%zu]", k);
			walk(r, c);
			r->path.len = save;
			r->path.data[save] = '\0';
		}
	}
}

static int json_parse(const char *data, size_t len, const struct fmt_options *opt,
		      struct fmt_doc *doc, struct fmt_error *err)
{
	struct json_layout *l = xcalloc(1, sizeof(*l));
	doc->layout = l;
	doc->layout_free = layout_free;
	if (jdoc_load(&l->d, data, len, err))
		return -1;
	jdoc_keep(&l->d);
	struct reader r = { doc, l, BUF_INIT_EMPTY, 0 };
	buf_init(&r.path, 0);
	walk(&r, 0);
	buf_release(&r.path);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

struct writer {
	const struct fmt_doc *doc;
	const struct json_layout *l;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct jstyle st;	/* the source's (jstyle_detect) */
};

/* The uploaded translation's own string literal for `text` in slot, else text in style. */
static int put_text(struct writer *wr, size_t unit, int slot, const char *text, struct buf *out)
{
	const struct fmt_spelling *sl = tmpl_spelled(tmpl_tr(wr->w, unit), slot, text, 0);
	if (sl)
		return buf_add(out, sl->s, sl->len) ? -1 : 0;
	return jput_str_style(out, text, strlen(text), &wr->st);
}

static int text_error(struct writer *wr, size_t unit)
{
	fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8",
		      wr->doc->units[unit].key);
	return -1;
}

/* Rewrite a plural group from its first member: one member per category. */
static int write_group(struct writer *wr, uint32_t i, const struct jw_pos *pos,
		       const char *forms[PLURAL_NCATS], unsigned cats, struct buf *out)
{
	const struct jdoc *d = &wr->l->d;
	const struct jplural *p = &wr->l->pl[d->n[i].unit];
	const struct jn *b = &d->n[p->base_key];
	const struct jn *m = &d->n[i];
	bool v3 = p->v3 && cats == ((1u << PLURAL_ONE) | (1u << PLURAL_OTHER));
	bool first = true;
	out->len = pos->key_at;
	out->data[out->len] = '\0';
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		if (!first) {
			buf_addc(out, ',');
			buf_add(out, pos->ws, pos->ws_len);
		}
		first = false;
		buf_add(out, d->data + b->key, p->base_len + 1);
		if (!v3 || c == PLURAL_OTHER)
			buf_adds(out, v3 ? "_plural" : suffixes[c]);
		buf_addc(out, '"');
		buf_add(out, d->data + m->key_end, m->start - m->key_end);
		if (put_text(wr, d->n[i].unit, c, forms[c], out))
			return text_error(wr, d->n[i].unit);
	}
	return JW_DONE;
}

static int json_node(void *ctx, const struct jdoc *d, uint32_t i, const struct jw_pos *pos,
		     struct buf *out)
{
	struct writer *wr = ctx;
	const struct jn *n = &d->n[i];
	const char *forms[PLURAL_NCATS];
	unsigned cats;
	bool same;

	if (n->role == R_TEXT) {
		const char *s = tmpl_text(wr->doc, wr->w, n->unit, &same);
		if (!s)
			return JW_DROP;
		if (same && !tmpl_spelled(tmpl_tr(wr->w, n->unit), FMT_SPELL_TEXT, s, 0))
			return JW_KEEP;
		return put_text(wr, n->unit, FMT_SPELL_TEXT, s, out) ? text_error(wr, n->unit)
								     : JW_DONE;
	}
	if (n->role == R_GROUP_FIRST || n->role == R_GROUP_OTHER) {
		if (!tmpl_forms(wr->doc, wr->w, n->unit, forms, &cats, &same))
			return JW_DROP;
		if (same)
			return JW_KEEP;
		if (n->role == R_GROUP_OTHER)
			return JW_DROP;
		return write_group(wr, i, pos, forms, cats, out);
	}
	return JW_KEEP;
}

static int json_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		      const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct json_layout *l = doc->layout;
	struct writer wr = { .doc = doc, .l = l, .w = w, .err = err };
	jstyle_detect(&l->d, &wr.st);
	return jdoc_write(&l->d, json_node, &wr, out, err);
}

/* The plural category a group member's key names (after the base name). */
static int member_cat(const struct jdoc *d, uint32_t i, size_t base_len)
{
	const char *k = d->data + d->n[i].key + 1 + base_len;
	size_t n = d->n[i].key_end - d->n[i].key - 2 - base_len;
	if (n == 0)
		return PLURAL_ONE;	/* i18next v3: "k" and "k_plural" */
	if (n == 7 && memcmp(k, "_plural", 7) == 0)
		return PLURAL_OTHER;
	for (int c = 0; c < PLURAL_NCATS; c++)
		if (strlen(suffixes[c]) == n && memcmp(k, suffixes[c], n) == 0)
			return c;
	return -1;
}

/* Spellings: the string literal of each text, and of each plural member. */
static void json_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct json_layout *l = doc->layout;
	const struct jdoc *d = &l->d;
	for (uint32_t i = 0; i < d->count; i++) {
		const struct jn *n = &d->n[i];
		int slot = n->role == R_TEXT ? FMT_SPELL_TEXT : n->role == R_NONE ? -1 :
			   member_cat(d, i, l->pl[n->unit].base_len);
		if (slot >= 0)
			tmpl_spell(fn, ctx, n->unit, slot, d->data, n->start, n->end, 0);
	}
}

/* ---- emitters ----------------------------------------------------------- */

/*
 * A flat file's key: the unit key plus suffix, with its path escapes removed
 * ("json") or as it is ("json-clean": a string key is opaque, "back\\slash"
 * included).
 */
static const char *flat_key(struct buf *b, const char *key, const char *suffix, bool as_is)
{
	buf_reset(b);
	for (; *key; key++) {
		if (*key == '\\' && key[1] && !as_is)
			key++;
		buf_addc(b, *key);
	}
	buf_adds(b, suffix);
	return b->data;
}

static json_t *str_or_null(const char *s)
{
	return json_string(s ? s : "");
}

static int emit_common(const struct unit *units, const struct fmt_translation *const *tr,
		       size_t n, const struct fmt_lang *lang, struct buf *out,
		       struct fmt_error *err, bool as_is)
{
	json_t *root = json_object();
	struct buf key;
	int rc = 0;
	buf_init(&key, 0);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!tr[i])
			continue;
		const struct unit *u = &units[i];
		if (!(u->flags & UNIT_PLURAL)) {
			json_t *v = str_or_null(tr[i]->text);
			rc = v ? json_object_set_new(root, flat_key(&key, u->key, "", as_is), v) : -1;
			continue;
		}
		unsigned cats = plural_cats_for(u, lang) | 1u << PLURAL_OTHER;
		const char *other = tr[i]->plural[PLURAL_OTHER] ? tr[i]->plural[PLURAL_OTHER] :
				    tr[i]->text;
		for (int c = 0; c < PLURAL_NCATS && rc == 0; c++) {
			if (!(cats & (1u << c)))
				continue;
			json_t *v = str_or_null(tr[i]->plural[c] ? tr[i]->plural[c] : other);
			rc = v ? json_object_set_new(root, flat_key(&key, u->key, suffixes[c], as_is), v) :
			     -1;
		}
	}
	buf_release(&key);
	if (rc == 0) {
		char *s = json_dumps(root, JSON_INDENT(2));
		rc = !s || buf_adds(out, s) || buf_addc(out, '\n') ? -1 : 0;
		free(s);
	}
	json_decref(root);
	if (rc)
		fmt_error_set(err, 0, 0, "a translation is not valid UTF-8");
	return rc;
}

int fmt_json_emit(const struct unit *units, const struct fmt_translation *const *tr, size_t n,
		  const struct fmt_lang *lang, struct buf *out, struct fmt_error *err)
{
	return emit_common(units, tr, n, lang, out, err, false);
}

int fmt_json_clean_emit(const struct unit *units, const struct fmt_translation *const *tr,
			size_t n, const struct fmt_lang *lang, struct buf *out,
			struct fmt_error *err)
{
	/* flat too: nesting on '.' cannot hold both "menu" and "menu.file" */
	return emit_common(units, tr, n, lang, out, err, true);
}

static const char *const json_ext[] = { "json", NULL };

const struct fmt_format fmt_json = {
	.name = "json",
	.extensions = json_ext,
	.mime = "application/json",
	.parse = json_parse,
	.write = json_write,
	.spellings = json_spellings,
	.emit = fmt_json_emit,
};
