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

/* For pages only a signed-in person sees: true, or the page is answered (to sign in). */
bool web_need_session(struct call *c);
/* What every page of a signed-in person shows: who ("me"), and the CSRF token its forms send. */
json_t *web_mine(struct call *c);
/*
 * For the pages of a project, /app/p/{project}/...: true when the signed-in
 * person is a member whose role may do `a` (ACT_NONE: any member but a
 * blocked one), with c->project and c->grant loaded; else the page is
 * answered (sign in, 404 for a project they are no member of, 403).
 */
bool web_need_project(struct call *c, enum action a);
/*
 * web_mine() plus "project": {identifier, name, role, can: {<action name>:
 * bool, ...}} and "tab_<tab>": true, for the project's tabs (project-nav).
 */
json_t *web_project_data(struct call *c, const char *tab);

/* GET /app/: the signed-in person's projects (else to the sign-in page) */
int web_home(struct call *c);
/* GET /app/sign-in, GET /app/sign-in/<token>, GET /app/account */
int web_sign_in(struct call *c);
int web_sign_in_link(struct call *c);
int web_account(struct call *c);

/* A 303 to `to`. */
void web_redirect(struct call *c, const char *to);
/*
 * Whether next is a page of ours to go to after signing in: "/app/..."
 * of plain path characters (no other site, no query, no markup).
 */
bool web_next_ok(const char *next);
/* The sign-in page, with this page as its next when it may be one. */
const char *web_sign_in_url(struct call *c);

/* members and joining (web/members.c, web/join.c) */
int web_members(struct call *c);
int web_join(struct call *c);
int web_join_open(struct call *c);
/* A non-member at an open project's page: true, sent to its join page. */
bool web_offer_join(struct call *c);
/* "2026-12-05 07:42 UTC" */
json_t *web_date(int64_t t);
/* "French (fr), German (de)" from "fr,de"; "all" for "". */
const char *web_language_names(struct arena *a, const char *codes);
/* GET /app/p/{project}/settings (web/settings.c) */
int web_project_settings(struct call *c);
/* GET /app/p/{project}/webhooks: the project's webhook URLs and delivery log (webhooks.c) */
int web_webhooks(struct call *c);
/* GET /app/new: create a project (the v1 create-project call, from web/static/new-project.js) */
int web_new_project(struct call *c);
/* GET /app/p/{project}: the project's progress, files, uploads and downloads (web/dashboard.c) */
int web_dashboard(struct call *c);

/* GET /app/p/{project}/reports: build a report through the v1 calls (web/reports.c) */
int web_reports(struct call *c);

/* GET /app/p/{project}/editor/{lang}: the translation editor (web/editor.c) */
int web_editor(struct call *c);

/* Any other /app/ path: the "page not found" page. */
int web_not_found(struct call *c);

#endif
