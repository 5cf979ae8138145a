/* tolk project label add|list|remove: localization.one labels (getLabels). */
#include "cli/commands.h"
#include "core/arena.h"
#include "model/catalog.h"
#include "model/model.h"

#include <stdio.h>
#include <string.h>

static int do_add(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	struct label l = { .name = cmd_opt(o, "name"), .type = cmd_opt(o, "type"),
			   .default_value = cmd_opt(o, "default") };
	l.options = arena_alloc(a, CMD_MAX_OPTS * sizeof(*l.options));
	for (int i = 0; i < o->n; i++) {
		if (o->is_config[i] || strcmp(o->name[i], "option"))
			continue;
		const char *eq = strchr(o->value[i], '=');
		if (!eq) {
			fprintf(stderr, "tolk: --option wants NAME=VALUE, got '%s'\n", o->value[i]);
			return 2;
		}
		l.options[l.n_options].name = arena_strndup(a, o->value[i], (size_t)(eq - o->value[i]));
		l.options[l.n_options++].value = arena_strdup(a, eq + 1);
	}
	char key[33];
	const char *why;
	int rc = label_add(c, p->id, &l, key, &why);
	if (rc == MODEL_INVALID)
		fprintf(stderr, "tolk: invalid label: %s\n", why);
	else if (rc == MODEL_CONFLICT)
		fprintf(stderr, "tolk: project '%s' already has a label named '%s'\n", p->identifier,
			l.name);
	else if (rc)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	else
		printf("label_id: %s\nname: %s\ntype: %s\n", key, l.name, l.type);
	return rc == MODEL_INVALID ? 2 : rc ? 1 : 0;
}

static int do_list(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	struct label *v;
	size_t n;
	if (label_list(c, a, p->id, &v, &n)) {
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
		return 1;
	}
	printf("%-32s %-8s %-20s %s\n", "LABEL_ID", "TYPE", "DEFAULT", "NAME [OPTIONS]");
	for (size_t i = 0; i < n; i++) {
		printf("%-32s %-8s %-20s %s", v[i].key, v[i].type, v[i].default_value, v[i].name);
		for (size_t k = 0; k < v[i].n_options; k++)
			printf("%s%s=%s", k ? ", " : " [", v[i].options[k].name, v[i].options[k].value);
		printf("%s\n", v[i].n_options ? "]" : "");
	}
	return 0;
}

static int do_remove(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	const char *which = cmd_opt(o, "label");
	if (!which)
		which = cmd_opt(o, "name");
	if (!which || !*which) {
		fprintf(stderr, "tolk: --label ID or --name NAME is required\n");
		return 2;
	}
	int rc = label_remove(c, p->id, which);
	if (rc == MODEL_NOT_FOUND)
		fprintf(stderr, "tolk: no label '%s' in project '%s'\n", which, p->identifier);
	else if (rc)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	else
		printf("removed label '%s'\n", which);
	return rc ? 1 : 0;
}

int cmd_project_label_add(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_add);
}

int cmd_project_label_list(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, false, do_list);
}

int cmd_project_label_remove(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_remove);
}
