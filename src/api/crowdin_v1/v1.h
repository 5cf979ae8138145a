/*
 * Crowdin API v1: protocol prelude (response format, authentication) and
 * reply serialization, plus the handlers.  Handlers return 0 with c->reply
 * filled, or a v1 error code (api/crowdin_v1/errors.h).
 */
#ifndef TOLK_V1_H
#define TOLK_V1_H

#include "api/call.h"
#include "api/crowdin_v1/errors.h"
#include "model/content.h"
#include "model/languages.h"
#include "model/reports.h"

void v1_pick_format(struct call *c);
int v1_auth_project(struct call *c);
int v1_auth_account(struct call *c);
int v1_check_body(struct call *c);
void v1_send(struct call *c);
void v1_send_error(struct call *c, int code);

/* Shared helpers for handlers. */
struct rv *v1_success(struct call *c);	/* {"success":true} / <success/> */
const char *v1_date(struct arena *a, int64_t t, const char *never);
/* Array-typed parameter: NULL + *err = not_array_code when sent as a scalar. */
struct param *v1_array(struct call *c, const char *name, int not_array_code, int *err);

/* Paths and branches: a path without leading, trailing or repeated '/' (arena; NULL when
 * empty); resolve the `branch` parameter (0 = none). */
const char *v1_clean_path(struct arena *a, const char *p);
int v1_branch_base(struct call *c, int64_t *base);
/* languages[] as language ids (any array form); *sent = the parameter was there. */
#define V1_MAX_LANGUAGES 512
int v1_languages_param(struct call *c, int *ids, int *n, bool *sent);
/* A target language of the project by Crowdin code, or NULL. */
const struct language *v1_project_language(struct call *c, const char *code);
/* The `language` parameter as a language of the project: 9 when absent, 10 when not one. */
int v1_language_param(struct call *c, const struct language **out);
/*
 * The language a file's tag means here (TMX, TBX, spreadsheets): the
 * project's own language of that tag (mine: its targets) or, failing that,
 * of its first subtag ("en-US" in a TMX is the project's "en"), else
 * whatever language the tag names (model/languages.h language_by_tag).
 */
const struct language *v1_tag_language(struct call *c, const char *tag, const int *mine,
				       int n_mine);

/* The node tree as info/language-status show it; file_fields adds a file's fields. */
typedef void (*v1_file_fields_fn)(struct call *c, struct rv *o, struct db_stmt *st, void *ctx);
int v1_file_tree(struct call *c, struct rv *root, v1_file_fields_fn file_fields, void *ctx);

/* v1 project webhooks: take counts before a change, fire the ones it completed. */
#include "model/stats.h"
struct v1_progress {
	struct counts file, project;
};
int v1_progress_take(struct call *c, int64_t node_id, int language_id, struct v1_progress *p);
int v1_progress_fire(struct call *c, const struct node *file, const struct language *lang,
		     const struct v1_progress *before);

/* Apply every edit-project field present in the request; fills the project reply. */
int v1_apply_project_fields(struct call *c, int64_t project_id, bool is_create);

/* Code 41 with why as the details: the caller's role may not do the action (in lang). */
/* A file as the reply (Content-Disposition: attachment); a stored artifact by id. */
void v1_send_file(struct call *c, const char *name, const char *type, const void *data,
		  size_t len);
int v1_send_artifact(struct call *c, const char *name, const char *type, int64_t artifact);

int v1_forbidden(struct call *c, enum action a, const struct language *lang);

/* Code 27 with model_why() as the error's details (after a MODEL_INVALID). */
int v1_invalid(struct call *c);

/* handlers */
int v1_supported_languages(struct call *c);
int v1_info(struct call *c);
int v1_edit_project(struct call *c);
int v1_delete_project(struct call *c);
int v1_get_projects(struct call *c);
int v1_create_project(struct call *c);
int v1_unknown_action(struct call *c);
int v1_add_directory(struct call *c);
int v1_change_directory(struct call *c);
int v1_delete_directory(struct call *c);
int v1_status(struct call *c);
int v1_export(struct call *c);
int v1_export_status(struct call *c);
int v1_download(struct call *c);
int v1_export_file(struct call *c);
int v1_add_file(struct call *c);
int v1_update_file(struct call *c);
int v1_delete_file(struct call *c);
int v1_upload_translation(struct call *c);
int v1_language_status(struct call *c);
int v1_tm_search(struct call *c);
int v1_upload_tm(struct call *c);
int v1_download_tm(struct call *c);
int v1_upload_glossary(struct call *c);
int v1_download_glossary(struct call *c);
int v1_pre_translate(struct call *c);
int v1_pre_translate_status(struct call *c);
int v1_members(struct call *c);
int v1_report_export(struct call *c);
/* Report parameters (report_params.c): one value each where one is meant (27 otherwise),
 * the whole spec of a kind, and an error with its detail. */
int v1_report_scalars(struct call *c);
int v1_report_spec(struct call *c, enum report_kind kind, struct report_spec *s);
int v1_report_bad(struct call *c, int code, const char *why);
int v1_report_download(struct call *c);
int v1_add_member(struct call *c);
int v1_edit_member(struct call *c);
int v1_remove_member(struct call *c);

#endif
