/*
 * The web app's JSON API under /app/api/ (docs/accounts.md): what the pages
 * call, with the browser's session cookie.
 *
 * The prelude (app_run) answers for every call alike: bodies must parse,
 * a state-changing call (not GET or HEAD) must come from our own origin
 * (Sec-Fetch-Site, else Origin, when the browser sends them), the session
 * cookie is checked, and a state-changing call made with a session must
 * carry its CSRF token in X-CSRF-Token.  Then the handler runs; it opens its
 * own transactions (app_txn), so that password hashing (~95 ms) never holds
 * a database connection or SQLite's writer lock.
 *
 * A handler returns 0 with its reply under c->reply (HTTP 200, or the status
 * it set in c->r->resp.status; 204 sends no body), or an HTTP status after
 * app_fail(); errors are {"error":{"code":"...","message":"..."}}.
 */
#ifndef TOLK_WEBAPP_H
#define TOLK_WEBAPP_H

#include <stdbool.h>
#include <stddef.h>

#include "api/call.h"
#include "core/password.h"
#include "model/session.h"

#define APP_COOKIE "tolk_session"
#define APP_CSRF_HEADER "X-CSRF-Token"

void app_run(struct call *c);

/* helpers for handlers */
int app_fail(struct call *c, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * A text field of the body (a JSON object's string member, or a form field):
 * 0 with *out (NULL when absent or null) and *len, or 400 when it is not a
 * string or is over max bytes.
 */
int app_text(struct call *c, const char *name, size_t max, const char **out, size_t *len);
/*
 * Run fn(c, ctx) in one transaction (write: a write one), committed when it
 * returns 0; run again from the start when it lost to another transaction.
 * fn's status, or 500.  fn keeps its results in ctx: the reply is made after.
 */
/*
 * A scalar JSON value as text, as the model's setters take values: true/false
 * "1"/"0", an integer its digits, a string itself (NULL when it holds NUL);
 * NULL for anything else.
 */
const char *app_json_text(struct call *c, const struct json_t *v);
int app_txn(struct call *c, bool write, int (*fn)(struct call *c, void *ctx), void *ctx);
struct session_limits app_session_limits(const struct call *c);
/* The cookie that carries a new session, or ends the browser's (token NULL). */
void app_set_cookie(struct call *c, const char *token, int64_t max_age);
/* A 429 for a sign-in limit: Retry-After and the message. */
int app_too_many(struct call *c, int64_t wait);

/* PW_BUSY: 503 with Retry-After; PW_ERROR: 500. */
int app_password_trouble(struct call *c, enum pw_result v);

/*
 * The browser's session, as the calls get it (c->session, c->account), for
 * the pages: 0 (signed in or not) or an HTTP status; *stale: the cookie
 * names no live session.
 */
int app_load_session(struct call *c, bool *stale);

/*
 * The project of the URL's {project} capture, and the session account's
 * grant in it (c->project, c->grant, c->have_project): 0; 404 when there is
 * no such project or the account is no member of it (the two look alike);
 * 403 when the grant may not do `a` (ACT_NONE: anything) in any language;
 * 500.  Needs c->session.
 */
int app_load_project(struct call *c, enum action a);

/*
 * For the other protocols' preludes (the v1 calls the pages make), inside
 * their transaction: the session of the request's cookie as c->session and
 * c->account.  1: found; 0: no cookie or no live session; -1: database error.
 */
int app_session_in_txn(struct call *c);
/*
 * Whether a call made with the session may change something: it comes from
 * our own pages (Origin / Sec-Fetch-Site) and carries the session's CSRF
 * token.  *why: the reason when not.
 */
bool app_csrf_ok(struct call *c, const char **why);

/* handlers */
int app_sign_in(struct call *c);
int app_session(struct call *c);
int app_sign_out(struct call *c);
int app_sign_in_link(struct call *c);
int app_account(struct call *c);
int app_account_password(struct call *c);
int app_account_key(struct call *c);
int app_projects(struct call *c);
int app_project(struct call *c);
int app_unknown(struct call *c);
/* the settings page's calls: settings.c, labels.c */
int app_settings(struct call *c);
int app_settings_patch(struct call *c);
int app_new_key(struct call *c);
int app_labels(struct call *c);
int app_label_add(struct call *c);
int app_label_patch(struct call *c);
int app_label_delete(struct call *c);
/* the settings page's "QA checks" tab (qa_checks.c) */
int app_qa_checks(struct call *c);
int app_qa_checks_put(struct call *c);

/* members and invitations (api/webapp/members.c, invitations.c) */
/* A model function's refusal (rc: MODEL_*) as 404, 409, 400, 403 with model_why(); else 500. */
int app_model_fail(struct call *c, int rc, const char *what);
/* The body's "languages": a list of Crowdin codes (or "fr,de") as "fr,de"; NULL when absent. */
int app_languages(struct call *c, const char **out);
/* "languages": ["fr", "de"] in a reply, from "fr,de". */
void app_language_list(struct arena *a, struct rv *parent, const char *codes);
int app_members(struct call *c);
int app_member_set(struct call *c);
int app_member_remove(struct call *c);
int app_invitations(struct call *c);
int app_invitation_create(struct call *c);
int app_invitation_revoke(struct call *c);
int app_join(struct call *c);
int app_join_open(struct call *c);
/* a project's webhooks (webhooks.c) */
int app_webhooks(struct call *c);
int app_webhooks_put(struct call *c);
int app_webhooks_test(struct call *c);
int app_webhook_deliveries(struct call *c);
int app_webhook_redeliver(struct call *c);
/* the translation editor's reads (editor.c) */
int app_editor_strings(struct call *c);
int app_editor_string(struct call *c);
/* the editor's writes and changes feed (api/webapp/editor_write.c) */
int app_editor_save(struct call *c);
int app_editor_approve(struct call *c);
int app_editor_disapprove(struct call *c);
int app_editor_delete(struct call *c);
int app_editor_vote(struct call *c);
int app_editor_changes(struct call *c);
/* the editor's help beside a string: TM, MT, glossary (editor_help.c) */
int app_editor_tm(struct call *c);
int app_editor_mt(struct call *c);
int app_editor_glossary(struct call *c);
/* the create- and edit-string dialogs' calls (strings.c) */
int app_categories(struct call *c);
int app_string_create(struct call *c);
int app_string_edit(struct call *c);

#endif
