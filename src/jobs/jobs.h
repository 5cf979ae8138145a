/*
 * Background jobs (export builds now; reports and pre-translation later).
 *
 * Jobs are rows in the `job` table, so any node's worker can run any
 * node's job and a job survives a restart.  A worker claims the oldest
 * queued job (PostgreSQL: FOR UPDATE SKIP LOCKED, so several nodes never
 * take the same one; SQLite: under the writer lock), runs it, and marks it
 * done or failed.  A running job renews its lease (locked_until) as it
 * reports progress; a job whose node died is reclaimed by any node once
 * the lease has expired, and at once by that node when it starts again.
 * Enqueueing in this process wakes the workers at once; otherwise they
 * poll every second.
 */
#ifndef TOLK_JOBS_H
#define TOLK_JOBS_H

#include <stdint.h>

#include "api/app.h"
#include "core/arena.h"
#include "store/db.h"

int jobs_enqueue_export(struct db_conn *c, int64_t project_id, int64_t branch_id,
			const char *package);

/* A report's job (model/reports.h): its spec as JSON, found again by its hash. */
int jobs_enqueue_report(struct db_conn *c, int64_t project_id, const char *hash,
			const char *spec_json);

struct job_status {
	const char *state;	/* NULL when there never was a job */
	int progress;
	const char *current_file, *current_language;
};
int jobs_export_status(struct db_conn *c, struct arena *a, int64_t project_id, int64_t branch_id,
		       struct job_status *out);
/* The project's newest job of the kind (state queued, running, done or failed). */
int jobs_last_status(struct db_conn *c, struct arena *a, int64_t project_id, const char *kind,
		     struct job_status *out);

int jobs_start(struct app *app, int workers);
void jobs_stop(void);

#endif
