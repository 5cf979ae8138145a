/*
 * Crowdin v1 project webhooks (edit-project webhook_file_translated,
 * webhook_file_proofread, webhook_project_translated,
 * webhook_project_proofread): fired when an upload completes a file or the
 * project for a language, through the shared delivery queue
 * (model/webhooks.h).  Crowdin called these URLs with the details as query
 * parameters; tolk POSTs to the URL with the same parameters added to its
 * query string, and the same fields as a JSON object body (built by
 * model/webhooks.c webhook_v1_enqueue, which the webhooks page's test uses too).
 */
#include "api/crowdin_v1/v1.h"
#include "model/stats.h"
#include "model/webhooks.h"

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

static int fire(struct call *c, const char *url, const char *event, const struct node *file,
		const struct language *lang)
{
	if (!*url)
		return 0;
	const char *path = file ? node_path(c->db, c->a, file->id) : NULL;
	struct webhook_v1_event e = {
		.project_id = c->project.id, .identifier = c->project.identifier, .url = url,
		.event = event, .language = lang->crowdin_code, .file_id = file ? file->id : 0,
		.file = file ? (path ? path : file->name) : NULL,
	};
	return webhook_v1_enqueue(c->db, c->a, &e, NULL);
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
