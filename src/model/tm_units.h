/*
 * Translation memory units: the rows of `tm_unit` (docs/tm.md, "Store and
 * sync").  A unit belongs to an account (the owner of the project it came
 * from) and is one per (account, language pair, source + target + context):
 * putting one that is there already changes nothing.  The in-memory index
 * (model/tm_memory.h) reads them by id.
 */
#ifndef TOLK_TM_UNITS_H
#define TOLK_TM_UNITS_H

#include <stdint.h>

#include "core/arena.h"
#include "store/db.h"

struct tm_unit {
	int64_t id, account_id, project_id;	/* project 0: none (deleted, or a TMX) */
	int source_language_id, target_language_id;
	const char *source, *target, *context;
	const char *origin;			/* "approved", "import", "tmx", "mt" */
	int64_t created, updated;
};

/* Put one unit (id and updated are set here; created too when 0). */
int tm_unit_put(struct db_conn *c, const struct tm_unit *u);
/* Put many (an upload-tm), in batches. */
int tm_units_put(struct db_conn *c, const struct tm_unit *u, size_t n);

/* The unit of an approved translation (none for a hidden string). */
int tm_unit_of_translation(struct db_conn *c, int64_t translation_id);

/*
 * The units of a file in a language: the best translation of each of its
 * strings that is approved or was imported, as units of the project owner's
 * memory (after an import or an approval; a string without one adds none).
 */
int tm_units_of_node(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id);
/*
 * The same, later: a job (kind TM_UNITS_JOB, run by jobs/jobs.c) queued in
 * this transaction.  An import's units are made off the request: on it,
 * they tripled the time of a 40,000-string upload.
 */
#define TM_UNITS_JOB "tm-units"
int tm_units_queue(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id);

/*
 * Units with id > after, by id, at most limit: fn(ctx, unit) for each (its
 * texts valid during the call).  Returns how many, or -1.
 */
typedef int (*tm_unit_fn)(void *ctx, const struct tm_unit *u);
long tm_units_after(struct db_conn *c, int64_t after, long limit, tm_unit_fn fn, void *ctx);

/*
 * An account's units from one source language (into one target; 0: every
 * one), of one project (0: all its projects'), by id.
 */
long tm_units_of_account(struct db_conn *c, int64_t account_id, int64_t project_id,
			 int source_language_id, int target_language_id, tm_unit_fn fn, void *ctx);

/* The units with these ids that are still there, in the order asked (an id twice: twice), texts in the arena. */
int tm_units_get(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
		 struct tm_unit **out, size_t *n_out);

/*
 * Where a unit came from, as one account may know it: the name of the
 * unit's project, the file (node name) of the string whose translation
 * made it and that translation's author's login; each NULL when unknown
 * (a TMX unit, the project or string gone) and all NULL when the viewer is
 * no member of the project (another account's project names, files and
 * people stay theirs).
 */
struct tm_origin {
	const char *project, *file, *author;
};
int tm_unit_origin(struct db_conn *c, struct arena *a, const struct tm_unit *u, int64_t viewer,
		   struct tm_origin *out);

#endif
