/*
 * tolk account create | reset-password: accounts and how people first sign
 * in (docs/accounts.md).  A password never comes from argv (other users
 * see it in ps); --password-stdin reads it.  tolk sends no mail: a sign-in
 * link is printed for the operator to hand over.
 */
#include "cli/commands.h"
#include "core/arena.h"
#include "core/limits.h"
#include "core/password.h"
#include "model/model.h"
#include "model/session.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *require(struct cmd_opts *o, const char *name)
{
	const char *v = cmd_opt(o, name);
	if (!v || !*v)
		fprintf(stderr, "tolk: --%s is required\n", name);
	return v && *v ? v : NULL;
}

/* The password on standard input, one trailing line end dropped: hashed into out. 0, 1 or 2. */
static int password_from_stdin(char out[PASSWORD_HASH_BYTES])
{
	static char pw[LIMIT_PASSWORD_BYTES + 3];	/* the most, a CR LF and a NUL */
	size_t n = fread(pw, 1, sizeof(pw) - 1, stdin);
	if (ferror(stdin)) {
		fprintf(stderr, "tolk: cannot read the password from standard input\n");
		return 2;
	}
	bool more = n == sizeof(pw) - 1 && fgetc(stdin) != EOF;
	if (n && pw[n - 1] == '\n')
		n--;
	if (n && pw[n - 1] == '\r')
		n--;
	const char *why = more ? "the password is too long" : password_rule_broken(pw, n);
	if (why) {
		fprintf(stderr, "tolk: %s (read from standard input)\n", why);
		return 2;
	}
	enum pw_result r = password_hash(pw, n, out);
	memset(pw, 0, sizeof(pw));
	if (r != PW_OK) {
		fprintf(stderr, "tolk: the password could not be hashed (out of memory?)\n");
		return 1;
	}
	return 0;
}

static void print_link(struct config *cfg, const char *token)
{
	char base[512], when[32];
	config_public_url(cfg, base, sizeof(base));
	time_t t = time(NULL) + cfg->sign_in_link_ttl;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("sign_in_link: %s/app/sign-in/%s\nsign_in_link_expires: %s\n", base, token, when);
}

/* Open the database and a write transaction; NULL after printing why. */
static struct db_conn *begin(struct config *cfg, struct db **db)
{
	*db = cmd_open_db(cfg, 1);
	if (!*db)
		return NULL;
	struct db_conn *c = db_acquire(*db);
	if (db_begin(c, true)) {
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
		db_release(c);
		db_close(*db);
		return NULL;
	}
	return c;
}

/* Commit (rc 0) or roll back; close.  The exit status. */
static int finish(struct db *db, struct db_conn *c, int rc)
{
	if (!rc && db_commit(c)) {
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
		rc = 1;
	}
	if (rc)
		db_rollback(c);
	db_release(c);
	db_close(db);
	return rc;
}

int cmd_account_create(struct config *cfg, struct cmd_opts *opts)
{
	const char *login = require(opts, "login"), *email = require(opts, "email");
	bool with_password = cmd_opt(opts, "password-stdin"), with_link = cmd_opt(opts, "sign-in-link");
	if (!login || !email)
		return 2;
	char hash[PASSWORD_HASH_BYTES], key[65], token[SESSION_TOKEN_HEX + 1];
	int rc = with_password ? password_from_stdin(hash) : 0;
	if (rc)
		return rc;
	struct db *db;
	struct db_conn *c = begin(cfg, &db);
	if (!c)
		return 1;
	int64_t id = 0;
	rc = account_create(c, login, email, key, &id);
	if (rc == MODEL_CONFLICT)
		fprintf(stderr, "tolk: account '%s' already exists\n", login);
	if (!rc && with_password)
		rc = account_set_password(c, id, hash, NULL);
	if (!rc && with_link)
		rc = sign_in_link_create(c, id, "sign-in", cfg->sign_in_link_ttl, token);
	if (rc && rc != MODEL_CONFLICT)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	if ((rc = finish(db, c, rc ? 1 : 0)))
		return rc;
	printf("login: %s\naccount_key: %s\n", login, key);
	if (with_link)
		print_link(cfg, token);
	return 0;
}

int cmd_account_reset_password(struct config *cfg, struct cmd_opts *opts)
{
	const char *login = require(opts, "login");
	if (!login)
		return 2;
	struct db *db;
	struct db_conn *c = begin(cfg, &db);
	if (!c)
		return 1;
	struct arena a;
	arena_init(&a);
	struct account acc;
	const char *hash = NULL;
	char token[SESSION_TOKEN_HEX + 1];
	int64_t ended = 0;
	int rc = account_by_login(c, &a, login, &acc);
	if (rc == MODEL_NOT_FOUND) {
		fprintf(stderr, "tolk: no account '%s'\n", login);
	} else if (!rc) {
		/* the old password stops working, every session ends, older links are void */
		rc = account_password(c, &a, acc.id, &hash);
		if (!rc)
			rc = account_set_password(c, acc.id, NULL, hash);
		if (!rc)
			rc = session_end_others(c, acc.id, NULL, &ended);
		if (!rc)
			rc = sign_in_link_drop_all(c, acc.id);
		if (!rc)
			rc = sign_in_link_create(c, acc.id, "reset", cfg->sign_in_link_ttl, token);
	}
	if (rc && rc != MODEL_NOT_FOUND)
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	rc = finish(db, c, rc ? 1 : 0);
	arena_release(&a);
	if (rc)
		return rc;
	printf("login: %s\nsessions_ended: %lld\n", login, (long long)ended);
	print_link(cfg, token);
	return 0;
}
