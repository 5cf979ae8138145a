/*
 * struct mt_conf from the server configuration (core/config.h: mt-* options).
 */
#ifndef TOLK_MT_CONFIG_H
#define TOLK_MT_CONFIG_H

#include "core/config.h"
#include "mt/mt.h"

/*
 * Fill *c for `engine` from the server options.  Strings point into cfg
 * (valid while cfg is).  0, or -1 for an unknown engine.  The result may
 * have no key: mt_translate() then says MT_NO_KEY.
 */
int mt_conf_from_config(struct mt_conf *c, const struct config *cfg, const char *engine);

/*
 * A project's own credentials over the server's: each non-empty argument
 * replaces the server value (key; region for microsoft, folder id for
 * yandex; NULL or "" keeps it).  A project's base URL is not trusted:
 * passing one sets c->untrusted_url, so private addresses are refused.
 * Strings are borrowed: keep them alive while c is used.
 */
void mt_conf_override(struct mt_conf *c, const char *key, const char *region_or_folder,
		      const char *base_url);

#endif
