/*
 * gate: how many requests of one project may hold database connections at
 * once on this node.  The pool is shared by every project; without a cap, a
 * burst into one project (nine parallel uploads) takes every connection and
 * another project's one-millisecond `info` queues behind them.  A request
 * over its project's share waits here holding no connection.
 *
 * Writes get half the pool, all requests of a project together three
 * quarters: a lone project still uses most of the pool, and a quarter
 * is always left for the others.
 */
#ifndef TOLK_GATE_H
#define TOLK_GATE_H

#include <stdbool.h>
#include <stdint.h>

struct gate;

struct gate *gate_new(int pool_size);
void gate_free(struct gate *g);

/* Take a slot for the project without waiting: true when taken. */
bool gate_try(struct gate *g, int64_t project, bool write);
/* Take a slot, waiting for one. */
void gate_wait(struct gate *g, int64_t project, bool write);
void gate_leave(struct gate *g, int64_t project, bool write);

#endif
