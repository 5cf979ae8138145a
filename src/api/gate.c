#include "api/gate.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/mem.h"

/* One entry per project with requests in flight: a handful, so a list. */
struct gate_entry {
	int64_t project;
	int all, writes;
};

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int max_all, max_writes;
	struct gate_entry *e;
	int n, cap;
};

struct gate *gate_new(int pool_size)
{
	struct gate *g = xcalloc(1, sizeof(*g));
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->freed, NULL);
	g->max_writes = pool_size / 2 > 1 ? pool_size / 2 : 1;
	int reserved = pool_size / 4 > 1 ? pool_size / 4 : 1;	/* for the other projects */
	g->max_all = pool_size - reserved > 1 ? pool_size - reserved : 1;
	return g;
}

void gate_free(struct gate *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->freed);
	free(g->e);
	free(g);
}

static struct gate_entry *entry(struct gate *g, int64_t project)
{
	for (int i = 0; i < g->n; i++)
		if (g->e[i].project == project)
			return &g->e[i];
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->e = xrealloc(g->e, (size_t)g->cap * sizeof(*g->e));
	}
	g->e[g->n] = (struct gate_entry){ .project = project };
	return &g->e[g->n++];
}

static bool take(struct gate *g, int64_t project, bool write)
{
	struct gate_entry *e = entry(g, project);
	if (e->all >= g->max_all || (write && e->writes >= g->max_writes))
		return false;
	e->all++;
	e->writes += write;
	return true;
}

bool gate_try(struct gate *g, int64_t project, bool write)
{
	pthread_mutex_lock(&g->lock);
	bool ok = take(g, project, write);
	pthread_mutex_unlock(&g->lock);
	return ok;
}

void gate_wait(struct gate *g, int64_t project, bool write)
{
	pthread_mutex_lock(&g->lock);
	while (!take(g, project, write))
		pthread_cond_wait(&g->freed, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

void gate_leave(struct gate *g, int64_t project, bool write)
{
	pthread_mutex_lock(&g->lock);
	struct gate_entry *e = entry(g, project);
	e->all--;
	e->writes -= write;
	if (!e->all)
		*e = g->e[--g->n];	/* idle projects leave the list */
	pthread_cond_broadcast(&g->freed);
	pthread_mutex_unlock(&g->lock);
}
