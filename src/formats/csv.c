/*
 * CSV (RFC 4180; the delimiter is ',' unless the first line has more ';'
 * or tabs outside quotes).  Columns mean what the `scheme` option says:
 * identifier (the key), source_phrase, source_or_translation (the source,
 * replaced by the translation on write), translation, context (the unit
 * comment), max_length, none, or a language code (multilingual files: the
 * source language's column is the source, the target language's column
 * is written).  No scheme: identifier,source_phrase,translation (with two
 * columns identifier,source_phrase; with one source_phrase).  No
 * identifier column: the source text is the key.
 *
 * Written cells: the translation (or target language) cell of each row
 * and source_or_translation cells.  An untranslated row keeps its cells
 * as they are in the template, or is left out with skip_untranslated.
 * The emitter (localization.one "csv") writes a "Key,Translation" header
 * row and one row per unit, and defuses spreadsheet formulas: a cell that
 * starts with = + - @ TAB or CR gets a leading apostrophe.
 */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_MAX_COLS 64
#define CSV_CELL 0	/* span kind: a cell the writer may replace (aux: its column) */

enum col_role { COL_NONE, COL_ID, COL_SOURCE, COL_SOURCE_OR_TR, COL_TR, COL_CONTEXT,
		COL_MAXLEN, COL_LANG };

struct csv_scheme {
	enum col_role role[CSV_MAX_COLS];
	char lang[CSV_MAX_COLS][16];	/* COL_LANG codes */
	int n;
};

struct csv_layout {
	struct tmpl t;
	struct csv_scheme sc;
	int tr_col;		/* the column a parse read translations from, or -1 */
};

struct csv_field {
	size_t start, end;	/* raw, quotes included */
	struct buf val;
};

struct csv_parser {
	const char *s;
	size_t len, pos, line;
	char delim;
	struct fmt_error *err;
	struct csv_field f[CSV_MAX_COLS];
	int nf;
};

static const char *const csv_ext[] = { "csv", NULL };

static int cerr(const struct csv_parser *p, size_t at, const char *what)
{
	size_t line = text_line_of(p->s, p->len, at);
	fmt_error_set(p->err, line, at, "csv: line %zu (offset %zu): %s", line, at, what);
	return -1;
}

static char detect_delim(const char *s, size_t len)
{
	size_t n[3] = { 0 };
	bool q = false;
	for (size_t i = 0; i < len && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q)
			n[0] += s[i] == ',', n[1] += s[i] == ';', n[2] += s[i] == '\t';
	}
	if (n[1] > n[0] && n[1] >= n[2])
		return ';';
	if (n[2] > n[0] && n[2] > n[1])
		return '\t';
	return ',';
}

/* One field at p->pos; leaves pos on the delimiter, line end or EOF. */
static int read_field(struct csv_parser *p, struct csv_field *f)
{
	buf_reset(&f->val);
	f->start = p->pos;
	if (p->pos < p->len && p->s[p->pos] == '"') {
		size_t open = p->pos++;
		for (;;) {
			const char *q = memchr(p->s + p->pos, '"', p->len - p->pos);
			if (!q)
				return cerr(p, open, "unterminated quoted field (truncated?)");
			buf_add(&f->val, p->s + p->pos, (size_t)(q - p->s) - p->pos);
			p->pos = (size_t)(q - p->s) + 1;
			if (p->pos < p->len && p->s[p->pos] == '"') {
				buf_addc(&f->val, '"');
				p->pos++;
				continue;
			}
			break;
		}
		if (p->pos < p->len && p->s[p->pos] != p->delim && p->s[p->pos] != '\n' &&
		    p->s[p->pos] != '\r')
			return cerr(p, p->pos, "text after a closing quote");
	} else {
		size_t a = p->pos;
		while (p->pos < p->len && p->s[p->pos] != p->delim && p->s[p->pos] != '\n' &&
		       p->s[p->pos] != '\r') {
			if (p->s[p->pos] == '"')
				return cerr(p, p->pos, "quote inside an unquoted field");
			p->pos++;
		}
		buf_add(&f->val, p->s + a, p->pos - a);
	}
	f->end = p->pos;
	if (f->val.len > TEXT_MAX_LINE)
		return cerr(p, f->start, "field too long");
	return 0;
}

/* One record; returns 1 at EOF, 0 with p->nf fields, -1 on error. */
static int read_record(struct csv_parser *p)
{
	if (p->pos >= p->len)
		return 1;
	p->nf = 0;
	for (;;) {
		if (p->nf == CSV_MAX_COLS)
			return cerr(p, p->pos, "more than 64 columns");
		if (read_field(p, &p->f[p->nf++]))
			return -1;
		if (p->pos < p->len && p->s[p->pos] == p->delim) {
			p->pos++;
			continue;
		}
		break;
	}
	if (p->pos < p->len && p->s[p->pos] == '\r')
		p->pos++;
	if (p->pos < p->len && p->s[p->pos] == '\n')
		p->pos++;
	return 0;
}

static int parse_scheme(const char *scheme, int ncols, struct csv_scheme *sc,
			struct fmt_error *err)
{
	static const struct { const char *name; enum col_role role; } names[] = {
		{ "identifier", COL_ID }, { "source_phrase", COL_SOURCE },
		{ "source_or_translation", COL_SOURCE_OR_TR }, { "translation", COL_TR },
		{ "context", COL_CONTEXT }, { "max_length", COL_MAXLEN }, { "none", COL_NONE },
	};
	memset(sc, 0, sizeof(*sc));
	if (!scheme || !*scheme)
		scheme = ncols >= 3 ? "identifier,source_phrase,translation" :
			 ncols == 2 ? "identifier,source_phrase" : "source_phrase";
	for (const char *s = scheme; *s && sc->n < CSV_MAX_COLS;) {
		size_t k = strcspn(s, ",");
		while (k && s[k - 1] == ' ')
			k--;
		int i = sc->n++;
		sc->role[i] = COL_LANG;
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++)
			if (strlen(names[j].name) == k && strncmp(s, names[j].name, k) == 0)
				sc->role[i] = names[j].role;
		if (sc->role[i] == COL_LANG) {
			if (k == 0 || k >= sizeof(sc->lang[i])) {
				fmt_error_set(err, 0, 0, "csv: bad scheme column %d (offset 0)", i + 1);
				return -1;
			}
			memcpy(sc->lang[i], s, k);
		}
		s += strcspn(s, ",");
		while (*s == ',' || *s == ' ')
			s++;
	}
	return 0;
}

static enum col_role role_of(const struct csv_scheme *sc, int col, const struct fmt_options *opt)
{
	if (col >= sc->n)
		return COL_NONE;
	if (sc->role[col] == COL_LANG && opt->source_language &&
	    strcasecmp(sc->lang[col], opt->source_language) == 0)
		return COL_SOURCE;
	if (sc->role[col] == COL_LANG && opt->target_language &&
	    strcasecmp(sc->lang[col], opt->target_language) == 0)
		return COL_TR;
	return sc->role[col];
}

static char *dup_val(const struct csv_field *f)
{
	return xstrndup(f->val.data, f->val.len);
}

static void add_row(struct csv_parser *p, struct fmt_doc *doc, struct csv_layout *lay,
		    const struct fmt_options *opt, size_t row_start)
{
	size_t idx = doc->n_units;
	struct unit *u = fmt_doc_add_unit(doc);
	for (int c = 0; c < p->nf; c++) {
		const struct csv_field *f = &p->f[c];
		switch (role_of(&lay->sc, c, opt)) {
		case COL_ID:
			free(u->key);
			u->key = dup_val(f);
			break;
		case COL_SOURCE:
		case COL_SOURCE_OR_TR:
			free(u->source);
			u->source = dup_val(f);
			break;
		case COL_TR:
			free(u->target);
			u->target = f->val.len ? dup_val(f) : NULL;
			break;
		case COL_CONTEXT:
			free(u->comment);
			u->comment = f->val.len ? dup_val(f) : NULL;
			break;
		case COL_MAXLEN:
			u->max_length = atoi(f->val.data);
			break;
		default:
			break;
		}
		enum col_role r = role_of(&lay->sc, c, opt);
		if (r == COL_TR || r == COL_SOURCE_OR_TR || r == COL_LANG) {
			struct tspan *s = tmpl_add_unit(&lay->t, f->start, f->end, idx, CSV_CELL,
							row_start, p->pos);
			s->aux = (uint16_t)c;
		}
	}
	if (!u->source)
		u->source = xstrdup("");
	if (!u->key)
		u->key = xstrdup(u->source);
}

static void csv_layout_free(void *l)
{
	struct csv_layout *lay = l;
	tmpl_free(&lay->t);
	free(lay);
}

static int csv_parse(const char *data, size_t len, const struct fmt_options *opt,
		     struct fmt_doc *doc, struct fmt_error *err)
{
	if (text_precheck(data, len, TEXT_CHECK_UTF8 | TEXT_CHECK_NUL, "csv", err))
		return -1;
	struct csv_layout *lay = xcalloc(1, sizeof(*lay));
	tmpl_init(&lay->t, data, len);
	doc->layout = lay;
	doc->layout_free = csv_layout_free;
	struct csv_parser p = { .s = lay->t.text, .len = len, .err = err };
	p.pos = text_bom_len(data, len);
	p.delim = detect_delim(data + p.pos, len - p.pos);
	for (int i = 0; i < CSV_MAX_COLS; i++)
		buf_init(&p.f[i].val, 0);

	int rc = 0;
	bool first = true;
	while (rc == 0) {
		size_t row_start = p.pos;
		rc = read_record(&p);
		if (rc)
			break;
		if (first && (rc = parse_scheme(opt->scheme, p.nf, &lay->sc, err)))
			break;
		bool header = first && opt->first_line_contains_header;
		first = false;
		bool blank = p.nf == 1 && p.f[0].val.len == 0 && p.f[0].start == p.f[0].end;
		if (!header && !blank)
			add_row(&p, doc, lay, opt, row_start);
	}
	for (int i = 0; i < CSV_MAX_COLS; i++)
		buf_release(&p.f[i].val);
	/* the column unit->target (else ->source) was read from: the last one */
	lay->tr_col = -1;
	for (int c = 0, tr = -1; c < lay->sc.n; c++) {
		enum col_role r = role_of(&lay->sc, c, opt);
		if (r == COL_TR)
			lay->tr_col = tr = c;
		else if (r == COL_SOURCE_OR_TR && tr < 0)
			lay->tr_col = c;
	}
	return rc < 0 ? -1 : 0;
}

/* ---- writing ---- */

int csv_put_field(struct buf *out, const char *s, char delim, bool defuse)
{
	bool formula = defuse && s[0] && strchr("=+-@\t\r", s[0]);
	bool quote = formula || strchr(s, delim) || strpbrk(s, "\"\n\r") ||
		     (s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' '));
	int rc = 0;
	if (quote)
		rc |= buf_addc(out, '"');
	if (formula)
		rc |= buf_addc(out, '\'');
	for (const char *p = s; *p;) {
		size_t k = strcspn(p, "\"");
		rc |= buf_add(out, p, k);
		p += k;
		if (*p == '"') {
			rc |= buf_adds(out, "\"\"");
			p++;
		}
	}
	if (quote)
		rc |= buf_addc(out, '"');
	return rc;
}

struct csv_wctx {
	const struct csv_layout *lay;
	char delim;
	bool quote_all;		/* the source quotes every field (Excel, csv.QUOTE_ALL) */
};

/* Whether every non-empty field of the template's first records is quoted (and there is one). */
static bool quotes_all(const struct csv_layout *lay, char delim)
{
	struct csv_parser p = { .s = lay->t.text, .len = lay->t.len, .delim = delim };
	int quoted = 0, bare = 0;
	p.pos = text_bom_len(p.s, p.len);
	for (int i = 0; i < CSV_MAX_COLS; i++)
		buf_init(&p.f[i].val, 0);
	/* a file keeps one style: its first records tell */
	for (int r = 0; r < 1000 && bare == 0 && read_record(&p) == 0; r++)
		for (int i = 0; i < p.nf; i++)
			if (p.f[i].end > p.f[i].start)
				*(p.s[p.f[i].start] == '"' ? &quoted : &bare) += 1;
	for (int i = 0; i < CSV_MAX_COLS; i++)
		buf_release(&p.f[i].val);
	return quoted && !bare;
}

/* A cell quoted when it must be, or always as the source's are. */
static int put_cell_style(struct buf *out, const char *s, const struct csv_wctx *c)
{
	bool quote = strchr(s, c->delim) || strpbrk(s, "\"\n\r") ||
		     (s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' '));
	if (quote || !c->quote_all)
		return csv_put_field(out, s, c->delim, false);
	return buf_addc(out, '"') | csv_put_field(out, s, c->delim, false) | buf_addc(out, '"');
}

/* Spelling context of a cell: an unquoted one may hold another file's delimiter. */
static uint32_t cell_ctx(char delim)
{
	return 1 + (unsigned char)delim;
}

static int csv_cell(const struct tmpl_writer *wr, const struct tspan *sp, struct buf *out)
{
	const struct csv_wctx *c = wr->ctx;
	const struct unit *u = &wr->doc->units[sp->unit];
	const struct fmt_translation *tr = tmpl_tr(wr->w, sp->unit);
	const struct fmt_lang *lang = wr->w->lang;
	int col = sp->aux;
	bool mine = c->lay->sc.role[col] != COL_LANG ||
		    (lang && lang->code && strcasecmp(c->lay->sc.lang[col], lang->code) == 0);
	const char *cur = c->lay->sc.role[col] == COL_TR ? u->target : u->source;
	if (!mine || !tr || !tr->text)
		return TS_KEEP;
	/* the spelling is of the translation column (of a language column: that one) */
	bool spell_col = c->lay->sc.role[col] == COL_LANG || col == c->lay->tr_col;
	const struct fmt_spelling *sl = !spell_col ? NULL :
		tmpl_spelled(tr, FMT_SPELL_TEXT, tr->text, cell_ctx(c->delim));
	if (sl)		/* the uploaded cell as it was */
		return buf_add(out, sl->s, sl->len) ? tmpl_overflow(wr->err) : TS_DONE;
	if (c->lay->sc.role[col] != COL_LANG && str_eq(tr->text, cur))
		return TS_KEEP;
	return put_cell_style(out, tr->text, c) ? tmpl_overflow(wr->err) : TS_DONE;
}

static int csv_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		     const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	const struct csv_layout *lay = doc->layout;
	size_t bom = text_bom_len(lay->t.text, lay->t.len);
	struct csv_wctx c = { .lay = lay, .delim = detect_delim(lay->t.text + bom, lay->t.len - bom) };
	c.quote_all = quotes_all(lay, c.delim);
	struct tmpl_writer wr = { .t = &lay->t, .doc = doc, .w = w, .err = err,
				  .span = csv_cell, .ctx = &c };
	return tmpl_write(&wr, out);
}

/* Spellings: each translation cell as written, quotes included. */
static void csv_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct csv_layout *lay = doc->layout;
	const struct tmpl *t = &lay->t;
	size_t bom = text_bom_len(t->text, t->len);
	uint32_t sctx = cell_ctx(detect_delim(t->text + bom, t->len - bom));
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		if (sp->kind == CSV_CELL && sp->aux == lay->tr_col && sp->end > sp->start)
			tmpl_spell(fn, ctx, sp->unit, FMT_SPELL_TEXT, t->text, sp->start, sp->end, sctx);
	}
}

/*
 * localization.one "csv": a UTF-8 BOM (spreadsheets then read accents), then
 * Key,Translation records, CRLF, RFC 4180.  Written exactly: a translation
 * file is data that goes back into an app, so "+33 phone" is not defused.
 */
static int emit_cell(struct buf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n"))
		return buf_adds(out, s);
	int rc = buf_addc(out, '"');
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1)
		rc |= buf_add(out, s, (size_t)(q - s + 1)) | buf_addc(out, '"');
	return rc | buf_adds(out, s) | buf_addc(out, '"');
}

FMT_EMIT_FN(fmt_csv_emit)
{
	int rc = buf_adds(out, "\xEF\xBB\xBFKey,Translation\r\n");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!tr[i])
			continue;
		const char *text = tr[i]->text ? tr[i]->text : units[i].source;
		rc |= emit_cell(out, units[i].key);
		rc |= buf_addc(out, ',');
		rc |= emit_cell(out, text ? text : "");
		rc |= buf_adds(out, "\r\n");
	}
	return rc ? tmpl_overflow(err) : 0;
}

const struct fmt_format fmt_csv = {
	.name = "csv",
	.extensions = csv_ext,
	.mime = "text/csv",
	.parse = csv_parse,
	.write = csv_write,
	.spellings = csv_spellings,
	.emit = fmt_csv_emit,
};
