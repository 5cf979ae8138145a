/*
 * Crowdin v1 project webhooks (edit-project webhook_file_translated,
 * webhook_file_proofread, webhook_project_translated,
 * webhook_project_proofread): fired when an upload completes a file or the
 * project for a language, through the shared delivery queue
 * (model/webhooks.h).  Crowdin called these URLs with the details as query
 * parameters; tolk POSTs to the URL with the same parameters added to its
 * query string, and the same fields as a JSON object body.
 */
#include "api/crowdin_v1/v1.h"
#include "model/stats.h"
#include "model/webhooks.h"

#include <curl/curl.h>
#include <string.h>

/* Counts before (or after) a change, when the project has any v1 webhook. */
int v1_progress_take(struct call *c, int64_t node_id, int language_id, struct v1_progress *p)
{
	const struct project *pr = &c->project;
	if (!*pr->webhook_file_translated && !*pr->webhook_file_proofread &&
	    !*pr->webhook_project_translated && !*pr->webhook_project_proofread)
		return 0;
	return stats_one(c->db, pr->id, node_id, language_id, &p->file) ||
	       stats_one(c->db, pr->id, 0, language_id, &p->project) ? -1 : 0;
}

static bool completed(int64_t before, int64_t after, int64_t total)
{
	return total > 0 && before < total && after == total;
}

static char *esc(struct arena *a, const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);
	char *copy = arena_strdup(a, e ? e : "");
	curl_free(e);
	return copy;
}

static int fire(struct call *c, const char *url, const char *event, const struct node *file,
		const struct language *lang)
{
	struct arena *a = c->a;
	if (!*url)
		return 0;
	const char *path = file ? node_path(c->db, a, file->id) : NULL;
	const char *q = arena_printf(a, "project=%s&project_id=%lld&language=%s",
				     esc(a, c->project.identifier), (long long)c->project.id,
				     esc(a, lang->crowdin_code));
	if (file)
		q = arena_printf(a, "%s&file_id=%lld&file=%s", q, (long long)file->id,
				 esc(a, path ? path : file->name));
	const char *full = arena_printf(a, "%s%c%s", url, strchr(url, '?') ? '&' : '?', q);
	struct buf js;
	buf_init(&js, 0);
	buf_adds(&js, "{\"event\":");
	json_escape(&js, event, strlen(event));
	buf_adds(&js, ",\"project\":");
	json_escape(&js, c->project.identifier, strlen(c->project.identifier));
	buf_printf(&js, ",\"project_id\":\"%lld\",\"language\":", (long long)c->project.id);
	json_escape(&js, lang->crowdin_code, strlen(lang->crowdin_code));
	if (file) {
		buf_printf(&js, ",\"file_id\":\"%lld\",\"file\":", (long long)file->id);
		json_escape(&js, path ? path : file->name, strlen(path ? path : file->name));
	}
	buf_addc(&js, '}');
	int rc = webhook_enqueue(c->db, c->project.id, full, js.data, NULL);
	buf_release(&js);
	return rc;
}

int v1_progress_fire(struct call *c, const struct node *file, const struct language *lang,
		     const struct v1_progress *before)
{
	struct v1_progress after;
	const struct project *pr = &c->project;
	if (!*pr->webhook_file_translated && !*pr->webhook_file_proofread &&
	    !*pr->webhook_project_translated && !*pr->webhook_project_proofread)
		return 0;
	if (v1_progress_take(c, file->id, lang->id, &after))
		return -1;
	const struct counts *fb = &before->file, *fa = &after.file;
	const struct counts *pb = &before->project, *pa = &after.project;
	int rc = 0;
	if (completed(fb->translated, fa->translated, fa->phrases))
		rc |= fire(c, pr->webhook_file_translated, "file.translated", file, lang);
	if (completed(fb->approved, fa->approved, fa->phrases))
		rc |= fire(c, pr->webhook_file_proofread, "file.proofread", file, lang);
	if (completed(pb->translated, pa->translated, pa->phrases))
		rc |= fire(c, pr->webhook_project_translated, "project.translated", NULL, lang);
	if (completed(pb->approved, pa->approved, pa->phrases))
		rc |= fire(c, pr->webhook_project_proofread, "project.proofread", NULL, lang);
	return rc ? -1 : 0;
}
