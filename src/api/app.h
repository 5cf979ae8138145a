/* Process-wide state handed to every request: configuration and database. */
#ifndef TOLK_APP_H
#define TOLK_APP_H

#include "core/config.h"
#include "api/gate.h"
#include "core/filecache.h"
#include "store/db.h"

struct tm_memory;

struct app {
	struct config *cfg;
	struct db *db;
	struct gate *gate;	/* each project's share of the connection pool */
	struct filecache *replies;	/* big replies, served again while the project is unchanged */
	struct tm_memory *tm;	/* this node's translation memory (model/tm_memory.h) */
	const char *public_url;	/* no trailing slash */
};

#endif
