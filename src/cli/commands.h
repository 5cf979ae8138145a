#ifndef TOLK_COMMANDS_H
#define TOLK_COMMANDS_H

#include <stdbool.h>

#include "core/config.h"
#include "store/db.h"

#define CMD_MAX_OPTS 32

struct cmd_opts {
	char name[CMD_MAX_OPTS][64];
	const char *value[CMD_MAX_OPTS];
	bool is_config[CMD_MAX_OPTS];
	int n;
};

struct command {
	const char *name, *sub;
	int (*fn)(struct config *cfg, struct cmd_opts *opts);
	const char *usage, *help;
};

int cmd_opts_add(struct cmd_opts *o, const char *name, const char *value, bool is_config);
const char *cmd_opt(const struct cmd_opts *o, const char *name);
/* Open the configured database and apply migrations; NULL after printing why. */
struct db *cmd_open_db(struct config *cfg, int pool);

struct arena;
struct project;
/*
 * Run fn on the project --identifier names, in one transaction (a write
 * one when `write`), committed when fn returns 0.  The exit status: fn's,
 * or 1 / 2 after printing why.
 */
int cmd_with_project(struct config *cfg, struct cmd_opts *opts, bool write,
		     int (*fn)(struct db_conn *c, struct arena *a, struct project *p,
			       struct cmd_opts *o));

int cmd_serve(struct config *cfg, struct cmd_opts *opts);
int cmd_migrate(struct config *cfg, struct cmd_opts *opts);
int cmd_doctor(struct config *cfg, struct cmd_opts *opts);
int cmd_account_create(struct config *cfg, struct cmd_opts *opts);
int cmd_account_reset_password(struct config *cfg, struct cmd_opts *opts);
int cmd_project_create(struct config *cfg, struct cmd_opts *opts);
int cmd_project_list(struct config *cfg, struct cmd_opts *opts);
int cmd_project_set(struct config *cfg, struct cmd_opts *opts);
int cmd_project_settings(struct config *cfg, struct cmd_opts *opts);
int cmd_project_label_add(struct config *cfg, struct cmd_opts *opts);
int cmd_project_label_list(struct config *cfg, struct cmd_opts *opts);
int cmd_project_label_remove(struct config *cfg, struct cmd_opts *opts);
int cmd_project_mt_key_set(struct config *cfg, struct cmd_opts *opts);
int cmd_project_mt_key_list(struct config *cfg, struct cmd_opts *opts);
int cmd_project_mt_key_remove(struct config *cfg, struct cmd_opts *opts);
int cmd_project_member_add(struct config *cfg, struct cmd_opts *opts);
int cmd_project_member_list(struct config *cfg, struct cmd_opts *opts);
int cmd_project_member_set(struct config *cfg, struct cmd_opts *opts);
int cmd_project_member_remove(struct config *cfg, struct cmd_opts *opts);
int cmd_tm_search(struct config *cfg, struct cmd_opts *opts);

#endif
