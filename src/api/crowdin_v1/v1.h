/*
 * Crowdin API v1: protocol prelude (response format, authentication) and
 * reply serialization, plus the handlers.  Handlers return 0 with c->reply
 * filled, or a v1 error code (api/crowdin_v1/errors.h).
 */
#ifndef TOLK_V1_H
#define TOLK_V1_H

#include "api/call.h"
#include "api/crowdin_v1/errors.h"

void v1_pick_format(struct call *c);
int v1_auth_project(struct call *c);
int v1_auth_account(struct call *c);
int v1_check_body(struct call *c);
void v1_send(struct call *c);
void v1_send_error(struct call *c, int code);

/* Shared helpers for handlers. */
struct rv *v1_success(struct call *c);	/* {"success":true} / <success/> */
const char *v1_date(struct arena *a, int64_t t, const char *never);
/* Array-typed parameter: NULL + *err = not_array_code when sent as a scalar. */
struct param *v1_array(struct call *c, const char *name, int not_array_code, int *err);

/* Apply every edit-project field present in the request; fills the project reply. */
int v1_apply_project_fields(struct call *c, int64_t project_id, bool is_create);

/* handlers */
int v1_supported_languages(struct call *c);
int v1_info(struct call *c);
int v1_edit_project(struct call *c);
int v1_delete_project(struct call *c);
int v1_get_projects(struct call *c);
int v1_create_project(struct call *c);
int v1_unknown_action(struct call *c);

#endif
