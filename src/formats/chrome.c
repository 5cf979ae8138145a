/*
 * Chrome extension messages (_locales/<lang>/messages.json):
 * {"name": {"message": "...", "description": "...", "placeholders": {...}}}.
 * Key = the message name, source = "message", comment = "description";
 * placeholders and anything else stay as written.  A translated write
 * replaces only "message" values; a skipped message loses its whole entry.
 */
#include "formats/formats_list.h"
#include "formats/jsontok.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

enum { C_NONE, C_ENTRY, C_MESSAGE };

static void layout_free(void *p)
{
	jdoc_free(p);
	free(p);
}

static int chrome_parse(const char *data, size_t len, const struct fmt_options *opt,
			struct fmt_doc *doc, struct fmt_error *err)
{
	struct jdoc *d = xcalloc(1, sizeof(*d));
	doc->layout = d;
	doc->layout_free = layout_free;
	if (jdoc_load(d, data, len, err))
		return -1;
	jdoc_keep(d);
	if (d->n[0].type != JT_OBJ) {
		fmt_error_set(err, 1, d->n[0].start, "line 1: messages.json is not an object");
		return -1;
	}
	for (uint32_t m = d->n[0].first; m != JN_NONE; m = d->n[m].next) {
		uint32_t msg = jn_member(d, m, "message");
		if (msg == JN_NONE || d->n[msg].type != JT_STR)
			continue;
		struct unit *u = fmt_doc_add_unit(doc);
		u->key = jn_key(d, m);
		u->source = jn_str(d, msg);
		uint32_t desc = jn_member(d, m, "description");
		if (desc != JN_NONE && d->n[desc].type == JT_STR)
			u->comment = jn_str(d, desc);
		d->n[m].unit = d->n[msg].unit = (uint32_t)(doc->n_units - 1);
		d->n[m].role = C_ENTRY;
		d->n[msg].role = C_MESSAGE;
	}
	return 0;
}

struct writer {
	const struct fmt_doc *doc;
	const struct fmt_write_opts *w;
	struct fmt_error *err;
	struct jstyle st;	/* the source's */
};

static int chrome_node(void *ctx, const struct jdoc *d, uint32_t i, const struct jw_pos *pos,
		       struct buf *out)
{
	struct writer *wr = ctx;
	const struct jn *n = &d->n[i];
	bool same;
	if (n->role == C_NONE)
		return JW_KEEP;
	const char *s = tmpl_text(wr->doc, wr->w, n->unit, &same);
	if (!s)
		return JW_DROP;
	const struct fmt_spelling *sl = n->role == C_MESSAGE ?
		tmpl_spelled(tmpl_tr(wr->w, n->unit), FMT_SPELL_TEXT, s, 0) : NULL;
	if (sl)		/* the uploaded translation's own literal */
		return buf_add(out, sl->s, sl->len) ? -1 : JW_DONE;
	if (n->role == C_ENTRY || same)
		return JW_KEEP;
	if (jput_str_style(out, s, strlen(s), &wr->st)) {
		fmt_error_set(wr->err, 0, 0, "translation of '%s' is not valid UTF-8",
			      wr->doc->units[n->unit].key);
		return -1;
	}
	return JW_DONE;
}

static int chrome_write(const struct fmt_doc *doc, const struct fmt_options *opt,
			const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	struct writer wr = { .doc = doc, .w = w, .err = err };
	jstyle_detect(doc->layout, &wr.st);
	return jdoc_write(doc->layout, chrome_node, &wr, out, err);
}

static void chrome_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct jdoc *d = doc->layout;
	for (uint32_t i = 0; i < d->count; i++)
		if (d->n[i].role == C_MESSAGE)
			tmpl_spell(fn, ctx, d->n[i].unit, FMT_SPELL_TEXT, d->data, d->n[i].start,
				   d->n[i].end, 0);
}

static const char *const chrome_ext[] = { NULL };	/* .json: detected as "json" */

const struct fmt_format fmt_chrome = {
	.name = "chrome",
	.extensions = chrome_ext,
	.mime = "application/json",
	.parse = chrome_parse,
	.write = chrome_write,
	.spellings = chrome_spellings,
	.emit = NULL,
};
