/*
 * export, export-status, download/{package}.zip and export-file
 * (crowdin-v1.md §2.9-§2.12, seed 002).  Builds read one snapshot in the
 * request's read transaction and only then take the write lock to store
 * the artifact, so a long build never blocks other writers.
 */
#include "api/crowdin_v1/v1.h"
#include "http/attachment.h"
#include "core/crypto.h"
#include "jobs/jobs.h"
#include "formats/format.h"
#include "model/export.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The package a call names: a language code from the path or `language`, else "all". */
static int package_of(struct call *c, const char *code, const struct language **lang)
{
	*lang = NULL;
	if (!code || !*code || !strcmp(code, "all"))
		return 0;
	*lang = v1_project_language(c, code);
	return *lang ? 0 : V1_LANGUAGE_NOT_FOUND;
}

/* End the read snapshot and open a write transaction for the same request. */
static int upgrade_to_write(struct call *c)
{
	if (db_commit(c->db) || db_begin(c->db, true))
		return V1_UNKNOWN_INTERNAL;
	return 0;
}

static int build_and_store(struct call *c, int64_t branch_id, const struct language *lang,
			   const char *package, struct buf *zip)
{
	int64_t revision = c->project.revision;
	if (export_zip(c->db, c->a, &c->project, branch_id, lang, zip, NULL, NULL))
		return V1_UNKNOWN_INTERNAL;
	int rc = upgrade_to_write(c);
	if (!rc && (export_store_artifact(c->db, c->project.id, branch_id, package, revision, zip) ||
		    db_exec(c->db, "UPDATE project SET last_build = ? WHERE id = ?", "ii",
			    (int64_t)time(NULL), c->project.id)))
		rc = V1_UNKNOWN_INTERNAL;
	return rc;
}

static struct rv *status_reply(struct call *c, const char *status)
{
	c->reply = rv_new_obj(c->a);
	struct rv *s = rv_obj(c->a, c->reply, "success");
	rv_str(c->a, s, "status", status)->flags |= RV_ATTR;
	c->xml_root = s;
	c->xml_name = "success";
	return s;
}

int v1_export(struct call *c)
{
	const struct language *lang;
	int64_t branch_id;
	int rc = package_of(c, call_capture(c, "lang"), &lang);
	if (!rc)
		rc = v1_branch_base(c, &branch_id);
	if (rc)
		return rc;
	const char *package = lang ? lang->crowdin_code : "all";
	int64_t revision, created, id;
	if (export_last_artifact(c->db, c->project.id, branch_id, package, &revision, &created, &id))
		return V1_UNKNOWN_INTERNAL;
	/* the interval is per project (seed 002): a build of any package or branch counts */
	int64_t interval = (int64_t)c->project.export_interval_minutes * 60;
	int64_t last = c->project.last_build;
	if (revision == c->project.revision ||
	    (interval && last && time(NULL) - last < interval)) {
		status_reply(c, "skipped");
		return 0;
	}
	if (params_bool(&c->r->params, "async", false)) {
		if ((rc = upgrade_to_write(c)))
			return rc;
		if (jobs_enqueue_export(c->db, c->project.id, branch_id, package))
			return V1_UNKNOWN_INTERNAL;
		status_reply(c, "in-progress");
		return 0;
	}
	struct buf zip;
	buf_init(&zip, 0);
	rc = build_and_store(c, branch_id, lang, package, &zip);
	buf_release(&zip);
	if (!rc)
		status_reply(c, "built");
	return rc;
}

int v1_export_status(struct call *c)
{
	struct arena *a = c->a;
	int64_t branch_id;
	int rc = v1_branch_base(c, &branch_id);
	if (rc)
		return rc;
	struct job_status js;
	if (jobs_export_status(c->db, a, c->project.id, branch_id, &js))
		return V1_UNKNOWN_INTERNAL;
	struct rv *root = v1_success(c);
	bool running = js.state && (!strcmp(js.state, "queued") || !strcmp(js.state, "running"));
	int64_t r, created, id;
	export_last_artifact(c->db, c->project.id, branch_id, "all", &r, &created, &id);
	rv_str(a, root, "status", running ? "in-progress" : (created || js.state) ? "finished" : "none");
	rv_int(a, root, "progress", running ? js.progress : (created || js.state) ? 100 : 0);
	rv_str(a, root, "last_build", v1_date(a, c->project.last_build, "never"));
	if (running) {
		rv_str(a, root, "current_file", js.current_file);
		rv_str(a, root, "current_language", js.current_language);
	}
	return 0;
}

void v1_send_file(struct call *c, const char *name, const char *type, const void *data,
		  size_t len)
{
	struct response *resp = &c->r->resp;
	buf_reset(&resp->body);
	if (len)
		buf_add(&resp->body, data, len);
	resp->status = 200;
	resp->content_type = type;
	response_header(c->r, "Content-Disposition", http_attachment(c->a, name));
	c->raw = true;
}

/*
 * A stored ZIP: artifact rows never change, so the file kept from an earlier
 * download (core/filecache.h) is sent when there is one, without reading the
 * blob out of the database again.
 */
int v1_send_artifact(struct call *c, const char *name, const char *type, int64_t artifact)
{
	const char *key = arena_printf(c->a, "artifact %" PRId64, artifact);
	size_t size;
	int fd = filecache_get(c->app->replies, key, &size);
	if (fd >= 0) {
		v1_send_file(c, name, type, NULL, 0);
		c->r->resp.fd = fd;
		c->r->resp.fd_size = size;
		return 0;
	}
	struct db_stmt *st = db_query(c->db, "SELECT content FROM artifact WHERE id = ?", "i", artifact);
	if (!st)
		return V1_UNKNOWN_INTERNAL;
	int rc = db_step(st);
	if (rc == 1) {
		size_t len;
		const void *data = db_col_blob(st, 0, &len);
		v1_send_file(c, name, type, data, len);
		filecache_put(c->app->replies, key, data, len);
	}
	db_done(st);
	return rc == 1 ? 0 : V1_UNKNOWN_INTERNAL;
}

int v1_download(struct call *c)
{
	const struct language *lang;
	int64_t branch_id;
	int rc = package_of(c, call_capture(c, "package"), &lang);
	if (!rc)
		rc = v1_branch_base(c, &branch_id);
	if (rc)
		return rc;
	const char *package = lang ? lang->crowdin_code : "all";
	const char *name = arena_printf(c->a, "%s.zip", package);
	int64_t artifact = db_int(c->db, 0, "SELECT id FROM artifact WHERE project_id = ? AND "
				  "kind = 'export' AND COALESCE(branch_id, 0) = ? AND package = ? "
				  "ORDER BY id DESC LIMIT 1", "iis", c->project.id, branch_id, package);
	if (artifact < 0)
		return V1_UNKNOWN_INTERNAL;
	if (artifact)
		return v1_send_artifact(c, name, "application/zip", artifact);
	/* never built: build now (the Ruby CLI's --include-unchanged skips export) */
	struct buf zip;
	buf_init(&zip, 0);
	rc = build_and_store(c, branch_id, lang, package, &zip);
	if (!rc)
		v1_send_file(c, name, "application/zip", zip.data, zip.len);
	buf_release(&zip);
	return rc;
}

int v1_export_file(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *path = v1_clean_path(c->a, params_str(p, "file"));
	const char *code = params_str(p, "language");
	if (!path)
		return V1_FILE_NOT_FOUND;
	if (!code)
		return V1_NO_LANGUAGE;
	const struct language *lang = v1_project_language(c, code);
	if (!lang)
		return V1_LANGUAGE_NOT_FOUND;
	const char *format = params_str(p, "format");
	if (format && strcmp(format, "xliff"))
		return V1_INVALID_PARAMETERS;
	if (format)
		return V1_FEATURE_UNAVAILABLE;	/* XLIFF export of other formats: not yet */
	int64_t base;
	int rc = v1_branch_base(c, &base);
	if (rc)
		return rc;
	struct node n;
	rc = node_resolve(c->db, c->a, c->project.id, base, path, &n, NULL);
	if (rc < 0)
		return V1_UNKNOWN_INTERNAL;
	if (rc || n.kind != NODE_FILE)
		return V1_FILE_NOT_FOUND;
	struct export_opts o;
	export_opts_of(&c->project, &o);
	o.translated_only = params_bool(p, "export_translated_only", o.translated_only);
	o.approved_only = params_bool(p, "export_approved_only", o.approved_only);
	struct buf out;
	buf_init(&out, 0);
	if (export_file(c->db, c->a, &c->project, &n, lang, &o, &out)) {
		buf_release(&out);
		return V1_UNKNOWN_INTERNAL;
	}
	char hash[65];
	crypto_sha256_hex(out.data, out.len, hash);
	hash[32] = '\0';
	const char *etag = arena_printf(c->a, "\"%s\"", hash);
	const char *inm = request_header(c->r, "If-None-Match");
	if (inm && (!strcmp(inm, etag) || !strcmp(inm, "*"))) {
		c->r->resp.status = 304;
		response_header(c->r, "ETag", etag);
		c->raw = true;
	} else {
		const struct fmt_format *f = fmt_by_name(n.file_type);
		v1_send_file(c, n.name, f && f->mime ? f->mime : "application/octet-stream", out.data, out.len);
		response_header(c->r, "ETag", etag);
	}
	buf_release(&out);
	return 0;
}
