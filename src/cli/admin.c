/* Admin commands on the database: accounts, projects, settings, migrations. */
#include "cli/commands.h"
#include "core/arena.h"
#include "model/languages.h"
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db *cmd_open_db(struct config *cfg, int pool)
{
	char err[512];
	struct db *db = db_open(cfg->db, pool, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "tolk: %s\n", err);
		return NULL;
	}
	if (db_migrate(db, err, sizeof(err))) {
		fprintf(stderr, "tolk: %s\n", err);
		db_close(db);
		return NULL;
	}
	return db;
}

int cmd_with_project(struct config *cfg, struct cmd_opts *opts, bool write,
		     int (*fn)(struct db_conn *c, struct arena *a, struct project *p,
			       struct cmd_opts *o))
{
	const char *identifier = cmd_opt(opts, "identifier");
	if (!identifier || !*identifier) {
		fprintf(stderr, "tolk: --identifier is required\n");
		return 2;
	}
	struct db *db = cmd_open_db(cfg, 1);
	if (!db)
		return 1;
	struct db_conn *c = db_acquire(db);
	struct arena a;
	arena_init(&a);
	int rc = db_begin(c, write);
	struct project p;
	if (!rc) {
		int prc = project_by_identifier(c, &a, identifier, &p);
		if (prc == MODEL_NOT_FOUND)
			fprintf(stderr, "tolk: no project '%s'\n", identifier);
		else if (prc)
			fprintf(stderr, "tolk: %s\n", db_errmsg(c));
		rc = prc ? 1 : fn(c, &a, &p, opts);
	}
	if (!rc && db_commit(c)) {
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
		rc = 1;
	}
	if (rc)
		db_rollback(c);
	db_release(c);
	arena_release(&a);
	db_close(db);
	return rc;
}

static const char *require(struct cmd_opts *o, const char *name)
{
	const char *v = cmd_opt(o, name);
	if (!v || !*v)
		fprintf(stderr, "tolk: --%s is required\n", name);
	return v && *v ? v : NULL;
}

/* Run fn inside one write transaction; 0 on commit. */
static int in_txn(struct db *db, int (*fn)(struct db_conn *c, void *ctx), void *ctx)
{
	struct db_conn *c = db_acquire(db);
	int rc = db_begin(c, true);
	if (!rc)
		rc = fn(c, ctx);
	if (!rc)
		rc = db_commit(c);
	else
		db_rollback(c);
	db_release(c);
	return rc;
}

int cmd_migrate(struct config *cfg, struct cmd_opts *opts)
{
	struct db *db = cmd_open_db(cfg, 1);
	if (!db)
		return 1;
	db_close(db);
	printf("database is up to date\n");
	return 0;
}

struct project_ctx {
	const char *login;
	struct project_new n;
	struct project out;
	struct arena *a;
};

static int do_project_create(struct db_conn *c, void *p)
{
	struct project_ctx *x = p;
	struct account acc;
	int rc = account_by_login(c, x->a, x->login, &acc);
	if (rc) {
		fprintf(stderr, "tolk: no account '%s'\n", x->login);
		return -1;
	}
	rc = project_create(c, x->a, acc.id, &x->n, &x->out);
	if (rc == MODEL_CONFLICT)
		fprintf(stderr, "tolk: project '%s' already exists\n", x->n.identifier);
	else if (rc == MODEL_INVALID)
		fprintf(stderr, "tolk: invalid project: identifier must be 3-64 of [a-z0-9-], "
			"name non-empty, source language known\n");
	else if (rc)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	return rc;
}

int cmd_project_create(struct config *cfg, struct cmd_opts *opts)
{
	struct arena a;
	arena_init(&a);
	struct project_ctx x = { .login = require(opts, "account"), .a = &a };
	x.n.identifier = require(opts, "identifier");
	x.n.name = require(opts, "name");
	x.n.source_language = require(opts, "source-language");
	x.n.join_policy = cmd_opt(opts, "join-policy");
	const char *langs = require(opts, "languages");
	int rc = 2, ids[512], n = 0;
	if (!x.login || !x.n.identifier || !x.n.name || !x.n.source_language || !langs)
		goto out;
	char *list = arena_strdup(&a, langs), *save = NULL;
	for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct language *l = language_by_code(tok);
		if (!l) {
			fprintf(stderr, "tolk: unknown language '%s'\n", tok);
			goto out;
		}
		if (n < 512)
			ids[n++] = l->id;
	}
	x.n.language_ids = ids;
	x.n.n_languages = n;
	struct db *db = cmd_open_db(cfg, 1);
	if (!db) {
		rc = 1;
		goto out;
	}
	rc = in_txn(db, do_project_create, &x) ? 1 : 0;
	db_close(db);
	if (!rc)
		printf("identifier: %s\nproject_key: %s\napi_token: %s\n", x.out.identifier,
		       x.out.project_key, x.out.api_token);
out:
	arena_release(&a);
	return rc;
}

int cmd_project_list(struct config *cfg, struct cmd_opts *opts)
{
	struct db *db = cmd_open_db(cfg, 1);
	if (!db)
		return 1;
	struct db_conn *c = db_acquire(db);
	struct db_stmt *st = db_query(c,
		"SELECT p.identifier, p.name, a.login, p.project_key, p.api_token "
		"FROM project p JOIN account a ON a.id = p.owner_id ORDER BY p.identifier", NULL);
	int rc = st ? 0 : 1;
	if (st) {
		printf("%-24s %-24s %-16s %-34s %s\n", "IDENTIFIER", "NAME", "OWNER", "PROJECT_KEY",
		       "API_TOKEN");
		while (db_step(st) == 1)
			printf("%-24s %-24s %-16s %-34s %s\n", db_col_text(st, 0), db_col_text(st, 1),
			       db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4));
		db_done(st);
	} else {
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	}
	db_release(c);
	db_close(db);
	return rc;
}

struct set_ctx {
	const char *identifier, *value;
	const struct project_setting *s;
	struct arena *a;
};

static int do_project_set(struct db_conn *c, void *p)
{
	struct set_ctx *x = p;
	struct project proj;
	if (project_by_identifier(c, x->a, x->identifier, &proj)) {
		fprintf(stderr, "tolk: no project '%s'\n", x->identifier);
		return -1;
	}
	int rc = project_setting_set(c, proj.id, x->s, x->value);
	if (rc == MODEL_INVALID)
		fprintf(stderr, "tolk: invalid value for %s\n", x->s->name);
	/* as edit-project does: replies cached by the revision (v1 info) show the change */
	return rc ? rc : project_touch(c, proj.id);
}

int cmd_project_set(struct config *cfg, struct cmd_opts *opts)
{
	struct arena a;
	arena_init(&a);
	struct set_ctx x = { .identifier = require(opts, "identifier"),
			     .value = cmd_opt(opts, "value"), .a = &a };
	const char *name = require(opts, "setting");
	int rc = 2;
	if (!x.identifier || !name || !x.value) {
		if (!x.value)
			fprintf(stderr, "tolk: --value is required\n");
		goto out;
	}
	x.s = project_setting_find(name);
	if (!x.s || !(x.s->flags & SETTING_CLI)) {
		fprintf(stderr, "tolk: unknown setting '%s' (see tolk project settings)\n", name);
		goto out;
	}
	struct db *db = cmd_open_db(cfg, 1);
	rc = 1;
	if (db) {
		rc = in_txn(db, do_project_set, &x) ? 1 : 0;
		db_close(db);
	}
	if (!rc)
		printf("%s: %s = %s\n", x.identifier, name, x.value);
out:
	arena_release(&a);
	return rc;
}

int cmd_project_settings(struct config *cfg, struct cmd_opts *opts)
{
	static const char *const types[] = { "text", "bool", "int", "choice", "url", "language" };
	const struct project_setting *s;
	for (int i = 0; (s = project_setting_at(i)); i++)
		if (s->flags & SETTING_CLI)
			printf("%-36s %s\n", s->name, types[s->type]);
	return 0;
}
