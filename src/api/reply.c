#include "api/reply.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static struct rv *rv_alloc(struct arena *a, enum rv_kind k)
{
	struct rv *v = arena_alloc(a, sizeof(*v));
	v->kind = k;
	return v;
}

struct rv *rv_new_obj(struct arena *a)
{
	return rv_alloc(a, RV_OBJ);
}

struct rv *rv_new_list(struct arena *a, const char *item)
{
	struct rv *v = rv_alloc(a, RV_LIST);
	v->item = item ? item : "item";
	return v;
}

static struct rv *attach(struct rv *parent, const char *name, struct rv *v)
{
	v->name = name;
	if (parent) {
		if (parent->last)
			parent->last->next = v;
		else
			parent->first = v;
		parent->last = v;
	}
	return v;
}

struct rv *rv_str(struct arena *a, struct rv *parent, const char *name, const char *s)
{
	struct rv *v = rv_alloc(a, RV_STR);
	v->s = s ? s : "";
	return attach(parent, name, v);
}

struct rv *rv_int(struct arena *a, struct rv *parent, const char *name, int64_t n)
{
	struct rv *v = rv_alloc(a, RV_INT);
	v->i = n;
	return attach(parent, name, v);
}

struct rv *rv_intstr(struct arena *a, struct rv *parent, const char *name, int64_t n)
{
	return rv_str(a, parent, name, arena_printf(a, "%" PRId64, n));
}

struct rv *rv_bool(struct arena *a, struct rv *parent, const char *name, bool b)
{
	struct rv *v = rv_alloc(a, RV_BOOL);
	v->b = b;
	return attach(parent, name, v);
}

struct rv *rv_null(struct arena *a, struct rv *parent, const char *name)
{
	return attach(parent, name, rv_alloc(a, RV_NULL));
}

struct rv *rv_obj(struct arena *a, struct rv *parent, const char *name)
{
	return attach(parent, name, rv_alloc(a, RV_OBJ));
}

struct rv *rv_list(struct arena *a, struct rv *parent, const char *name, const char *item)
{
	return attach(parent, name, rv_new_list(a, item));
}

struct rv *rv_get(const struct rv *obj, const char *name)
{
	for (struct rv *c = obj ? obj->first : NULL; c; c = c->next)
		if (c->name && strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* ---- JSON ---- */

/*
 * Bytes json_escape writes as an escape: '"', '\\' and the C0 controls.
 * Everything else (UTF-8 included) is copied as it is, a run at a time.
 */
static const unsigned char json_special[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
	[0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1,
	[0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
	[0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
	[0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/*
 * Whether any of the 8 bytes of w is special: a control (< 0x20), '"' or
 * '\\' (the exact zero-byte tests of "Bit Twiddling Hacks"): a text is
 * looked at 8 bytes at a time, mostly with nothing to escape.
 */
#define BYTES(b) (0x0101010101010101u * (b))
static inline bool word_special(uint64_t w)
{
	uint64_t q = w ^ BYTES('"'), b = w ^ BYTES('\\');
	uint64_t any = ((w - BYTES(0x20)) & ~w) | ((q - BYTES(1)) & ~q) | ((b - BYTES(1)) & ~b);
	return any & BYTES(0x80);
}

void json_escape(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	/* the common case, nothing to escape, is one reserve and one copy (a capped
	 * buffer that cannot take it all fails piece by piece below, as before) */
	(void)buf_reserve(out, n + 2);
	buf_addc(out, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t w;
		if (i + 8 <= n && (memcpy(&w, s + i, 8), !word_special(w))) {
			run += 8;
			i += 7;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (!json_special[c]) {
			run++;
			continue;
		}
		const char *esc = NULL;
		char u[7];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		buf_add(out, s + i - run, run);
		run = 0;
		buf_adds(out, esc);
	}
	buf_add(out, s + n - run, run);
	buf_addc(out, '"');
}

void json_intstr(struct buf *out, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	*--p = '"';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	*--p = '"';
	buf_add(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void json_value(struct buf *out, const struct rv *v)
{
	switch (v->kind) {
	case RV_NULL:
		buf_adds(out, "null");
		break;
	case RV_BOOL:
		buf_adds(out, v->b ? "true" : "false");
		break;
	case RV_INT:
		buf_printf(out, "%" PRId64, v->i);
		break;
	case RV_STR:
		json_escape(out, v->s, strlen(v->s));
		break;
	case RV_OBJ:
	case RV_LIST: {
		bool obj = v->kind == RV_OBJ, first = true;
		buf_addc(out, obj ? '{' : '[');
		for (const struct rv *c = v->first; c; c = c->next) {
			if (c->flags & RV_XML)
				continue;
			if (!first)
				buf_addc(out, ',');
			first = false;
			if (obj) {
				json_escape(out, c->name, strlen(c->name));
				buf_addc(out, ':');
			}
			json_value(out, c);
		}
		buf_addc(out, obj ? '}' : ']');
		break;
	}
	}
}

void rv_write_json(struct buf *out, const struct rv *v)
{
	json_value(out, v);
}

/* ---- XML ---- */

void xml_escape(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		switch (c) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		default:
			/* C0 controls other than TAB, LF, CR are illegal in XML 1.0: drop them */
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				esc = "";
		}
		if (esc) {
			buf_add(out, s + i - run, run);
			run = 0;
			buf_adds(out, esc);
		} else {
			run++;
		}
	}
	buf_add(out, s + n - run, run);
}

static void xml_scalar_text(struct buf *out, const struct rv *v)
{
	switch (v->kind) {
	case RV_BOOL:
		buf_addc(out, v->b ? '1' : '0');
		break;
	case RV_INT:
		buf_printf(out, "%" PRId64, v->i);
		break;
	case RV_STR:
		xml_escape(out, v->s, strlen(v->s));
		break;
	default:
		break;
	}
}

static bool xml_empty(const struct rv *v)
{
	switch (v->kind) {
	case RV_NULL:
		return true;
	case RV_STR:
		return v->s[0] == '\0';
	case RV_OBJ:
	case RV_LIST:
		for (const struct rv *c = v->first; c; c = c->next)
			if (!(c->flags & (RV_JSON | RV_ATTR)))
				return false;
		return true;
	default:
		return false;
	}
}

static void xml_element(struct buf *out, const struct rv *v, const char *name);

static void xml_children(struct buf *out, const struct rv *v)
{
	for (const struct rv *c = v->first; c; c = c->next) {
		if (c->flags & (RV_JSON | RV_ATTR))
			continue;
		if (c->flags & RV_TEXT) {
			xml_scalar_text(out, c);
			continue;
		}
		if (c->kind == RV_LIST && (c->flags & RV_INLINE)) {
			for (const struct rv *it = c->first; it; it = it->next)
				xml_element(out, it, c->item);
			continue;
		}
		xml_element(out, c, v->kind == RV_LIST ? v->item : c->name);
	}
}

static void xml_element(struct buf *out, const struct rv *v, const char *name)
{
	buf_addc(out, '<');
	buf_adds(out, name);
	for (const struct rv *c = v->first; c; c = c->next) {
		if (!(c->flags & RV_ATTR) || (c->flags & RV_JSON))
			continue;
		buf_printf(out, " %s=\"", c->name);
		xml_scalar_text(out, c);
		buf_addc(out, '"');
	}
	if (xml_empty(v)) {
		buf_adds(out, "/>");
		return;
	}
	buf_addc(out, '>');
	if (v->kind == RV_OBJ || v->kind == RV_LIST)
		xml_children(out, v);
	else
		xml_scalar_text(out, v);
	buf_printf(out, "</%s>", name);
}

void rv_write_xml(struct buf *out, const struct rv *root, const char *name)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	xml_element(out, root, name);
	buf_addc(out, '\n');
}
