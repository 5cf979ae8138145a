#ifndef TOLK_ROUTES_H
#define TOLK_ROUTES_H

#include "api/call.h"

/* Route flags: which protocol prelude runs, and how. */
#define R_V1_PUBLIC   0x01u	/* Crowdin v1, no authentication */
#define R_V1_PROJECT  0x02u	/* Crowdin v1, project key or login + account-key */
#define R_V1_ACCOUNT  0x04u	/* Crowdin v1, login + account-key */
#define R_LONE        0x08u	/* localization.one, API token in the path */
#define R_WRITE       0x10u	/* opens a write transaction */
#define R_MANAGER     0x20u	/* caller must manage the project (v1 code 41 otherwise) */
#define R_RAW         0x40u	/* plain HTTP, no protocol prelude */

struct route {
	const char *pattern;	/* "/api/project/{project}/info"; {name} captures one segment */
	handler_fn fn;
	unsigned flags;
};

void api_dispatch(struct request *r);

#endif
