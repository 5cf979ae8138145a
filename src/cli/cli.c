/*
 * tolk subcommands.  Every command takes the configuration flags
 * (--db, --data-dir, --config, ...; see `tolk help`) and works on the same
 * database as the server, so admin commands are safe while it runs.
 */
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"

#include <curl/curl.h>
#include <errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct command commands[] = {
	{ "serve", NULL, cmd_serve, "serve [--listen ADDR:PORT] [--db URL]", "run the HTTP server" },
	{ "account", "create", cmd_account_create,
	  "account create --login L --email E [--password-stdin] [--sign-in-link]",
	  "create an account and print its API key; --password-stdin: its password from standard "
	  "input; --sign-in-link: print a one-time link to sign in with (sign-in-link-ttl, 24 h)" },
	{ "account", "reset-password", cmd_account_reset_password, "account reset-password --login L",
	  "remove an account's password, end its sessions, print a one-time link to set a new one" },
	{ "project", "create", cmd_project_create,
	  "project create --account L --identifier ID --name N --source-language en --languages fr,de "
	  "[--join-policy open|private]",
	  "create a project; prints its v1 project key and localization.one API token" },
	{ "project", "list", cmd_project_list, "project list", "list projects with their keys" },
	{ "project", "set", cmd_project_set, "project set --identifier ID --setting NAME --value V",
	  "change a project setting (see `tolk project settings`)" },
	{ "project", "settings", cmd_project_settings, "project settings", "list settable project settings" },
	{ "project", "label add", cmd_project_label_add,
	  "project label add --identifier ID --name N --type checkbox|select|input [--default V] "
	  "[--option NAME=VALUE ...]", "add a localization.one label (prints its label_id)" },
	{ "project", "label list", cmd_project_label_list, "project label list --identifier ID",
	  "list a project's labels" },
	{ "project", "label remove", cmd_project_label_remove,
	  "project label remove --identifier ID --label LABEL_ID|--name N", "remove a label" },
	{ "project", "mt-key set", cmd_project_mt_key_set,
	  "project mt-key set --identifier ID --engine E --key K [--region R] [--folder F] [--url U]",
	  "a project's own key for an MT engine (microsoft, google, yandex, deepl, libretranslate; "
	  "region: microsoft's, folder: yandex's, url: a base URL), over the server's" },
	{ "project", "mt-key list", cmd_project_mt_key_list, "project mt-key list --identifier ID",
	  "the engines a project has its own key for (keys are never shown)" },
	{ "project", "mt-key remove", cmd_project_mt_key_remove,
	  "project mt-key remove --identifier ID --engine E",
	  "remove a project's own key, region and URL for an engine (the server's are used again)" },
	{ "project", "member add", cmd_project_member_add,
	  "project member add --identifier ID --login L [--role R] [--languages fr,de]",
	  "make an account a member (role: owner, manager, proofreader, translator (default) or "
	  "blocked; languages: a translator's or proofreader's, default all)" },
	{ "project", "member list", cmd_project_member_list, "project member list --identifier ID",
	  "list a project's members with their roles and languages" },
	{ "project", "member set", cmd_project_member_set,
	  "project member set --identifier ID --login L [--role R] [--languages fr,de]",
	  "change a member's role or languages (--languages '' for all); the last owner stays" },
	{ "project", "member remove", cmd_project_member_remove,
	  "project member remove --identifier ID --login L",
	  "remove a member (never the project's last owner)" },
	{ "tm", "search", cmd_tm_search,
	  "tm search --identifier ID --language L --text T [--context C] [--limit N] [--threshold S]",
	  "a project's translation memory: matches for a text (score, source, target, origin)" },
	{ "migrate", NULL, cmd_migrate, "migrate", "apply database migrations and exit" },
	{ "doctor", NULL, cmd_doctor, "doctor [--identifier ID] [--repair yes]",
	  "recount progress counts and report (or repair) any that differ" },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: tolk COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-70s %s\n", commands[i].usage, commands[i].help);
	fprintf(f, "\nconfiguration (flags, TOLK_* environment, or key = value lines in --config FILE):\n");
	config_usage(f);
}

/* A command's own options are the --names its usage line shows. */
static bool option_known(const struct command *cmd, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(cmd->usage, "--"); p; p = strstr(p + 2, "--"))
		if (!strncmp(p + 2, name, n) && strchr(" ]|=", p[2 + n]))
			return true;
	return false;
}

/* An option without a value: its usage shows it alone in brackets, "[--sign-in-link]". */
static bool option_is_flag(const struct command *cmd, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(cmd->usage, "[--"); p; p = strstr(p + 3, "[--"))
		if (!strncmp(p + 3, name, n) && p[3 + n] == ']')
			return true;
	return false;
}

/* Split argv into configuration flags (into cfg) and command options (into opts). */
static int parse_flags(const struct command *cmd, int argc, char **argv, struct cmd_opts *opts,
		       const char **config_path)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0) {
			fprintf(stderr, "tolk: unexpected argument '%s'\n", a);
			return -1;
		}
		const char *name = a + 2, *value;
		char namebuf[64];
		const char *eq = strchr(name, '=');
		if (!eq && option_is_flag(cmd, name)) {
			if (cmd_opts_add(opts, name, "1", false))
				return -1;
			continue;
		}
		if (eq) {
			snprintf(namebuf, sizeof(namebuf), "%.*s", (int)(eq - name), name);
			name = namebuf;
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			fprintf(stderr, "tolk: --%s needs a value\n", name);
			return -1;
		}
		if (strcmp(name, "config") == 0) {
			*config_path = value;
		} else if (config_known(name)) {
			if (cmd_opts_add(opts, name, value, true))
				return -1;
		} else if (!option_known(cmd, name)) {
			/* a typo must not pass silently (--auth-fail-limt 0 would leave the limit on) */
			fprintf(stderr, "tolk: unknown option --%s for '%s' (see tolk help)\n", name,
				cmd->usage);
			return -1;
		} else if (cmd_opts_add(opts, name, value, false)) {
			return -1;
		}
	}
	return 0;
}

int cli_main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))) {
		printf("tolk %s\n", TOLK_VERSION);
		return 0;
	}
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const struct command *cmd = NULL;
	int used = 2;
	for (size_t i = 0; i < N_COMMANDS && !cmd; i++) {
		if (strcmp(commands[i].name, argv[1]))
			continue;
		if (!commands[i].sub) {
			cmd = &commands[i];
		} else if (strchr(commands[i].sub, ' ')) {
			/* two-word subcommand: "label add" */
			const char *sp = strchr(commands[i].sub, ' ');
			size_t n = (size_t)(sp - commands[i].sub);
			if (argc > 3 && strlen(argv[2]) == n && !strncmp(commands[i].sub, argv[2], n) &&
			    !strcmp(sp + 1, argv[3])) {
				cmd = &commands[i];
				used = 4;
			}
		} else if (argc > 2 && !strcmp(commands[i].sub, argv[2])) {
			cmd = &commands[i];
			used = 3;
		}
	}
	if (!cmd) {
		fprintf(stderr, "tolk: unknown command\n");
		usage(stderr);
		return 2;
	}
	struct config cfg;
	struct cmd_opts opts = { 0 };
	const char *config_path = NULL;
	char err[512];
	config_defaults(&cfg);
	int rc = 2;
	if (parse_flags(cmd, argc - used, argv + used, &opts, &config_path))
		goto out;
	if (config_load(&cfg, config_path, err, sizeof(err))) {
		fprintf(stderr, "tolk: %s\n", err);
		goto out;
	}
	/* flags win over file and environment */
	for (int i = 0; i < opts.n; i++)
		if (opts.is_config[i] && config_set(&cfg, opts.name[i], opts.value[i])) {
			fprintf(stderr, "tolk: bad value for --%s\n", opts.name[i]);
			goto out;
		}
	int lvl = log_level_from_name(cfg.log_level);
	if (lvl < 0) {
		fprintf(stderr, "tolk: unknown log level '%s'\n", cfg.log_level);
		goto out;
	}
	log_set_level(lvl);
	if (!*cfg.db) {
		if (mkdir(cfg.data_dir, 0750) && errno != EEXIST) {
			fprintf(stderr, "tolk: cannot create %s: %s\n", cfg.data_dir, strerror(errno));
			goto out;
		}
		char url[4096];
		snprintf(url, sizeof(url), "sqlite:%s/tolk.db", cfg.data_dir);
		config_set(&cfg, "db", url);
	}
	xmlInitParser();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmd->fn(&cfg, &opts);
	curl_global_cleanup();
	xmlCleanupParser();
out:
	config_free(&cfg);
	return rc;
}

int cmd_opts_add(struct cmd_opts *o, const char *name, const char *value, bool is_config)
{
	if (o->n == CMD_MAX_OPTS) {
		fprintf(stderr, "tolk: too many options\n");
		return -1;
	}
	snprintf(o->name[o->n], sizeof(o->name[0]), "%s", name);
	o->value[o->n] = value;
	o->is_config[o->n++] = is_config;
	return 0;
}

const char *cmd_opt(const struct cmd_opts *o, const char *name)
{
	for (int i = o->n - 1; i >= 0; i--)
		if (!o->is_config[i] && strcmp(o->name[i], name) == 0)
			return o->value[i];
	return NULL;
}
