#include "model/glossary.h"
#include "model/model.h"

#include <time.h>

int64_t glossary_next_concept(struct db_conn *c, int64_t project_id)
{
	int64_t top = db_int(c, 0, "SELECT COALESCE(MAX(concept), 0) FROM glossary_term WHERE "
			     "project_id = ?", "i", project_id);
	return top < 0 ? -1 : top + 1;
}

int glossary_add(struct db_conn *c, int64_t project_id, const struct glossary_term *t, size_t n)
{
	struct db_rows r;
	db_rows_init(&r, c, "INSERT INTO glossary_term (project_id, concept, language_id, term, "
		     "description, part_of_speech, created) VALUES", "(?, ?, ?, ?, ?, ?, ?)", NULL);
	int64_t now = time(NULL);
	int rc = MODEL_OK;
	for (size_t i = 0; i < n && !rc; i++)
		if (db_rows_add(&r, "iiisssi", project_id, t[i].concept, (int64_t)t[i].language_id,
				t[i].term, t[i].description, t[i].part_of_speech, now))
			rc = MODEL_ERROR;
	if (!rc && db_rows_flush(&r))
		rc = MODEL_ERROR;
	db_rows_release(&r);
	return rc;
}

long glossary_each(struct db_conn *c, int64_t project_id, glossary_term_fn fn, void *ctx)
{
	struct db_stmt *st = db_query_stream(c, "SELECT concept, language_id, term, description, "
					     "part_of_speech FROM glossary_term WHERE project_id = ? "
					     "ORDER BY concept, language_id, id", "i", project_id);
	if (!st)
		return -1;
	long n = 0;
	int step;
	while ((step = db_step(st)) == 1) {
		struct glossary_term t = {
			.concept = db_col_int(st, 0), .language_id = (int)db_col_int(st, 1),
			.term = db_col_text(st, 2), .description = db_col_text(st, 3),
			.part_of_speech = db_col_text(st, 4),
		};
		n++;
		if (fn(ctx, &t)) {
			step = -1;
			break;
		}
	}
	db_done(st);
	return step < 0 ? -1 : n;
}
