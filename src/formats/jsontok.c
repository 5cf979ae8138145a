#include "formats/jsontok.h"
#include "core/utf8.h"
#include "formats/textutil.h"
#include "formats/xmlutil.h"	/* xu_put_utf8 */
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ------------------------------------------------------------ */

struct keyslot;

struct jp {
	struct jdoc *d;
	size_t p;
	int depth;
	struct fmt_error *err;
	struct keyslot *keys;	/* duplicate check table, reused by every object */
	size_t keys_alloc;
	size_t keys_owned;	/* decoded keys in it */
};

void jt_linecol(const char *data, size_t off, size_t *line, size_t *col)
{
	size_t l = 1, start = 0;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = off - start + 1;
}

static int jp_fail(struct jp *j, size_t off, const char *what)
{
	size_t line, col;
	jt_linecol(j->d->data, off, &line, &col);
	fmt_error_set(j->err, line, off, "line %zu, column %zu: %s", line, col, what);
	return -1;
}

static void skip_ws(struct jp *j)
{
	/* a local index: j->p could alias the input bytes, so the compiler
	 * would otherwise store it back before every load */
	const char *s = j->d->data;
	size_t p = j->p, n = j->d->len;
	while (p < n && (s[p] == ' ' || s[p] == '\n' || s[p] == '\t' || s[p] == '\r'))
		p++;
	j->p = p;
}

static int hex4(const char *s, size_t left, unsigned *v)
{
	*v = 0;
	if (left < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned h = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (h == 16)
			return -1;
		*v = *v * 16 + h;
	}
	return 0;
}

/* \u escape at s (after the 'u'): checks surrogate pairing; returns bytes used. */
static size_t check_u(const char *s, size_t left)
{
	unsigned v, lo;
	if (hex4(s, left, &v) || v == 0 || (v >= 0xDC00 && v <= 0xDFFF))
		return 0;
	if (v < 0xD800 || v > 0xDBFF)
		return 4;
	if (left < 10 || s[4] != '\\' || s[5] != 'u' || hex4(s + 6, left - 6, &lo) ||
	    lo < 0xDC00 || lo > 0xDFFF)
		return 0;
	return 10;
}

static bool is_escape(char e)
{
	switch (e) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		return true;
	default:
		return false;
	}
}

/*
 * End of the run of plain string bytes at s[p..n): those that are not '"',
 * '\\' or a control character.  Eight bytes at a time first, with the
 * classic "has a byte less than" test (x - k) & ~x & 0x80..: strings are
 * mostly plain text, and bytes >= 0x80 (UTF-8, validated) are plain too.
 */
static size_t plain_run(const char *s, size_t p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	for (; p + 8 <= n; p += 8) {
		uint64_t w;
		memcpy(&w, s + p, 8);
		uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');
		if (((w - ones * 0x20) | (quote - ones) | (bslash - ones)) & ~w & high)
			break;
	}
	while (p < n && (unsigned char)s[p] >= 0x20 && s[p] != '"' && s[p] != '\\')
		p++;
	return p;
}

static int parse_string(struct jp *j)
{
	const char *s = j->d->data;
	size_t start = j->p, n = j->d->len, p = start + 1;	/* local: see skip_ws */
	for (;;) {
		p = plain_run(s, p, n);
		if (p >= n)
			return jp_fail(j, start, "unterminated string");
		if (s[p] == '"')
			break;
		if (s[p] != '\\')
			return jp_fail(j, p, "control character in string");
		if (p + 1 >= n)
			return jp_fail(j, start, "unterminated string");
		if (s[p + 1] == 'u') {
			size_t used = check_u(s + p + 2, n - p - 2);
			if (!used)
				return jp_fail(j, p, "bad \\u escape");
			p += 2 + used;
		} else if (is_escape(s[p + 1])) {
			p += 2;
		} else {
			return jp_fail(j, p, "bad escape");
		}
	}
	j->p = p + 1;
	if (j->p - start > JT_MAX_STRING)
		return jp_fail(j, start, "string longer than 10 MB");
	return 0;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static int parse_number(struct jp *j)
{
	const char *s = j->d->data;
	size_t n = j->d->len, start = j->p;
	if (j->p < n && s[j->p] == '-')
		j->p++;
	if (j->p < n && s[j->p] == '0') {
		j->p++;
	} else {
		if (j->p >= n || !digit(s[j->p]))
			return jp_fail(j, start, "bad number");
		while (j->p < n && digit(s[j->p]))
			j->p++;
	}
	if (j->p < n && s[j->p] == '.') {
		j->p++;
		if (j->p >= n || !digit(s[j->p]))
			return jp_fail(j, start, "bad number");
		while (j->p < n && digit(s[j->p]))
			j->p++;
	}
	if (j->p < n && (s[j->p] == 'e' || s[j->p] == 'E')) {
		j->p++;
		if (j->p < n && (s[j->p] == '+' || s[j->p] == '-'))
			j->p++;
		if (j->p >= n || !digit(s[j->p]))
			return jp_fail(j, start, "bad number");
		while (j->p < n && digit(s[j->p]))
			j->p++;
	}
	return 0;
}

static uint32_t add_node(struct jp *j, uint32_t parent)
{
	struct jdoc *d = j->d;
	if (d->count == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 256;
		d->n = xrealloc(d->n, d->alloc * sizeof(*d->n));
	}
	uint32_t i = (uint32_t)d->count++;
	struct jn *n = &d->n[i];
	memset(n, 0, sizeof(*n));
	n->parent = parent;
	n->first = n->last = n->next = n->unit = JN_NONE;
	if (parent != JN_NONE) {
		struct jn *p = &d->n[parent];
		if (p->last != JN_NONE)
			d->n[p->last].next = i;
		else
			p->first = i;
		p->last = i;
	}
	return i;
}

/* ---- duplicate keys ----------------------------------------------------- */

/*
 * Each object's keys go into an open-addressing hash table, in document
 * order, so the check is linear in the members (big flat files have tens
 * of thousands).  The table is the parser's, reused by every object.
 * Keys made to collide could make the probing quadratic: past a budget of
 * probes the object is checked by sorting its keys instead (n log n).
 */
struct keyslot {
	const char *s;		/* the key; NULL: empty slot */
	size_t n;
	uint64_t hash;
	char *decoded;		/* s decoded from escapes: free it */
	uint32_t node;		/* the member */
};

enum { KEY_NEW, KEY_DUP, KEY_SLOW };

#define KEY_PROBES 8	/* budget per key; real keys average under one */

/* Room for at least twice cnt slots, empty; returns the size (a power of 2). */
static size_t keys_table(struct jp *j, size_t cnt)
{
	size_t size = 16;
	while (size < 2 * cnt)
		size *= 2;
	if (size > j->keys_alloc) {
		free(j->keys);
		j->keys = xmalloc(size * sizeof(*j->keys));
		j->keys_alloc = size;
	}
	memset(j->keys, 0, size * sizeof(*j->keys));
	return size;
}

/* Free the decoded keys among the first n slots. */
static void keys_release(struct jp *j, size_t n)
{
	for (size_t i = 0; j->keys_owned && i < n; i++)
		if (j->keys[i].decoded) {
			free(j->keys[i].decoded);
			j->keys[i].decoded = NULL;
			j->keys_owned--;
		}
}

static struct keyslot key_of(struct jp *j, uint32_t c)
{
	struct keyslot k;
	k.s = jn_key_ref(j->d, c, &k.n, &k.decoded);
	k.hash = text_hash(k.s, k.n);
	k.node = c;
	j->keys_owned += k.decoded != NULL;
	return k;
}

static bool same_key(const struct keyslot *a, const struct keyslot *b)
{
	return a->hash == b->hash && a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

/* Add member c's key to the table (KEY_NEW), or find it there (KEY_DUP),
 * or give up when the probes exceed *budget (KEY_SLOW). */
static int key_insert(struct jp *j, size_t size, uint32_t c, size_t *budget)
{
	struct keyslot k = key_of(j, c);
	size_t i = (size_t)k.hash & (size - 1);
	int rc = KEY_NEW;
	for (; j->keys[i].s && rc == KEY_NEW; i = (i + 1) & (size - 1)) {
		if (same_key(&j->keys[i], &k))
			rc = KEY_DUP;
		else if ((*budget)-- == 0)
			rc = KEY_SLOW;
	}
	if (rc == KEY_NEW) {
		j->keys[i] = k;
	} else if (k.decoded) {
		free(k.decoded);
		j->keys_owned--;
	}
	return rc;
}

static int cmp_key(const void *a, const void *b)
{
	const struct keyslot *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	int c = memcmp(x->s, y->s, x->n);
	return c ? c : (x->node < y->node ? -1 : 1);
}

/* The first member (in document order) whose key repeats, by sorting. */
static uint32_t duplicate_by_sort(struct jp *j, uint32_t obj, size_t cnt)
{
	const struct jdoc *d = j->d;
	struct keyslot *keys = j->keys;
	size_t k = 0;
	for (uint32_t c = d->n[obj].first; c != JN_NONE; c = d->n[c].next)
		keys[k++] = key_of(j, c);
	qsort(keys, cnt, sizeof(*keys), cmp_key);
	uint32_t dup = JN_NONE;
	for (k = 1; k < cnt; k++)
		if (same_key(&keys[k - 1], &keys[k]) && keys[k].node < dup)
			dup = keys[k].node;
	keys_release(j, cnt);
	return dup;
}

static int check_duplicates(struct jp *j, uint32_t obj)
{
	const struct jdoc *d = j->d;
	size_t cnt = 0;
	for (uint32_t c = d->n[obj].first; c != JN_NONE; c = d->n[c].next)
		cnt++;
	if (cnt < 2)
		return 0;
	size_t size = keys_table(j, cnt), budget = KEY_PROBES * cnt;
	uint32_t dup = JN_NONE;
	int rc = KEY_NEW;
	for (uint32_t c = d->n[obj].first; c != JN_NONE && rc == KEY_NEW; c = d->n[c].next)
		if ((rc = key_insert(j, size, c, &budget)) == KEY_DUP)
			dup = c;
	keys_release(j, size);
	if (rc == KEY_SLOW)
		dup = duplicate_by_sort(j, obj, cnt);
	return dup == JN_NONE ? 0 : jp_fail(j, d->n[dup].key, "duplicate object key");
}

/* ---- values ------------------------------------------------------------- */

static int parse_value(struct jp *j, uint32_t parent, size_t key, size_t key_end);

static int parse_members(struct jp *j, uint32_t obj)
{
	const char *s = j->d->data;
	skip_ws(j);
	if (j->p < j->d->len && s[j->p] == '}')
		return 0;
	for (;;) {
		skip_ws(j);
		if (j->p >= j->d->len || s[j->p] != '"')
			return jp_fail(j, j->p, "expected a string key");
		size_t key = j->p;
		if (parse_string(j))
			return -1;
		size_t key_end = j->p;
		skip_ws(j);
		if (j->p >= j->d->len || s[j->p] != ':')
			return jp_fail(j, j->p, "expected ':'");
		j->p++;
		skip_ws(j);
		if (parse_value(j, obj, key, key_end))
			return -1;
		skip_ws(j);
		if (j->p < j->d->len && s[j->p] == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->d->len && s[j->p] == '}')
			return 0;
		return jp_fail(j, j->p, "expected ',' or '}'");
	}
}

static int parse_elements(struct jp *j, uint32_t arr)
{
	const char *s = j->d->data;
	skip_ws(j);
	if (j->p < j->d->len && s[j->p] == ']')
		return 0;
	for (;;) {
		skip_ws(j);
		if (parse_value(j, arr, 0, 0))
			return -1;
		skip_ws(j);
		if (j->p < j->d->len && s[j->p] == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->d->len && s[j->p] == ']')
			return 0;
		return jp_fail(j, j->p, "expected ',' or ']'");
	}
}

static int parse_container(struct jp *j, uint32_t i, bool obj)
{
	if (++j->depth > JT_MAX_DEPTH)
		return jp_fail(j, j->p, "nesting deeper than 256");
	j->p++;
	if (obj ? parse_members(j, i) : parse_elements(j, i))
		return -1;
	j->p++;	/* the closing bracket */
	j->depth--;
	return obj ? check_duplicates(j, i) : 0;
}

static int parse_literal(struct jp *j, const char *lit)
{
	size_t l = strlen(lit);
	if (j->d->len - j->p < l || memcmp(j->d->data + j->p, lit, l) != 0)
		return jp_fail(j, j->p, "unexpected character");
	j->p += l;
	return 0;
}

static int parse_value(struct jp *j, uint32_t parent, size_t key, size_t key_end)
{
	if (j->p >= j->d->len)
		return jp_fail(j, j->p, "unexpected end of input");
	if (j->d->count >= JT_MAX_NODES)
		return jp_fail(j, j->p, "more than 4M values");
	uint32_t i = add_node(j, parent);
	size_t start = j->p;
	int rc, type;
	switch (j->d->data[j->p]) {
	case '{': type = JT_OBJ; rc = parse_container(j, i, true); break;
	case '[': type = JT_ARR; rc = parse_container(j, i, false); break;
	case '"': type = JT_STR; rc = parse_string(j); break;
	case 't': type = JT_TRUE; rc = parse_literal(j, "true"); break;
	case 'f': type = JT_FALSE; rc = parse_literal(j, "false"); break;
	case 'n': type = JT_NULL; rc = parse_literal(j, "null"); break;
	default: type = JT_NUM; rc = parse_number(j); break;
	}
	struct jn *n = &j->d->n[i];	/* may have moved */
	n->type = (uint8_t)type;
	n->start = (uint32_t)start;
	n->end = (uint32_t)j->p;
	n->key = (uint32_t)key;
	n->key_end = (uint32_t)key_end;
	return rc;
}

static int load(struct jp *j)
{
	const char *data = j->d->data;
	size_t len = j->d->len, bad;
	if (len > JT_MAX_INPUT) {
		fmt_error_set(j->err, 0, JT_MAX_INPUT, "file larger than %u bytes (at byte %u)",
			      JT_MAX_INPUT, JT_MAX_INPUT);
		return -1;
	}
	if (!utf8_valid(data, len, &bad))
		return jp_fail(j, bad, "invalid UTF-8");
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		j->p = 3;	/* byte order mark, kept on write */
	skip_ws(j);
	if (parse_value(j, JN_NONE, 0, 0))
		return -1;
	skip_ws(j);
	if (j->p != len)
		return jp_fail(j, j->p, "data after the JSON value");
	return 0;
}

int jdoc_load(struct jdoc *d, const char *data, size_t len, struct fmt_error *err)
{
	struct jp j = { .d = d, .err = err };
	memset(d, 0, sizeof(*d));
	d->data = data;
	d->len = len;
	int rc = load(&j);
	free(j.keys);
	if (rc)
		jdoc_free(d);
	return rc;
}

void jdoc_keep(struct jdoc *d)
{
	d->own = xmalloc(d->len + 1);	/* the input need not be NUL-terminated */
	memcpy(d->own, d->data, d->len);
	d->own[d->len] = '\0';
	d->data = d->own;
}

void jdoc_free(struct jdoc *d)
{
	free(d->n);
	free(d->own);
	memset(d, 0, sizeof(*d));
}

/* ---- access ------------------------------------------------------------- */

/* Append the escape whose letter is at e; returns the byte after it. */
static const char *put_escape(struct buf *b, const char *e, const char *end)
{
	unsigned v = 0, lo = 0;
	switch (*e) {
	case 'b': buf_addc(b, '\b'); break;
	case 'f': buf_addc(b, '\f'); break;
	case 'n': buf_addc(b, '\n'); break;
	case 'r': buf_addc(b, '\r'); break;
	case 't': buf_addc(b, '\t'); break;
	case 'u':
		hex4(e + 1, (size_t)(end - e - 1), &v);
		e += 4;
		if (v >= 0xD800 && v <= 0xDBFF && e + 6 < end && e[1] == '\\' &&
		    hex4(e + 3, (size_t)(end - e - 3), &lo) == 0) {
			v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			e += 6;
		}
		xu_put_utf8(b, v);
		break;
	default: buf_addc(b, *e);
	}
	return e + 1;
}

/* The token was validated by the reader, so escapes are well-formed. */
char *jn_decode(const struct jdoc *d, size_t start, size_t end)
{
	const char *s = d->data + start + 1, *e = d->data + end - 1, *bs;
	if (!memchr(s, '\\', (size_t)(e - s)))
		return xstrndup(s, (size_t)(e - s));
	struct buf b;
	buf_init(&b, 0);
	buf_reserve(&b, (size_t)(e - s));
	while ((bs = memchr(s, '\\', (size_t)(e - s))) != NULL && bs + 1 < e) {
		buf_add(&b, s, (size_t)(bs - s));
		s = put_escape(&b, bs + 1, e);
	}
	buf_add(&b, s, (size_t)(e - s));
	return buf_detach(&b, NULL);
}

char *jn_str(const struct jdoc *d, uint32_t i)
{
	return jn_decode(d, d->n[i].start, d->n[i].end);
}

char *jn_key(const struct jdoc *d, uint32_t i)
{
	return jn_decode(d, d->n[i].key, d->n[i].key_end);
}

bool jn_key_is(const struct jdoc *d, uint32_t i, const char *key)
{
	const struct jn *n = &d->n[i];
	size_t l = strlen(key);
	if (n->key_end == 0)
		return false;
	if (n->key_end - n->key - 2 == l && memcmp(d->data + n->key + 1, key, l) == 0)
		return true;
	if (!memchr(d->data + n->key, '\\', n->key_end - n->key))
		return false;
	char *k = jn_key(d, i);
	bool eq = strcmp(k, key) == 0;
	free(k);
	return eq;
}

const char *jn_key_ref(const struct jdoc *d, uint32_t i, size_t *len, char **decoded)
{
	const struct jn *n = &d->n[i];
	const char *raw = d->data + n->key + 1;
	*len = n->key_end - n->key - 2;
	*decoded = NULL;
	if (!memchr(raw, '\\', *len))
		return raw;
	*decoded = jn_decode(d, n->key, n->key_end);
	*len = strlen(*decoded);
	return *decoded;
}

uint32_t jn_member(const struct jdoc *d, uint32_t obj, const char *key)
{
	if (d->n[obj].type != JT_OBJ)
		return JN_NONE;
	for (uint32_t c = d->n[obj].first; c != JN_NONE; c = d->n[c].next)
		if (jn_key_is(d, c, key))
			return c;
	return JN_NONE;
}

int jput_str(struct buf *out, const char *s, size_t n)
{
	if (!utf8_valid(s, n, NULL) || buf_reserve(out, n + 2))
		return -1;
	buf_addc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			run++;
			continue;
		}
		buf_add(out, s + i - run, run);
		run = 0;
		switch (c) {
		case '"': buf_add(out, "\\\"", 2); break;
		case '\\': buf_add(out, "\\\\", 2); break;
		case '\n': buf_add(out, "\\n", 2); break;
		case '\t': buf_add(out, "\\t", 2); break;
		case '\r': buf_add(out, "\\r", 2); break;
		case '\b': buf_add(out, "\\b", 2); break;
		case '\f': buf_add(out, "\\f", 2); break;
		default: buf_printf(out, "\\u%04x", c);
		}
	}
	buf_add(out, s + n - run, run);
	return buf_addc(out, '"');
}

/* ---- style -------------------------------------------------------------- */

struct jevidence {
	int slash_esc, hi_esc, html_esc, hex;
};

/* Escapes of the document: backslashes only ever stand in strings. */
static void scan_escapes(const char *s, size_t n, struct jevidence *e)
{
	for (const char *bs = memchr(s, '\\', n); bs && bs + 1 < s + n;
	     bs = memchr(bs, '\\', n - (size_t)(bs - s))) {
		size_t i = (size_t)(bs - s) + 1;
		unsigned v;
		e->slash_esc += s[i] == '/';
		bs += 2;
		if (s[i] != 'u' || hex4(s + i + 1, n - i - 1, &v))
			continue;
		e->hi_esc += v >= 0x80;
		e->html_esc += v == '<' || v == '>' || v == '&';
		for (size_t k = 1; k <= 4; k++)
			e->hex = s[i + k] >= 'a' && s[i + k] <= 'f' ? -1 :
				 s[i + k] >= 'A' && s[i + k] <= 'F' && e->hex == 0 ? 1 : e->hex;
		bs += 4;
	}
}

/* How often byte c stands in s[0..n) as it is. */
static int count_char(const char *s, size_t n, char c)
{
	int count = 0;
	for (const char *p = memchr(s, c, n); p; p = memchr(p + 1, c, n - (size_t)(p + 1 - s)))
		count++;
	return count;
}

/* Non-ASCII characters as they are (their lead bytes). */
static int count_lead(const char *s, size_t n)
{
	int count = 0;
	for (size_t i = 0; i < n; i++)
		count += (unsigned char)s[i] >= 0xC0;
	return count;
}

void jstyle_detect(const struct jdoc *d, struct jstyle *st)
{
	struct jevidence e = { 0 };
	scan_escapes(d->data, d->len, &e);
	/* the literals are counted only where escapes were found to weigh them against */
	/* (a "\/" holds a '/' too) */
	st->slash = e.slash_esc && 2 * e.slash_esc > count_char(d->data, d->len, '/');
	/* one \u2014 is a choice for that character, not a habit */
	st->ascii = e.hi_esc >= 2 && e.hi_esc > count_lead(d->data, d->len);
	st->html = e.html_esc && e.html_esc > count_char(d->data, d->len, '<') +
		   count_char(d->data, d->len, '>') + count_char(d->data, d->len, '&');
	st->upper = e.hex > 0;
}

static int put_u4(struct buf *out, unsigned v, bool upper)
{
	return buf_printf(out, upper ? "\\u%04X" : "\\u%04x", v);
}

/* One character of l bytes at s that needs more than a copy in style st. */
static int put_style_char(struct buf *out, const char *s, size_t l, const struct jstyle *st)
{
	unsigned char c = (unsigned char)*s;
	uint32_t cp;
	if (l > 1 && utf8_decode(s, l, &cp) == l && cp >= 0x10000)
		return put_u4(out, 0xD800 + ((cp - 0x10000) >> 10), st->upper) |
		       put_u4(out, 0xDC00 + ((cp - 0x10000) & 0x3FF), st->upper);
	if (l > 1 && utf8_decode(s, l, &cp) == l)
		return put_u4(out, cp, st->upper);
	switch (c) {
	case '"': return buf_add(out, "\\\"", 2);
	case '\\': return buf_add(out, "\\\\", 2);
	case '/': return st->slash ? buf_add(out, "\\/", 2) : buf_addc(out, '/');
	case '\n': return buf_add(out, "\\n", 2);
	case '\t': return buf_add(out, "\\t", 2);
	case '\r': return buf_add(out, "\\r", 2);
	case '\b': return buf_add(out, "\\b", 2);
	case '\f': return buf_add(out, "\\f", 2);
	}
	if (c >= 0x20 && !(st->html && strchr("<>&", c)))
		return buf_addc(out, (char)c);
	return put_u4(out, c, st->upper);
}

int jput_str_style(struct buf *out, const char *s, size_t n, const struct jstyle *st)
{
	if (!st->slash && !st->ascii && !st->html && !st->upper)
		return jput_str(out, s, n);	/* the common style: jput_str's own */
	if (!utf8_valid(s, n, NULL) || buf_reserve(out, n + 2))
		return -1;
	int rc = buf_addc(out, '"');
	size_t run = 0;	/* bytes copied as they are, ending at i */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t l = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &(uint32_t){ 0 });
		bool plain = c >= 0x80 ? !st->ascii :
			     c >= 0x20 && c != '"' && c != '\\' && !(c == '/' && st->slash) &&
			     !(st->html && strchr("<>&", c));
		if (plain) {
			run += l;
			i += l;
			continue;
		}
		rc |= buf_add(out, s + i - run, run) | put_style_char(out, s + i, l, st);
		run = 0;
		i += l;
	}
	return rc | buf_add(out, s + n - run, run) | buf_addc(out, '"');
}

/* ---- writing ------------------------------------------------------------ */

struct jw {
	const struct jdoc *d;
	jw_fn fn;
	void *ctx;
	struct buf *out;
	bool fn_failed;		/* fn filled err itself */
};

static void truncate_to(struct buf *b, size_t len)
{
	b->len = len;
	b->data[len] = '\0';
}

static size_t begin_of(const struct jn *n)
{
	return n->key_end ? n->key : n->start;
}

static int w_value(struct jw *w, uint32_t i, const struct jw_pos *pos);

static int w_container(struct jw *w, uint32_t i)
{
	const struct jdoc *d = w->d;
	const struct jn *n = &d->n[i];
	const char *s = d->data;
	if (n->first == JN_NONE)
		return buf_add(w->out, s + n->start, n->end - n->start);
	buf_addc(w->out, s[n->start]);
	size_t first_lead = begin_of(&d->n[n->first]) - n->start - 1, emitted = 0, prev_end = 0;
	for (uint32_t c = n->first; c != JN_NONE; c = d->n[c].next) {
		const struct jn *m = &d->n[c];
		struct jw_pos pos;
		size_t saved = w->out->len;
		const char *lead = emitted ? s + prev_end : s + n->start + 1;
		size_t ll = emitted ? begin_of(m) - prev_end : first_lead;
		const char *comma = memchr(lead, ',', ll);
		pos.ws = comma ? comma + 1 : lead;
		pos.ws_len = ll - (size_t)(pos.ws - lead);
		if (buf_add(w->out, lead, ll))
			return -1;
		pos.key_at = w->out->len;
		if (m->key_end && buf_add(w->out, s + m->key, m->start - m->key))
			return -1;
		int r = w_value(w, c, &pos);
		if (r < 0)
			return -1;
		if (r == JW_DROP)
			truncate_to(w->out, saved);
		else
			emitted++;
		prev_end = m->end;
	}
	if (!emitted)
		return buf_addc(w->out, s[n->end - 1]);
	size_t tail = d->n[n->last].end;
	return buf_add(w->out, s + tail, n->end - tail);
}

static int w_value(struct jw *w, uint32_t i, const struct jw_pos *pos)
{
	const struct jn *n = &w->d->n[i];
	int r = w->fn(w->ctx, w->d, i, pos, w->out);
	if (r < 0)
		w->fn_failed = true;
	if (r != JW_KEEP)
		return r;
	if (n->type == JT_OBJ || n->type == JT_ARR)
		return w_container(w, i) ? -1 : JW_KEEP;
	return buf_add(w->out, w->d->data + n->start, n->end - n->start) ? -1 : JW_KEEP;
}

int jdoc_write(const struct jdoc *d, jw_fn fn, void *ctx, struct buf *out, struct fmt_error *err)
{
	struct jw w = { d, fn, ctx, out, false };
	const struct jn *root = &d->n[0];
	if (buf_add(out, d->data, root->start) || w_value(&w, 0, NULL) < 0 ||
	    buf_add(out, d->data + root->end, d->len - root->end)) {
		if (!w.fn_failed)
			fmt_error_set(err, 0, 0, "output larger than the buffer limit");
		return -1;
	}
	return 0;
}
