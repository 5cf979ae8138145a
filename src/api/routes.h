#ifndef TOLK_ROUTES_H
#define TOLK_ROUTES_H

#include "api/call.h"

/* Route flags: which protocol prelude runs, and how. */
#define R_V1_PUBLIC   0x01u	/* Crowdin v1, no authentication */
#define R_V1_PROJECT  0x02u	/* Crowdin v1, project key or login + account-key */
#define R_V1_ACCOUNT  0x04u	/* Crowdin v1, login + account-key */
#define R_LONE        0x08u	/* localization.one, API token in the path */
#define R_WRITE       0x10u	/* opens a write transaction */
#define R_RAW         0x40u	/* plain HTTP, no protocol prelude */

/*
 * action: what the call does (model/roles.h); the dispatcher refuses a
 * caller whose role may not do it in any language (v1 code 41, 403), and a
 * per-language action's handler checks the language it touches.
 */
struct route {
	const char *pattern;	/* "/api/project/{project}/info"; {name} captures one segment */
	handler_fn fn;
	unsigned flags;
	enum action action;	/* ACT_NONE for routes without a project */
};

void api_dispatch(struct request *r);

#endif
