/* localization.one prelude, envelope and parameter helpers. */
#include "api/lone/lone.h"
#include "core/crypto.h"
#include "core/log.h"
#include "model/languages.h"
#include "model/members.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int lone_fail(struct call *c, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->error_detail = arena_strdup(c->a, buf);
	if (status >= 500 && c->db)
		log_error("lone %s: %s (db: %s)", c->r->log_path ? c->r->log_path : "", buf,
			  db_errmsg(c->db));
	return status;
}

/* The method name: the path segment after the token. */
static const char *method_name(struct call *c)
{
	const char *p = c->r->path + 5;	/* after "/api/" */
	const char *slash = strchr(p, '/');
	return slash ? slash + 1 : "";
}

int lone_auth(struct call *c)
{
	const char *token = call_capture(c, "token");
	int rc = project_by_token(c->db, c->a, token ? token : "", &c->project);
	if (rc < 0)
		return lone_fail(c, 500, "Internal error");
	/* compare even when no project matched, so timing says nothing */
	bool ok = crypto_secret_equal(rc == MODEL_OK ? c->project.api_token : "-", token ? token : "");
	if (rc != MODEL_OK || !ok)
		return lone_fail(c, 401, "Unknown API token");
	c->have_project = true;
	c->role = "token";
	c->grant = (struct grant){ .role = ROLE_PROJECT };
	return lone_auth_member(c);
}

/* An empty parameter counts as absent (as Crowdin v1 treats account-key). */
static const char *given(struct call *c, const char *name)
{
	const char *v = params_str(&c->r->params, name);
	return v && *v ? v : NULL;
}

/*
 * A call that names an account (login + account-key beside the token) acts
 * as that member: its role's rights, and what it changes is its work.
 */
int lone_auth_member(struct call *c)
{
	const char *login = given(c, "login"), *key = given(c, "account-key");
	if (!login && !key)
		return 0;
	if (!login || !key)
		return lone_fail(c, 401, "Parameters 'login' and 'account-key' go together");
	int rc = account_check_key(c->db, login, key, &c->account, c->a);
	if (rc == MODEL_NOT_FOUND || rc == MODEL_CONFLICT)
		return lone_fail(c, 401, "Unknown login or account key");
	if (rc)
		return lone_fail(c, 500, "Internal error");
	c->have_account = true;
	rc = member_grant(c->db, c->project.id, c->account.id, &c->grant);
	if (rc == MODEL_NOT_FOUND)
		return lone_fail(c, 403, "Account '%s' is not a member of this project", login);
	if (rc)
		return lone_fail(c, 500, "Internal error");
	c->role = role_name(c->grant.role);
	if (c->grant.role == ROLE_BLOCKED)
		return lone_fail(c, 403, "Account '%s' is blocked in this project", login);
	return 0;
}

int lone_forbidden(struct call *c, enum action a, int language_id)
{
	const struct language *l = language_id ? language_by_id(language_id) : NULL;
	const char *role = role_name(c->grant.role);
	const struct action_info *ai = role_action(a);
	if (l)
		return lone_fail(c, 403, "A %s may not %s in %s (language %d)", role, ai->name,
				 l->name, language_id);
	return lone_fail(c, 403, "A %s may not %s%s", role, ai->name,
			 ai->per_language && c->grant.n_languages ? " in every language" : "");
}

int lone_check_request(struct call *c)
{
	struct request *r = c->r;
	if (strcmp(r->method, "GET") && strcmp(r->method, "POST") && strcmp(r->method, "HEAD"))
		return lone_fail(c, 405, "HTTP method %s is not supported; use GET or POST",
				 r->method);
	if (r->body_too_large || r->file_too_large)
		return lone_fail(c, 413, "Request body too large");
	if (r->params.overflow || r->too_many_files)
		return lone_fail(c, 413, "Too many parameters (or nested too deeply)");
	if (r->json_invalid)
		return lone_fail(c, 400, "Request body is not a JSON object "
				 "(Content-Type: application/json needs a body like {\"name\":\"value\"})");
	if (r->params.has_nul)
		return lone_fail(c, 400, "Parameters must not contain NUL bytes (%%00)");
	const struct param *b = params_bad_text(&r->params);
	if (b)
		return lone_fail(c, 400, "Parameter '%.100s' is not valid UTF-8 text", b->name);
	return 0;
}

void lone_begin_reply(struct call *c)
{
	c->reply = rv_new_obj(c->a);
	rv_bool(c->a, c->reply, "ok", true);
}

static void write_body(struct call *c, int status)
{
	struct response *resp = &c->r->resp;
	buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = "application/json";
	rv_write_json(&resp->body, c->reply);
}

void lone_send(struct call *c)
{
	if (c->raw)
		return;	/* the handler wrote the whole reply (getTranslations' JSON list) */
	if (!c->reply)
		lone_begin_reply(c);
	if (!c->reply->first || !c->reply->first->next)
		rv_null(c->a, c->reply, "result");
	write_body(c, 200);
}

void lone_send_error(struct call *c, int status)
{
	c->reply = rv_new_obj(c->a);
	rv_bool(c->a, c->reply, "ok", false);
	rv_str(c->a, c->reply, "description", c->error_detail ? c->error_detail : "Internal error");
	c->r->resp.n_headers = 0;
	if (c->r->resp.fd >= 0) {
		close(c->r->resp.fd);
		c->r->resp.fd = -1;
	}
	if (status == 405)
		response_header(c->r, "Allow", "GET, POST");
	write_body(c, status);
}

/* -------------------------------------------------------------- params */

static const struct param *scalar_param(struct call *c, const char *name, int *err)
{
	const struct param *p = params_get(&c->r->params, name);
	*err = 0;
	if (!p)
		return NULL;
	if (p->file || param_is_map(p) || p->repeated) {
		*err = lone_fail(c, 400, "Parameter '%s' must be a single value", name);
		return NULL;
	}
	return p;
}

int lone_id(struct call *c, const char *name, bool required, int64_t def, int64_t *out)
{
	int err;
	const struct param *p = scalar_param(c, name, &err);
	*out = def;
	if (err)
		return err;
	if (!p || !*p->value) {
		if (required)
			return lone_fail(c, 400, "Parameter '%s' is required", name);
		return 0;
	}
	const char *v = p->value;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < 0 || *v == ' ' || *v == '+' || *v == '-')
		return lone_fail(c, 400, "Parameter '%s' must be a non-negative integer", name);
	*out = n;
	return 0;
}

int lone_text(struct call *c, const char *name, bool required, size_t max_bytes,
	      const char **out)
{
	int err;
	const struct param *p = scalar_param(c, name, &err);
	*out = NULL;
	if (err)
		return err;
	if (!p || (required && !*p->value)) {
		if (required)
			return lone_fail(c, 400, "Parameter '%s' is required and must not be empty", name);
		return 0;
	}
	if (p->value_len > max_bytes)
		return lone_fail(c, 413, "Parameter '%s' is too long (%zu bytes; the limit is %zu)",
				 name, p->value_len, max_bytes);
	*out = p->value;
	return 0;
}

int lone_bool(struct call *c, const char *name, bool def, bool *out)
{
	int err;
	const struct param *p = scalar_param(c, name, &err);
	*out = def;
	if (err)
		return err;
	if (!p || !*p->value)
		return 0;
	const char *v = p->value;
	if (!strcasecmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on"))
		*out = true;
	else if (!strcasecmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
		 !strcasecmp(v, "off"))
		*out = false;
	else
		return lone_fail(c, 400, "Parameter '%s' must be a boolean (true, false, 1 or 0)", name);
	return 0;
}

int lone_opt_in(struct call *c, bool enabled, const char *setting)
{
	if (enabled)
		return 0;
	const char *m = method_name(c);
	return lone_fail(c, 403, "API method '%s' is disabled for this project. Enable it in Project "
			 "Settings > API and webhook by ticking \"Allow %s via API\" (on the tolk "
			 "server: tolk project set --identifier %s --setting %s --value 1).",
			 m, m, c->project.identifier, setting);
}

int lone_unknown_method(struct call *c)
{
	const char *m = method_name(c);
	return lone_fail(c, 404, "Unknown method '%.100s'", m);
}
