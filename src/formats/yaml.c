/*
 * Rails i18n YAML, read with libyaml.
 *
 * The event stream is built into a small tree (depth capped, aliases kept
 * as leaves and never expanded, so alias bombs cost nothing), then walked:
 * a root mapping with a single key holding a mapping is the locale root
 * ("en:"), left out of key paths and replaced by the target code on write;
 * nested keys join with '.', sequence items get "[i]"; a mapping whose keys
 * are all CLDR plural categories (with "other") is one plural unit.  Plain
 * scalars that YAML reads as null, booleans or numbers are not text.
 * Comment lines right above a key become the unit comment.
 *
 * libyaml drops comments, so the writer works on byte spans: each value's
 * scalar is replaced in place, re-quoted as its old style allows (plain,
 * '...', "...", or a | block), and a plural mapping is rewritten with the
 * target language's categories.  libyaml marks count characters; they are
 * mapped to byte offsets as the events arrive.
 */
#include "formats/format.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"
#include "formats/tmpl.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YAML_MAX_DEPTH 128
/* span kinds besides TMPL_TEXT (whose aux is the scalar style, col its key's column) */
#define YSPAN_ROOT 1u		/* the locale root key */
#define YSPAN_PLURAL 2u		/* a plural mapping (col: its column) */
#define YSPAN_FORM 3u		/* one form's scalar in it (aux: category | style << 8) */
#define YSPAN_OWN_LINE 0x100u	/* aux flag: the value starts a line after its key */

static const char *const yaml_ext[] = { "yml", "yaml", NULL };

enum ytype { Y_SCALAR, Y_MAP, Y_SEQ, Y_ALIAS };

struct ynode {
	enum ytype type;
	int style;		/* yaml_scalar_style_t */
	char *value;		/* scalar text */
	size_t start, end;	/* bytes */
	struct ynode **kids;	/* map: key, value, key, value ...; seq: items */
	size_t n, alloc;
};

struct ymap {			/* libyaml character index -> byte offset */
	const char *s;
	size_t len, ci, bi;
};

struct ywalk {
	const char *s;
	size_t len;
	struct fmt_doc *doc;
	struct tmpl *t;
	struct buf path;
	size_t seq_col;		/* column of the block sequence being walked */
};

/* ---- tree ---- */

static size_t to_byte(struct ymap *m, size_t ci)
{
	if (ci < m->ci) {
		m->ci = 0;
		m->bi = 0;
	}
	while (m->ci < ci && m->bi < m->len) {
		m->bi++;
		while (m->bi < m->len && ((unsigned char)m->s[m->bi] & 0xC0) == 0x80)
			m->bi++;
		m->ci++;
	}
	return m->bi;
}

static void node_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void node_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->alloc) {
		parent->alloc = parent->alloc ? parent->alloc * 2 : 8;
		parent->kids = xrealloc(parent->kids, parent->alloc * sizeof(*parent->kids));
	}
	parent->kids[parent->n++] = kid;
}

static int yaml_fail(yaml_parser_t *p, struct fmt_error *err)
{
	size_t line = p->problem_mark.line + 1;
	fmt_error_set(err, line, p->problem_mark.index, "yaml: line %zu column %zu: %s%s%s", line,
		      p->problem_mark.column + 1, p->problem ? p->problem : "syntax error",
		      p->context ? " " : "", p->context ? p->context : "");
	return -1;
}

static struct ynode *new_node(enum ytype type, const yaml_event_t *e, struct ymap *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	n->type = type;
	n->start = to_byte(m, e->start_mark.index);
	n->end = to_byte(m, e->end_mark.index);
	return n;
}

/* Events -> tree.  Returns the first document's root, or NULL (err set). */
static struct ynode *build_tree(const char *s, size_t len, struct fmt_error *err)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct ymap m = { .s = s, .len = len };
	struct ynode *stack[YAML_MAX_DEPTH + 1], *root = NULL;
	int depth = 0;
	bool done = false, failed = false, first_doc = true;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done && !failed) {
		if (!yaml_parser_parse(&p, &e)) {
			failed = yaml_fail(&p, err) != 0;
			break;
		}
		struct ynode *n = NULL;
		switch (first_doc ? e.type : YAML_NO_EVENT) {
		case YAML_SCALAR_EVENT:
			n = new_node(Y_SCALAR, &e, &m);
			n->style = e.data.scalar.style;
			n->value = xstrndup((const char *)e.data.scalar.value, e.data.scalar.length);
			break;
		case YAML_ALIAS_EVENT:
			n = new_node(Y_ALIAS, &e, &m);
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			n = new_node(e.type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ, &e, &m);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			stack[depth - 1]->end = to_byte(&m, e.end_mark.index);
			depth--;
			break;
		case YAML_DOCUMENT_END_EVENT:
			first_doc = false;	/* later documents are checked, not used */
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			if (e.type == YAML_STREAM_END_EVENT)
				done = true;
			break;
		}
		if (n) {
			if (depth > 0)
				node_add(stack[depth - 1], n);
			else if (!root)
				root = n;
			else	/* cannot happen inside one document */
				node_free(n), n = NULL;
			if (n && (n->type == Y_MAP || n->type == Y_SEQ)) {
				if (depth == YAML_MAX_DEPTH) {
					size_t line = e.start_mark.line + 1;
					fmt_error_set(err, line, n->start, "yaml: line %zu: nesting "
						      "deeper than %d", line, YAML_MAX_DEPTH);
					failed = true;
				} else {
					stack[depth++] = n;
				}
			}
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	if (failed) {
		node_free(root);
		return NULL;
	}
	if (!root)		/* empty file: an empty mapping */
		root = xcalloc(1, sizeof(*root));
	return root;
}

/* ---- walking ---- */

static bool word_in(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* A plain scalar YAML 1.1 (Psych) reads as null, boolean or number. */
static bool is_typed(const char *v)
{
	static const char *const words[] = {
		"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
		"FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off",
		"OFF", ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
		NULL
	};
	if (word_in(v, words))
		return true;
	const char *p = v;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o') && p[2])
		return strspn(p + 2, "0123456789abcdefABCDEF_") == strlen(p + 2);
	size_t d = strspn(p, "0123456789_");
	if (d == 0 && *p != '.')
		return false;
	p += d;
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789_");
	if ((*p == 'e' || *p == 'E') && d) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		p += strspn(p, "0123456789");
	}
	return *p == '\0' && (d || p > v + 1);
}

static bool is_text(const struct ynode *n)
{
	return n->type == Y_SCALAR && !(n->style == YAML_PLAIN_SCALAR_STYLE && is_typed(n->value));
}

static bool is_plural_map(const struct ynode *n)
{
	bool other = false;
	if (n->type != Y_MAP || n->n == 0)
		return false;
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		if (n->kids[i]->type != Y_SCALAR || !is_text(n->kids[i + 1]) ||
		    plural_cat_from_name(n->kids[i]->value) < 0)
			return false;
		other |= strcmp(n->kids[i]->value, "other") == 0;
	}
	return other;
}

static size_t line_start(const char *s, size_t at)
{
	while (at > 0 && s[at - 1] != '\n')
		at--;
	return at;
}

/* After the line end following `at` (or at itself when it starts a line). */
static size_t line_end(const struct ywalk *w, size_t at)
{
	if (at > 0 && w->s[at - 1] == '\n')
		return at;
	const char *nl = memchr(w->s + at, '\n', w->len - at);
	return nl ? (size_t)(nl - w->s) + 1 : w->len;
}

/* "# ..." lines right above the line holding `at`. */
static char *comment_above(const struct ywalk *w, size_t at)
{
	size_t ls = line_start(w->s, at), top = ls;
	while (top > 0) {
		size_t prev = line_start(w->s, top - 1), i = prev;
		while (i < top && (w->s[i] == ' ' || w->s[i] == '\t'))
			i++;
		if (i >= top || w->s[i] != '#')
			break;
		top = prev;
	}
	if (top == ls)
		return NULL;
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = top; i < ls;) {
		const char *nl = memchr(w->s + i, '\n', ls - i);
		size_t le = nl ? (size_t)(nl - w->s) : ls;
		size_t c = i;
		while (w->s[c] != '#')
			c++;
		c++;
		if (c < le && w->s[c] == ' ')
			c++;
		if (b.len)
			buf_addc(&b, '\n');
		buf_add(&b, w->s + c, le - c - (le > c && w->s[le - 1] == '\r'));
		i = le + 1;
	}
	return buf_detach(&b, NULL);
}

static struct unit *new_unit(struct ywalk *w, size_t key_at)
{
	struct unit *u = fmt_doc_add_unit(w->doc);
	u->key = xstrndup(w->path.data, w->path.len);
	u->comment = comment_above(w, key_at);
	return u;
}

/* Sequence items are never left out (later items would change index):
 * they fall back to the source instead. */
/* The key owns its line ("- key: v" does not: the dash starts an item). */
static bool owns_line(const struct ywalk *w, size_t key_at)
{
	for (size_t i = line_start(w->s, key_at); i < key_at; i++)
		if (w->s[i] != ' ' && w->s[i] != '\t')
			return false;
	return true;
}

static void add_text(struct ywalk *w, const struct ynode *v, size_t key_at, bool seq_item)
{
	/* alone on its line: indented past its key, or past a sequence item's dash */
	bool own = seq_item ? owns_line(w, v->start)
			    : line_start(w->s, v->start) != line_start(w->s, key_at);
	bool item = seq_item || !owns_line(w, key_at);
	size_t ds = item ? v->start : line_start(w->s, key_at);
	size_t de = item ? v->start : line_end(w, v->end);
	struct tspan *s = tmpl_add_unit(w->t, v->start, v->end, w->doc->n_units, TMPL_TEXT, ds, de);
	s->aux = (uint16_t)(v->style | (own ? YSPAN_OWN_LINE : 0));
	s->col = (uint32_t)(own && seq_item ? w->seq_col : key_at - line_start(w->s, key_at));
	struct unit *u = new_unit(w, key_at);
	u->source = xstrdup(v->value);
}

static void add_plural(struct ywalk *w, const struct ynode *map, size_t key_at)
{
	const struct ynode *first = map->kids[0], *last = map->kids[map->n - 1];
	bool own = owns_line(w, key_at);
	struct tspan *s = tmpl_add_unit(w->t, first->start, last->end, w->doc->n_units, YSPAN_PLURAL,
					own ? line_start(w->s, key_at) : first->start,
					own ? line_end(w, last->end) : first->start);
	uint32_t col = s->col = (uint32_t)(first->start - line_start(w->s, first->start));
	size_t idx = w->doc->n_units;
	struct unit *u = new_unit(w, key_at);
	u->flags = UNIT_PLURAL;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *v = map->kids[i + 1];
		int c = plural_cat_from_name(map->kids[i]->value);
		free(u->plural[c]);
		u->plural[c] = xstrdup(v->value);
		/* inside the mapping's span: seen only when it is kept as it is */
		tmpl_add(w->t, v->start, v->end, idx, YSPAN_FORM, c | v->style << 8);
		w->t->sp[w->t->n - 1].col = col;	/* (s may have moved) */
	}
	u->source = xstrdup(u->plural[PLURAL_OTHER]);
}

static void walk(struct ywalk *w, const struct ynode *n, size_t key_at, bool item);

static void walk_child(struct ywalk *w, const struct ynode *n, size_t key_at, const char *name,
		       size_t idx, bool seq)
{
	size_t keep = w->path.len;
	if (seq)
		buf_printf(&w->path, "[%zu]", idx);
	else
		buf_printf(&w->path, "%s%s", keep ? "." : "", name);
	walk(w, n, key_at, seq);
	w->path.len = keep;
	w->path.data[keep] = '\0';
}

static void walk(struct ywalk *w, const struct ynode *n, size_t key_at, bool item)
{
	if (n->type == Y_MAP && is_plural_map(n) && w->path.len) {
		add_plural(w, n, key_at);
	} else if (n->type == Y_MAP) {
		for (size_t i = 0; i + 1 < n->n; i += 2)
			if (n->kids[i]->type == Y_SCALAR && strcmp(n->kids[i]->value, "<<"))
				walk_child(w, n->kids[i + 1], n->kids[i]->start, n->kids[i]->value, 0,
					   false);
	} else if (n->type == Y_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			w->seq_col = n->start - line_start(w->s, n->start);
			walk_child(w, n->kids[i], n->kids[i]->start, NULL, i, true);
		}
	} else if (is_text(n) && w->path.len) {
		add_text(w, n, key_at, item);
	}
}

static int yaml_parse(const char *data, size_t len, const struct fmt_options *opt,
		      struct fmt_doc *doc, struct fmt_error *err)
{
	if (text_precheck(data, len, TEXT_CHECK_UTF8 | TEXT_CHECK_NUL, "yaml", err))
		return -1;
	/* YAML reads a lone CR as a line break; the span writer counts lines
	 * by LF, so old Mac line ends are refused rather than misplaced */
	for (const char *cr = memchr(data, '\r', len); cr; cr = memchr(cr + 1, '\r', len - (size_t)(cr + 1 - data)))
		if ((size_t)(cr + 1 - data) == len || cr[1] != '\n') {
			size_t at = (size_t)(cr - data), line = text_line_of(data, len, at);
			fmt_error_set(err, line, at, "yaml: line %zu (offset %zu): CR without LF "
				      "(old Mac line ends are not supported)", line, at);
			return -1;
		}
	struct tmpl *t = xmalloc(sizeof(*t));
	tmpl_init(t, data, len);
	doc->layout = t;
	doc->layout_free = tmpl_layout_free;
	size_t bom = text_bom_len(data, len);
	struct ynode *root = build_tree(t->text + bom, len - bom, err);
	if (!root)
		return -1;

	struct ywalk w = { .s = t->text + bom, .len = len - bom, .doc = doc, .t = t };
	buf_init(&w.path, 0);
	const struct ynode *top = root;
	if (root->type == Y_MAP && root->n == 2 && root->kids[0]->type == Y_SCALAR &&
	    root->kids[1]->type == Y_MAP) {
		/* the locale root: "en:" */
		tmpl_add(t, root->kids[0]->start, root->kids[0]->end, TMPL_NO_UNIT, YSPAN_ROOT, 0);
		top = root->kids[1];
	}
	walk(&w, top, top->start, false);
	buf_release(&w.path);
	node_free(root);
	if (bom)		/* spans are relative to the text after the BOM */
		for (size_t i = 0; i < t->n; i++)
			t->sp[i].start += bom, t->sp[i].end += bom;
	return 0;
}

/* ---- writing ---- */

static bool plain_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || is_typed(s) || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) ||
	    s[n - 1] == ' ' || s[n - 1] == ':' || strstr(s, ": ") || strstr(s, " #"))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return false;
	return true;
}

/*
 * How the source's "..." scalars spell non-ASCII (read when writing): as is,
 * or \xE9 / \u00E9 escapes (PyYAML without allow_unicode), in which case.
 */
struct yaml_style {
	char esc;	/* 0, 'x' or 'u' */
	bool lower;
};

static void scan_double(const char *s, size_t n, int ev[4])
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		ev[0] += c >= 0xC0;
		if (c != '\\' || i + 1 >= n)
			continue;
		c = (unsigned char)s[++i];
		size_t k = c == 'x' ? 2 : c == 'u' ? 4 : 0;
		if (!k || n - i <= k || hex_n(s + i + 1, k) < 0x80)
			continue;
		ev[c == 'x' ? 1 : 2]++;
		for (size_t j = 1; j <= k; j++)
			ev[3] += s[i + j] >= 'a' && s[i + j] <= 'f' ? -1 : s[i + j] >= 'A' && s[i + j] <= 'F';
		i += k;
	}
}

static void detect_style(const struct tmpl *t, struct yaml_style *st)
{
	int ev[4] = { 0 };	/* literal non-ASCII, \x, \u, hex case */
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		int style = sp->kind == TMPL_TEXT ? sp->aux & 0xFF : sp->kind == YSPAN_FORM ? sp->aux >> 8 : 0;
		if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			scan_double(t->text + sp->start, sp->end - sp->start, ev);
	}
	/* one \u2026 is a choice for that character, not a habit */
	st->esc = ev[1] + ev[2] >= 2 && ev[1] + ev[2] > ev[0] ? (ev[1] > ev[2] ? 'x' : 'u') : 0;
	st->lower = ev[3] < 0;
}

static int put_double(struct buf *out, const char *s, const struct yaml_style *st)
{
	int rc = buf_addc(out, '"');
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		uint32_t cp;
		size_t k;
		if (c == '"' || c == '\\')
			rc |= buf_addc(out, '\\') | buf_addc(out, (char)c);
		else if (c == '\n')
			rc |= buf_adds(out, "\\n");
		else if (c == '\t')
			rc |= buf_adds(out, "\\t");
		else if (c < 0x20)
			rc |= buf_printf(out, "\\x%02X", c);
		else if (c >= 0x80 && st->esc && (k = utf8_decode(p, strlen(p), &cp)) > 1) {
			rc |= buf_printf(out, cp > 0xFFFF ? (st->lower ? "\\U%08x" : "\\U%08X") :
					 cp > 0xFF || st->esc == 'u' ? (st->lower ? "\\u%04x" : "\\u%04X") :
					 st->lower ? "\\x%02x" : "\\x%02X", (unsigned)cp);
			p += k - 1;
		} else
			rc |= buf_addc(out, (char)c);
	}
	return rc | buf_addc(out, '"');
}

static int put_single(struct buf *out, const char *s)
{
	int rc = buf_addc(out, '\'');
	for (const char *p = s; *p; p++)
		rc |= *p == '\'' ? buf_adds(out, "''") : buf_addc(out, *p);
	return rc | buf_addc(out, '\'');
}

/* A | block scalar; `trail_nl`: the replaced span ended with its line end. */
static int put_literal(struct buf *out, const char *s, unsigned indent, bool trail_nl)
{
	size_t n = strlen(s);
	int rc = buf_adds(out, n && s[n - 1] == '\n' ? "|\n" : "|-\n");
	while (*s) {
		size_t k = strcspn(s, "\n");
		if (k) {
			for (unsigned i = 0; i < indent + 2; i++)
				rc |= buf_addc(out, ' ');
			rc |= buf_add(out, s, k);
		}
		s += k;
		if (*s == '\n')
			s++;
		if (*s || trail_nl)
			rc |= buf_addc(out, '\n');
	}
	return rc;
}

static bool literal_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] == ' ' || s[0] == '\n' || (n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\n'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			return false;
	return true;
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

static int put_scalar(struct buf *out, const char *text, int style, unsigned indent,
		      bool trail_nl, const struct yaml_style *st)
{
	if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
		if (literal_ok(text))
			return put_literal(out, text, indent, trail_nl);
		return put_double(out, text, st) | (trail_nl ? buf_addc(out, '\n') : 0);
	}
	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE && !has_ctl(text))
		return put_single(out, text);
	if (style == YAML_PLAIN_SCALAR_STYLE && plain_ok(text))
		return buf_adds(out, text);
	return put_double(out, text, st);
}

static int yaml_value(const struct tmpl_writer *wr, const struct tspan *sp, const char *text,
		      struct buf *out)
{
	const char *src = wr->t->text;
	bool trail_nl = sp->end > sp->start && src[sp->end - 1] == '\n';
	int style = sp->aux & 0xFF;
	bool block = (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) &&
		     literal_ok(text);
	size_t col = sp->start - line_start(src, sp->start);
	int rc = 0;
	/* a block scalar may sit at its key's column on the next line; a
	 * quoted one must be indented past the key */
	if ((sp->aux & YSPAN_OWN_LINE) && !block)
		for (size_t i = col; i <= sp->col; i++)
			rc |= buf_addc(out, ' ');
	return rc | put_scalar(out, text, style, sp->col, trail_nl, wr->ctx);
}

/*
 * Spelling context of a scalar's bytes [start, end): a one-line scalar is
 * valid anywhere; one over several lines only under a key in the same
 * column, placed alike (its own line or not, ending with a line break).
 */
static uint32_t scalar_ctx(const char *s, size_t start, size_t end, unsigned col, bool own)
{
	if (!memchr(s + start, '\n', end - start))
		return 0;
	return 1 + (col & 0xFFFF) + (own ? 1u << 16 : 0) + (s[end - 1] == '\n' ? 1u << 17 : 0);
}

static uint32_t text_ctx(const struct tmpl *t, const struct tspan *sp)
{
	return scalar_ctx(t->text, sp->start, sp->end, sp->col, sp->aux & YSPAN_OWN_LINE);
}

/* The quoting of the source's form c, else of its "other" (block scalars: "..."). */
static int form_style(const struct tmpl *t, const struct tspan *sp, int c)
{
	int style = -1, other = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	const struct tspan *f = sp, *end = t->sp + t->n;
	while (f > t->sp && f[-1].unit == sp->unit)	/* the unit's spans, in any order */
		f--;
	for (; f < end && f->unit == sp->unit; f++) {
		if (f->kind == YSPAN_FORM && (f->aux & 0xFF) == c)
			style = f->aux >> 8;
		if (f->kind == YSPAN_FORM && (f->aux & 0xFF) == PLURAL_OTHER)
			other = f->aux >> 8;
	}
	if (style < 0)
		style = other;
	return style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE ?
	       YAML_DOUBLE_QUOTED_SCALAR_STYLE : style;
}

static int write_plural(const struct tmpl_writer *wr, const struct tspan *sp, struct buf *out)
{
	const struct unit *u = &wr->doc->units[sp->unit];
	const struct fmt_translation *tr = tmpl_tr(wr->w, sp->unit);
	unsigned cats = tmpl_cats(u, tr_cats(tr) ? tr : NULL, wr->w->lang);
	const char *forms[PLURAL_NCATS];
	if (plural_forms(u, tr, cats, forms))
		return TS_KEEP;
	/* the source's last form may be a | block, whose span takes its line end along */
	const char *src = wr->t->text;
	bool trail_nl = sp->end > sp->start && src[sp->end - 1] == '\n';
	int rc = 0;
	bool first = true;
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!(cats & (1u << c)))
			continue;
		if (!first) {
			rc |= buf_addc(out, '\n');
			for (unsigned i = 0; i < sp->col; i++)
				rc |= buf_addc(out, ' ');
		}
		first = false;
		rc |= buf_printf(out, "%s: ", plural_cat_name(c));
		const struct fmt_spelling *own = tmpl_spelled(tr, c, forms[c], 1 + sp->col);
		if (own)
			rc |= buf_add(out, own->s, own->len);
		else
			rc |= put_scalar(out, forms[c], form_style(wr->t, sp, c), sp->col, false,
					 wr->ctx);
	}
	if (trail_nl)
		rc |= buf_addc(out, '\n');
	return rc ? tmpl_overflow(wr->err) : TS_DONE;
}

static int yaml_span(const struct tmpl_writer *wr, const struct tspan *sp, struct buf *out)
{
	const struct fmt_lang *lang = wr->w->lang;
	if (sp->kind == YSPAN_PLURAL)
		return write_plural(wr, sp, out);
	if (sp->kind == YSPAN_FORM)
		return TS_KEEP;	/* its mapping is kept as it is */
	if (!lang || !lang->code)	/* the locale root key */
		return TS_KEEP;
	return buf_adds(out, lang->code) ? tmpl_overflow(wr->err) : TS_DONE;
}

static int yaml_write(const struct fmt_doc *doc, const struct fmt_options *opt,
		      const struct fmt_write_opts *w, struct buf *out, struct fmt_error *err)
{
	struct yaml_style st;
	detect_style(doc->layout, &st);
	struct tmpl_writer wr = { .t = doc->layout, .doc = doc, .w = w, .err = err,
				  .value = yaml_value, .span = yaml_span, .spell_ctx = text_ctx,
				  .ctx = &st };
	return tmpl_write(&wr, out);
}

/*
 * Spellings: each scalar as written, quotes included.  A form's block
 * scalar is not kept: the writer puts its next form after a line break.
 */
static void yaml_spellings(const struct fmt_doc *doc, fmt_spell_fn fn, void *ctx)
{
	const struct tmpl *t = doc->layout;
	for (size_t i = 0; i < t->n; i++) {
		const struct tspan *sp = &t->sp[i];
		if (sp->kind == TMPL_TEXT)
			tmpl_spell(fn, ctx, sp->unit, FMT_SPELL_TEXT, t->text, sp->start, sp->end,
				   text_ctx(t, sp));
		if (sp->kind == YSPAN_FORM && t->text[sp->end - 1] != '\n')
			tmpl_spell(fn, ctx, sp->unit, sp->aux & 0xFF, t->text, sp->start, sp->end,
				   scalar_ctx(t->text, sp->start, sp->end, sp->col, false) ?
				   1 + sp->col : 0);
	}
}

const struct fmt_format fmt_yaml = {
	.name = "yaml",
	.extensions = yaml_ext,
	.mime = "application/x-yaml",
	.parse = yaml_parse,
	.write = yaml_write,
	.spellings = yaml_spellings,
	.emit = NULL,
};
