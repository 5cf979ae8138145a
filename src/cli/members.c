/*
 * tolk project member add|list|set|remove: the operator's way to manage a
 * project's members (model/members.h).  Bad input changes nothing: the
 * command's transaction is rolled back.
 */
#include "cli/commands.h"
#include "core/arena.h"
#include "model/members.h"

#include <stdio.h>
#include <string.h>

static int report(struct db_conn *c, int rc)
{
	if (rc == MODEL_ERROR)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	else if (rc)
		fprintf(stderr, "tolk: %s\n", model_why());
	return rc == MODEL_INVALID ? 2 : rc ? 1 : 0;
}

static struct member_change change_of(struct cmd_opts *o)
{
	return (struct member_change){ .login = cmd_opt(o, "login"), .role = cmd_opt(o, "role"),
				       .languages = cmd_opt(o, "languages") };
}

static int show(struct db_conn *c, struct arena *a, struct project *p, const char *login)
{
	struct member_row *v;
	size_t n;
	if (member_list(c, a, p->id, &v, &n))
		return report(c, MODEL_ERROR);
	for (size_t i = 0; i < n; i++)
		if (!login || !strcmp(v[i].login, login))
			printf("%-24s %-12s %s\n", v[i].login, role_name(v[i].role),
			       *v[i].languages ? v[i].languages : "all");
	return 0;
}

static int do_add(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	struct member_change m = change_of(o);
	int rc = member_add(c, a, p->id, &m);
	return rc ? report(c, rc) : show(c, a, p, m.login);
}

static int do_set(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	struct member_change m = change_of(o);
	if (!m.role && !m.languages) {
		fprintf(stderr, "tolk: --role or --languages is required\n");
		return 2;
	}
	int rc = member_set(c, a, p->id, &m);
	return rc ? report(c, rc) : show(c, a, p, m.login);
}

static int do_remove(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	struct member_change m = change_of(o);
	int rc = member_remove(c, a, p->id, &m);
	if (!rc)
		printf("removed %s from %s\n", m.login, p->identifier);
	return report(c, rc);
}

static int do_list(struct db_conn *c, struct arena *a, struct project *p, struct cmd_opts *o)
{
	printf("%-24s %-12s %s\n", "LOGIN", "ROLE", "LANGUAGES");
	return show(c, a, p, NULL);
}

int cmd_project_member_add(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_add);
}

int cmd_project_member_list(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, false, do_list);
}

int cmd_project_member_set(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_set);
}

int cmd_project_member_remove(struct config *cfg, struct cmd_opts *opts)
{
	return cmd_with_project(cfg, opts, true, do_remove);
}
