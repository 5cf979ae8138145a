/*
 * Configuration: one table of settings (name, environment variable, type,
 * default, help).  Sources, lowest precedence first: built-in defaults, the
 * config file (`key = value` lines; --config PATH or TOLK_CONFIG), the
 * environment (TOLK_*), command-line flags (--key value).
 */
#ifndef TOLK_CONFIG_H
#define TOLK_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

struct config {
	char *listen;		/* HOST:PORT */
	char *db;		/* sqlite:PATH | postgresql://... */
	char *data_dir;		/* where the default SQLite database lives */
	char *public_url;	/* base URL shown in invitation links */
	char *log_level;
	int db_pool;
	int max_connections;
	int per_ip_connections;
	int timeout;		/* HTTP inactivity timeout, seconds */
	int header_timeout;	/* request read deadlines (core/limits.h) */
	int body_timeout;
	int body_min_rate;
	int workers;		/* background job threads */
	char *cache_dir;	/* big replies kept as files (core/filecache.h); "" = private temp dir */
	int cache_mb;		/* its size; 0 = no cache */
	bool access_log;
	int auth_fail_limit;	/* model/auth_limit.h */
	int auth_fail_window;
	/* the web app's accounts (docs/accounts.md): sessions, sign-in limits, links */
	int session_lifetime;	/* seconds from sign-in to the end of a session */
	int session_idle;	/* seconds without a request that end a session */
	int sign_in_fail_limit;	/* failed sign-ins per address and window (0: no limit) */
	int sign_in_account_fail_limit;	/* ... per account (or login name) */
	int sign_in_fail_window;
	int sign_in_link_ttl;	/* seconds a one-time sign-in link stays valid */
	char *webhook_allow;	/* CIDR list webhooks and project MT URLs may reach despite the private-range block */
	char *webhook_proxy;	/* proxy for webhook POSTs; "" = none, whatever the environment says */
	int webhook_keep;	/* seconds finished deliveries stay in the log (0: for ever) */
	/* machine translation (mt/mt_config.h): server-wide keys, "" = not configured */
	char *mt_microsoft_key, *mt_microsoft_region, *mt_microsoft_url;
	char *mt_google_key, *mt_google_url;
	char *mt_yandex_key, *mt_yandex_folder, *mt_yandex_url;
	char *mt_deepl_key, *mt_deepl_url;
	char *mt_libretranslate_key, *mt_libretranslate_url;
	int mt_attempts;	/* tries per MT request */
	int mt_timeout;		/* seconds per MT request */
	int editor_scan;	/* strings an editor page looks at at most (model/editor.h) */
};

struct config_entry {
	const char *name;	/* file key and --flag */
	const char *env;
	enum { CFG_STR, CFG_INT, CFG_BOOL, CFG_SECONDS } type;	/* SECONDS: 90, 90s, 15m, 2h, 14d */
	const char *def;
	const char *help;
	size_t offset;
};

void config_defaults(struct config *c);
/* Apply file (if path != NULL), then environment.  0 or -1 with err. */
int config_load(struct config *c, const char *path, char *err, size_t errlen);
/* Set one value by name ("listen", "db", ...).  0, or -1 when unknown/malformed. */
int config_set(struct config *c, const char *name, const char *value);
bool config_known(const char *name);
/* The public base URL, no trailing slash: public-url, or http://<listen>. */
void config_public_url(const struct config *c, char *out, size_t n);
void config_free(struct config *c);
void config_usage(FILE *f);

#endif
