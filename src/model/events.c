/* The event trail: who changed what, when, through which protocol. */
#include "model/content.h"

#include <time.h>

int event_add(struct db_conn *c, const struct event_new *e)
{
	int64_t now = time(NULL);
	if (db_exec(c, "INSERT INTO event (project_id, account_id, kind, node_id, string_id, "
		    "translation_id, language_id, origin, detail, created) VALUES (?, "
		    "NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0), "
		    "NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), "
		    "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?)",
		    "iisiiiissi", e->project_id, e->account_id, e->kind, e->node_id, e->string_id,
		    e->translation_id, (int64_t)e->language_id, e->origin ? e->origin : "",
		    e->detail_json ? e->detail_json : "{}", now))
		return MODEL_ERROR;
	return project_touch(c, e->project_id);
}
