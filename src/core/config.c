#include "core/config.h"
#include "core/limits.h"
#include "core/mem.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OFF(f) offsetof(struct config, f)
#define STR_(x) #x
#define STR(x) STR_(x)	/* a limits.h number as a default string */

static const struct config_entry entries[] = {
	{ "listen", "TOLK_LISTEN", CFG_STR, "127.0.0.1:8080", "address to listen on", OFF(listen) },
	{ "db", "TOLK_DB", CFG_STR, "", "database URL: sqlite:PATH or postgresql://... "
	  "(default sqlite:<data-dir>/tolk.db)", OFF(db) },
	{ "data-dir", "TOLK_DATA_DIR", CFG_STR, "./var", "data directory", OFF(data_dir) },
	{ "public-url", "TOLK_PUBLIC_URL", CFG_STR, "", "public base URL (default http://<listen>)",
	  OFF(public_url) },
	{ "log-level", "TOLK_LOG_LEVEL", CFG_STR, "info", "debug, info, warn or error", OFF(log_level) },
	{ "db-pool", "TOLK_DB_POOL", CFG_INT, "8", "database connections per process", OFF(db_pool) },
	{ "max-connections", "TOLK_MAX_CONNECTIONS", CFG_INT, STR(HTTP_CONNECTION_LIMIT),
	  "HTTP connection limit", OFF(max_connections) },
	{ "per-ip-connections", "TOLK_PER_IP_CONNECTIONS", CFG_INT, STR(HTTP_PER_IP_LIMIT),
	  "HTTP connections per client address", OFF(per_ip_connections) },
	{ "timeout", "TOLK_TIMEOUT", CFG_INT, STR(HTTP_TIMEOUT_SECONDS),
	  "idle connection timeout, seconds", OFF(timeout) },
	{ "header-timeout", "TOLK_HEADER_TIMEOUT", CFG_INT, STR(HTTP_HEADER_TIMEOUT),
	  "seconds to receive a request's headers (from the accept or the previous request; "
	  "0: no limit)", OFF(header_timeout) },
	{ "body-timeout", "TOLK_BODY_TIMEOUT", CFG_INT, STR(HTTP_BODY_TIMEOUT),
	  "seconds to receive a request body, plus 1 s per body-min-rate bytes (0: no limit)",
	  OFF(body_timeout) },
	{ "body-min-rate", "TOLK_BODY_MIN_RATE", CFG_INT, STR(HTTP_BODY_MIN_RATE),
	  "request body bytes that earn one more second", OFF(body_min_rate) },
	{ "workers", "TOLK_WORKERS", CFG_INT, "2", "background job threads", OFF(workers) },
	{ "cache-dir", "TOLK_CACHE_DIR", CFG_STR, "",
	  "directory for big replies kept between calls (default: a private one under $TMPDIR)",
	  OFF(cache_dir) },
	{ "cache-mb", "TOLK_CACHE_MB", CFG_INT, "1024", "megabytes of it (0: no cache)", OFF(cache_mb) },
	{ "access-log", "TOLK_ACCESS_LOG", CFG_BOOL, "1", "log one line per request", OFF(access_log) },
	{ "auth-fail-limit", "TOLK_AUTH_FAIL_LIMIT", CFG_INT, "60",
	  "failed authentications per client address and window before it gets 429 (0: no limit)",
	  OFF(auth_fail_limit) },
	{ "auth-fail-window", "TOLK_AUTH_FAIL_WINDOW", CFG_INT, "60",
	  "seconds of that window (the block lasts to its end)", OFF(auth_fail_window) },
	/* the web app's sign-in (docs/accounts.md); durations take s, m, h or d */
	{ "session-lifetime", "TOLK_SESSION_LIFETIME", CFG_SECONDS, "14d",
	  "how long a sign-in lasts at most, however active", OFF(session_lifetime) },
	{ "session-idle", "TOLK_SESSION_IDLE", CFG_SECONDS, "2d",
	  "a session without a request for this long ends", OFF(session_idle) },
	{ "sign-in-fail-limit", "TOLK_SIGN_IN_FAIL_LIMIT", CFG_INT, "30",
	  "failed sign-ins per client address and window before it gets 429 (0: no limit)",
	  OFF(sign_in_fail_limit) },
	{ "sign-in-account-fail-limit", "TOLK_SIGN_IN_ACCOUNT_FAIL_LIMIT", CFG_INT, "10",
	  "failed sign-ins per account and window before it gets 429 (0: no limit)",
	  OFF(sign_in_account_fail_limit) },
	{ "sign-in-fail-window", "TOLK_SIGN_IN_FAIL_WINDOW", CFG_SECONDS, "15m",
	  "the window of both sign-in limits (a block lasts to its end)", OFF(sign_in_fail_window) },
	{ "sign-in-link-ttl", "TOLK_SIGN_IN_LINK_TTL", CFG_SECONDS, "24h",
	  "how long a one-time sign-in link (tolk account create --sign-in-link) stays valid",
	  OFF(sign_in_link_ttl) },
	{ "editor-scan", "TOLK_EDITOR_SCAN", CFG_INT, "10000",
	  "strings an editor page whose filters test each string looks at at most before it "
	  "answers partial (docs/editor.md; at least 1000)", OFF(editor_scan) },
	{ "webhook-allow", "TOLK_WEBHOOK_ALLOW", CFG_STR, "",
	  "comma-separated CIDRs webhooks and projects' MT URLs may reach although private "
	  "(e.g. 127.0.0.0/8)",
	  OFF(webhook_allow) },
	{ "webhook-proxy", "TOLK_WEBHOOK_PROXY", CFG_STR, "",
	  "proxy URL for webhook POSTs (http_proxy & co. are ignored; see jobs/webhook.c)",
	  OFF(webhook_proxy) },
	{ "webhook-keep", "TOLK_WEBHOOK_KEEP", CFG_SECONDS, "30d",
	  "how long sent and failed webhook deliveries stay in the projects' delivery logs "
	  "(0: for ever)", OFF(webhook_keep) },
	/* machine translation: docs/mt.md; keys are secrets (no default, never shown) */
	{ "mt-microsoft-key", "TOLK_MT_MICROSOFT_KEY", CFG_STR, "",
	  "Microsoft Translator subscription key", OFF(mt_microsoft_key) },
	{ "mt-microsoft-region", "TOLK_MT_MICROSOFT_REGION", CFG_STR, "",
	  "its resource region (e.g. westeurope; empty for global resources)", OFF(mt_microsoft_region) },
	{ "mt-microsoft-url", "TOLK_MT_MICROSOFT_URL", CFG_STR, "",
	  "Translator base URL (default https://api.cognitive.microsofttranslator.com)",
	  OFF(mt_microsoft_url) },
	{ "mt-google-key", "TOLK_MT_GOOGLE_KEY", CFG_STR, "", "Google Cloud Translation API key",
	  OFF(mt_google_key) },
	{ "mt-google-url", "TOLK_MT_GOOGLE_URL", CFG_STR, "",
	  "its base URL (default https://translation.googleapis.com)", OFF(mt_google_url) },
	{ "mt-yandex-key", "TOLK_MT_YANDEX_KEY", CFG_STR, "",
	  "Yandex key: a Cloud API key with mt-yandex-folder, else a legacy v1.5 key",
	  OFF(mt_yandex_key) },
	{ "mt-yandex-folder", "TOLK_MT_YANDEX_FOLDER", CFG_STR, "",
	  "Yandex Cloud folder id (selects Translate v2)", OFF(mt_yandex_folder) },
	{ "mt-yandex-url", "TOLK_MT_YANDEX_URL", CFG_STR, "",
	  "Yandex base URL (default per API)", OFF(mt_yandex_url) },
	{ "mt-deepl-key", "TOLK_MT_DEEPL_KEY", CFG_STR, "",
	  "DeepL key (ending in :fx: the Free API host)", OFF(mt_deepl_key) },
	{ "mt-deepl-url", "TOLK_MT_DEEPL_URL", CFG_STR, "",
	  "DeepL base URL (default by key: https://api-free.deepl.com or https://api.deepl.com)",
	  OFF(mt_deepl_url) },
	{ "mt-libretranslate-key", "TOLK_MT_LIBRETRANSLATE_KEY", CFG_STR, "",
	  "LibreTranslate API key (if the server wants one)", OFF(mt_libretranslate_key) },
	{ "mt-libretranslate-url", "TOLK_MT_LIBRETRANSLATE_URL", CFG_STR, "",
	  "LibreTranslate base URL (default https://libretranslate.com)", OFF(mt_libretranslate_url) },
	{ "mt-attempts", "TOLK_MT_ATTEMPTS", CFG_INT, "4",
	  "tries per MT request on 429/5xx/network errors (1: no retry)", OFF(mt_attempts) },
	{ "mt-timeout", "TOLK_MT_TIMEOUT", CFG_INT, "30", "seconds per MT request", OFF(mt_timeout) },
};
#define N_ENTRIES (sizeof(entries) / sizeof(entries[0]))

static const struct config_entry *find(const char *name)
{
	for (size_t i = 0; i < N_ENTRIES; i++)
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	return NULL;
}

bool config_known(const char *name)
{
	return find(name) != NULL;
}

/* "90", "90s", "15m", "2h", "14d": seconds, at least 1, at most CONFIG_SECONDS_MAX. */
#define CONFIG_SECONDS_MAX (3650L * 86400)

static int parse_seconds(const char *value, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || v < 1 || !isdigit((unsigned char)*value))
		return -1;
	long unit = 1;
	if (*end) {
		const char *units = "smhd";
		static const long mult[] = { 1, 60, 3600, 86400 };
		const char *u = strchr(units, *end);
		if (!u || end[1])
			return -1;
		unit = mult[u - units];
	}
	if (v > CONFIG_SECONDS_MAX / unit)
		return -1;
	*out = (int)(v * unit);
	return 0;
}

static int apply(struct config *c, const struct config_entry *e, const char *value)
{
	char *base = (char *)c + e->offset;
	char *end;
	switch (e->type) {
	case CFG_STR: {
		char **p = (char **)base;
		free(*p);
		*p = xstrdup(value);
		return 0;
	}
	case CFG_INT: {
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || *end || end == value || v < 0 || v > 1000000)
			return -1;
		*(int *)base = (int)v;
		return 0;
	}
	case CFG_SECONDS:
		return parse_seconds(value, (int *)base);
	case CFG_BOOL:
		if (!strcmp(value, "1") || !strcasecmp(value, "true") || !strcasecmp(value, "yes"))
			*(bool *)base = true;
		else if (!strcmp(value, "0") || !strcasecmp(value, "false") || !strcasecmp(value, "no"))
			*(bool *)base = false;
		else
			return -1;
		return 0;
	}
	return -1;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < N_ENTRIES; i++)
		apply(c, &entries[i], entries[i].def);
}

int config_set(struct config *c, const char *name, const char *value)
{
	const struct config_entry *e = find(name);
	return e ? apply(c, e, value) : -1;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int load_file(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[4096];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		size_t vl = strlen(val);
		if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
			val[vl - 1] = '\0';
			val++;
		}
		if (config_set(c, key, val)) {
			snprintf(err, errlen, "%s:%d: unknown key or bad value for '%s'", path, lineno, key);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	if (!path)
		path = getenv("TOLK_CONFIG");
	if (path && *path && load_file(c, path, err, errlen))
		return -1;
	for (size_t i = 0; i < N_ENTRIES; i++) {
		const char *v = getenv(entries[i].env);
		if (v && apply(c, &entries[i], v)) {
			snprintf(err, errlen, "bad value for %s: '%s'", entries[i].env, v);
			return -1;
		}
	}
	return 0;
}

void config_public_url(const struct config *c, char *out, size_t n)
{
	if (*c->public_url)
		snprintf(out, n, "%s", c->public_url);
	else
		snprintf(out, n, "http://%s", c->listen);
	size_t len = strlen(out);
	while (len && out[len - 1] == '/')
		out[--len] = '\0';
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < N_ENTRIES; i++)
		if (entries[i].type == CFG_STR) {
			char **p = (char **)((char *)c + entries[i].offset);
			free(*p);
			*p = NULL;
		}
}

void config_usage(FILE *f)
{
	for (size_t i = 0; i < N_ENTRIES; i++)
		fprintf(f, "  --%-20s %s [%s] (default: %s)\n", entries[i].name, entries[i].help,
			entries[i].env, *entries[i].def ? entries[i].def : "-");
}
