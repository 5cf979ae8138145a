/*
 * A project's own machine-translation credentials (table project_mt,
 * docs/mt.md): per engine a key, Microsoft's region or Yandex's folder id,
 * and a base URL.  When a project has them for an engine they replace the
 * server's mt-* options for it; the server's key never goes to a project's
 * URL.  Keys are secrets: nothing here hands them to a reply.
 */
#ifndef TOLK_PROJECT_MT_H
#define TOLK_PROJECT_MT_H

#include "core/config.h"
#include "model/model.h"
#include "mt/mt.h"

struct project_mt {
	const char *key;	/* set: non-empty */
	const char *region;	/* microsoft: region; yandex: folder id; else "" */
	const char *base_url;	/* "": the server's or the provider's host */
};

/*
 * One field of a change, by the name edit-project (mt[ENGINE][NAME]) and
 * `tolk project mt-key` (--NAME) use: key, region (microsoft), folder
 * (yandex), url.  It goes into *m (a change starts all NULL: NULL keeps the
 * stored value).  MODEL_INVALID (model_why) for a name that is not the
 * engine's.
 */
int project_mt_put(struct project_mt *m, const char *engine, const char *name, const char *value);

/*
 * Apply a change to an engine's credentials: each non-NULL field replaces
 * the stored one; a key of "" removes the engine's whole entry.
 * MODEL_INVALID (model_why) for an unknown engine, a bad value, or a region,
 * folder or URL without a key to go with it.
 */
int project_mt_set(struct db_conn *c, int64_t project_id, const char *engine,
		   const struct project_mt *m);

/* An engine's stored credentials (strings in a): MODEL_NOT_FOUND when it has none. */
int project_mt_get(struct db_conn *c, struct arena *a, int64_t project_id, const char *engine,
		   struct project_mt *out);

/*
 * What a machine translation for the project uses: the server's options
 * for the engine (mt_conf_from_config), with the project's own credentials
 * over them when it has some.  Strings point into cfg and a.  MODEL_INVALID
 * for an unknown engine.
 */
int project_mt_conf(struct db_conn *c, struct arena *a, const struct config *cfg,
		    int64_t project_id, const char *engine, struct mt_conf *out);

/*
 * Whether a machine translation with c can be asked for: it has a key, or
 * it is a LibreTranslate at a base URL (a server of one's own may want no
 * key).  Without it nothing is sent.
 */
bool project_mt_ready(const struct mt_conf *c);

/*
 * The engines the project can use (project_mt_ready), in mt_engine_names
 * order, as project_mt_conf gives them: *out (in a), *n.  MODEL_*.
 */
int project_mt_engines(struct db_conn *c, struct arena *a, const struct config *cfg,
		       int64_t project_id, struct mt_conf **out, size_t *n);

#endif
