/*
 * The data model both protocols share: accounts, projects and their
 * settings.  Functions take an open database connection (inside the
 * request's transaction) and an arena for returned strings.
 * Return convention: 0 ok, MODEL_NOT_FOUND, MODEL_CONFLICT, MODEL_INVALID,
 * MODEL_FORBIDDEN, or -1 on a database error.
 */
#ifndef TOLK_MODEL_H
#define TOLK_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/db.h"

enum {
	MODEL_OK = 0,
	MODEL_ERROR = -1,
	MODEL_NOT_FOUND = 1,
	MODEL_CONFLICT = 2,
	MODEL_INVALID = 3,
	MODEL_FORBIDDEN = 4,	/* the acting member's role may not (model/roles.h) */
};

/*
 * Why the last MODEL_INVALID of this thread was returned (a static
 * string, or NULL): the protocol layers pass it on as the error detail.
 */
void model_set_why(const char *why);
const char *model_why(void);

struct account {
	int64_t id;
	const char *login, *email;
	int64_t created;
};

struct project {
	int64_t id;
	const char *identifier, *name;
	int64_t owner_id;
	int source_language_id;
	const char *project_key, *api_token;
	const char *description, *join_policy, *language_access_policy;
	int hide_duplicates;
	bool export_translated_only, export_approved_only, auto_translate_dialects;
	bool public_downloads, use_global_tm, in_context;
	int pseudo_language_id;
	const char *cname, *logo_type, *qa_checks;
	bool has_logo;
	const char *webhook_file_translated, *webhook_file_proofread;
	const char *webhook_project_translated, *webhook_project_proofread, *webhook_url;
	bool allow_delete_string, allow_update_translation;
	bool allow_disapprove_all, allow_delete_all_suggestions;
	int export_interval_minutes;
	int64_t revision, created, last_activity, last_build;
	int64_t export_epoch;	/* moves with changes that can reach every file's rows */
};

/* accounts */
int account_create(struct db_conn *c, const char *login, const char *email,
		   char key_out[65], int64_t *id);
int account_by_login(struct db_conn *c, struct arena *a, const char *login, struct account *out);
/* 0 when the key matches (constant time), MODEL_NOT_FOUND otherwise */
int account_check_key(struct db_conn *c, const char *login, const char *key, struct account *out,
		      struct arena *a);
int account_by_id(struct db_conn *c, struct arena *a, int64_t id, struct account *out);
/*
 * The account a sign-in names: its login, else an email exactly one account
 * has (case-insensitive).  *hash: its password hash, NULL when it has none.
 */
int account_for_sign_in(struct db_conn *c, struct arena *a, const char *name, struct account *out,
			const char **hash);
/* The password hash (NULL: none) of an account. */
int account_password(struct db_conn *c, struct arena *a, int64_t id, const char **hash);
/* Store a password hash (NULL: none) if the stored one still is `was`; MODEL_CONFLICT if not. */
int account_set_password(struct db_conn *c, int64_t id, const char *hash, const char *was);
/* A new account API key (the old one stops working at once); printed once, stored hashed. */
int account_new_key(struct db_conn *c, int64_t id, char key_out[65]);

/* projects */
struct project_new {
	const char *identifier, *name, *source_language;	/* crowdin code */
	const int *language_ids;
	int n_languages;
	const char *join_policy;
};
int project_create(struct db_conn *c, struct arena *a, int64_t owner_id,
		   const struct project_new *n, struct project *out);
int project_by_identifier(struct db_conn *c, struct arena *a, const char *identifier,
			  struct project *out);
int project_by_id(struct db_conn *c, struct arena *a, int64_t id, struct project *out);
int project_by_token(struct db_conn *c, struct arena *a, const char *token, struct project *out);
int project_delete(struct db_conn *c, int64_t id);
/* Target languages in project order; returns count (<= max) or -1. */
int project_languages(struct db_conn *c, int64_t project_id, int *ids, int max);
int project_set_languages(struct db_conn *c, int64_t project_id, const int *ids, int n);
/*
 * A change of the project's content: revision++ and last_activity, once per
 * transaction, when it commits.  node_touch: the change is one node's rows
 * (its strings, their translations and labels), and that node's export revision
 * moves too; project_touch: it can reach every node's, and export_epoch
 * moves.  node_id 0 is project_touch.
 */
int node_touch(struct db_conn *c, int64_t project_id, int64_t node_id);
int project_touch(struct db_conn *c, int64_t project_id);

/*
 * Project settings: one table of every stored field, shared by the v1
 * edit-project call and `tolk project set`.  project_setting_set()
 * validates `value` and writes the column; MODEL_INVALID on a bad value,
 * MODEL_NOT_FOUND on an unknown name.
 */
#define SETTING_V1 0x1u		/* settable through edit-project / create-project */
#define SETTING_CLI 0x2u	/* settable through tolk project set */
#define SETTING_WEB 0x4u	/* settable on the settings page (PATCH /app/api/.../settings) */
struct project_setting {
	const char *name;
	const char *column;
	enum { SET_TEXT, SET_BOOL, SET_INT, SET_CHOICE, SET_URL, SET_LANGUAGE } type;
	int min, max;
	const char *const *choices;
	unsigned flags;
};
const struct project_setting *project_setting_find(const char *name);
const struct project_setting *project_setting_at(int i);	/* NULL past the end */
int project_setting_set(struct db_conn *c, int64_t project_id, const struct project_setting *s,
			const char *value);
/* A setting's stored value: i for bool/int (and a language's id), text for the others. */
struct setting_value {
	int64_t i;
	const char *text;	/* a language setting: its code ("" for none) */
};
int project_setting_get(struct db_conn *c, struct arena *a, int64_t project_id,
			const struct project_setting *s, struct setting_value *out);
/*
 * A new random v1 project key or localization.one API token, made as
 * project_create makes them, in out (33 / 49 bytes); the old one stops
 * working when the transaction commits (every call reads it from the row).
 */
enum project_secret { SECRET_PROJECT_KEY, SECRET_API_TOKEN };
int project_new_secret(struct db_conn *c, int64_t project_id, enum project_secret which,
		       char *out, size_t size);
/* A URL setting's value: "" (none), or http(s):// and UTF-8 within max bytes. */
bool project_url_ok(const char *v, size_t max);
int project_set_logo(struct db_conn *c, int64_t project_id, const void *data, size_t len,
		     const char *type);

#endif
