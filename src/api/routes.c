/*
 * THE route table, and the dispatcher that runs each protocol's prelude.
 *
 * Adding a route: one row below (pattern, handler, flags), the handler in
 * the protocol's folder, a black-box test under tests/api/.  Rows are tried
 * in order; the catch-all rows at the end of each protocol answer unknown
 * actions/methods in that protocol's own error format.
 */
#include "api/routes.h"
#include "api/gate.h"
#include "api/crowdin_v1/v1.h"
#include "api/lone/lone.h"
#include "api/webapp/webapp.h"
#include "web/web.h"
#include "jobs/webhook.h"
#include "model/webhooks.h"
#include "model/auth_limit.h"
#include "core/log.h"

#include <string.h>
#include <unistd.h>

static const struct route routes[] = {
	/* Crowdin API v1: supported-languages has three URL forms (crowdin-v1.md §1.1) */
	{ "/api/supported-languages", v1_supported_languages, R_V1_PUBLIC, ACT_NONE },
	{ "/api/project/{project}/supported-languages", v1_supported_languages, R_V1_PUBLIC, ACT_NONE },
	{ "/api/account/get-projects", v1_get_projects, R_V1_ACCOUNT, ACT_NONE },
	{ "/api/account/create-project", v1_create_project, R_V1_ACCOUNT | R_WRITE, ACT_NONE },
	{ "/api/account/{*}", v1_unknown_action, R_V1_PUBLIC, ACT_NONE },
	{ "/api/project/{project}/info", v1_info, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{project}/edit-project", v1_edit_project, R_V1_PROJECT | R_WRITE, ACT_MANAGE_SETTINGS },
	{ "/api/project/{project}/delete-project", v1_delete_project, R_V1_PROJECT | R_WRITE, ACT_DELETE_PROJECT },
	{ "/api/project/{project}/status", v1_status, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{project}/language-status", v1_language_status, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{project}/add-directory", v1_add_directory, R_V1_PROJECT | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/project/{project}/change-directory", v1_change_directory, R_V1_PROJECT | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/project/{project}/delete-directory", v1_delete_directory, R_V1_PROJECT | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/project/{project}/add-file", v1_add_file, R_V1_PROJECT | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/project/{project}/update-file", v1_update_file, R_V1_PROJECT | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/project/{project}/delete-file", v1_delete_file, R_V1_PROJECT | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/project/{project}/upload-translation", v1_upload_translation, R_V1_PROJECT | R_WRITE, ACT_UPLOAD_TRANSLATIONS },
	{ "/api/project/{project}/export", v1_export, R_V1_PROJECT, ACT_EXPORT },
	{ "/api/project/{project}/export/", v1_export, R_V1_PROJECT, ACT_EXPORT },
	{ "/api/project/{project}/export/{lang}", v1_export, R_V1_PROJECT, ACT_EXPORT },
	{ "/api/project/{project}/export-status", v1_export_status, R_V1_PROJECT, ACT_EXPORT },
	{ "/api/project/{project}/download/{package}.zip", v1_download, R_V1_PROJECT, ACT_EXPORT },
	{ "/api/project/{project}/export-file", v1_export_file, R_V1_PROJECT, ACT_EXPORT },
	{ "/api/project/{project}/tm-search", v1_tm_search, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{project}/upload-tm", v1_upload_tm, R_V1_PROJECT | R_WRITE, ACT_MANAGE_TM },
	{ "/api/project/{project}/download-tm", v1_download_tm, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{project}/upload-glossary", v1_upload_glossary, R_V1_PROJECT | R_WRITE, ACT_MANAGE_TM },
	/* crowdin-java-client-v1 posts to this spelling (crowdin-v1.md 2.14) */
	{ "/api/project/{project}/upload-glosssary", v1_upload_glossary, R_V1_PROJECT | R_WRITE, ACT_MANAGE_TM },
	{ "/api/project/{project}/download-glossary", v1_download_glossary, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{project}/pre-translate", v1_pre_translate, R_V1_PROJECT | R_WRITE, ACT_PRE_TRANSLATE },
	{ "/api/project/{project}/pre-translate-status", v1_pre_translate_status, R_V1_PROJECT, ACT_VIEW },
	/* reports (seed 004, crowdin-v1.md §6, docs/reports.md): either spelling of the kind */
	{ "/api/project/{project}/reports/{report}/export", v1_report_export, R_V1_PROJECT,
	  ACT_REPORTS },
	{ "/api/project/{project}/reports/{report}/download", v1_report_download, R_V1_PROJECT,
	  ACT_REPORTS },
	/* tolk calls: members (docs/roles.md) */
	{ "/api/project/{project}/members", v1_members, R_V1_PROJECT, ACT_MANAGE_MEMBERS },
	{ "/api/project/{project}/add-member", v1_add_member, R_V1_PROJECT | R_WRITE,
	  ACT_MANAGE_MEMBERS },
	{ "/api/project/{project}/edit-member", v1_edit_member, R_V1_PROJECT | R_WRITE,
	  ACT_MANAGE_MEMBERS },
	{ "/api/project/{project}/remove-member", v1_remove_member, R_V1_PROJECT | R_WRITE,
	  ACT_MANAGE_MEMBERS },
	{ "/api/project/{project}/{*}", v1_unknown_action, R_V1_PROJECT, ACT_VIEW },
	{ "/api/project/{*}", v1_unknown_action, R_V1_PUBLIC, ACT_NONE },

	/* localization.one (seed 003): /api/{api_token}/{method}; tokens never equal the
	 * path words above (project, account, supported-languages, v2) */
	{ "/api/{token}/getLanguages", lone_get_languages, R_LONE, ACT_VIEW },
	{ "/api/{token}/getCategories", lone_get_categories, R_LONE, ACT_VIEW },
	{ "/api/{token}/getLabels", lone_get_labels, R_LONE, ACT_VIEW },
	{ "/api/{token}/getTranslations", lone_get_translations, R_LONE, ACT_EXPORT },
	{ "/api/{token}/createCategory", lone_create_category, R_LONE | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/{token}/createString", lone_create_string, R_LONE | R_WRITE, ACT_MANAGE_FILES },
	{ "/api/{token}/deleteString", lone_delete_string, R_LONE | R_WRITE, ACT_DELETE_STRINGS },
	{ "/api/{token}/addTranslation", lone_add_translation, R_LONE | R_WRITE, ACT_TRANSLATE },
	{ "/api/{token}/updateTranslation", lone_update_translation, R_LONE | R_WRITE, ACT_APPROVE },
	{ "/api/{token}/disapproveAllTranslations", lone_disapprove_all, R_LONE | R_WRITE, ACT_APPROVE },
	{ "/api/{token}/deleteAllSuggestions", lone_delete_all_suggestions, R_LONE | R_WRITE, ACT_APPROVE },
	{ "/api/{token}/{*}", lone_unknown_method, R_LONE, ACT_VIEW },

	/* the web app's JSON API (docs/accounts.md); the pages will live under /app/ */
	{ "POST /app/api/session", app_sign_in, R_APP | R_SIGN_IN, ACT_NONE },
	{ "GET /app/api/session", app_session, R_APP | R_SESSION, ACT_NONE },
	{ "DELETE /app/api/session", app_sign_out, R_APP | R_SESSION, ACT_NONE },
	{ "POST /app/api/sign-in-link/{token}", app_sign_in_link, R_APP | R_SIGN_IN, ACT_NONE },
	{ "GET /app/api/account", app_account, R_APP | R_SESSION, ACT_NONE },
	{ "POST /app/api/account/password", app_account_password, R_APP | R_SESSION, ACT_NONE },
	{ "POST /app/api/account/key", app_account_key, R_APP | R_SESSION, ACT_NONE },
	{ "GET /app/api/projects", app_projects, R_APP | R_SESSION, ACT_NONE },
	/* a project's calls: the session's account as a member (R_APP_MEMBER; docs/web.md) */
	{ "GET /app/api/projects/{project}", app_project, R_APP_MEMBER, ACT_NONE },
	/* members and invitations (docs/roles.md "Invitations") */
	{ "GET /app/api/projects/{project}/members", app_members, R_APP_MEMBER, ACT_MANAGE_MEMBERS },
	{ "PUT /app/api/projects/{project}/members/{login}", app_member_set, R_APP_MEMBER,
	  ACT_MANAGE_MEMBERS },
	{ "DELETE /app/api/projects/{project}/members/{login}", app_member_remove, R_APP_MEMBER,
	  ACT_MANAGE_MEMBERS },
	{ "GET /app/api/projects/{project}/invitations", app_invitations, R_APP_MEMBER,
	  ACT_MANAGE_MEMBERS },
	{ "POST /app/api/projects/{project}/invitations", app_invitation_create, R_APP_MEMBER,
	  ACT_MANAGE_MEMBERS },
	{ "DELETE /app/api/projects/{project}/invitations/{id}", app_invitation_revoke, R_APP_MEMBER,
	  ACT_MANAGE_MEMBERS },
	/* joining: not a member yet, so no R_APP_PROJECT (the handlers find the project) */
	{ "POST /app/api/projects/{project}/join", app_join_open, R_APP | R_SESSION, ACT_NONE },
	{ "POST /app/api/join/{token}", app_join, R_APP | R_SESSION, ACT_NONE },
	/* the settings page's calls (docs/web.md "The project calls") */
	{ "GET /app/api/projects/{project}/settings", app_settings, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "PATCH /app/api/projects/{project}/settings", app_settings_patch, R_APP_MEMBER,
	  ACT_MANAGE_SETTINGS },
	{ "POST /app/api/projects/{project}/keys/{key}", app_new_key, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "GET /app/api/projects/{project}/labels", app_labels, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "POST /app/api/projects/{project}/labels", app_label_add, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "PATCH /app/api/projects/{project}/labels/{label}", app_label_patch, R_APP_MEMBER,
	  ACT_MANAGE_SETTINGS },
	{ "DELETE /app/api/projects/{project}/labels/{label}", app_label_delete, R_APP_MEMBER,
	  ACT_MANAGE_SETTINGS },
	{ "GET /app/api/projects/{project}/qa-checks", app_qa_checks, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "PUT /app/api/projects/{project}/qa-checks", app_qa_checks_put, R_APP_MEMBER,
	  ACT_MANAGE_SETTINGS },
	/* a project's webhooks page (docs/web.md) */
	{ "GET /app/api/projects/{project}/webhooks", app_webhooks, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "PUT /app/api/projects/{project}/webhooks", app_webhooks_put, R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	{ "POST /app/api/projects/{project}/webhooks/test", app_webhooks_test, R_APP_MEMBER,
	  ACT_MANAGE_SETTINGS },
	{ "GET /app/api/projects/{project}/webhooks/deliveries", app_webhook_deliveries, R_APP_MEMBER,
	  ACT_MANAGE_SETTINGS },
	{ "POST /app/api/projects/{project}/webhooks/deliveries/{id}/redeliver", app_webhook_redeliver,
	  R_APP_MEMBER, ACT_MANAGE_SETTINGS },
	/* the translation editor's reads (docs/editor.md) */
	{ "GET /app/api/projects/{project}/editor/{lang}/strings", app_editor_strings, R_APP_MEMBER,
	  ACT_VIEW },
	{ "GET /app/api/projects/{project}/editor/{lang}/strings/{id}", app_editor_string,
	  R_APP_MEMBER, ACT_VIEW },
	/* its writes: the per-language rights are checked in the handlers (a translator of
	 * one language, a proofreader's approval) */
	{ "POST /app/api/projects/{project}/editor/{lang}/strings/{id}/translations", app_editor_save,
	  R_APP_MEMBER, ACT_TRANSLATE },
	{ "POST /app/api/projects/{project}/editor/{lang}/strings/{id}/translations/{tid}/approve",
	  app_editor_approve, R_APP_MEMBER, ACT_APPROVE },
	{ "DELETE /app/api/projects/{project}/editor/{lang}/strings/{id}/translations/{tid}/approve",
	  app_editor_disapprove, R_APP_MEMBER, ACT_APPROVE },
	{ "DELETE /app/api/projects/{project}/editor/{lang}/strings/{id}/translations/{tid}",
	  app_editor_delete, R_APP_MEMBER, ACT_TRANSLATE },
	{ "PUT /app/api/projects/{project}/editor/{lang}/strings/{id}/translations/{tid}/vote",
	  app_editor_vote, R_APP_MEMBER, ACT_TRANSLATE },
	{ "GET /app/api/projects/{project}/editor/{lang}/changes", app_editor_changes, R_APP_MEMBER,
	  ACT_VIEW },
	/* the editor's help beside a string (docs/editor.md, "Help: TM, MT, glossary") */
	{ "GET /app/api/projects/{project}/editor/{lang}/strings/{id}/tm", app_editor_tm,
	  R_APP_MEMBER, ACT_VIEW },
	{ "GET /app/api/projects/{project}/editor/{lang}/strings/{id}/mt", app_editor_mt,
	  R_APP_MEMBER, ACT_VIEW },
	{ "GET /app/api/projects/{project}/editor/{lang}/strings/{id}/glossary", app_editor_glossary,
	  R_APP_MEMBER, ACT_VIEW },
	/* the create- and edit-string dialogs (docs/editor.md "Creating and editing strings") */
	{ "GET /app/api/projects/{project}/categories", app_categories, R_APP_MEMBER, ACT_VIEW },
	{ "POST /app/api/projects/{project}/strings", app_string_create, R_APP_MEMBER,
	  ACT_MANAGE_FILES },
	{ "PATCH /app/api/projects/{project}/strings/{id}", app_string_edit, R_APP_MEMBER,
	  ACT_MANAGE_FILES },
	{ "/app/api/{*}", app_unknown, R_APP, ACT_NONE },
	/* the pages (docs/web.md) */
	{ "/app/static/{*}", web_static, R_RAW, ACT_NONE },
	{ "GET /app", web_home, R_RAW, ACT_NONE },
	{ "GET /app/", web_home, R_RAW, ACT_NONE },
	{ "GET /app/sign-in", web_sign_in, R_RAW, ACT_NONE },
	{ "GET /app/sign-in/{token}", web_sign_in_link, R_RAW, ACT_NONE },
	{ "GET /app/account", web_account, R_RAW, ACT_NONE },
	{ "GET /app/p/{project}/members", web_members, R_RAW, ACT_NONE },
	{ "GET /app/p/{project}/join", web_join_open, R_RAW, ACT_NONE },
	{ "GET /app/join/{token}", web_join, R_RAW, ACT_NONE },
	{ "GET /app/p/{project}/settings", web_project_settings, R_RAW, ACT_NONE },
	{ "GET /app/p/{project}/webhooks", web_webhooks, R_RAW, ACT_NONE },
	{ "GET /app/p/{project}/reports", web_reports, R_RAW, ACT_NONE },
	/* the translation editor's page (web/editor.c) */
	{ "GET /app/p/{project}/editor/{lang}", web_editor, R_RAW, ACT_NONE },
	/* create a project, a project's dashboard (web/dashboard.c) */
	{ "GET /app/new", web_new_project, R_RAW, ACT_NONE },
	{ "GET /app/p/{project}", web_dashboard, R_RAW, ACT_NONE },
	{ "/app/{*}", web_not_found, R_RAW, ACT_NONE },
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/*
 * Match `path` against `pattern` segment by segment.  "{name}" captures
 * one non-empty segment (or its part before a literal suffix, "{x}.zip"); "{*}" at the end matches the rest (one or more
 * segments).  Captured values are copied into the arena.
 */
static bool match(struct call *c, const char *pattern, const char *path)
{
	c->n_caps = 0;
	const char *p = pattern, *s = path;
	while (*p) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t nlen = (size_t)(close - p - 1);
			if (nlen == 1 && p[1] == '*')
				return *s != '\0';
			const char *end = strchr(s, '/');
			size_t vlen = end ? (size_t)(end - s) : strlen(s);
			/* a literal after the capture in the same segment ("{package}.zip") */
			const char *lit = close + 1, *lit_end = strchr(lit, '/');
			size_t llen = lit_end ? (size_t)(lit_end - lit) : strlen(lit);
			if (llen) {
				if (vlen <= llen || strncmp(s + vlen - llen, lit, llen) != 0)
					return false;
				vlen -= llen;
			}
			if (vlen == 0 || c->n_caps == CALL_MAX_CAPTURES)
				return false;
			c->cap_name[c->n_caps] = arena_strndup(c->a, p + 1, nlen);
			c->cap_value[c->n_caps++] = arena_strndup(c->a, s, vlen);
			p = close + 1;
			s += vlen;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *s == '\0';
}

const char *call_capture(const struct call *c, const char *name)
{
	for (int i = 0; i < c->n_caps; i++)
		if (strcmp(c->cap_name[i], name) == 0)
			return c->cap_value[i];
	return NULL;
}

bool call_may(const struct call *c, enum action a, int language_id)
{
	return c->have_project && grant_may(&c->grant, a, language_id);
}

/* The route's action at all (in some language): blocked members never pass. */
static bool route_allowed(const struct call *c, const struct route *rt)
{
	return rt->action == ACT_NONE || (c->have_project && role_may(c->grant.role, rt->action));
}

/*
 * Mask the secret path segment of localization.one URLs, and the token of
 * sign-in links and invitations (the API call and the page), in the access log.
 */
static void mask_log_path(struct call *c)
{
	const char *p = c->r->path;
	static const char *const link_prefixes[] = { "/app/api/sign-in-link/", "/app/sign-in/",
						     "/app/api/join/", "/app/join/" };
	for (size_t i = 0; i < sizeof(link_prefixes) / sizeof(link_prefixes[0]); i++)
		if (!strncmp(p, link_prefixes[i], strlen(link_prefixes[i]))) {
			c->r->log_path = arena_printf(c->a, "%s***", link_prefixes[i]);
			return;
		}
	if (strncmp(p, "/api/", 5) != 0)
		return;
	const char *seg = p + 5, *end = strchr(seg, '/');
	size_t n = end ? (size_t)(end - seg) : strlen(seg);
	static const char *const public_words[] = { "project", "account", "supported-languages", "v2" };
	for (size_t i = 0; i < sizeof(public_words) / sizeof(public_words[0]); i++)
		if (strlen(public_words[i]) == n && strncmp(seg, public_words[i], n) == 0)
			return;
	c->r->log_path = arena_printf(c->a, "/api/***%s", end ? end : "");
}

/* Seconds an address that failed authentication too often must wait, as a header. */
static struct auth_limit auth_limit_of(const struct call *c)
{
	return (struct auth_limit){ c->app->cfg->auth_fail_limit, c->app->cfg->auth_fail_window };
}

static int64_t auth_wait(struct call *c)
{
	struct auth_limit l = auth_limit_of(c);
	int64_t wait = auth_limit_retry_after(c->app->db, &l, c->r->remote);
	if (wait)
		c->retry_after = arena_printf(c->a, "%lld", (long long)wait);
	return wait;
}

static bool v1_auth_failure(int rc)
{
	return rc == V1_PROJECT_NOT_FOUND || rc == V1_KEY_INVALID || rc == V1_ACCOUNT_NOT_FOUND ||
	       rc == V1_ACCOUNT_KEY_INVALID;
}

/*
 * Hold one of the project's slots (gate.h) until the request ends, before it
 * takes a connection: a request over its project's share waits here having
 * done no database work.  The project is the one the URL names (capture: the
 * v1 identifier or the localization.one token), hashed: auth comes later.
 */
static void gate_enter(struct call *c, const struct route *rt, const char *capture)
{
	const char *name = call_capture(c, capture);
	if (!name)
		return;
	uint64_t key = 1469598103934665603ull;	/* FNV-1a */
	for (const char *p = capture; *p; p++)
		key = (key ^ (unsigned char)*p) * 1099511628211ull;
	for (const char *p = name; *p; p++)
		key = (key ^ (unsigned char)*p) * 1099511628211ull;
	c->gate_key = key ? key : 1;
	c->gated_write = rt->flags & R_WRITE;
	gate_wait(c->app->gate, c->gate_key, c->gated_write);
}

static void gate_exit(struct call *c)
{
	if (c->gate_key)
		gate_leave(c->app->gate, c->gate_key, c->gated_write);
	c->gate_key = 0;
}

static int v1_auth(struct call *c)
{
	if (c->route->flags & R_V1_PROJECT)
		return v1_auth_project(c);
	if (c->route->flags & R_V1_ACCOUNT)
		return v1_auth_account(c);
	return 0;
}

/*
 * A call whose transaction lost to another one (db_err_conflict: two uploads
 * of the same files in opposite orders deadlock on PostgreSQL) runs again
 * from the start, its rows rolled back and its reply forgotten, up to
 * CALL_ATTEMPTS times in all.
 */
#define CALL_ATTEMPTS 4

static bool run_again(struct call *c, int attempt)
{
	if (attempt >= CALL_ATTEMPTS || !db_err_conflict(c->db))
		return false;
	log_info("%s %s: lost a conflict with another transaction, attempt %d", c->r->method,
		 c->r->log_path, attempt + 1);
	db_rollback(c->db);
	struct response *resp = &c->r->resp;
	buf_reset(&resp->body);
	response_pieces_drop(c->r);
	if (resp->fd >= 0)
		close(resp->fd);
	resp->fd = -1;
	resp->status = 0;
	resp->content_type = NULL;
	resp->n_headers = 0;
	c->have_project = c->have_account = c->raw = false;
	c->role = c->error_detail = c->xml_name = NULL;
	c->reply = c->xml_root = NULL;
	return true;
}

static void run_v1(struct call *c, const struct route *rt)
{
	int rc;
	v1_pick_format(c);
	bool authed = rt->flags & (R_V1_PROJECT | R_V1_ACCOUNT);
	if (authed && auth_wait(c)) {
		/* Crowdin's table has no code for it: 13 with HTTP 429, as its concurrency limit */
		c->error_detail = arena_printf(c->a, "too many failed authentications from this "
					       "address; retry in %s seconds", c->retry_after);
		v1_send_error(c, V1_UNKNOWN_ERROR);
		c->r->resp.status = 429;
		response_header(c->r, "Retry-After", c->retry_after);
		return;
	}
	gate_enter(c, rt, "project");
	c->db = db_acquire_for(c->app->db, rt->flags & R_WRITE);
	for (int attempt = 1;; attempt++) {
		if (db_begin(c->db, rt->flags & R_WRITE)) {
			log_error("db begin: %s", db_errmsg(c->db));
			rc = V1_UNKNOWN_INTERNAL;
			break;
		}
		rc = v1_auth(c);
		if (!rc)
			rc = v1_check_body(c);
		if (!rc && !route_allowed(c, rt))
			rc = V1_FORBIDDEN;
		if (!rc)
			rc = rt->fn(c);
		if (!rc && db_commit(c->db)) {
			log_error("db commit: %s", db_errmsg(c->db));
			rc = V1_UNKNOWN_INTERNAL;
		}
		if (!rc || !run_again(c, attempt))
			break;
	}
	if (rc) {
		db_rollback(c->db);
		v1_send_error(c, rc);
	} else {
		v1_send(c);
	}
	db_release(c->db);
	c->db = NULL;
	gate_exit(c);
	if (authed && v1_auth_failure(rc)) {
		struct auth_limit l = auth_limit_of(c);
		auth_limit_failed(c->app->db, &l, c->r->remote);
	}
}

/*
 * localization.one: token auth, request checks, one transaction; the method
 * returns 0 (result under c->reply) or an HTTP status with c->error_detail.
 */
static void run_lone(struct call *c, const struct route *rt)
{
	int status;
	if (auth_wait(c)) {
		lone_fail(c, 429, "Too many failed authentications from this address; retry in %s seconds",
			  c->retry_after);
		lone_send_error(c, 429);
		response_header(c->r, "Retry-After", c->retry_after);
		return;
	}
	gate_enter(c, rt, "token");
	c->db = db_acquire_for(c->app->db, rt->flags & R_WRITE);
	for (int attempt = 1;; attempt++) {
		if (db_begin(c->db, rt->flags & R_WRITE)) {
			log_error("db begin: %s", db_errmsg(c->db));
			status = lone_fail(c, 500, "Internal error");
			break;
		}
		status = lone_auth(c);
		if (!status)
			status = lone_check_request(c);
		if (!status && !route_allowed(c, rt))
			status = lone_forbidden(c, rt->action, 0);
		if (!status) {
			lone_begin_reply(c);
			status = rt->fn(c);
		}
		if (!status && db_commit(c->db)) {
			log_error("db commit: %s", db_errmsg(c->db));
			status = lone_fail(c, 500, "Internal error");
		}
		if (!status || !run_again(c, attempt))
			break;
	}
	if (status) {
		db_rollback(c->db);
		lone_send_error(c, status);
	} else {
		lone_send(c);
	}
	db_release(c->db);
	c->db = NULL;
	gate_exit(c);
	if (status == 401) {
		struct auth_limit l = auth_limit_of(c);
		auth_limit_failed(c->app->db, &l, c->r->remote);
	}
}

static void not_found(struct request *r)
{
	r->resp.status = 404;
	r->resp.content_type = "text/plain";
	buf_adds(&r->resp.body, "Not Found\n");
}

/* The row's method ("GET /path": want up to the space before path); GET also takes HEAD. */
static bool method_is(const char *method, const char *want, const char *path)
{
	size_t n = (size_t)(path - want - 1);
	if (strlen(method) == n && !strncmp(method, want, n))
		return true;
	return n == 3 && !strncmp(want, "GET", 3) && !strcmp(method, "HEAD");
}

void api_dispatch(struct request *r)
{
	struct call c = { .r = r, .a = &r->arena, .app = r->app };
	mask_log_path(&c);
	for (size_t i = 0; i < N_ROUTES; i++) {
		const struct route *rt = &routes[i];
		const char *path = strchr(rt->pattern, '/');
		if (!match(&c, path, r->path))
			continue;
		if (path != rt->pattern && !method_is(r->method, rt->pattern, path)) {
			/* rows of one path, one per method: a method none takes is 405 */
			c.allow = arena_printf(c.a, "%s%s%.*s", c.allow ? c.allow : "", c.allow ? ", " : "",
					       (int)(path - rt->pattern - 1), rt->pattern);
			continue;
		}
		c.route = rt;
		if (rt->flags & (R_V1_PUBLIC | R_V1_PROJECT | R_V1_ACCOUNT))
			run_v1(&c, rt);
		else if (rt->flags & R_LONE)
			run_lone(&c, rt);
		else if (rt->flags & R_APP)
			app_run(&c);
		else
			rt->fn(&c);
		/* deliveries queued by a committed change: wake the webhook worker */
		if (webhook_take_enqueued())
			webhook_kick();
		return;
	}
	not_found(r);
}
