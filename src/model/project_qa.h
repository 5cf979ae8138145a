/*
 * A project's QA check levels (docs/qa.md "Levels: warning, error, off"):
 * project.qa_checks, a JSON object of check id -> 0 off, 1 warning (the
 * default of a check it does not name), 2 error (blocks the save), and
 * "enabled": 0 turning every check off.  Other keys (Crowdin v1 names sent
 * through edit-project) are kept as stored.  The one place that knows that
 * shape: v1 edit-project, the settings page and the saves go through here.
 * Same conventions as model/model.h: inside the caller's transaction.
 */
#ifndef TOLK_PROJECT_QA_H
#define TOLK_PROJECT_QA_H

#include "model/model.h"
#include "model/qa.h"

enum qa_level { QA_LEVEL_OFF, QA_LEVEL_WARNING, QA_LEVEL_ERROR };

const char *qa_level_name(enum qa_level l);		/* "off", "warning", "error" */
int qa_level_parse(const char *name, enum qa_level *out);	/* 0 or -1 */

struct project_qa {
	bool enabled;			/* false: "enabled": 0, every check off */
	enum qa_level level[QA_CHECK_COUNT];	/* by enum qa_check_id */
};

/* The levels a stored qa_checks JSON says (NULL or not an object: the defaults). */
void project_qa_parse(const char *qa_checks_json, struct project_qa *out);
/* A project's levels as stored now; MODEL_NOT_FOUND, MODEL_ERROR. */
int project_qa_get(struct db_conn *c, int64_t project_id, struct project_qa *out);
/* Store every level and the switch, keeping the keys that are no check id. */
int project_qa_set(struct db_conn *c, int64_t project_id, const struct project_qa *q);
/*
 * Set n keys of the stored object to values, keeping the others (v1
 * edit-project's qa_checks[name]=value).  Both set the project's revision
 * (project_touch): a save checks with the levels as they are now.
 */
int project_qa_merge(struct db_conn *c, int64_t project_id, const char *const *keys,
		     const int *values, size_t n);

#endif
