/*
 * The pages tolk serves under /app/ (docs/web.md): their handlers, which
 * the route table (api/routes.c) names like any other.
 */
#ifndef TOLK_WEB_H
#define TOLK_WEB_H

#include "api/call.h"

#include <jansson.h>

/* GET /app/static/<hash>/<name> */
int web_static(struct call *c);

/*
 * Reply with the page templates/<name>.html rendered with data (taken; NULL:
 * none) and what every page shows; a template that does not render is a 500.
 */
int web_page(struct call *c, int status, const char *name, const char *title, json_t *data);

/* GET /app/: the signed-in person's projects (else to the sign-in page) */
int web_home(struct call *c);
/* GET /app/sign-in, GET /app/sign-in/<token>, GET /app/account */
int web_sign_in(struct call *c);
int web_sign_in_link(struct call *c);
int web_account(struct call *c);

/* Any other /app/ path: the "page not found" page. */
int web_not_found(struct call *c);

#endif
