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
#define R_APP         0x100u	/* web app JSON API under /app/api/ (api/webapp/webapp.h) */
#define R_SESSION     0x200u	/* R_APP: needs a signed-in session (401 otherwise) */
#define R_SIGN_IN     0x400u	/* R_APP: makes a session; no CSRF token, Origin still checked */
#define R_APP_PROJECT 0x800u	/* R_APP under /app/api/projects/{project}/: a member's call
				 * (the session's grant in that project; 404 for others) */
#define R_APP_MEMBER  (R_APP | R_SESSION | R_APP_PROJECT)

/*
 * action: what the call does (model/roles.h); the dispatcher refuses a
 * caller whose role may not do it in any language (v1 code 41, 403), and a
 * per-language action's handler checks the language it touches.
 */
struct route {
	/*
	 * "/api/project/{project}/info": {name} captures one segment.  A method
	 * first, "POST /app/api/session", takes that method only (GET also HEAD);
	 * a path that only such rows match answers 405 to the others.
	 */
	const char *pattern;
	handler_fn fn;
	unsigned flags;
	enum action action;	/* ACT_NONE for routes without a project */
};

void api_dispatch(struct request *r);

#endif
