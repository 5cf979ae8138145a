/*
 * localization.one method API (spec/localization-one.md, seed 003).
 *
 * URL /api/{token}/{method}.  The dispatcher (api/routes.c run_lone())
 * authenticates the token, checks the body, opens the transaction, and
 * calls the method.  A method returns 0 with the result under c->reply
 * ("result" member of the envelope), or an HTTP status (400, 403, 404, 413,
 * 500) after lone_fail() set the description.  The envelope is
 * {"ok":true,"result":...} or {"ok":false,"description":"..."}.
 */
#ifndef TOLK_LONE_H
#define TOLK_LONE_H

#include <stdbool.h>
#include <stdint.h>

#include "api/call.h"
#include "core/limits.h"

/* caps on single values (bytes); over them the call answers 413 */
#define LONE_NAME_MAX        255		/* category name (node_name_ok) */
#define LONE_KEY_MAX         LIMIT_STRING_KEY_BYTES	/* string_key */
#define LONE_DESCRIPTION_MAX (64u * 1024)	/* category description */
#define LONE_TEXT_MAX        LIMIT_TEXT_BYTES	/* translation / default values */

/* prelude pieces, used by run_lone() */
int lone_auth(struct call *c);			/* 0, 401 or 403 (then lone_auth_member) */
int lone_auth_member(struct call *c);		/* login + account-key: 0, 401 or 403 */
int lone_check_request(struct call *c);		/* method, body, UTF-8: 0 or 4xx */
void lone_begin_reply(struct call *c);
void lone_send(struct call *c);
void lone_send_error(struct call *c, int status);

/* helpers for methods */
int lone_fail(struct call *c, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Integer id parameter (numbers or numeric strings, >= 0).  *out = def when absent. */
int lone_id(struct call *c, const char *name, bool required, int64_t def, int64_t *out);
/* Text parameter; required => present and non-empty.  *out NULL when absent. */
int lone_text(struct call *c, const char *name, bool required, size_t max_bytes,
	      const char **out);
int lone_bool(struct call *c, const char *name, bool def, bool *out);
/* 403: the caller's role may not do the action (in language_id; 0: in every language). */
int lone_forbidden(struct call *c, enum action a, int language_id);
/* The seed's refusal of an opt-in method whose project toggle is off (403). */
int lone_opt_in(struct call *c, bool enabled, const char *setting);
/* A language of the project (the source one only when allow_source); 0 + *status otherwise. */
int lone_project_language(struct call *c, int64_t id, bool allow_source, int *status);
/* The same check when whether id is a project language is known: 0, 400 or 404. */
int lone_language_verdict(struct call *c, int64_t id, bool allow_source, bool in_project);

/* methods */
int lone_get_languages(struct call *c);
int lone_get_categories(struct call *c);
int lone_get_labels(struct call *c);
int lone_create_category(struct call *c);
int lone_create_string(struct call *c);
int lone_delete_string(struct call *c);
int lone_add_translation(struct call *c);
int lone_update_translation(struct call *c);
int lone_disapprove_all(struct call *c);
int lone_delete_all_suggestions(struct call *c);
int lone_get_translations(struct call *c);
int lone_unknown_method(struct call *c);

#endif
