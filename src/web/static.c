/*
 * GET /app/static/<hash>/<name>: the embedded static files (web/assets.h).
 * The hash in the URL is the file's own, so that response never changes:
 * browsers keep it a year without asking again.  Another hash (a page of an
 * older build, or of another node during a rolling upgrade) gets today's
 * bytes, revalidated each time; ETag and If-None-Match spare the bytes when
 * nothing changed.
 */
#include "web/web.h"
#include "web/assets.h"

#include <string.h>

#define STATIC_PREFIX "/app/static/"

static void plain(struct request *r, int status, const char *text)
{
	r->resp.status = status;
	r->resp.content_type = "text/plain; charset=utf-8";
	buf_reset(&r->resp.body);
	buf_adds(&r->resp.body, text);
}

int web_static(struct call *c)
{
	struct request *r = c->r;
	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
		response_header(r, "Allow", "GET, HEAD");
		plain(r, 405, "Method Not Allowed\n");
		return 0;
	}
	const char *rest = r->path + strlen(STATIC_PREFIX), *slash = strchr(rest, '/');
	/* only names in the table are served: nothing of the path reaches the file system */
	const struct web_asset *w = slash ? web_asset(arena_printf(c->a, "static/%s", slash + 1)) : NULL;
	if (!w) {
		plain(r, 404, "Not Found\n");
		return 0;
	}
	bool current = slash - rest == WEB_HASH_LEN && !strncmp(rest, w->sha256, WEB_HASH_LEN);
	const char *etag = arena_printf(c->a, "\"%.*s\"", WEB_HASH_LEN, w->sha256);
	const char *inm = request_header(r, "If-None-Match");
	response_header(r, "ETag", etag);
	response_header(r, "Cache-Control", current ? "public, max-age=31536000, immutable" : "no-cache");
	response_header(r, "X-Content-Type-Options", "nosniff");
	if (inm && strstr(inm, etag)) {
		r->resp.status = 304;
		buf_reset(&r->resp.body);
		return 0;
	}
	r->resp.status = 200;
	r->resp.content_type = w->type;
	buf_reset(&r->resp.body);
	buf_add(&r->resp.body, w->data, w->len);
	return 0;
}
