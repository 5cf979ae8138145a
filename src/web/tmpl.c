/* Page templates (web/tmpl.h): parsed as they render, they are small. */
#include "web/tmpl.h"
#include "web/assets.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct ctx {
	struct buf *out;
	json_t *stack[TMPL_MAX_DEPTH + 1];	/* the values sections entered, innermost last */
	int n;
	int depth;				/* sections and partials we are inside */
	const char *err;
};

static int fail(struct ctx *x, const char *why)
{
	if (!x->err)
		x->err = why;
	return -1;
}

void tmpl_escape(struct buf *out, const char *s, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(out, s + from, i - from);
		buf_adds(out, rep);
		from = i + 1;
	}
	buf_add(out, s + from, len - from);
}

/* The value a (dotted) name reads: from the innermost value that has its first part. */
static json_t *lookup(struct ctx *x, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return x->n ? x->stack[x->n - 1] : NULL;
	char key[128];
	const char *dot = memchr(name, '.', len);
	size_t part = dot ? (size_t)(dot - name) : len;
	if (part >= sizeof(key))
		return NULL;
	memcpy(key, name, part);
	key[part] = '\0';
	json_t *v = NULL;
	for (int i = x->n - 1; i >= 0 && !v; i--)
		v = json_is_object(x->stack[i]) ? json_object_get(x->stack[i], key) : NULL;
	while (v && dot) {
		const char *from = dot + 1;
		dot = memchr(from, '.', (size_t)(name + len - from));
		part = dot ? (size_t)(dot - from) : (size_t)(name + len - from);
		if (part >= sizeof(key))
			return NULL;
		memcpy(key, from, part);
		key[part] = '\0';
		v = json_is_object(v) ? json_object_get(v, key) : NULL;
	}
	return v;
}

static bool truthy(json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_OBJECT: return true;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0;
	case JSON_TRUE: return true;
	default: return false;
	}
}

static void put_value(struct buf *out, json_t *v)
{
	char num[64];
	if (json_is_string(v))
		tmpl_escape(out, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		buf_printf(out, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%g", json_real_value(v));
		buf_adds(out, num);
	} else if (json_is_boolean(v))
		buf_adds(out, json_is_true(v) ? "true" : "false");
}

struct tag {
	char kind;		/* '#', '^', '/', '>', '!' or 0 for a value */
	const char *name;	/* trimmed */
	size_t len;
	const char *after;	/* just past the closing braces */
};

/* The tag that starts at p ("{{"), or -1 when it never closes. */
static int read_tag(const char *p, const char *end, struct tag *t)
{
	const char *close = NULL;
	for (const char *q = p + 2; q + 1 < end; q++)
		if (q[0] == '}' && q[1] == '}') {
			close = q;
			break;
		}
	if (!close)
		return -1;
	const char *s = p + 2;
	t->kind = strchr("#^/>!", *s) && *s ? *s++ : 0;
	while (s < close && *s == ' ')
		s++;
	const char *e = close;
	while (e > s && e[-1] == ' ')
		e--;
	t->name = s;
	t->len = (size_t)(e - s);
	t->after = close + 2;
	return 0;
}

static const char *find_open(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '{' && p[1] == '{')
			return p;
	return NULL;
}

/* The {{/name}} that closes the section whose body starts at p: *close at it, *after past it. */
static int find_close(const char *p, const char *end, const struct tag *open, const char **close,
		      const char **after)
{
	int nest = 0;
	struct tag t;
	for (const char *q = find_open(p, end); q; q = find_open(t.after, end)) {
		if (read_tag(q, end, &t))
			return -1;
		bool same = t.len == open->len && !memcmp(t.name, open->name, t.len);
		if ((t.kind == '#' || t.kind == '^') && same)
			nest++;
		else if (t.kind == '/' && same && nest-- == 0) {
			*close = q;
			*after = t.after;
			return 0;
		}
	}
	return -1;
}

static int render(struct ctx *x, const char *p, const char *end);

static int section(struct ctx *x, const struct tag *t, const char *body, const char *body_end)
{
	json_t *v = lookup(x, t->name, t->len);
	bool on = truthy(v);
	if (t->kind == '^')
		return on ? 0 : render(x, body, body_end);
	if (!on)
		return 0;
	if (x->n >= TMPL_MAX_DEPTH)
		return fail(x, "sections nested too deep");
	if (!json_is_array(v)) {
		if (json_is_object(v))
			x->stack[x->n++] = v;
		int rc = render(x, body, body_end);
		if (json_is_object(v))
			x->n--;
		return rc;
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		x->stack[x->n++] = json_array_get(v, i);
		int rc = render(x, body, body_end);
		x->n--;
		if (rc)
			return rc;
	}
	return 0;
}

static int partial(struct ctx *x, const struct tag *t)
{
	char name[160];
	if (t->len > 100)
		return fail(x, "a partial's name is too long");
	snprintf(name, sizeof(name), "templates/%.*s.html", (int)t->len, t->name);
	const struct web_asset *w = web_asset(name);
	if (!w)
		return fail(x, "no such partial");
	return render(x, (const char *)w->data, (const char *)w->data + w->len);
}

static int render(struct ctx *x, const char *p, const char *end)
{
	if (++x->depth > TMPL_MAX_DEPTH)
		return fail(x, "templates nested too deep");
	int rc = 0;
	while (!rc && p < end) {
		const char *open = find_open(p, end);
		if (!open) {
			buf_add(x->out, p, (size_t)(end - p));
			break;
		}
		buf_add(x->out, p, (size_t)(open - p));
		struct tag t;
		if (read_tag(open, end, &t)) {
			rc = fail(x, "a tag is not closed with }}");
			break;
		}
		p = t.after;
		if (t.kind == '#' || t.kind == '^') {
			const char *close, *after;
			if (find_close(p, end, &t, &close, &after)) {
				rc = fail(x, "a section is not closed");
				break;
			}
			rc = section(x, &t, p, close);
			p = after;
		} else if (t.kind == '/')
			rc = fail(x, "a section is closed that was not open");
		else if (t.kind == '>')
			rc = partial(x, &t);
		else if (!t.kind)
			put_value(x->out, lookup(x, t.name, t.len));
	}
	x->depth--;
	return rc;
}

int tmpl_render(struct buf *out, const char *text, json_t *data, const char **err)
{
	struct ctx x = { .out = out };
	if (data)
		x.stack[x.n++] = data;
	size_t mark = out->len;
	int rc = render(&x, text, text + strlen(text));
	if (rc)
		out->len = mark;	/* nothing of a page that failed */
	if (err)
		*err = x.err;
	return rc;
}

int tmpl_render_named(struct buf *out, const char *name, json_t *data, const char **err)
{
	char path[160];
	snprintf(path, sizeof(path), "templates/%s.html", name);
	const struct web_asset *w = web_asset(path);
	if (!w) {
		if (err)
			*err = "no such template";
		return -1;
	}
	return tmpl_render(out, (const char *)w->data, data, err);
}
