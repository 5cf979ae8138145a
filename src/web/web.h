/*
 * The pages tolk serves under /app/ (docs/web.md): their handlers, which
 * the route table (api/routes.c) names like any other.
 */
#ifndef TOLK_WEB_H
#define TOLK_WEB_H

#include "api/call.h"

/* GET /app/static/<hash>/<name> */
int web_static(struct call *c);

#endif
