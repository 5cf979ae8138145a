/*
 * TBX glossaries: TBX v2 (<martif type="TBX">, TBX-Basic, what Crowdin
 * exports) and the element names of TBX v3 (<tbx>, <conceptEntry>,
 * <langSec>, <termSec>).
 *
 *   termEntry id -> [descrip type="definition"] langSet xml:lang ->
 *     [descrip type="definition"] (tig | ntig/termGrp) -> term,
 *     termNote type="partOfSpeech"
 *
 * A definition counts at entry or langSet level, also inside a descripGrp.
 * Writing produces the same structure, one <tig> per term.
 */
#include "exchange/xch_int.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tbx_dtds[] = {
	"TBXcoreStructV02.dtd", "TBXBasiccoreStructV02.dtd", "TBXcoreStructV03.dtd",
	"TBXBasiccoreStructV03.dtd", "TBXBasicRNGV02.dtd", NULL
};

struct tterm {
	struct buf text;
	char *pos;
};

struct tlang {
	char *lang;
	char *definition;
	size_t first, n;	/* its terms in terms[] */
};

struct tbx_reader {
	struct xr x;
	char *id, *definition;
	struct tlang langs[XCH_MAX_VARIANTS];
	size_t n_langs;
	struct tterm terms[XCH_MAX_TERMS];
	size_t n_terms;
	struct tbx_lang out_langs[XCH_MAX_VARIANTS];
	struct tbx_term out_terms[XCH_MAX_TERMS];
};

static void entry_reset(struct tbx_reader *t)
{
	free(t->id);
	free(t->definition);
	t->id = t->definition = NULL;
	for (size_t i = 0; i < t->n_langs; i++) {
		free(t->langs[i].lang);
		free(t->langs[i].definition);
	}
	for (size_t i = 0; i < t->n_terms; i++) {
		buf_release(&t->terms[i].text);
		free(t->terms[i].pos);
	}
	t->n_langs = t->n_terms = 0;
}

static bool is_entry(const struct xr *x)
{
	return xr_is(x, "termEntry") || xr_is(x, "conceptEntry");
}

static bool is_lang(const struct xr *x)
{
	return xr_is(x, "langSet") || xr_is(x, "langSec");
}

static bool is_term_group(const struct xr *x)
{
	return xr_is(x, "tig") || xr_is(x, "ntig") || xr_is(x, "termSec");
}

/* Text of the current element into *dst (replacing what was there). */
static int read_text(struct xr *x, char **dst)
{
	struct buf b;
	buf_init(&b, XCH_MAX_TEXT);
	if (xr_text(x, &b)) {
		buf_release(&b);
		return -1;
	}
	free(*dst);
	*dst = buf_detach(&b, NULL);
	return 0;
}

/* The element's type attribute is `type`. */
static int type_is(struct xr *x, const char *type, bool *yes)
{
	char *v;
	if (xr_attr(x, "type", &v))
		return -1;
	*yes = v && strcmp(v, type) == 0;
	free(v);
	return 0;
}

/* descrip/termNote of the current level: a definition or a part of speech. */
static int read_note(struct tbx_reader *t, int level)
{
	struct xr *x = &t->x;
	bool yes = false;
	if (xr_is(x, "descrip") && level < 2) {
		if (type_is(x, "definition", &yes))
			return -1;
		if (yes && read_text(x, level == 0 ? &t->definition :
				     &t->langs[t->n_langs - 1].definition))
			return -1;
	} else if (xr_is(x, "termNote") && level == 2) {
		if (type_is(x, "partOfSpeech", &yes))
			return -1;
		if (yes && read_text(x, &t->terms[t->n_terms - 1].pos))
			return -1;
	} else if (xr_is(x, "term") && level == 2) {
		struct buf *b = &t->terms[t->n_terms - 1].text;
		buf_reset(b);
		return xr_text(x, b);
	}
	return 0;
}

static int deliver(struct tbx_reader *t, tbx_entry_fn fn, void *ctx)
{
	struct tbx_entry e = { .id = t->id, .definition = t->definition, .langs = t->out_langs };
	size_t nt = 0;
	for (size_t i = 0; i < t->n_langs; i++) {
		const struct tlang *l = &t->langs[i];
		struct tbx_lang *o = &t->out_langs[e.n_langs];
		*o = (struct tbx_lang){ l->lang, l->definition, t->out_terms + nt, 0 };
		for (size_t k = l->first; k < l->first + l->n; k++)
			if (t->terms[k].text.len)
				t->out_terms[nt + o->n_terms++] =
					(struct tbx_term){ t->terms[k].text.data, t->terms[k].pos };
		nt += o->n_terms;
		if (o->n_terms || o->definition)
			e.n_langs++;
	}
	return e.n_langs ? fn(ctx, &e) : 0;
}

/* One termEntry: langSets and their term groups, tracked by depth. */
static int read_entry(struct tbx_reader *t, tbx_entry_fn fn, void *ctx)
{
	struct xr *x = &t->x;
	entry_reset(t);
	if (xr_attr(x, "id", &t->id))
		return -1;
	if (xr_empty(x))
		return 0;
	int depth = xr_depth(x), lang_depth = -1, group_depth = -1, rc;
	while ((rc = xr_inside(x, depth)) > 0) {
		int d = xr_depth(x);
		if (xr_type(x) == XML_READER_TYPE_END_ELEMENT) {
			if (d == group_depth)
				group_depth = -1;
			if (d == lang_depth)
				lang_depth = group_depth = -1;
			continue;
		}
		if (xr_type(x) != XML_READER_TYPE_ELEMENT)
			continue;
		int level = group_depth >= 0 ? 2 : lang_depth >= 0 ? 1 : 0;
		if (level == 0 && is_lang(x)) {
			if (t->n_langs == XCH_MAX_VARIANTS)
				return xr_fail(x, "more than %d languages in one entry",
					       XCH_MAX_VARIANTS);
			struct tlang *l = &t->langs[t->n_langs];
			memset(l, 0, sizeof(*l));
			if (xr_attr(x, "xml:lang", &l->lang) ||
			    (!l->lang && xr_attr(x, "lang", &l->lang)))
				return -1;
			if (!l->lang || !l->lang[0]) {
				free(l->lang);
				return xr_fail(x, "<%s> without xml:lang",
					       (const char *)xmlTextReaderConstName(x->r));
			}
			l->first = t->n_terms;
			t->n_langs++;
			if (!xr_empty(x))
				lang_depth = d;
		} else if (level == 1 && is_term_group(x)) {
			if (t->n_terms == XCH_MAX_TERMS)
				return xr_fail(x, "more than %d terms in one entry", XCH_MAX_TERMS);
			struct tterm *tt = &t->terms[t->n_terms++];
			buf_init(&tt->text, XCH_MAX_TEXT);
			tt->pos = NULL;
			t->langs[t->n_langs - 1].n++;
			if (!xr_empty(x))
				group_depth = d;
		} else if (read_note(t, level)) {
			return -1;
		}
	}
	return rc < 0 ? -1 : deliver(t, fn, ctx);
}

static int read_doc(struct tbx_reader *t, tbx_entry_fn fn, void *ctx)
{
	struct xr *x = &t->x;
	bool body = false;
	int rc;
	while ((rc = xr_next(x)) > 0) {
		if (xr_is(x, "body")) {
			body = true;
		} else if (body && is_entry(x)) {
			if ((rc = read_entry(t, fn, ctx)) != 0)
				return xch_stopped(x->err, xr_line(x), rc);
		}
	}
	if (rc < 0)
		return -1;
	return body ? 0 : xch_fail(x->err, 0, "not a TBX file: no <body>");
}

int tbx_read(const char *data, size_t len, tbx_entry_fn fn, void *ctx, struct xch_error *err)
{
	struct xch_error local;
	if (!err)
		err = &local;
	struct tbx_reader *t = xcalloc(1, sizeof(*t));
	struct xr *x = &t->x;
	xch_error_clear(err);
	static const char *const roots[] = { "martif", "tbx", NULL };
	int rc = xr_open(x, data, len, tbx_dtds, err);
	if (rc == 0)
		rc = xr_root(x, roots, "TBX") ? -1 : read_doc(t, fn, ctx);
	entry_reset(t);
	xr_close(x);
	free(t);
	return rc;
}

/* ---- writing ------------------------------------------------------------ */

int tbx_write_begin(struct buf *out, const char *lang)
{
	int rc = buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<martif type=\"TBX\" xml:lang=\"") ||
		 xch_put_xml(out, lang && *lang ? lang : "en", true) ||
		 buf_adds(out, "\">\n"
			  "  <martifHeader>\n"
			  "    <fileDesc>\n"
			  "      <sourceDesc>\n"
			  "        <p>tolk</p>\n"
			  "      </sourceDesc>\n"
			  "    </fileDesc>\n"
			  "  </martifHeader>\n"
			  "  <text>\n"
			  "    <body>\n");
	return rc ? -1 : 0;
}

static int put_elem(struct buf *out, const char *indent, const char *open, const char *text,
		    const char *close)
{
	return buf_adds(out, indent) || buf_adds(out, open) || xch_put_xml(out, text, false) ||
	       buf_adds(out, close);
}

int tbx_write_entry(struct buf *out, const struct tbx_entry *e)
{
	int rc = buf_adds(out, "      <termEntry id=\"");
	if (e->id && *e->id)
		rc = rc || xch_put_xml(out, e->id, true);
	else
		rc = rc || buf_printf(out, "c%zu", out->len);	/* unique: its offset */
	rc = rc || buf_adds(out, "\">\n");
	if (e->definition && !rc)
		rc = put_elem(out, "        ", "<descrip type=\"definition\">", e->definition,
			      "</descrip>\n");
	for (size_t i = 0; i < e->n_langs && !rc; i++) {
		const struct tbx_lang *l = &e->langs[i];
		if (!l->lang || !*l->lang)
			continue;	/* a langSet needs its xml:lang */
		rc = buf_adds(out, "        <langSet xml:lang=\"") ||
		     xch_put_xml(out, l->lang, true) || buf_adds(out, "\">\n");
		if (l->definition && !rc)
			rc = put_elem(out, "          ", "<descrip type=\"definition\">",
				      l->definition, "</descrip>\n");
		for (size_t k = 0; k < l->n_terms && !rc; k++) {
			const struct tbx_term *tm = &l->terms[k];
			if (!tm->text || !*tm->text)
				continue;
			rc = buf_adds(out, "          <tig>\n") ||
			     put_elem(out, "            ", "<term>", tm->text, "</term>\n");
			if (tm->pos && !rc)
				rc = put_elem(out, "            ",
					      "<termNote type=\"partOfSpeech\">", tm->pos,
					      "</termNote>\n");
			rc = rc || buf_adds(out, "          </tig>\n");
		}
		rc = rc || buf_adds(out, "        </langSet>\n");
	}
	rc = rc || buf_adds(out, "      </termEntry>\n");
	return rc ? -1 : 0;
}

int tbx_write_end(struct buf *out)
{
	return buf_adds(out, "    </body>\n  </text>\n</martif>\n");
}
