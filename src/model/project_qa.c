/*
 * A project's QA check levels: project.qa_checks read and written
 * (model/project_qa.h).
 */
#include "model/project_qa.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_names[] = { "off", "warning", "error" };

const char *qa_level_name(enum qa_level l)
{
	return (unsigned)l <= QA_LEVEL_ERROR ? level_names[l] : NULL;
}

int qa_level_parse(const char *name, enum qa_level *out)
{
	for (int l = QA_LEVEL_OFF; l <= QA_LEVEL_ERROR; l++)
		if (name && !strcmp(name, level_names[l])) {
			*out = (enum qa_level)l;
			return 0;
		}
	return -1;
}

void project_qa_parse(const char *qa_checks_json, struct project_qa *out)
{
	out->enabled = true;
	for (int i = 0; i < QA_CHECK_COUNT; i++)
		out->level[i] = QA_LEVEL_WARNING;
	json_t *o = qa_checks_json ? json_loads(qa_checks_json, 0, NULL) : NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	json_t *all = json_object_get(o, "enabled");
	out->enabled = !(json_is_integer(all) && json_integer_value(all) == 0);
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		enum qa_check_id id;
		if (qa_check_parse(key, &id) || !json_is_integer(v))
			continue;
		json_int_t level = json_integer_value(v);	/* anything else is a warning */
		if (level == 0 || level == 2)
			out->level[id] = level == 0 ? QA_LEVEL_OFF : QA_LEVEL_ERROR;
	}
	json_decref(o);
}

/* The stored object, malloc'd by jansson: NULL when the project is gone. */
static int stored(struct db_conn *c, int64_t project_id, char **out)
{
	*out = NULL;
	struct db_stmt *st = db_query(c, "SELECT qa_checks FROM project WHERE id = ?", "i", project_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		*out = strdup(db_col_text(st, 0));
	db_done(st);
	if (rc < 0 || (rc == 1 && !*out))
		return MODEL_ERROR;
	return rc == 1 ? MODEL_OK : MODEL_NOT_FOUND;
}

int project_qa_get(struct db_conn *c, int64_t project_id, struct project_qa *out)
{
	char *json;
	int rc = stored(c, project_id, &json);
	if (!rc)
		project_qa_parse(json, out);
	free(json);
	return rc;
}

int project_qa_merge(struct db_conn *c, int64_t project_id, const char *const *keys,
		     const int *values, size_t n)
{
	char *json;
	int rc = stored(c, project_id, &json);
	if (rc)
		return rc;
	json_t *o = json_loads(json, 0, NULL);
	free(json);
	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, keys[i], json_integer(values[i]));
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	rc = s && !db_exec(c, "UPDATE project SET qa_checks = ? WHERE id = ?", "si", s, project_id)
	     ? project_touch(c, project_id) : MODEL_ERROR;
	free(s);
	return rc;
}

int project_qa_set(struct db_conn *c, int64_t project_id, const struct project_qa *q)
{
	const char *keys[QA_CHECK_COUNT + 1];
	int values[QA_CHECK_COUNT + 1];
	for (int i = 0; i < QA_CHECK_COUNT; i++) {
		keys[i] = qa_check_info((enum qa_check_id)i)->id;
		values[i] = (int)q->level[i];
	}
	keys[QA_CHECK_COUNT] = "enabled";
	values[QA_CHECK_COUNT] = q->enabled;
	return project_qa_merge(c, project_id, keys, values, QA_CHECK_COUNT + 1);
}
