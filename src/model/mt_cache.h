/*
 * Machine translations kept for a while (table mt_cache, migration 17), so
 * that the editor never sends the same (engine, source text, source
 * language, target language) twice: the server's shared memory of what the
 * engines answered.  A row lives MT_CACHE_TTL seconds; past MT_CACHE_ROWS
 * rows the oldest go.
 */
#ifndef TOLK_MT_CACHE_H
#define TOLK_MT_CACHE_H

#include "model/model.h"

#define MT_CACHE_TTL (30 * 24 * 3600)
#define MT_CACHE_ROWS 200000

/* The kept translation (in a), or NULL: none, or older than MT_CACHE_TTL. */
const char *mt_cache_get(struct db_conn *c, struct arena *a, const char *engine,
			 int source_language_id, int target_language_id, const char *text);
/* Keep a translation (replacing an expired one), and let the oldest rows go.  MODEL_*. */
int mt_cache_put(struct db_conn *c, const char *engine, int source_language_id,
		 int target_language_id, const char *text, const char *translation);

#endif
