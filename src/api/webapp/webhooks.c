/*
 * A project's webhooks, for its webhooks page (docs/web.md "The project
 * calls"): the five URLs (GET and PUT /app/api/projects/{project}/webhooks),
 * a test delivery (POST .../webhooks/test), the delivery log (GET
 * .../webhooks/deliveries) and a redelivery (POST .../deliveries/{id}/
 * redeliver).  Every rule is the model's (model/webhooks.h); deliveries go
 * through the one queue the real events use.
 */
#include "api/webapp/webapp.h"
#include "model/webhooks.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define LOG_LIMIT_DEFAULT 20
#define LOG_LIMIT_MAX 100

static void reply_urls(struct call *c, const struct project *p)
{
	c->reply = rv_new_obj(c->a);
	for (int i = 0; i < WEBHOOK_KINDS; i++)
		rv_str(c->a, c->reply, webhook_kinds[i].setting, webhook_kind_url(p, &webhook_kinds[i]));
}

int app_webhooks(struct call *c)
{
	reply_urls(c, &c->project);
	return 0;
}

/* ---- PUT: the URLs, all or nothing ---- */

struct new_urls {
	const char *url[WEBHOOK_KINDS];	/* NULL: unchanged */
};

static int write_urls(struct call *c, void *p)
{
	struct new_urls *x = p;
	char why[512];
	for (int i = 0; i < WEBHOOK_KINDS; i++) {
		if (!x->url[i])
			continue;
		int rc = webhook_url_set(c->db, c->project.id, &webhook_kinds[i], x->url[i], why,
					 sizeof(why));
		/* any refusal fails the transaction: nothing is changed */
		if (rc == MODEL_INVALID)
			return app_fail(c, 400, "invalid", "%s: %s", webhook_kinds[i].setting, why);
		if (rc)
			return app_fail(c, 500, "internal", "internal error (webhooks)");
	}
	return project_by_id(c->db, c->a, c->project.id, &c->project)
	       ? app_fail(c, 500, "internal", "internal error (project)") : 0;
}

int app_webhooks_put(struct call *c)
{
	json_t *body = (json_t *)c->r->json;
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		bool known = false;
		for (int i = 0; i < WEBHOOK_KINDS; i++)
			known |= !strcmp(name, webhook_kinds[i].setting);
		if (!known)
			return app_fail(c, 400, "invalid", "unknown field '%.100s' (the URLs are "
					"webhook_url and webhook_file_translated, ...)", name);
	}
	struct new_urls x = { 0 };
	size_t len;
	for (int i = 0; i < WEBHOOK_KINDS; i++) {
		int st = app_text(c, webhook_kinds[i].setting, 4096, &x.url[i], &len);
		if (st)
			return st;
	}
	int st = app_txn(c, true, write_urls, &x);
	if (st)
		return st;
	reply_urls(c, &c->project);
	return 0;
}

/* ---- POST test ---- */

struct test_send {
	const struct webhook_kind *k;
	int64_t id;
};

static int send_test(struct call *c, void *p)
{
	struct test_send *x = p;
	/* the URL as this transaction reads it, not as the prelude did */
	if (project_by_id(c->db, c->a, c->project.id, &c->project))
		return app_fail(c, 500, "internal", "internal error (project)");
	int rc = webhook_send_test(c->db, c->a, &c->project, x->k, &x->id);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 409, "no_url", "no %s webhook URL is set", x->k->setting);
	return rc ? app_fail(c, 500, "internal", "internal error (webhook test)") : 0;
}

int app_webhooks_test(struct call *c)
{
	const char *kind;
	size_t len;
	int st = app_text(c, "kind", 64, &kind, &len);
	if (st)
		return st;
	struct test_send x = { webhook_kind_find(kind), 0 };
	if (!x.k)
		return app_fail(c, 400, "invalid", "'kind' must be lone, file_translated, "
				"file_proofread, project_translated or project_proofread");
	st = app_txn(c, true, send_test, &x);
	if (st)
		return st;
	c->r->resp.status = 202;
	c->reply = rv_new_obj(c->a);
	rv_int(c->a, c->reply, "id", x.id);
	return 0;
}

/* ---- the log ---- */

/* A positive integer parameter: its value, def when absent, -1 when not one. */
static int64_t int_param(struct call *c, const char *name, int64_t def)
{
	const struct param *p = params_get(&c->r->params, name);
	if (!p || !p->value || !*p->value)
		return def;
	char *end;
	long long v = strtoll(p->value, &end, 10);
	return *end || v <= 0 || p->value[0] == '+' ? -1 : v;
}

/* A query value shown in the log: tolk's own v1 parameters only (the rest may be secrets). */
static bool shown_param(const char *name, size_t n)
{
	static const char *const ours[] = { "project", "project_id", "language", "file_id", "file",
					    "test", NULL };
	for (const char *const *o = ours; *o; o++)
		if (strlen(*o) == n && !strncmp(*o, name, n))
			return true;
	return false;
}

/*
 * A URL as the log shows it: scheme, host and path, long path segments cut
 * (hook services put tokens there: /services/T0/B0/<secret>), query values
 * masked but for tolk's own; no fragment.  URLs with user info are refused.
 */
static const char *masked_url(struct arena *a, const char *url)
{
	struct buf b;
	buf_init(&b, 0);
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t host = strcspn(p, "/?#");
	buf_add(&b, url, (size_t)(p - url));
	const char *at = memchr(p, '@', host);	/* user info (only older v1 settings hold any) */
	if (at) {
		host -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	buf_add(&b, p, host);
	p += host;
	while (*p == '/') {
		size_t seg = strcspn(p + 1, "/?#");
		buf_addc(&b, '/');
		if (seg > 24) {
			buf_add(&b, p + 1, 4);
			buf_adds(&b, "…");
		} else {
			buf_add(&b, p + 1, seg);
		}
		p += 1 + seg;
	}
	if (*p == '?') {
		p++;
		char sep = '?';
		while (*p && *p != '#') {
			size_t item = strcspn(p, "&#"), name = strcspn(p, "=&#");
			buf_addc(&b, sep);
			sep = '&';
			buf_add(&b, p, name);
			if (name < item)
				buf_add(&b, p + name, shown_param(p, name) ? item - name : 0);
			if (name < item && !shown_param(p, name))
				buf_adds(&b, "=…");
			p += item;
			if (*p == '&')
				p++;
		}
	}
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_release(&b);
	return out;
}

/* What a delivery is, from what it carries: its kind, event, and whether it is a test. */
static void describe(struct arena *a, struct rv *o, const struct webhook_delivery *d)
{
	json_t *js = json_loads(d->payload, 0, NULL);
	json_t *first = json_is_array(js) ? json_array_get(js, 0) : js;
	const char *kind = "other", *event = "";
	if (!strncmp(d->headers, "X-Localization:", 15)) {
		kind = "lone";
		event = json_string_value(json_object_get(first, "type"));
	} else if (json_is_object(js) && json_is_string(json_object_get(js, "event"))) {
		event = json_string_value(json_object_get(js, "event"));
		for (int i = 0; i < WEBHOOK_KINDS; i++)
			if (webhook_kinds[i].event && !strcmp(webhook_kinds[i].event, event))
				kind = webhook_kinds[i].kind;
	}
	rv_str(a, o, "kind", kind);
	rv_str(a, o, "event", arena_strdup(a, event ? event : ""));	/* rv keeps pointers */
	rv_int(a, o, "events", json_is_array(js) ? (int64_t)json_array_size(js) : 1);
	rv_bool(a, o, "test", json_is_true(json_object_get(first, "test")));
	char *pretty = js ? json_dumps(js, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	rv_str(a, o, "payload", pretty ? arena_strdup(a, pretty) : d->payload);
	free(pretty);
	json_decref(js);
}

struct log_page {
	int64_t before;
	int limit;
	struct webhook_delivery *d;
	size_t n;
};

static int read_log(struct call *c, void *p)
{
	struct log_page *x = p;
	/* one more than asked: is there an older page? */
	return webhook_deliveries(c->db, c->a, c->project.id, x->before, x->limit + 1, &x->d, &x->n)
	       ? app_fail(c, 500, "internal", "internal error (deliveries)") : 0;
}

int app_webhook_deliveries(struct call *c)
{
	int64_t limit = int_param(c, "limit", LOG_LIMIT_DEFAULT);
	struct log_page x = { .before = int_param(c, "before", 0), .limit = (int)limit };
	if (x.before < 0)
		return app_fail(c, 400, "invalid", "'before' must be a delivery id");
	if (limit < 0 || limit > LOG_LIMIT_MAX)
		return app_fail(c, 400, "invalid", "'limit' must be 1 to %d", LOG_LIMIT_MAX);
	int st = app_txn(c, false, read_log, &x);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	struct rv *list = rv_list(a, c->reply, "deliveries", "delivery");
	size_t shown = x.n > (size_t)x.limit ? (size_t)x.limit : x.n;
	for (size_t i = 0; i < shown; i++) {
		const struct webhook_delivery *d = &x.d[i];
		struct rv *o = rv_obj(a, list, NULL);
		rv_int(a, o, "id", d->id);
		rv_str(a, o, "url", masked_url(a, d->url));
		rv_str(a, o, "state", d->state);
		rv_int(a, o, "attempts", d->attempts);
		rv_int(a, o, "last_status", d->last_status);
		rv_str(a, o, "last_error", d->last_error);
		rv_int(a, o, "created", d->created);
		rv_int(a, o, "sent_at", d->sent_at);
		/* a claimed row's next_attempt_at is its lease, not a plan: only a retry's is told */
		if (!strcmp(d->state, "pending") && d->attempts > 0)
			rv_int(a, o, "next_attempt_at", d->next_attempt_at);
		else
			rv_null(a, o, "next_attempt_at");
		if (d->redelivery_of)
			rv_int(a, o, "redelivery_of", d->redelivery_of);
		else
			rv_null(a, o, "redelivery_of");
		describe(a, o, d);
	}
	if (x.n > (size_t)x.limit)
		rv_int(a, c->reply, "next_before", x.d[shown - 1].id);
	else
		rv_null(a, c->reply, "next_before");
	return 0;
}

/* ---- redeliver ---- */

struct redelivery {
	int64_t id, new_id;
};

static int redeliver(struct call *c, void *p)
{
	struct redelivery *x = p;
	int rc = webhook_redeliver(c->db, &c->project, x->id, &x->new_id);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such delivery in this project");
	if (rc == MODEL_CONFLICT)
		return app_fail(c, 409, "pending", "this delivery is still being sent; "
				"redeliver it once it was sent or failed");
	return rc ? app_fail(c, 500, "internal", "internal error (redeliver)") : 0;
}

int app_webhook_redeliver(struct call *c)
{
	const char *id = call_capture(c, "id");
	char *end;
	long long v = id ? strtoll(id, &end, 10) : 0;
	if (!id || *end || v <= 0 || id[0] == '+')
		return app_fail(c, 404, "not_found", "no such delivery in this project");
	struct redelivery x = { v, 0 };
	int st = app_txn(c, true, redeliver, &x);
	if (st)
		return st;
	c->r->resp.status = 202;
	c->reply = rv_new_obj(c->a);
	rv_int(c->a, c->reply, "id", x.new_id);
	rv_int(c->a, c->reply, "redelivery_of", x.id);
	return 0;
}
