/*
 * Page templates: a logic-less subset of mustache over jansson values
 * (docs/web.md, "Templates").
 *
 *   {{name}}        the value, HTML-escaped (& < > " ' all: safe in text and
 *                   in quoted attributes); a dotted name reads inside
 *                   objects ("project.name"); {{.}} is the current value
 *   {{#name}}...{{/name}}  an array: once per element (the element becomes
 *                   the current value); an object: once, inside it; true, a
 *                   non-empty string, a non-zero number: once; else (false,
 *                   null, missing, "", 0, []) not at all
 *   {{^name}}...{{/name}}  once when {{#name}} would not run
 *   {{>name}}       the template templates/<name>.html, here
 *   {{!...}}        a comment
 *
 * Names are looked up from the innermost value outwards.  There is no way
 * to write a value unescaped.  A template that does not parse (a section
 * left open, an unknown partial, nesting deeper than TMPL_MAX_DEPTH)
 * renders nothing and answers -1 with the reason in *err.
 */
#ifndef TOLK_WEB_TMPL_H
#define TOLK_WEB_TMPL_H

#include <jansson.h>

#include "core/buf.h"

#define TMPL_MAX_DEPTH 32

/* Render the template `text` (NUL-terminated) with `data` into out: 0 or -1. */
int tmpl_render(struct buf *out, const char *text, json_t *data, const char **err);

/* The same for the embedded templates/<name>.html. */
int tmpl_render_named(struct buf *out, const char *name, json_t *data, const char **err);

/* s, HTML-escaped, appended to out. */
void tmpl_escape(struct buf *out, const char *s, size_t len);

#endif
