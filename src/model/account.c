#include "model/model.h"
#include "core/crypto.h"

#include <string.h>
#include <time.h>

int account_create(struct db_conn *c, const char *login, const char *email,
		   char key_out[65], int64_t *id)
{
	char hash[65];
	crypto_random_hex(key_out, 16);
	crypto_sha256_hex(key_out, strlen(key_out), hash);
	struct db_stmt *st = db_query(c, "INSERT INTO account (login, email, account_key_hash, created) "
				      "VALUES (?, ?, ?, ?) RETURNING id",
				      "sssi", login, email, hash, (int64_t)time(NULL));
	if (!st)
		return db_err_unique(c) ? MODEL_CONFLICT : MODEL_ERROR;
	int rc = db_step(st) == 1 ? MODEL_OK : MODEL_ERROR;
	if (rc == MODEL_OK && id)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc;
}

static int load_account(struct db_conn *c, struct arena *a, const char *login,
			struct account *out, char *hash_out)
{
	struct db_stmt *st = db_query(c, "SELECT id, login, email, created, account_key_hash "
				      "FROM account WHERE login = ?", "s", login);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1) {
		out->id = db_col_int(st, 0);
		out->login = arena_strdup(a, db_col_text(st, 1));
		out->email = arena_strdup(a, db_col_text(st, 2));
		out->created = db_col_int(st, 3);
		if (hash_out) {
			strncpy(hash_out, db_col_text(st, 4), 64);
			hash_out[64] = '\0';
		}
	}
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int account_by_login(struct db_conn *c, struct arena *a, const char *login, struct account *out)
{
	return load_account(c, a, login, out, NULL);
}

int account_check_key(struct db_conn *c, const char *login, const char *key, struct account *out,
		      struct arena *a)
{
	char stored[65], given[65];
	int rc = load_account(c, a, login, out, stored);
	if (rc)
		return rc;
	crypto_sha256_hex(key, strlen(key), given);
	return crypto_secret_equal(stored, given) ? MODEL_OK : MODEL_CONFLICT;
}

#define ACCOUNT_COLS "id, login, email, created, password_hash"

/* One account row of ACCOUNT_COLS; the hash (NULL when none) into *hash if asked. */
static void read_account(struct db_stmt *st, struct arena *a, struct account *out, const char **hash)
{
	out->id = db_col_int(st, 0);
	out->login = arena_strdup(a, db_col_text(st, 1));
	out->email = arena_strdup(a, db_col_text(st, 2));
	out->created = db_col_int(st, 3);
	if (hash)
		*hash = db_col_null(st, 4) ? NULL : arena_strdup(a, db_col_text(st, 4));
}

int account_by_id(struct db_conn *c, struct arena *a, int64_t id, struct account *out)
{
	struct db_stmt *st = db_query(c, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?", "i", id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_account(st, a, out, NULL);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int account_for_sign_in(struct db_conn *c, struct arena *a, const char *name, struct account *out,
			const char **hash)
{
	struct db_stmt *st = db_query(c, "SELECT " ACCOUNT_COLS " FROM account WHERE login = ?",
				      "s", name);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_account(st, a, out, hash);
	db_done(st);
	if (rc)
		return rc == 1 ? MODEL_OK : MODEL_ERROR;
	/* emails are not unique: one that two accounts share signs neither in */
	st = db_query(c, "SELECT " ACCOUNT_COLS " FROM account WHERE lower(email) = lower(?) "
		      "ORDER BY id LIMIT 2", "s", name);
	if (!st)
		return MODEL_ERROR;
	int n = 0;
	while ((rc = db_step(st)) == 1)
		if (n++ == 0)
			read_account(st, a, out, hash);
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	return n == 1 ? MODEL_OK : MODEL_NOT_FOUND;
}

int account_password(struct db_conn *c, struct arena *a, int64_t id, const char **hash)
{
	struct account acc;
	struct db_stmt *st = db_query(c, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?", "i", id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_account(st, a, &acc, hash);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int account_set_password(struct db_conn *c, int64_t id, const char *hash, const char *was)
{
	/* COALESCE: "no password" compares equal on both dialects */
	int64_t n = db_exec_changes(c, "UPDATE account SET password_hash = ? WHERE id = ? AND "
				    "COALESCE(password_hash, '') = ?", "sis", hash, id, was ? was : "");
	if (n < 0)
		return MODEL_ERROR;
	return n == 1 ? MODEL_OK : MODEL_CONFLICT;
}

int account_new_key(struct db_conn *c, int64_t id, char key_out[65])
{
	char hash[65];
	crypto_random_hex(key_out, 16);
	crypto_sha256_hex(key_out, strlen(key_out), hash);
	int64_t n = db_exec_changes(c, "UPDATE account SET account_key_hash = ? WHERE id = ?", "si",
				    hash, id);
	if (n < 0)
		return MODEL_ERROR;
	return n == 1 ? MODEL_OK : MODEL_NOT_FOUND;
}
