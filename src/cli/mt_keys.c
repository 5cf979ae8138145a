/*
 * tolk project mt-key set|list|remove: a project's own machine-translation
 * credentials (model/project_mt.h, docs/mt.md).  Keys are never printed.
 */
#include "cli/commands.h"
#include "core/arena.h"
#include "model/project_mt.h"

#include <stdio.h>
#include <string.h>

static const char *engine_opt(struct cmd_opts *o)
{
	const char *e = cmd_opt(o, "engine");
	if (!e || !*e)
		fprintf(stderr, "tolk: --engine is required\n");
	return e && *e ? e : NULL;
}

static int report(struct db_conn *c, int rc)
{
	if (rc == MODEL_INVALID)
		fprintf(stderr, "tolk: %s\n", model_why());
	else if (rc)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	return rc == MODEL_INVALID ? 2 : rc ? 1 : 0;
}

static int do_set(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	static const char *const names[] = { "key", "region", "folder", "url" };
	const char *engine = engine_opt(o), *key = cmd_opt(o, "key");
	if (!engine)
		return 2;
	if (!key || !*key) {	/* an empty key would remove: that is `mt-key remove` */
		fprintf(stderr, "tolk: --key is required\n");
		return 2;
	}
	struct project_mt m = { 0 };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = cmd_opt(o, names[i]);
		int rc = v ? project_mt_put(&m, engine, names[i], v) : MODEL_OK;
		if (rc)
			return report(c, rc);
	}
	int rc = project_mt_set(c, p->id, engine, &m);
	if (!rc)
		printf("%s: %s key set\n", p->identifier, engine);
	return report(c, rc);
}

static int do_list(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	printf("%-16s %-24s %s\n", "ENGINE", "REGION/FOLDER", "URL");
	for (const char *const *e = mt_engine_names; *e; e++) {
		struct project_mt m;
		int rc = project_mt_get(c, a, p->id, *e, &m);
		if (rc == MODEL_NOT_FOUND)
			continue;
		if (rc)
			return report(c, rc);
		printf("%-16s %-24s %s\n", *e, *m.region ? m.region : "-",
		       *m.base_url ? m.base_url : "-");
	}
	return 0;
}

static int do_remove(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	const char *engine = engine_opt(o);
	if (!engine)
		return 2;
	struct project_mt m;
	int rc = project_mt_get(c, a, p->id, engine, &m);
	if (rc == MODEL_NOT_FOUND) {
		fprintf(stderr, "tolk: project '%s' has no %s key\n", p->identifier, engine);
		return 1;
	}
	if (!rc)
		rc = project_mt_set(c, p->id, engine, &(struct project_mt){ .key = "" });
	if (!rc)
		printf("%s: %s key removed\n", p->identifier, engine);
	return report(c, rc);
}

int cmd_project_mt_key_set(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_set);
}

int cmd_project_mt_key_list(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, false, do_list);
}

int cmd_project_mt_key_remove(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_remove);
}
