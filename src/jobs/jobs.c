#include "jobs/jobs.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"
#include "model/export.h"
#include "model/pretranslate.h"
#include "model/reports.h"
#include "model/tm_units.h"

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A running job renews its lease with every progress report; a node that
 * died is noticed by the others once the lease runs out. */
#define JOB_LEASE_SECONDS 60
#define JOB_POLL_MS 1000

static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping;
static pthread_t threads[16];
static int n_threads;
static struct app *the_app;
/* Who holds a lease: stable across a restart of the same node (host and
 * listen address), so a restarted node takes its own jobs back at once. */
static char node_id[320];

static void wake_workers(void)
{
	pthread_mutex_lock(&wake_lock);
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&wake_lock);
}

int jobs_enqueue_export(struct db_conn *c, int64_t project_id, int64_t branch_id,
			const char *package)
{
	char params[256];
	json_t *j = json_pack("{s:I,s:s}", "branch_id", (json_int_t)branch_id, "package", package);
	char *s = json_dumps(j, JSON_COMPACT);
	snprintf(params, sizeof(params), "%s", s);
	free(s);
	json_decref(j);
	int64_t now = time(NULL);
	int rc = db_exec(c, "INSERT INTO job (project_id, kind, params, created, updated) "
			 "VALUES (?, 'export', ?, ?, ?)", "isii", project_id, params, now, now);
	if (!rc)
		wake_workers();	/* the commit follows shortly; a worker that looks too early polls again */
	return rc;
}

int jobs_enqueue_report(struct db_conn *c, int64_t project_id, const char *hash,
			const char *spec_json)
{
	int64_t now = time(NULL);
	int rc = db_exec(c, "INSERT INTO job (project_id, kind, params, result, created, updated) "
			 "VALUES (?, '" REPORT_JOB "', ?, ?, ?, ?)", "issii", project_id, spec_json, hash,
			 now, now);
	if (!rc)
		wake_workers();
	return rc;
}

/* The newest job of the kind (of the branch, for exports; -1: any). */
static int last_status(struct db_conn *c, struct arena *a, int64_t project_id, const char *kind,
		       int64_t branch_id, struct job_status *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_query(c, "SELECT state, progress, current_file, current_language, params "
				      "FROM job WHERE project_id = ? AND kind = ? ORDER BY id DESC LIMIT 20",
				      "is", project_id, kind);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (branch_id >= 0) {
			json_t *p = json_loads(db_col_text(st, 4), 0, NULL);
			int64_t b = json_integer_value(json_object_get(p, "branch_id"));
			json_decref(p);
			if (b != branch_id)
				continue;
		}
		out->state = arena_strdup(a, db_col_text(st, 0));
		out->progress = (int)db_col_int(st, 1);
		out->current_file = arena_strdup(a, db_col_text(st, 2));
		out->current_language = arena_strdup(a, db_col_text(st, 3));
		break;
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int jobs_export_status(struct db_conn *c, struct arena *a, int64_t project_id, int64_t branch_id,
		       struct job_status *out)
{
	return last_status(c, a, project_id, "export", branch_id, out);
}

int jobs_last_status(struct db_conn *c, struct arena *a, int64_t project_id, const char *kind,
		     struct job_status *out)
{
	return last_status(c, a, project_id, kind, -1, out);
}

struct claimed {
	int64_t id, project_id;
	char kind[32];
	char *params;
	char result[80];
};

/* Take the oldest runnable job, or return 0 when there is none. */
static int claim(struct db_conn *c, struct claimed *j)
{
	int64_t now = time(NULL);
	if (db_begin(c, true))
		return -1;
	const char *pick = db_kind(the_app->db) == DB_POSTGRES
		? "SELECT id FROM job WHERE state = 'queued' OR (state = 'running' AND locked_until < ?) "
		  "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
		: "SELECT id FROM job WHERE state = 'queued' OR (state = 'running' AND locked_until < ?) "
		  "ORDER BY id LIMIT 1";
	int64_t id = db_int(c, 0, pick, "i", now);
	int found = 0;
	if (id) {
		struct db_stmt *st = db_query(c, "UPDATE job SET state = 'running', locked_by = ?, "
					      "locked_until = ?, updated = ? WHERE id = ? "
					      "RETURNING project_id, kind, params, result",
					      "siii", node_id, now + JOB_LEASE_SECONDS, now, id);
		if (st && db_step(st) == 1) {
			j->id = id;
			j->project_id = db_col_int(st, 0);
			snprintf(j->kind, sizeof(j->kind), "%s", db_col_text(st, 1));
			j->params = xstrdup(db_col_text(st, 2));
			snprintf(j->result, sizeof(j->result), "%s", db_col_text(st, 3));
			found = 1;
		}
		db_done(st);
	}
	if (db_commit(c))
		return -1;
	return found;
}

static void finish(struct db_conn *c, int64_t id, bool ok, const char *error)
{
	if (db_begin(c, true))
		return;
	db_exec(c, "UPDATE job SET state = ?, progress = ?, error = ?, updated = ?, current_file = '', "
		"current_language = '' WHERE id = ?", "sisii", ok ? "done" : "failed",
		(int64_t)(ok ? 100 : 0), error ? error : "", (int64_t)time(NULL), id);
	db_commit(c);
}

struct progress_ctx {
	struct db_conn *w;
	int64_t job_id;
	time_t last;
};

/* Progress goes through a second connection: the build holds a read snapshot. */
static void report_progress(void *ctx, int percent, const char *file, const char *language)
{
	struct progress_ctx *p = ctx;
	time_t now = time(NULL);
	if (now == p->last)
		return;
	p->last = now;
	if (db_begin(p->w, true))
		return;
	db_exec(p->w, "UPDATE job SET progress = ?, current_file = ?, current_language = ?, updated = ?, "
		"locked_until = ? WHERE id = ?", "issiii", (int64_t)percent, file, language, (int64_t)now,
		(int64_t)now + JOB_LEASE_SECONDS, p->job_id);
	db_commit(p->w);
}

/* The end of a job's write transaction: committed when rc is 0, rolled back otherwise. */
static int settle(struct db_conn *w, int rc)
{
	if (!rc)
		return db_commit(w);
	db_rollback(w);
	return rc;
}

static int run_export(struct db_conn *r, struct db_conn *w, const struct claimed *j)
{
	json_t *params = json_loads(j->params, 0, NULL);
	int64_t branch_id = json_integer_value(json_object_get(params, "branch_id"));
	const char *package = json_string_value(json_object_get(params, "package"));
	struct arena a;
	arena_init(&a);
	struct buf zip;
	buf_init(&zip, 0);
	struct project p;
	int rc = -1;
	const struct language *lang = package && strcmp(package, "all") ? language_by_code(package) : NULL;
	struct progress_ctx pc = { .w = w, .job_id = j->id };
	if (package && !db_begin(r, false)) {
		if (!project_by_id(r, &a, j->project_id, &p))
			rc = export_zip(r, &a, &p, branch_id, lang, &zip, report_progress, &pc);
		db_commit(r);
	}
	if (!rc && !db_begin(w, true))
		rc = settle(w, export_store_artifact(w, j->project_id, branch_id, package, p.revision,
						     &zip) ||
			       db_exec(w, "UPDATE project SET last_build = ? WHERE id = ?", "ii",
				       (int64_t)time(NULL), j->project_id) ? -1 : 0);
	buf_release(&zip);
	arena_release(&a);
	json_decref(params);
	return rc;
}

/* An import's translation memory units (model/tm_units.h). */
static int run_tm_units(struct db_conn *w, const struct claimed *j)
{
	json_t *params = json_loads(j->params, 0, NULL);
	int64_t node = json_integer_value(json_object_get(params, "node"));
	int language = (int)json_integer_value(json_object_get(params, "language"));
	json_decref(params);
	if (db_begin(w, true))
		return -1;
	return settle(w, tm_units_of_node(w, j->project_id, node, language) ? -1 : 0);
}

/* A report (model/reports.h), named by the hash its job keeps in `result`. */
static int run_report(struct db_conn *c, const struct claimed *j)
{
	return report_make(c, j->project_id, j->result) ? -1 : 0;
}

/* Its progress goes through its own connection, between its transactions. */
static int run_pretranslate(struct db_conn *w, const struct claimed *j)
{
	struct progress_ctx pc = { .w = w, .job_id = j->id };
	struct pretranslate_progress pr = { report_progress, &pc };
	return pretranslate_job(w, the_app->tm, the_app->cfg, j->project_id, j->params, &pr);
}

static void *worker(void *arg)
{
	while (true) {
		pthread_mutex_lock(&wake_lock);
		bool stop = stopping;
		pthread_mutex_unlock(&wake_lock);
		if (stop)
			break;
		struct db_conn *c = db_acquire(the_app->db);
		db_maintain(c);
		struct claimed j = { 0 };
		int got = claim(c, &j);
		if (got == 1) {
			/*
			 * Only a build reads on one connection while it reports its
			 * progress on another; the other jobs keep the one they
			 * claimed with (two workers each holding one connection and
			 * waiting for a second starved a pool of two).
			 */
			bool build = !strcmp(j.kind, "export");
			struct db_conn *w = build ? db_acquire(the_app->db) : c;
			int rc = build ? run_export(c, w, &j)
				 : !strcmp(j.kind, TM_UNITS_JOB) ? run_tm_units(w, &j)
				 : !strcmp(j.kind, PRETRANSLATE_JOB) ? run_pretranslate(w, &j)
				 : !strcmp(j.kind, REPORT_JOB) ? run_report(w, &j)
				 : -1;
			if (rc)
				log_warn("job %lld (%s) failed", (long long)j.id, j.kind);
			finish(w, j.id, rc == 0, !rc ? NULL : build ? "build failed" : "failed");
			if (build)
				db_release(w);
			free(j.params);
			/* a build frees its archive and scratch (tens of MB): back to the OS */
			mem_give_back();
		}
		db_release(c);
		if (got == 1)
			continue;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += JOB_POLL_MS / 1000;
		pthread_mutex_lock(&wake_lock);
		if (!stopping)
			pthread_cond_timedwait(&wake, &wake_lock, &until);
		pthread_mutex_unlock(&wake_lock);
	}
	return NULL;
}

/* Jobs this node was running when it died: queued again before any worker starts. */
static void recover_own_jobs(void)
{
	struct db_conn *c = db_acquire(the_app->db);
	if (!db_begin(c, true)) {
		struct db_stmt *st = db_query(c, "UPDATE job SET state = 'queued', locked_by = '', "
					      "locked_until = 0 WHERE state = 'running' AND locked_by = ? "
					      "RETURNING id", "s", node_id);
		int n = 0;
		while (st && db_step(st) == 1)
			n++;
		db_done(st);
		if (st && !db_commit(c) && n)
			log_info("jobs: %d job(s) interrupted by this node's last stop queued again", n);
		db_rollback(c);
	}
	db_release(c);
}

int jobs_start(struct app *app, int workers)
{
	the_app = app;
	stopping = false;
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);
	snprintf(node_id, sizeof(node_id), "%s/%s", host, app->cfg->listen);
	recover_own_jobs();
	if (workers > (int)(sizeof(threads) / sizeof(threads[0])))
		workers = (int)(sizeof(threads) / sizeof(threads[0]));
	for (n_threads = 0; n_threads < workers; n_threads++)
		if (pthread_create(&threads[n_threads], NULL, worker, NULL))
			return -1;
	return 0;
}

void jobs_stop(void)
{
	pthread_mutex_lock(&wake_lock);
	stopping = true;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&wake_lock);
	for (int i = 0; i < n_threads; i++)
		pthread_join(threads[i], NULL);
	n_threads = 0;
}
