/* A report's file: the sheet, the builder of its kind (reports.h). */
#include "model/report_int.h"

#include "core/mem.h"

#include <stdlib.h>
#include <time.h>

static const struct {
	const char *name;
	int (*build)(struct db_conn *, struct arena *, const struct project *,
		     const struct report_spec *, struct report_sheet *);
} kinds[REPORT_KIND_COUNT] = {
	[REPORT_COSTS] = { "translation_costs", report_costs },
	[REPORT_TOP_MEMBERS] = { "top_members", report_top_members },
	[REPORT_ESTIMATE] = { "costs_estimation", report_estimate },
};

int report_build(struct db_conn *c, struct arena *a, const struct project *p,
		 const struct report_spec *s, struct buf *out)
{
	struct report_sheet *sh = report_sheet_open(s->xlsx, report_currencies[s->currency], out);
	if (!sh)
		return MODEL_ERROR;
	int rc = kinds[s->kind].build(c, a, p, s, sh);
	if (report_sheet_close(sh))
		rc = MODEL_ERROR;
	return rc ? MODEL_ERROR : MODEL_OK;
}

const char *report_file_name(struct arena *a, const struct report_spec *s)
{
	return arena_printf(a, "%s.%s", kinds[s->kind].name, s->xlsx ? "xlsx" : "csv");
}

const char *report_media_type(const struct report_spec *s)
{
	return s->xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		       : "text/csv; charset=utf-8";
}

/* Reports kept per project: the newest ones (a download comes soon after the export). */
#define REPORTS_KEPT_S "50"

int report_store(struct db_conn *c, int64_t project_id, const char *hash, const struct buf *file)
{
	int64_t now = time(NULL);
	/* a download and a worker may both have built it: the first one stays */
	if (db_exec(c, "INSERT INTO artifact (project_id, kind, package, hash, content, size, created) "
		    "SELECT ?, 'report', ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM artifact WHERE "
		    "project_id = ? AND kind = 'report' AND package = ?)", "issbiiis", project_id, hash,
		    hash, file->data, file->len, (int64_t)file->len, now, project_id, hash))
		return MODEL_ERROR;
	return db_exec(c, "DELETE FROM artifact WHERE project_id = ? AND kind = 'report' AND id NOT IN "
		       "(SELECT id FROM artifact WHERE project_id = ? AND kind = 'report' ORDER BY id DESC "
		       "LIMIT " REPORTS_KEPT_S ")", "ii", project_id, project_id) ? MODEL_ERROR : MODEL_OK;
}

int report_find(struct db_conn *c, struct arena *a, int64_t project_id, const char *hash,
		struct report_spec *s, int64_t *artifact_id)
{
	*artifact_id = db_int(c, 0, "SELECT id FROM artifact WHERE project_id = ? AND kind = 'report' "
			      "AND package = ? ORDER BY id DESC LIMIT 1", "is", project_id, hash);
	if (*artifact_id < 0)
		return MODEL_ERROR;
	struct db_stmt *st = db_query(c, "SELECT params FROM job WHERE project_id = ? AND kind = '"
				      REPORT_JOB "' AND result = ? ORDER BY id DESC LIMIT 1", "is",
				      project_id, hash);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	const char *params = rc == 1 ? arena_strdup(a, db_col_text(st, 0)) : NULL;
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	if (!params)
		return MODEL_NOT_FOUND;
	return report_spec_parse(params, s) ? MODEL_ERROR : MODEL_OK;
}

int report_make(struct db_conn *c, int64_t project_id, const char *hash)
{
	if (db_begin(c, false))
		return MODEL_ERROR;
	struct report_spec *spec = xmalloc(sizeof(*spec));
	struct arena a;
	arena_init(&a);
	struct buf file;
	buf_init(&file, 0);
	struct project p;
	int64_t artifact = 0;
	int rc = report_find(c, &a, project_id, hash, spec, &artifact);
	if (!rc && !artifact)
		rc = project_by_id(c, &a, project_id, &p) ? MODEL_ERROR : report_build(c, &a, &p, spec, &file);
	db_commit(c);
	if (!rc && !artifact) {
		rc = db_begin(c, true) || report_store(c, project_id, hash, &file) ? MODEL_ERROR : MODEL_OK;
		if (rc || db_commit(c)) {
			db_rollback(c);
			rc = MODEL_ERROR;
		}
	}
	buf_release(&file);
	arena_release(&a);
	free(spec);
	return rc;
}
