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
