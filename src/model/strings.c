/* Strings: the translatable units of a project's files and categories. */
#include "model/content.h"
#include "formats/wordcount.h"
#include "model/languages.h"

#include <string.h>
#include <time.h>

int string_create(struct db_conn *c, int64_t project_id, const struct string_new *s, int64_t *id)
{
	struct text_counts tc = { 0 };
	text_count(s->source, strlen(s->source), NULL, &tc);
	int64_t now = time(NULL);
	struct db_stmt *st;
	const char *sql_auto =
		"INSERT INTO string (project_id, node_id, skey, context, source, plural, comment, "
		"max_length, hidden, position, words, chars, chars_with_spaces, created, updated) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";
	const char *sql_id =
		"INSERT INTO string (id, project_id, node_id, skey, context, source, plural, comment, "
		"max_length, hidden, position, words, chars, chars_with_spaces, created, updated) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";
	if (s->explicit_id)
		st = db_query(c, sql_id, "iiisssssiiiiiiii", s->explicit_id, project_id, s->node_id,
			      s->key, s->context, s->source, s->plural_json, s->comment,
			      (int64_t)s->max_length, (int64_t)s->hidden, s->position, (int64_t)tc.words,
			      (int64_t)tc.chars, (int64_t)tc.chars_with_spaces, now, now);
	else
		st = db_query(c, sql_auto, "iisssssiiiiiiii", project_id, s->node_id, s->key,
			      s->context, s->source, s->plural_json, s->comment, (int64_t)s->max_length,
			      (int64_t)s->hidden, s->position, (int64_t)tc.words, (int64_t)tc.chars,
			      (int64_t)tc.chars_with_spaces, now, now);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);	/* no row: the key (or id) is taken */
	if (rc == 1 && id)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_CONFLICT : MODEL_ERROR;
}

int string_delete(struct db_conn *c, int64_t id)
{
	return db_exec(c, "DELETE FROM string WHERE id = ?", "i", id) ? MODEL_ERROR : MODEL_OK;
}
