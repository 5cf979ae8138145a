/*
 * Rendering a page (web/web.h): the template with what every page shows
 * (its title, the static files' URLs, the version), and the headers every
 * page carries: a Content-Security-Policy that allows nothing from outside
 * the server and no inline script, and no caching (pages hold CSRF tokens).
 */
#include "web/web.h"
#include "web/assets.h"
#include "web/tmpl.h"
#include "core/log.h"

#include <string.h>

#define PAGE_CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

static void page_headers(struct request *r)
{
	response_header(r, "Content-Security-Policy", PAGE_CSP);
	response_header(r, "X-Content-Type-Options", "nosniff");
	response_header(r, "Referrer-Policy", "no-referrer");
	response_header(r, "Cache-Control", "no-store");
}

/*
 * A page's own module, web/static/<name>.js, as assets.<name> ('-' read as
 * '_'): a template loads it with <script type="module" src="{{assets.x}}">.
 */
static void page_modules(struct call *c, json_t *assets)
{
	for (size_t i = 0; i < web_asset_count; i++) {
		const char *name = web_assets[i].name, *dot = strrchr(name, '.');
		if (strncmp(name, "static/", 7) || !dot || strcmp(dot, ".js") || !strcmp(name, "static/app.js"))
			continue;
		char *key = arena_strndup(c->a, name + 7, (size_t)(dot - name - 7));
		for (char *k = key; *k; k++)
			if (*k == '-')
				*k = '_';
		json_object_set_new(assets, key, json_string(web_static_url(c->a, name + 7)));
	}
}

int web_page(struct call *c, int status, const char *name, const char *title, json_t *data)
{
	struct request *r = c->r;
	json_t *d = data ? data : json_object();
	json_object_set_new(d, "title", json_string(title));
	json_object_set_new(d, "version", json_string(TOLK_VERSION));
	json_object_set_new(d, "assets", json_pack("{s:s,s:s,s:s}", "css", web_static_url(c->a, "app.css"),
		"js", web_static_url(c->a, "app.js"), "icon", web_static_url(c->a, "icon.svg")));
	page_modules(c, json_object_get(d, "assets"));
	buf_reset(&r->resp.body);
	const char *err = NULL;
	int rc = tmpl_render_named(&r->resp.body, name, d, &err);
	json_decref(d);
	page_headers(r);
	r->resp.content_type = "text/html; charset=utf-8";
	if (rc) {
		log_error("page %s: %s", name, err ? err : "does not render");
		r->resp.status = 500;
		buf_adds(&r->resp.body, "<!doctype html><title>Error</title><p>This page could not be shown.</p>\n");
		return 0;
	}
	r->resp.status = status;
	return 0;
}

int web_not_found(struct call *c)
{
	return web_page(c, 404, "not-found", "Page not found",
			json_pack("{s:s}", "path", c->r->path));
}
