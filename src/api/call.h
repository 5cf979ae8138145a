/*
 * call: what a handler gets.  The dispatcher (api/routes.c) matched the
 * route, opened the database transaction, authenticated the caller for the
 * route's protocol, and will commit and serialize `reply` when the handler
 * returns 0 (or roll back and send the protocol's error otherwise).
 */
#ifndef TOLK_CALL_H
#define TOLK_CALL_H

#include <stdbool.h>

#include "api/app.h"
#include "api/reply.h"
#include "http/request.h"
#include "model/model.h"
#include "model/roles.h"

enum reply_format { FMT_XML, FMT_JSON, FMT_JSONP };

struct session;

#define CALL_MAX_CAPTURES 4

struct call {
	struct request *r;
	struct arena *a;
	struct app *app;
	struct db_conn *db;
	const struct route *route;
	const char *cap_name[CALL_MAX_CAPTURES];
	const char *cap_value[CALL_MAX_CAPTURES];
	int n_caps;

	enum reply_format fmt;
	const char *jsonp;
	bool bad_jsonp;			/* jsonp= named an unsafe callback */

	struct project project;		/* authenticated project, when the route has one */
	bool have_project;
	struct account account;		/* authenticated account (login + account-key) */
	bool have_account;
	const char *role;		/* "key" (project key), "token", "owner", "manager", ... */
	struct grant grant;		/* what the caller may do (model/roles.h), with have_project */
	uint64_t gate_key;		/* the project slot this request holds (gate.h), 0: none */
	bool gated_write;

	struct rv *reply;		/* JSON-shaped reply */
	struct rv *xml_root;		/* node written as the XML document (default reply) */
	const char *xml_name;
	bool raw;			/* handler filled r->resp itself (file download, getTranslations) */
	const char *error_detail;	/* why it failed (localization.one description, v1 details) */
	const char *retry_after;	/* seconds, for a 429 (auth_limit) */

	/* web app JSON API (api/webapp/webapp.h) */
	struct session *session;	/* the signed-in session (c->account is its account) */
	const char *error_code;		/* {"error":{"code":...}} */
	const char *allow;		/* the path matched rows of these methods only: 405 */
};

typedef int (*handler_fn)(struct call *c);

const char *call_capture(const struct call *c, const char *name);
/* The authenticated account's id, 0 when the caller used the project key. */
static inline int64_t call_account_id(const struct call *c)
{
	return c->have_account ? c->account.id : 0;
}
/*
 * Whether the caller may do the action in the project (model/roles.h); for
 * per-language actions in language_id, or in every language when it is 0.
 */
bool call_may(const struct call *c, enum action a, int language_id);

#endif
