/* Crowdin v1 prelude and replies (crowdin-v1.md §1.4, §1.6, §1.7). */
#include "api/crowdin_v1/v1.h"
#include "core/crypto.h"
#include "model/members.h"
#include "api/routes.h"
#include "api/webapp/webapp.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static bool jsonp_name_ok(const char *s)
{
	if (strlen(s) > 128)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '$')
			return false;
	return true;
}

void v1_pick_format(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *cb = params_str(p, "jsonp");
	c->fmt = FMT_XML;
	if (cb && jsonp_name_ok(cb)) {
		c->fmt = FMT_JSONP;
		c->jsonp = cb;
	} else if (cb) {
		/* never echo a hostile callback name, not even in an error: plain JSON + code 27 */
		c->fmt = FMT_JSON;
		c->bad_jsonp = true;
	} else if (params_has(p, "json")) {
		c->fmt = FMT_JSON;
	}
}

/* The bearer token of an "Authorization: Bearer <key>" header, if any. */
static const char *bearer(struct call *c)
{
	const char *h = request_header(c->r, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return *h ? h : NULL;
}

/*
 * A call with no credentials in it, made by our own pages: the browser's
 * session acts as its account.  A call that may change something (a write
 * route, or any method but GET/HEAD) needs the session's CSRF token, as the
 * /app/api calls do; a download link needs only the (SameSite) cookie.
 * 0, or the code for a call without credentials.
 */
static int session_account(struct call *c, int none)
{
	int found = app_session_in_txn(c);
	if (found < 0)
		return V1_UNKNOWN_INTERNAL;
	if (!found)
		return none;
	const char *m = c->r->method, *why;
	bool unsafe = (c->route->flags & R_WRITE) || (strcmp(m, "GET") && strcmp(m, "HEAD"));
	if (unsafe && !app_csrf_ok(c, &why)) {
		c->error_detail = why;
		return V1_FORBIDDEN;
	}
	return 0;
}

static int login_account(struct call *c, const char *login, const char *key)
{
	if (!login)
		return V1_ACCOUNT_NOT_FOUND;
	if (!key)
		return V1_ACCOUNT_KEY_INVALID;
	int rc = account_check_key(c->db, login, key, &c->account, c->a);
	if (rc == MODEL_NOT_FOUND)
		return V1_ACCOUNT_NOT_FOUND;
	if (rc == MODEL_CONFLICT)
		return V1_ACCOUNT_KEY_INVALID;
	if (rc)
		return V1_UNKNOWN_INTERNAL;
	c->have_account = true;
	return 0;
}

int v1_auth_project(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *ident = call_capture(c, "project");
	const char *key = params_str(p, "key");
	const char *login = params_str(p, "login");
	const char *account_key = params_str(p, "account-key");
	if (!key)
		key = bearer(c);
	int arc = 0;
	bool by_session = !key && !login && !account_key;
	if (by_session && (arc = session_account(c, V1_KEY_INVALID)))
		return arc;

	int rc = project_by_identifier(c->db, c->a, ident, &c->project);
	if (rc < 0)
		return V1_UNKNOWN_INTERNAL;
	if (key) {
		/* compare even when the project is missing, so timing says nothing */
		bool ok = crypto_secret_equal(rc == MODEL_OK ? c->project.project_key : "-", key);
		if (rc != MODEL_OK || !ok)
			return V1_PROJECT_NOT_FOUND;
		c->have_project = true;
		c->role = "key";
		c->grant = (struct grant){ .role = ROLE_PROJECT };
		return 0;
	}
	if (!by_session && (arc = login_account(c, login, account_key)))
		return arc;
	if (rc != MODEL_OK)
		return V1_PROJECT_NOT_FOUND;
	/* an account that is no member learns nothing of the project: as a wrong key */
	rc = member_grant(c->db, c->project.id, c->account.id, &c->grant);
	if (rc == MODEL_NOT_FOUND)
		return V1_PROJECT_NOT_FOUND;
	if (rc)
		return V1_UNKNOWN_INTERNAL;
	c->role = role_name(c->grant.role);
	c->have_project = true;
	/* blocked: every call, even an unknown action, is refused */
	return c->grant.role == ROLE_BLOCKED ? V1_FORBIDDEN : 0;
}

int v1_auth_account(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *login = params_str(p, "login"), *key = params_str(p, "account-key");
	if (!login && !key)
		return session_account(c, V1_ACCOUNT_NOT_FOUND);
	return login_account(c, login, key);
}

int v1_check_body(struct call *c)
{
	struct request *r = c->r;
	if (r->too_many_files)
		return V1_TOO_MANY_FILES;
	if (r->file_too_large)
		return V1_FILE_TOO_LARGE;
	if (r->body_too_large || r->params.overflow || r->params.has_nul ||
	    params_bad_text(&r->params))
		return V1_INVALID_PARAMETERS;
	if (c->bad_jsonp)
		return V1_INVALID_PARAMETERS;
	if (r->params.duplicate_file) {
		c->error_detail = "two uploaded files have the same name";
		return V1_INVALID_PARAMETERS;
	}
	return 0;
}

struct rv *v1_success(struct call *c)
{
	c->reply = rv_new_obj(c->a);
	rv_bool(c->a, c->reply, "success", true)->flags |= RV_JSON;
	c->xml_name = "success";
	return c->reply;
}

const char *v1_date(struct arena *a, int64_t t, const char *never)
{
	if (t <= 0)
		return never;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char s[40];
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S+0000", &tm);
	return arena_strdup(a, s);
}

struct param *v1_array(struct call *c, const char *name, int not_array_code, int *err)
{
	struct param *p = params_get(&c->r->params, name);
	*err = 0;
	if (!p)
		return NULL;
	if (!param_is_map(p)) {
		if (p->value && !*p->value)
			return NULL;	/* empty value: absent */
		*err = not_array_code;
		return NULL;
	}
	return p;
}

static void send_body(struct call *c)
{
	struct response *resp = &c->r->resp;
	buf_reset(&resp->body);
	if (c->fmt == FMT_XML) {
		resp->content_type = "text/xml";
		rv_write_xml(&resp->body, c->xml_root ? c->xml_root : c->reply,
			     c->xml_name ? c->xml_name : "success");
		return;
	}
	if (c->fmt == FMT_JSONP) {
		resp->content_type = "application/javascript";
		buf_printf(&resp->body, "%s(", c->jsonp);
		rv_write_json(&resp->body, c->reply);
		buf_adds(&resp->body, ");");
		return;
	}
	resp->content_type = "application/json";
	rv_write_json(&resp->body, c->reply);
}

void v1_send(struct call *c)
{
	if (c->raw)
		return;
	if (!c->reply)
		v1_success(c);
	c->r->resp.status = 200;
	send_body(c);
}

void v1_send_error(struct call *c, int code)
{
	struct arena *a = c->a;
	c->raw = false;
	c->reply = rv_new_obj(a);
	rv_bool(a, c->reply, "success", false)->flags |= RV_JSON;
	struct rv *e = rv_obj(a, c->reply, "error");
	rv_int(a, e, "code", code < 0 ? 0 : code);
	/* the message is always the table's text (clients match it); the why goes beside it */
	rv_str(a, e, "message", v1_error_message(code));
	if (c->error_detail)
		rv_str(a, e, "details", c->error_detail);
	c->xml_root = e;
	c->xml_name = "error";
	c->r->resp.n_headers = 0;
	if (c->r->resp.fd >= 0) {
		/* a file response was prepared: errors never carry it */
		close(c->r->resp.fd);
		c->r->resp.fd = -1;
	}
	c->r->resp.status = v1_error_status(code);
	send_body(c);
}

int v1_forbidden(struct call *c, enum action a, const struct language *lang)
{
	const struct action_info *ai = role_action(a);
	const char *role = role_name(c->grant.role);
	c->error_detail = lang ? arena_printf(c->a, "a %s may not %s in %s (%s)", role, ai->name,
					      lang->name, lang->crowdin_code)
			       : arena_printf(c->a, "a %s may not %s", role, ai->name);
	return V1_FORBIDDEN;
}

int v1_invalid(struct call *c)
{
	c->error_detail = model_why();
	return V1_INVALID_PARAMETERS;
}

int v1_unknown_action(struct call *c)
{
	return V1_UNKNOWN_ACTION;
}

const struct language *v1_project_language(struct call *c, const char *code)
{
	const struct language *l = language_by_code(code);
	if (!l)
		return NULL;
	int ids[512];
	int n = project_languages(c->db, c->project.id, ids, 512);
	for (int i = 0; i < n; i++)
		if (ids[i] == l->id)
			return l;
	return NULL;
}

int v1_languages_param(struct call *c, int *ids, int *n, bool *sent)
{
	int err;
	struct param *langs = v1_array(c, "languages", V1_LANGUAGES_NOT_ARRAY, &err);
	*n = 0;
	*sent = langs != NULL;
	if (err)
		return err;
	for (struct param *l = langs ? langs->first : NULL; l; l = l->next) {
		if (!l->value || !*l->value)
			continue;
		const struct language *lang = language_by_code(l->value);
		if (!lang)
			return V1_LANGUAGE_NOT_FOUND;
		if (*n < V1_MAX_LANGUAGES)
			ids[(*n)++] = lang->id;
	}
	return 0;
}

/* The length of a language tag's first subtag ("pt" of "pt-BR", "pt_BR"). */
static size_t primary_len(const char *tag)
{
	return strcspn(tag, "-_");
}

const struct language *v1_tag_language(struct call *c, const char *tag, const int *mine,
				       int n_mine)
{
	const struct language *l = language_by_tag(tag);
	size_t pl = primary_len(tag);
	const struct language *near = NULL;
	for (int i = -1; i < n_mine; i++) {
		const struct language *m = language_by_id(i < 0 ? c->project.source_language_id : mine[i]);
		if (m == l)
			return m;
		if (!near && primary_len(m->crowdin_code) == pl && !strncasecmp(m->crowdin_code, tag, pl))
			near = m;
	}
	return near ? near : l;
}


int v1_language_param(struct call *c, const struct language **out)
{
	const char *code = params_str(&c->r->params, "language");
	if (!code)
		return V1_NO_LANGUAGE;
	*out = v1_project_language(c, code);
	return *out ? 0 : V1_LANGUAGE_NOT_FOUND;
}
