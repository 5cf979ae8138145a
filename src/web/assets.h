/*
 * The files under web/, compiled into the binary (cmake/embed_assets.cmake):
 * templates/ for the pages, static/ served at /app/static/<hash>/<name>
 * with the hash of their bytes in the URL, so they are cached for good and
 * a new build's files are new URLs (docs/web.md).
 */
#ifndef TOLK_WEB_ASSETS_H
#define TOLK_WEB_ASSETS_H

#include <stddef.h>

#include "core/arena.h"

struct web_asset {
	const char *name;		/* path under web/: "static/app.css" */
	const unsigned char *data;	/* len bytes, then a NUL */
	size_t len;
	const char *type;		/* Content-Type */
	const char *sha256;		/* hex */
};

extern const struct web_asset web_assets[];
extern const size_t web_asset_count;

/* The asset of that name, or NULL. */
const struct web_asset *web_asset(const char *name);

/* The URL of static/<name>: "/app/static/<12 hex of its hash>/<name>"; NULL when there is none. */
const char *web_static_url(struct arena *a, const char *name);

#define WEB_HASH_LEN 12

#endif
