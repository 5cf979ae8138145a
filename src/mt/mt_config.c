/* struct mt_conf from the server options (mt/mt_config.h). */
#include "mt/mt_config.h"

#include <string.h>

int mt_conf_from_config(struct mt_conf *c, const struct config *cfg, const char *engine)
{
	memset(c, 0, sizeof(*c));
	if (!mt_engine_known(engine))
		return -1;
	c->engine = engine;
	c->max_attempts = cfg->mt_attempts > 0 ? cfg->mt_attempts : 1;
	c->timeout_ms = cfg->mt_timeout > 0 ? cfg->mt_timeout * 1000 : MT_DEFAULT_TIMEOUT_MS;
	if (!strcmp(engine, "microsoft")) {
		c->key = cfg->mt_microsoft_key;
		c->region = cfg->mt_microsoft_region;
		c->base_url = cfg->mt_microsoft_url;
	} else if (!strcmp(engine, "google")) {
		c->key = cfg->mt_google_key;
		c->base_url = cfg->mt_google_url;
	} else if (!strcmp(engine, "yandex")) {
		c->key = cfg->mt_yandex_key;
		c->folder_id = cfg->mt_yandex_folder;
		c->base_url = cfg->mt_yandex_url;
	} else if (!strcmp(engine, "deepl")) {
		c->key = cfg->mt_deepl_key;
		c->base_url = cfg->mt_deepl_url;
	} else {
		c->key = cfg->mt_libretranslate_key;
		c->base_url = cfg->mt_libretranslate_url;
	}
	return 0;
}

void mt_conf_override(struct mt_conf *c, const char *key, const char *region_or_folder,
		      const char *base_url)
{
	if (key && *key)
		c->key = key;
	if (region_or_folder && *region_or_folder) {
		if (!strcmp(c->engine, "microsoft"))
			c->region = region_or_folder;
		else if (!strcmp(c->engine, "yandex"))
			c->folder_id = region_or_folder;
	}
	if (base_url && *base_url) {
		c->base_url = base_url;
		c->untrusted_url = true;
	}
}
