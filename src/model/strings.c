/* Strings: the translatable units of a project's files and categories. */
#include "model/content.h"
#include "formats/wordcount.h"
#include "model/languages.h"
#include "model/stats.h"
#include "core/mem.h"

#include <stdlib.h>

#include <string.h>
#include <time.h>

int string_ids_reserve(struct db_conn *c, int64_t project_id, int64_t n, int64_t *first)
{
	int64_t next = db_int(c, -1, "UPDATE project SET next_string_id = next_string_id + ? "
			      "WHERE id = ? RETURNING next_string_id", "ii", n, project_id);
	if (next < 0)
		return MODEL_ERROR;
	*first = next - n;
	return MODEL_OK;
}

/* A client chose `public_id`: later automatic ids continue after it. */
static int note_explicit_id(struct db_conn *c, int64_t project_id, int64_t public_id)
{
	return db_exec(c, "UPDATE project SET next_string_id = ? WHERE id = ? AND next_string_id <= ?",
		       "iii", public_id + 1, project_id, public_id) ? MODEL_ERROR : MODEL_OK;
}

/* A counted string was added: the duplicate totals take its share. */
static int dups_added(struct db_conn *c, int64_t project_id, int64_t string_id)
{
	struct dup_share none = { 0 }, share;
	return stats_dups_of_string(c, string_id, &share) ||
	       stats_dups_apply(c, project_id, &none, &share);
}

int string_create(struct db_conn *c, int64_t project_id, const struct string_new *s, int64_t *id,
		  int64_t *public_id)
{
	int64_t pub = s->public_id;
	int rc = s->hidden ? MODEL_OK : stats_dups_lock(c, project_id) ? MODEL_ERROR : MODEL_OK;
	if (rc)
		return rc;
	if (!pub) {
		rc = string_ids_reserve(c, project_id, 1, &pub);
	} else if (!s->reserved) {
		if (pub < 1 || pub > STRING_ID_MAX) {
			model_set_why("string ids are between 1 and 2147483647");
			return MODEL_INVALID;
		}
		rc = note_explicit_id(c, project_id, pub);
	}
	if (rc)
		return rc;
	struct text_counts tc = { 0 };
	text_count(s->source, strlen(s->source), NULL, &tc);
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c,
		"INSERT INTO string (project_id, public_id, node_id, skey, context, source, plural, "
		"comment, max_length, hidden, position, words, chars, chars_with_spaces, created, updated) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
		"iiisssssiiiiiiii", project_id, pub, s->node_id, s->key, s->context, s->source,
		s->plural_json, s->comment, (int64_t)s->max_length, (int64_t)s->hidden, s->position,
		(int64_t)tc.words, (int64_t)tc.chars, (int64_t)tc.chars_with_spaces, now, now);
	if (!st)
		return MODEL_ERROR;
	rc = db_step(st);	/* no row: the key (or the public id) is taken */
	int64_t row = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc == 1 && id)
		*id = row;
	if (rc == 1 && public_id)
		*public_id = pub;
	if (rc == 1 && !s->hidden && (stats_string_added(c, project_id, s->node_id, (int64_t)tc.words) ||
				      dups_added(c, project_id, row)))
		return MODEL_ERROR;
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_CONFLICT : MODEL_ERROR;
}

int string_delete(struct db_conn *c, int64_t id)
{
	return db_exec(c, "DELETE FROM string WHERE id = ?", "i", id) ? MODEL_ERROR : MODEL_OK;
}

int string_delete_counted(struct db_conn *c, int64_t id)
{
	struct stats_snap *before = xmalloc(sizeof(*before));
	struct dup_share share = { 0 }, none = { 0 };
	int rc = stats_snap_take(c, id, before) ||
		 (before->counted && (stats_dups_lock(c, before->project_id) ||
				      stats_dups_of_string(c, id, &share))) ||
		 string_delete(c, id) ? MODEL_ERROR : MODEL_OK;
	if (!rc && before->counted && (stats_string_removed(c, before) ||
				       stats_dups_apply(c, before->project_id, &share, &none)))
		rc = MODEL_ERROR;
	free(before);
	return rc;
}
