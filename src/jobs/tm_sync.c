#include "jobs/tm_sync.h"
#include "core/log.h"
#include "model/tm_memory.h"

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping;
static pthread_t thread;
static struct app *the_app;

static void *sync_loop(void *arg)
{
	(void)arg;
	bool failing = false;
	for (;;) {
		struct db_conn *c = db_acquire(the_app->db);
		/* one read snapshot a round, so the rows and the holes agree */
		int rc = db_begin(c, false) ? -1 : tm_memory_sync(the_app->tm, c);
		db_rollback(c);
		db_release(c);
		if (rc && !failing)
			log_warn("translation memory: cannot read new units; trying again every second");
		failing = rc != 0;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)(TM_SYNC_MS % 1000) * 1000000L;
		until.tv_sec += TM_SYNC_MS / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_mutex_lock(&lock);
		if (!stopping)
			pthread_cond_timedwait(&wake, &lock, &until);
		bool stop = stopping;
		pthread_mutex_unlock(&lock);
		if (stop)
			return NULL;
	}
}

int tm_sync_start(struct app *app)
{
	the_app = app;
	stopping = false;
	return pthread_create(&thread, NULL, sync_loop, NULL) ? -1 : 0;
}

void tm_sync_stop(void)
{
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
}
