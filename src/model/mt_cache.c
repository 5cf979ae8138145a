/* The machine translation cache (model/mt_cache.h). */
#include "model/mt_cache.h"
#include "tm/tokens.h"

#include <string.h>
#include <time.h>

static int64_t text_hash(const char *text)
{
	return (int64_t)tm_hash(text, strlen(text));
}

const char *mt_cache_get(struct db_conn *c, struct arena *a, const char *engine,
			 int source_language_id, int target_language_id, const char *text)
{
	struct db_stmt *st = db_query(c, "SELECT translation FROM mt_cache WHERE engine = ? AND "
				      "source_language_id = ? AND target_language_id = ? AND "
				      "source_hash = ? AND source_text = ? AND created >= ?", "siiisi",
				      engine, (int64_t)source_language_id,
				      (int64_t)target_language_id, text_hash(text), text,
				      (int64_t)time(NULL) - MT_CACHE_TTL);
	const char *out = st && db_step(st) == 1 ? arena_strdup(a, db_col_text(st, 0)) : NULL;
	if (st)
		db_done(st);
	return out;
}

int mt_cache_put(struct db_conn *c, const char *engine, int source_language_id,
		 int target_language_id, const char *text, const char *translation)
{
	int64_t now = time(NULL), h = text_hash(text);
	/* an expired row of the key, and the rows over the bound, go first */
	if (db_exec(c, "DELETE FROM mt_cache WHERE created < ?", "i", now - MT_CACHE_TTL) ||
	    db_exec(c, "DELETE FROM mt_cache WHERE id <= (SELECT MAX(id) FROM mt_cache) - ?", "i",
		    (int64_t)MT_CACHE_ROWS) ||
	    db_exec(c, "INSERT INTO mt_cache (engine, source_language_id, target_language_id, "
		    "source_hash, source_text, translation, created) VALUES (?, ?, ?, ?, ?, ?, ?) "
		    "ON CONFLICT DO NOTHING", "siiissi", engine, (int64_t)source_language_id,
		    (int64_t)target_language_id, h, text, translation, now))
		return MODEL_ERROR;
	return MODEL_OK;
}
