/* Lookups in the embedded table (web/assets.h). */
#include "web/assets.h"

#include <string.h>

const struct web_asset *web_asset(const char *name)
{
	/* a dozen files: a scan costs less than keeping an index right */
	for (size_t i = 0; i < web_asset_count; i++)
		if (!strcmp(web_assets[i].name, name))
			return &web_assets[i];
	return NULL;
}

const char *web_static_url(struct arena *a, const char *name)
{
	const char *full = arena_printf(a, "static/%s", name);
	const struct web_asset *w = web_asset(full);
	return w ? arena_printf(a, "/app/static/%.*s/%s", WEB_HASH_LEN, w->sha256, name) : NULL;
}
