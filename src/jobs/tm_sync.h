/*
 * The thread that keeps this node's translation memory (model/tm_memory.h)
 * up to date: it loads every unit at start-up, then reads what any node
 * added, once a second (TM_SYNC_MS).
 */
#ifndef TOLK_TM_SYNC_H
#define TOLK_TM_SYNC_H

#include "api/app.h"

#define TM_SYNC_MS 1000

int tm_sync_start(struct app *app);
void tm_sync_stop(void);

#endif
