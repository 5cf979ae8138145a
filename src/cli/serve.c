/*
 * tolk serve: the HTTP server.  SIGTERM/SIGINT stop accepting connections,
 * let in-flight requests finish (their transactions commit or roll back
 * whole), then close the database.
 */
#include "cli/commands.h"
#include "api/app.h"
#include "api/routes.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/password.h"
#include "http/server.h"
#include "jobs/jobs.h"
#include "jobs/tm_sync.h"
#include "jobs/webhook.h"
#include "model/tm_memory.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#define SHUTDOWN_GRACE_SECONDS 30
#define SPARE_FDS 256	/* database, uploads (memfds), logs, beyond one socket per connection */

/* Every connection holds a socket: lift the soft open-file limit to the hard one. */
static void raise_fd_limit(unsigned connections)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)connections + SPARE_FDS)
		log_warn("open-file limit %llu is low for max-connections %u: "
			 "accepting may fail before the connection limit",
			 (unsigned long long)rl.rlim_cur, connections);
}

int cmd_serve(struct config *cfg, struct cmd_opts *opts)
{
	/* block the stop signals in every thread; the main thread waits for them */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	mem_tune_for_server();
	raise_fd_limit((unsigned)cfg->max_connections);

	/* libsodium and the dummy hash sign-in checks unknown logins against, before requests */
	if (password_init())
		return 1;
	struct db *db = cmd_open_db(cfg, cfg->db_pool);
	if (!db)
		return 1;
	char public_url[512];
	config_public_url(cfg, public_url, sizeof(public_url));
	char err[256];
	struct app app = { .cfg = cfg, .db = db, .gate = gate_new(cfg->db_pool), .public_url = public_url,
			   .tm = tm_memory_new() };
	app.replies = filecache_open(cfg->cache_dir, cfg->db,
				     (size_t)(cfg->cache_mb > 0 ? cfg->cache_mb : 0) << 20, err, sizeof(err));
	int rc = 1;
	if (!app.replies) {
		fprintf(stderr, "tolk: %s\n", err);
		goto out;
	}
	struct server_opts so = {
		.listen = cfg->listen,
		.connection_limit = (unsigned)cfg->max_connections,
		.per_ip_limit = (unsigned)cfg->per_ip_connections,
		.timeout_seconds = (unsigned)cfg->timeout,
		.header_timeout = (unsigned)cfg->header_timeout,
		.body_timeout = (unsigned)cfg->body_timeout,
		.body_min_rate = (unsigned)cfg->body_min_rate,
		.handler = api_dispatch,
		.app = &app,
		.quiet_access_log = !cfg->access_log,
	};
	struct server *srv = server_start(&so, err, sizeof(err));
	if (!srv) {
		fprintf(stderr, "tolk: %s\n", err);
		goto out;
	}
	/* before the jobs: it sets the address policy (webhook-allow) MT jobs check project URLs by */
	if (webhook_worker_start(db, cfg, err, sizeof(err))) {
		fprintf(stderr, "tolk: %s\n", err);
		server_stop(srv, 0);
		goto out;
	}
	if (jobs_start(&app, cfg->workers)) {
		fprintf(stderr, "tolk: cannot start job workers\n");
		webhook_worker_stop();
		server_stop(srv, 0);
		goto out;
	}
	if (tm_sync_start(&app)) {
		fprintf(stderr, "tolk: cannot start the translation memory thread\n");
		webhook_worker_stop();
		jobs_stop();
		server_stop(srv, 0);
		goto out;
	}
	log_info("tolk listening on %s (port %u), database %s", cfg->listen, server_port(srv),
		 db_kind(db) == DB_SQLITE ? cfg->db : "postgresql");
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d: finishing in-flight requests", sig);
	server_stop(srv, SHUTDOWN_GRACE_SECONDS);
	jobs_stop();	/* a build in progress finishes first */
	webhook_worker_stop();	/* after the last request and job: nothing queues any more */
	tm_sync_stop();
	rc = 0;
out:
	db_close(db);
	filecache_close(app.replies);
	gate_free(app.gate);
	tm_memory_free(app.tm);
	if (!rc)
		log_info("stopped");
	return rc;
}
