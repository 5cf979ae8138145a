/*
 * reports/{translation-costs,top-members,costs-estimation}/{export,download}
 * (seed 004, crowdin-v1.md §6; docs/reports.md).  export checks every
 * parameter (report_params.c), then queues the build as a job and answers
 * its hash; nothing is stored when a parameter is wrong.  download sends the
 * file, building it at once when no worker has yet.
 */
#include "api/crowdin_v1/v1.h"
#include "core/crypto.h"
#include "jobs/jobs.h"
#include "model/reports.h"

#include <stdlib.h>
#include <string.h>

/* The report kind in the path ("translation-costs" or "translation_costs"). */
static int kind_of(struct call *c, enum report_kind *kind)
{
	static const char *const names[REPORT_KIND_COUNT] = {
		[REPORT_COSTS] = "translation-costs", [REPORT_TOP_MEMBERS] = "top-members",
		[REPORT_ESTIMATE] = "costs-estimation",
	};
	char *k = arena_strdup(c->a, call_capture(c, "report"));
	for (char *p = k; *p; p++)
		if (*p == '_')
			*p = '-';
	for (int i = 0; i < REPORT_KIND_COUNT; i++)
		if (!strcmp(k, names[i])) {
			*kind = (enum report_kind)i;
			return 0;
		}
	return V1_UNKNOWN_ACTION;
}

int v1_report_export(struct call *c)
{
	enum report_kind kind;
	struct report_spec *s = arena_alloc(c->a, sizeof(*s));
	int rc = kind_of(c, &kind);
	if (!rc)
		rc = v1_report_spec(c, kind, s);
	if (rc)
		return rc;
	char hash[33];
	crypto_random_hex(hash, 16);
	char *json = report_spec_json(s);
	rc = db_commit(c->db) || db_begin(c->db, true) ||
	     jobs_enqueue_report(c->db, c->project.id, hash, json) ? V1_UNKNOWN_INTERNAL : 0;
	free(json);
	if (!rc)
		rv_str(c->a, v1_success(c), "hash", arena_strdup(c->a, hash));
	return rc;
}

static bool hash_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;
	return n == 32 && strspn(h, "0123456789abcdef") == n;
}

int v1_report_download(struct call *c)
{
	enum report_kind kind;
	int rc = kind_of(c, &kind);
	if (!rc)
		rc = v1_report_scalars(c);
	if (rc)
		return rc;
	const char *hash = params_str(&c->r->params, "hash");
	if (!hash_ok(hash))
		return v1_report_bad(c, V1_INVALID_PARAMETERS, "no report of this hash");
	struct report_spec *s = arena_alloc(c->a, sizeof(*s));
	int64_t artifact;
	rc = report_find(c->db, c->a, c->project.id, hash, s, &artifact);
	if (rc == MODEL_NOT_FOUND || (!rc && s->kind != kind))
		return v1_report_bad(c, V1_INVALID_PARAMETERS, "no report of this hash");
	if (rc)
		return V1_UNKNOWN_INTERNAL;
	const char *name = report_file_name(c->a, s);
	if (artifact)
		return v1_send_artifact(c, name, report_media_type(s), artifact);
	/* not built by a worker yet: build it now, in this request's snapshot */
	struct buf file;
	buf_init(&file, 0);
	rc = report_build(c->db, c->a, &c->project, s, &file) || db_commit(c->db) ||
	     db_begin(c->db, true) || report_store(c->db, c->project.id, hash, &file)
		? V1_UNKNOWN_INTERNAL : 0;
	if (!rc)
		v1_send_file(c, name, report_media_type(s), file.data, file.len);
	buf_release(&file);
	return rc;
}
