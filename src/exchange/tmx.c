/*
 * TMX 1.4b (also 1.1-1.4: TMX 1.1's lang attribute is read like xml:lang).
 *
 * Reading streams the <body>: one tmx_tu per <tu> with its <tuv>s.  The
 * text of a <seg> is all the character data inside it: inline elements
 * (<ph>, <bpt>, <ept>, <it>, <ut>, <sub>) carry the original code as their
 * content, so "<ph>{0}</ph>" gives "{0}" and "<bpt i="1">&lt;b&gt;</bpt>"
 * gives "<b>"; <hi> keeps its text.  <prop>s of the tu or a tuv whose type
 * contains "context" (x-context, x-Context, ...) make the context.
 *
 * Writing: a header as TMX 1.4b asks for it (creationtool, segtype,
 * o-tmf, adminlang, srclang, datatype), then one <tu> per unit.
 */
#define _GNU_SOURCE	/* strcasestr */
#include "exchange/xch_int.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* External DTD names TMX tools write; accepted, never loaded. */
static const char *const tmx_dtds[] = {
	"tmx11.dtd", "tmx12.dtd", "tmx13.dtd", "tmx14.dtd", "tmx14b.dtd", NULL
};

struct tvar {
	char *lang;
	struct buf text;
	time_t created, changed;
	bool has_seg;
};

struct tmx_reader {
	struct xr x;
	char *srclang;		/* header */
	char *tuid, *tu_src;
	time_t created, changed;
	struct buf context;
	bool has_context;
	struct tvar v[XCH_MAX_VARIANTS];
	size_t n;
	struct tmx_variant out[XCH_MAX_VARIANTS];
};

static void tu_reset(struct tmx_reader *t)
{
	free(t->tuid);
	free(t->tu_src);
	t->tuid = t->tu_src = NULL;
	t->created = t->changed = 0;
	buf_reset(&t->context);
	t->has_context = false;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].lang);
		buf_release(&t->v[i].text);
	}
	t->n = 0;
}

static int read_date(struct xr *x, const char *name, time_t *t)
{
	char *v;
	if (xr_attr(x, name, &v))
		return -1;
	if (v)
		*t = xch_parse_date(v);
	free(v);
	return 0;
}

/* <prop type="...context...">: its text joins the context. */
static int read_prop(struct tmx_reader *t)
{
	char *type;
	if (xr_attr(&t->x, "type", &type))
		return -1;
	bool ctx = type && strcasestr(type, "context");
	free(type);
	if (!ctx)
		return 0;
	if (t->has_context && buf_addc(&t->context, '\n'))
		return -1;
	t->has_context = true;
	struct buf b;
	buf_init(&b, XCH_MAX_TEXT);
	int rc = xr_text(&t->x, &b);
	if (rc == 0 && (t->context.len + b.len > XCH_MAX_TEXT || buf_add(&t->context, b.data, b.len)))
		rc = xr_fail(&t->x, "context longer than %u bytes", XCH_MAX_TEXT);
	buf_release(&b);
	return rc;
}

static int read_tuv(struct tmx_reader *t)
{
	struct xr *x = &t->x;
	if (t->n == XCH_MAX_VARIANTS)
		return xr_fail(x, "more than %d <tuv> in one <tu>", XCH_MAX_VARIANTS);
	struct tvar *v = &t->v[t->n];
	memset(v, 0, sizeof(*v));
	if (xr_attr(x, "xml:lang", &v->lang) || (!v->lang && xr_attr(x, "lang", &v->lang)))
		return -1;
	if (!v->lang || !v->lang[0]) {
		free(v->lang);
		return xr_fail(x, "<tuv> without xml:lang");
	}
	buf_init(&v->text, XCH_MAX_TEXT);
	t->n++;
	if (read_date(x, "creationdate", &v->created) || read_date(x, "changedate", &v->changed))
		return -1;
	if (xr_empty(x))
		return 0;
	int depth = xr_depth(x), rc;
	while ((rc = xr_inside(x, depth)) > 0) {
		if (xr_depth(x) != depth + 1)
			continue;
		if (xr_is(x, "seg")) {
			if (v->has_seg)
				return xr_fail(x, "more than one <seg> in a <tuv>");
			v->has_seg = true;
			if (xr_text(x, &v->text))
				return -1;
		} else if (xr_is(x, "prop") && read_prop(t)) {
			return -1;
		}
	}
	return rc;
}

static int deliver(struct tmx_reader *t, tmx_tu_fn fn, void *ctx)
{
	struct tmx_tu tu = {
		.tuid = t->tuid, .srclang = t->tu_src ? t->tu_src : t->srclang,
		.context = t->has_context ? t->context.data : NULL,
		.created = t->created, .changed = t->changed, .v = t->out,
	};
	for (size_t i = 0; i < t->n; i++) {
		const struct tvar *v = &t->v[i];
		if (!v->has_seg)
			continue;
		t->out[tu.n++] = (struct tmx_variant){ v->lang, v->text.data, v->created, v->changed };
		if (!t->created && v->created && (!tu.created || v->created < tu.created))
			tu.created = v->created;
		if (!t->changed && v->changed > tu.changed)
			tu.changed = v->changed;
	}
	return tu.n ? fn(ctx, &tu) : 0;
}

static int read_tu(struct tmx_reader *t, tmx_tu_fn fn, void *ctx)
{
	struct xr *x = &t->x;
	tu_reset(t);
	if (xr_attr(x, "tuid", &t->tuid) || xr_attr(x, "srclang", &t->tu_src) ||
	    read_date(x, "creationdate", &t->created) || read_date(x, "changedate", &t->changed))
		return -1;
	if (xr_empty(x))
		return 0;
	int depth = xr_depth(x), rc;
	while ((rc = xr_inside(x, depth)) > 0)
		if (xr_depth(x) == depth + 1 &&
		    (xr_is(x, "tuv") ? read_tuv(t) : xr_is(x, "prop") ? read_prop(t) : 0))
			return -1;
	return rc < 0 ? -1 : deliver(t, fn, ctx);
}

/* The document after its root: header, then the units of the body. */
static int read_doc(struct tmx_reader *t, tmx_tu_fn fn, void *ctx)
{
	struct xr *x = &t->x;
	bool body = false;
	int rc, body_depth = -1;
	while ((rc = xr_next(x)) > 0) {
		if (xr_type(x) != XML_READER_TYPE_ELEMENT)
			continue;
		int d = xr_depth(x);
		if (d == 1 && xr_is(x, "header")) {
			free(t->srclang);
			if (xr_attr(x, "srclang", &t->srclang))
				return -1;
		} else if (d == 1 && xr_is(x, "body")) {
			body = true;
			body_depth = d;
		} else if (body_depth >= 0 && d == body_depth + 1 && xr_is(x, "tu")) {
			if ((rc = read_tu(t, fn, ctx)) != 0)
				return xch_stopped(x->err, xr_line(x), rc);
		}
	}
	if (rc < 0)
		return -1;
	return body ? 0 : xch_fail(x->err, 0, "not a TMX file: no <body>");
}

int tmx_read(const char *data, size_t len, tmx_tu_fn fn, void *ctx, struct xch_error *err)
{
	struct xch_error local;
	if (!err)
		err = &local;
	struct tmx_reader *t = xcalloc(1, sizeof(*t));
	struct xr *x = &t->x;
	xch_error_clear(err);
	buf_init(&t->context, XCH_MAX_TEXT);
	static const char *const roots[] = { "tmx", NULL };
	int rc = xr_open(x, data, len, tmx_dtds, err);
	if (rc == 0)
		rc = xr_root(x, roots, "TMX") ? -1 : read_doc(t, fn, ctx);
	tu_reset(t);
	free(t->srclang);
	buf_release(&t->context);
	xr_close(x);
	free(t);
	return rc;
}

/* ---- writing ------------------------------------------------------------ */

int tmx_write_begin(struct buf *out, const char *srclang)
{
	int rc = buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<tmx version=\"1.4\">\n"
			  "  <header creationtool=\"tolk\" creationtoolversion=\"" TOLK_VERSION
			  "\" segtype=\"sentence\" o-tmf=\"tolk\" adminlang=\"en\" srclang=\"");
	rc = rc || xch_put_xml(out, srclang && *srclang ? srclang : "*all*", true);
	rc = rc || buf_adds(out, "\" datatype=\"plaintext\"/>\n  <body>\n");
	return rc ? -1 : 0;
}

static int put_attr(struct buf *out, const char *name, const char *v)
{
	return buf_printf(out, " %s=\"", name) || xch_put_xml(out, v, true) || buf_addc(out, '"');
}

static int put_dates(struct buf *out, time_t created, time_t changed)
{
	int rc = 0;
	if (created)
		rc = buf_adds(out, " creationdate=\"") || xch_put_date(out, created) ||
		     buf_addc(out, '"');
	if (changed && !rc)
		rc = buf_adds(out, " changedate=\"") || xch_put_date(out, changed) ||
		     buf_addc(out, '"');
	return rc;
}

int tmx_write_tu(struct buf *out, const struct tmx_tu *tu)
{
	int rc = buf_adds(out, "    <tu");
	if (tu->tuid && !rc)
		rc = put_attr(out, "tuid", tu->tuid);
	rc = rc || put_dates(out, tu->created, tu->changed) || buf_adds(out, ">\n");
	if (tu->context && !rc)
		rc = buf_adds(out, "      <prop type=\"x-context\">") ||
		     xch_put_xml(out, tu->context, false) || buf_adds(out, "</prop>\n");
	for (size_t i = 0; i < tu->n && !rc; i++) {
		const struct tmx_variant *v = &tu->v[i];
		if (!v->lang || !*v->lang)
			continue;	/* TMX has no variant without a language */
		rc = buf_adds(out, "      <tuv") || put_attr(out, "xml:lang", v->lang) ||
		     put_dates(out, v->created, v->changed) || buf_adds(out, "><seg>") ||
		     xch_put_xml(out, v->text ? v->text : "", false) ||
		     buf_adds(out, "</seg></tuv>\n");
	}
	rc = rc || buf_adds(out, "    </tu>\n");
	return rc ? -1 : 0;
}

int tmx_write_end(struct buf *out)
{
	return buf_adds(out, "  </body>\n</tmx>\n");
}
