/* Project calls: info (§2.1), edit-project and delete-project (§2.16). */
#include "api/crowdin_v1/v1.h"
#include "model/project_qa.h"
#include "model/stats.h"
#include "core/crypto.h"
#include "model/languages.h"
#include "model/project_mt.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <pthread.h>

static const char never[] = "0000-00-00 00:00:00";

static const char *project_url(struct call *c)
{
	return arena_printf(c->a, "%s/project/%s", c->app->public_url, c->project.identifier);
}

/* Invitation links carry an HMAC of the role under the project key. */
static const char *invite_url(struct call *c, const char *role)
{
	char mac[65];
	crypto_hmac_sha256_hex(c->project.project_key, strlen(c->project.project_key), role,
			       strlen(role), mac);
	mac[20] = '\0';
	return arena_printf(c->a, "%s/invite?role=%s&t=%s", project_url(c), role, mac);
}

/* can_translate / can_approve: the caller's rights in each language (model/roles.h). */
static void add_languages(struct call *c, struct rv *info)
{
	struct arena *a = c->a;
	int ids[512];
	int n = project_languages(c->db, c->project.id, ids, 512);
	struct rv *list = rv_list(a, info, "languages", "item");
	for (int i = 0; i < n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (!l)
			continue;
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "name", l->name);
		rv_str(a, o, "code", l->crowdin_code);
		rv_int(a, o, "can_translate", call_may(c, ACT_TRANSLATE, l->id));
		rv_int(a, o, "can_approve", call_may(c, ACT_APPROVE, l->id));
	}
}

static void info_file_fields(struct call *c, struct rv *o, struct db_stmt *st, void *ctx)
{
	struct arena *a = c->a;
	rv_str(a, o, "created", v1_date(a, db_col_int(st, 4), never));
	rv_str(a, o, "last_updated", v1_date(a, db_col_int(st, 5), never));
	rv_str(a, o, "last_accessed", v1_date(a, db_col_int(st, 6), never));
	rv_intstr(a, o, "last_revision", db_col_int(st, 7));
}

static int add_details(struct call *c, struct rv *info, int64_t members)
{
	struct arena *a = c->a;
	const struct project *p = &c->project;
	const struct language *src = language_by_id(p->source_language_id);
	struct rv *d = rv_obj(a, info, "details");
	struct rv *sl = rv_obj(a, d, "source_language");
	rv_str(a, sl, "name", src ? src->name : "");
	rv_str(a, sl, "code", src ? src->crowdin_code : "");
	rv_str(a, d, "name", p->name);
	rv_str(a, d, "identifier", p->identifier);
	rv_str(a, d, "created", v1_date(a, p->created, never));
	rv_str(a, d, "description", p->description);
	rv_str(a, d, "join_policy", p->join_policy);
	rv_str(a, d, "last_build", v1_date(a, p->last_build, ""));
	rv_str(a, d, "last_activity", v1_date(a, p->last_activity, never));
	rv_intstr(a, d, "participants_count", members);
	rv_str(a, d, "logo_url", p->has_logo ? arena_printf(a, "%s/logo", project_url(c)) : "");

	struct counts total;
	if (stats_one(c->db, p->id, 0, 0, &total))
		return -1;
	rv_intstr(a, d, "total_strings_count", total.phrases);
	rv_intstr(a, d, "total_words_count", total.words);
	struct dup_share dups;	/* kept as strings are written (model/stats.h) */
	if (stats_dups(c->db, p->id, &dups))
		return -1;
	rv_int(a, d, "duplicate_strings_count", dups.strings);
	rv_int(a, d, "duplicate_words_count", dups.words);
	struct rv *inv = rv_obj(a, d, "invite_url");
	rv_str(a, inv, "translator", invite_url(c, "translator"));
	rv_str(a, inv, "proofreader", invite_url(c, "proofreader"));
	return 0;
}

/*
 * info is what CI pipelines poll, and building it walks every node and
 * string of the project.  Its serialized replies are cached per project,
 * keyed by everything they depend on: the project revision (bumped by
 * every content and settings change), the last build time, the member
 * count and whether the caller may approve.  The key is read from the
 * database on every call, so a change made through any node is seen.
 */
#define INFO_CACHE_SLOTS 64

struct info_entry {
	int64_t project_id, revision, last_build, members;
	bool approve;
	char *json, *xml;
	size_t json_len, xml_len;
};

static struct info_entry info_cache[INFO_CACHE_SLOTS];
static pthread_mutex_t info_lock = PTHREAD_MUTEX_INITIALIZER;

static bool info_key_matches(const struct info_entry *e, const struct project *p, int64_t members,
			     bool approve)
{
	return e->json && e->project_id == p->id && e->revision == p->revision &&
	       e->last_build == p->last_build && e->members == members && e->approve == approve;
}

static bool info_cache_send(struct call *c, int64_t members, bool approve)
{
	struct response *resp = &c->r->resp;
	bool hit = false;
	pthread_mutex_lock(&info_lock);
	struct info_entry *e = &info_cache[c->project.id % INFO_CACHE_SLOTS];
	if (info_key_matches(e, &c->project, members, approve)) {
		hit = true;
		buf_reset(&resp->body);
		if (c->fmt == FMT_XML) {
			resp->content_type = "text/xml";
			buf_add(&resp->body, e->xml, e->xml_len);
		} else if (c->fmt == FMT_JSONP) {
			resp->content_type = "application/javascript";
			buf_printf(&resp->body, "%s(", c->jsonp);
			buf_add(&resp->body, e->json, e->json_len);
			buf_adds(&resp->body, ");");
		} else {
			resp->content_type = "application/json";
			buf_add(&resp->body, e->json, e->json_len);
		}
	}
	pthread_mutex_unlock(&info_lock);
	if (hit) {
		resp->status = 200;
		c->raw = true;
	}
	return hit;
}

static void info_cache_put(struct call *c, int64_t members, bool approve)
{
	struct buf json, xml;
	buf_init(&json, 0);
	buf_init(&xml, 0);
	rv_write_json(&json, c->reply);
	rv_write_xml(&xml, c->reply, "info");
	pthread_mutex_lock(&info_lock);
	struct info_entry *e = &info_cache[c->project.id % INFO_CACHE_SLOTS];
	free(e->json);
	free(e->xml);
	*e = (struct info_entry){ .project_id = c->project.id, .revision = c->project.revision,
				  .last_build = c->project.last_build, .members = members,
				  .approve = approve };
	e->json = buf_detach(&json, &e->json_len);
	e->xml = buf_detach(&xml, &e->xml_len);
	pthread_mutex_unlock(&info_lock);
}

int v1_info(struct call *c)
{
	bool approve = call_may(c, ACT_APPROVE, 0);
	/* a member held to some languages gets its own flags per language: never cached */
	bool cacheable = !role_language_bound(c->grant.role) || !c->grant.n_languages;
	int64_t members = db_int(c->db, -1, "SELECT COUNT(*) FROM member WHERE project_id = ?", "i",
				 c->project.id);
	if (members < 0)
		return V1_UNKNOWN_INTERNAL;
	if (cacheable && info_cache_send(c, members, approve))
		return 0;
	struct rv *info = rv_new_obj(c->a);
	add_languages(c, info);
	if (v1_file_tree(c, rv_list(c->a, info, "files", "item"), info_file_fields, NULL) ||
	    add_details(c, info, members))
		return V1_UNKNOWN_INTERNAL;
	c->reply = info;
	c->xml_name = "info";
	if (cacheable)
		info_cache_put(c, members, approve);
	return 0;
}

/* {"project":{"success":true,...}} / <project><success>1</success>...</project> */
static struct rv *project_reply(struct call *c)
{
	c->reply = rv_new_obj(c->a);
	struct rv *p = rv_obj(c->a, c->reply, "project");
	rv_bool(c->a, p, "success", true);
	c->xml_root = p;
	c->xml_name = "project";
	return p;
}

static int apply_languages(struct call *c, int64_t project_id)
{
	int ids[V1_MAX_LANGUAGES], n;
	bool sent;
	int rc = v1_languages_param(c, ids, &n, &sent);
	if (rc || !sent)
		return rc;
	if (n == 0)
		return V1_INVALID_PARAMETERS;
	return project_set_languages(c->db, project_id, ids, n) ? V1_UNKNOWN_INTERNAL : 0;
}

/* qa_checks[name]=0|1 (2 for tolk's check ids) -> merged over the stored levels. */
static int apply_qa_checks(struct call *c, int64_t project_id)
{
	int err;
	struct param *qa = v1_array(c, "qa_checks", V1_INVALID_PARAMETERS, &err);
	if (err || !qa)
		return err;
	size_t n = 0;
	for (struct param *q = qa->first; q; q = q->next)
		n++;
	const char **keys = arena_alloc(c->a, (n + 1) * sizeof(*keys));
	int *values = arena_alloc(c->a, (n + 1) * sizeof(*values));
	n = 0;
	for (struct param *q = qa->first; q; q = q->next, n++) {
		if (!q->value || strlen(q->name) > 64)
			return V1_INVALID_PARAMETERS;
		bool on = !strcmp(q->value, "1") || !strcmp(q->value, "true");
		/* tolk's own check ids (docs/qa.md) also take 2: an error that blocks a save */
		enum qa_check_id id;
		bool blocking = !strcmp(q->value, "2") && !qa_check_parse(q->name, &id);
		if (!on && !blocking && strcmp(q->value, "0") && strcmp(q->value, "false"))
			return V1_INVALID_PARAMETERS;
		keys[n] = q->name;
		values[n] = blocking ? 2 : on;
	}
	return project_qa_merge(c->db, project_id, keys, values, n) ? V1_UNKNOWN_INTERNAL : 0;
}

/*
 * mt[ENGINE][key|region|folder|url]=... (tolk's own): the project's
 * machine-translation credentials for each engine named (model/project_mt.h).
 */
static int apply_mt(struct call *c, int64_t project_id)
{
	static const char shape[] = "mt is mt[ENGINE][FIELD]=VALUE";
	int err;
	struct param *mt = v1_array(c, "mt", V1_INVALID_PARAMETERS, &err);
	if (err || !mt)
		return err;
	for (struct param *e = mt->first; e; e = e->next) {
		struct project_mt m = { 0 };
		if (!param_is_map(e)) {
			c->error_detail = shape;
			return V1_INVALID_PARAMETERS;
		}
		for (struct param *f = e->first; f; f = f->next) {
			if (!f->value) {
				c->error_detail = shape;
				return V1_INVALID_PARAMETERS;
			}
			if (project_mt_put(&m, e->name, f->name, f->value))
				return v1_invalid(c);
		}
		int rc = project_mt_set(c->db, project_id, e->name, &m);
		if (rc == MODEL_INVALID)
			return v1_invalid(c);
		if (rc)
			return V1_UNKNOWN_INTERNAL;
	}
	return 0;
}

static int apply_logo(struct call *c, int64_t project_id)
{
	struct param *logo = params_get(&c->r->params, "logo");
	if (!logo || !logo->file)
		return 0;
	struct upload *u = logo->file;
	if (u->size > 1024 * 1024)
		return V1_FILE_TOO_LARGE;
	char *data = arena_alloc(c->a, u->size + 1);
	if (pread(u->fd, data, u->size, 0) != (ssize_t)u->size)
		return V1_FILE_UPLOAD_ERROR;
	/* accept the image types browsers render; the type is sniffed, not trusted */
	const char *type = NULL;
	if (u->size > 8 && !memcmp(data, "\x89PNG", 4))
		type = "image/png";
	else if (u->size > 3 && !memcmp(data, "\xff\xd8\xff", 3))
		type = "image/jpeg";
	else if (u->size > 6 && !memcmp(data, "GIF8", 4))
		type = "image/gif";
	if (!type)
		return V1_INVALID_PARAMETERS;
	return project_set_logo(c->db, project_id, data, u->size, type) ? V1_UNKNOWN_INTERNAL : 0;
}

int v1_apply_project_fields(struct call *c, int64_t project_id, bool is_create)
{
	const struct project_setting *s;
	for (int i = 0; (s = project_setting_at(i)); i++) {
		if (!(s->flags & SETTING_V1))
			continue;
		struct param *p = params_get(&c->r->params, s->name);
		if (!p || !p->value)
			continue;
		if (is_create && !strcmp(s->name, "name"))
			continue;
		if (!strcmp(s->name, "name") && !*p->value)
			continue;	/* empty value = absent */
		int rc = project_setting_set(c->db, project_id, s, p->value);
		if (rc == MODEL_INVALID)
			return V1_INVALID_PARAMETERS;
		if (rc)
			return V1_UNKNOWN_INTERNAL;
	}
	int rc = is_create ? 0 : apply_languages(c, project_id);
	if (!rc)
		rc = apply_qa_checks(c, project_id);
	if (!rc)
		rc = apply_mt(c, project_id);
	if (!rc)
		rc = apply_logo(c, project_id);
	if (!rc && project_touch(c->db, project_id))	/* settings change exports too */
		rc = V1_UNKNOWN_INTERNAL;
	if (rc)
		return rc;
	if (project_by_id(c->db, c->a, project_id, &c->project))
		return V1_UNKNOWN_INTERNAL;
	struct rv *p = project_reply(c);
	rv_str(c->a, p, "invitation", invite_url(c, "translator"));
	rv_str(c->a, p, "url", project_url(c));
	rv_str(c->a, p, "key", c->project.project_key);
	return 0;
}

int v1_edit_project(struct call *c)
{
	return v1_apply_project_fields(c, c->project.id, false);
}

int v1_delete_project(struct call *c)
{
	if (project_delete(c->db, c->project.id))
		return V1_UNKNOWN_INTERNAL;
	project_reply(c);
	return 0;
}
