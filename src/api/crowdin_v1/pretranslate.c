/*
 * pre-translate (crowdin-v1.md §2.15, seed 001): the files' strings get the
 * translation memory's targets (method tm) or a machine translation
 * (method mt, engine ...) as suggestions, in every language asked that the
 * project has; the others are answered as skipped.  Machine translation and
 * big runs go to a job (model/pretranslate.h) and the call answers at once;
 * pre-translate-status (a tolk call) says how far the newest job is.
 */
#include "api/crowdin_v1/v1.h"
#include "jobs/jobs.h"
#include "model/languages.h"
#include "model/pretranslate.h"
#include "model/project_mt.h"

#include <string.h>

#define MAX_FILES 1000

/*
 * method=mt: the engine named (29), one tolk speaks (30), and a key for it,
 * the project's own (edit-project mt[ENGINE][key]) or the server's: none is
 * 31 Microsoft, 32 Google, 39 Yandex, as seed 000 numbers them, and 27 for
 * the engines it has no code for.
 */
static int mt_verdict(struct call *c, const char **engine)
{
	*engine = params_str(&c->r->params, "engine");
	if (!*engine || !**engine)
		return V1_NO_ENGINE;
	if (!mt_engine_known(*engine))
		return V1_ENGINE_UNSUPPORTED;
	struct mt_conf mc;
	if (project_mt_conf(c->db, c->a, c->app->cfg, c->project.id, *engine, &mc))
		return V1_UNKNOWN_INTERNAL;
	if (project_mt_ready(&mc))
		return 0;
	if (!strcmp(*engine, "microsoft"))
		return V1_NO_MICROSOFT_KEY;
	if (!strcmp(*engine, "google"))
		return V1_NO_GOOGLE_KEY;
	if (!strcmp(*engine, "yandex"))
		return V1_NO_YANDEX_KEY;
	c->error_detail = arena_printf(c->a, "no %s key is set for this project (edit-project "
				       "mt[%s][key]) or on this server (mt-%s-key)", *engine,
				       *engine, *engine);
	return V1_INVALID_PARAMETERS;
}

/*
 * An array parameter as pre-translate takes it: files[0]=a, files[]=a, and
 * the bare files=a (and languages=fr) crowdin-api@4 sends for a list of
 * one (a real client, so a scalar is a list of one here, not code 21/24).
 */
static int list_param(struct call *c, const char *name, int code, const char ***v, size_t *n)
{
	int err;
	struct param *m = v1_array(c, name, code, &err);
	*n = 0;
	if (err == code) {
		*v = arena_alloc(c->a, sizeof(**v));
		(*v)[(*n)++] = params_str(&c->r->params, name);
		return 0;
	}
	if (err)
		return err;
	*v = arena_alloc(c->a, ((m ? m->n_children : 0) + 1) * sizeof(**v));
	for (struct param *x = m ? m->first : NULL; x; x = x->next)
		if (x->value && *x->value)
			(*v)[(*n)++] = x->value;
	return 0;
}

/* The files[] paths as file node ids (8 for one that is not a file of the project). */
static int files_of(struct call *c, int64_t **ids, size_t *n)
{
	const char **paths;
	size_t np;
	int err = list_param(c, "files", V1_FILES_NOT_ARRAY, &paths, &np);
	if (err)
		return err;
	if (!np)
		return V1_NO_FILES;
	int64_t base;
	if ((err = v1_branch_base(c, &base)))
		return err;
	*ids = arena_alloc(c->a, np * sizeof(**ids));
	*n = 0;
	for (size_t i = 0; i < np; i++) {
		const char *path = v1_clean_path(c->a, paths[i]);
		struct node nd;
		if (*n == MAX_FILES || !path)
			return V1_FILE_NOT_FOUND;
		int rc = node_resolve(c->db, c->a, c->project.id, base, path, &nd, NULL);
		if (rc < 0)
			return V1_UNKNOWN_INTERNAL;
		if (rc || nd.kind != NODE_FILE)
			return V1_FILE_NOT_FOUND;
		(*ids)[(*n)++] = nd.id;
	}
	return 0;
}

int v1_pre_translate(struct call *c)
{
	const struct params *p = &c->r->params;
	const char **codes;
	size_t n_codes;
	int langs[V1_MAX_LANGUAGES], n_langs = 0;
	int rc = list_param(c, "languages", V1_LANGUAGES_NOT_ARRAY, &codes, &n_codes);
	if (rc)
		return rc;
	for (size_t i = 0; i < n_codes && n_langs < V1_MAX_LANGUAGES; i++) {
		const struct language *l = language_by_code(codes[i]);
		if (!l)
			return V1_LANGUAGE_NOT_FOUND;
		langs[n_langs++] = l->id;
	}
	if (!n_langs)
		return V1_NO_LANGUAGE;
	int64_t *files;
	size_t n_files;
	if ((rc = files_of(c, &files, &n_files)))
		return rc;
	const char *method = params_str(p, "method"), *engine = NULL;
	if (method && *method && strcmp(method, "tm")) {
		if (strcmp(method, "mt")) {
			c->error_detail = "method must be tm or mt";
			return V1_INVALID_PARAMETERS;
		}
		if ((rc = mt_verdict(c, &engine)))
			return rc;
	}
	bool ok = true;
	long long option = params_int(p, "auto_approve_option", 0, &ok);
	if (!ok || option < 0 || option > 2) {
		c->error_detail = "auto_approve_option must be 0, 1 or 2";
		return V1_INVALID_PARAMETERS;
	}
	struct pretranslate_opts o = {
		.engine = engine, .tm = c->app->tm,
		.account_id = c->project.use_global_tm ? 0 : c->project.owner_id,
		.approve = params_bool(p, "approve_translated", false),
		.auto_approve = (enum auto_approve)option,
		.import_duplicates = params_bool(p, "import_duplicates", false),
		.untranslated_only = params_bool(p, "apply_untranslated_strings_only", false),
		.perfect_match = params_bool(p, "perfect_match", false),
		.author_id = call_account_id(c),
	};
	/* the project's languages are run, the others answered as skipped */
	int mine[V1_MAX_LANGUAGES], n_mine = project_languages(c->db, c->project.id, mine,
							       V1_MAX_LANGUAGES);
	if (n_mine < 0)
		return V1_UNKNOWN_INTERNAL;
	int run[V1_MAX_LANGUAGES], n_run = 0;
	c->reply = v1_success(c);
	struct rv *skipped = NULL;
	for (int i = 0; i < n_langs; i++) {
		bool in = false;
		for (int k = 0; k < n_mine && !in; k++)
			in = mine[k] == langs[i];
		if (in) {
			run[n_run++] = langs[i];
			continue;
		}
		if (!skipped) {	/* <language status="skipped">French</language> (seed 001) */
			skipped = rv_list(c->a, c->reply, "languages", "language");
			skipped->flags |= RV_INLINE;
		}
		struct rv *l = rv_obj(c->a, skipped, NULL);
		rv_str(c->a, l, "name", language_by_id(langs[i])->name)->flags |= RV_TEXT;
		rv_str(c->a, l, "status", "skipped")->flags |= RV_ATTR;
	}
	bool queued;
	if (n_run && pretranslate_request(c->db, &c->project, files, n_files, run, (size_t)n_run, &o,
					  &queued))
		return V1_UNKNOWN_INTERNAL;
	return 0;
}

/* status: none, in-progress (progress, current_file, current_language), finished or failed. */
int v1_pre_translate_status(struct call *c)
{
	struct job_status js;
	if (jobs_last_status(c->db, c->a, c->project.id, PRETRANSLATE_JOB, &js))
		return V1_UNKNOWN_INTERNAL;
	struct rv *root = v1_success(c);
	bool running = js.state && (!strcmp(js.state, "queued") || !strcmp(js.state, "running"));
	rv_str(c->a, root, "status", !js.state ? "none" : running ? "in-progress"
		  : !strcmp(js.state, "failed") ? "failed" : "finished");
	bool done = js.state && !running && strcmp(js.state, "failed");
	rv_int(c->a, root, "progress", running ? js.progress : done ? 100 : 0);
	if (running) {
		rv_str(c->a, root, "current_file", js.current_file);
		rv_str(c->a, root, "current_language", js.current_language);
	}
	return 0;
}
