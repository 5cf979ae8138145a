/* Invitations to a project, and joining one (invitations.h). */
#include "model/invitations.h"
#include "core/crypto.h"

#include <string.h>
#include <time.h>

static void token_hash(const char *token, char out[65])
{
	crypto_sha256_hex(token, strlen(token), out);
}

int invitation_create(struct db_conn *c, struct arena *a, int64_t project_id,
		      const struct member_change *m, int64_t ttl, int64_t max_uses,
		      char token_out[INVITATION_TOKEN_HEX + 1], struct invitation *out)
{
	const char *role, *stored;
	/* who may give which role and languages: member_add's rule */
	int rc = member_offer_check(c, a, project_id, m, &role, &stored);
	if (rc)
		return rc;
	if (!strcmp(role, "owner") || !strcmp(role, "blocked")) {
		model_set_why(arena_printf(a, "an invitation makes a manager, proofreader or "
					   "translator, not a%s %s", *role == 'o' ? "n" : "", role));
		return MODEL_INVALID;
	}
	if (ttl <= 0 || max_uses < 0) {
		model_set_why("an invitation needs a positive lifetime and a use count of 0 or more");
		return MODEL_INVALID;
	}
	char hash[65];
	int64_t now = time(NULL);
	crypto_random_hex(token_out, INVITATION_TOKEN_HEX / 2);
	token_hash(token_out, hash);
	struct db_stmt *st = db_query(c, "INSERT INTO invitation (token_hash, project_id, role, "
				      "languages, created_by, created, expires, max_uses) VALUES (?, ?, "
				      "?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?) RETURNING id",
				      "sissiiii", hash, project_id, role, stored, m->actor_id, now,
				      now + ttl, max_uses);
	if (!st)
		return MODEL_ERROR;
	rc = db_step(st);
	int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != 1)
		return MODEL_ERROR;
	*out = (struct invitation){ .id = id, .project_id = project_id, .role = role,
				    .languages = member_language_codes(a, stored), .created = now,
				    .expires = now + ttl, .max_uses = max_uses };
	return MODEL_OK;
}

#define INVITATION_COLS "i.id, i.project_id, i.role, i.languages, COALESCE(a.login, ''), " \
	"i.created, i.expires, i.max_uses, i.uses, i.revoked"
#define INVITATION_FROM " FROM invitation i LEFT JOIN account a ON a.id = i.created_by "

static void read_invitation(struct db_stmt *st, struct arena *a, struct invitation *out)
{
	*out = (struct invitation){
		.id = db_col_int(st, 0), .project_id = db_col_int(st, 1),
		.role = arena_strdup(a, db_col_text(st, 2)),
		.languages = member_language_codes(a, db_col_text(st, 3)),
		.created_by = arena_strdup(a, db_col_text(st, 4)), .created = db_col_int(st, 5),
		.expires = db_col_int(st, 6), .max_uses = db_col_int(st, 7),
		.uses = db_col_int(st, 8), .revoked = db_col_int(st, 9) != 0,
	};
}

int invitation_list(struct db_conn *c, struct arena *a, int64_t project_id,
		    struct invitation **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_query(c, "SELECT " INVITATION_COLS INVITATION_FROM "WHERE "
				      "i.project_id = ? AND i.revoked = 0 AND i.expires > ? AND "
				      "(i.max_uses = 0 OR i.uses < i.max_uses) ORDER BY i.created "
				      "DESC, i.id DESC", "ii", project_id, (int64_t)time(NULL));
	if (!st)
		return MODEL_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1)
		read_invitation(st, a, &ARENA_PUSH(a, *out, *n, cap));
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

int invitation_revoke(struct db_conn *c, int64_t project_id, int64_t id)
{
	int64_t n = db_exec_changes(c, "UPDATE invitation SET revoked = 1 WHERE project_id = ? AND "
				    "id = ? AND revoked = 0", "ii", project_id, id);
	return n < 0 ? MODEL_ERROR : n ? MODEL_OK : MODEL_NOT_FOUND;
}

const char *invitation_state_why(enum invitation_state s)
{
	switch (s) {
	case INVITATION_EXPIRED:
		return "this invitation has expired: ask for a new one";
	case INVITATION_REVOKED:
		return "this invitation was revoked: ask for a new one";
	case INVITATION_USED_UP:
		return "this invitation has been used already: ask for a new one";
	default:
		return "this invitation works";
	}
}

static enum invitation_state state_of(const struct invitation *i, int64_t now)
{
	if (i->revoked)
		return INVITATION_REVOKED;
	if (i->expires <= now)
		return INVITATION_EXPIRED;
	if (i->max_uses && i->uses >= i->max_uses)
		return INVITATION_USED_UP;
	return INVITATION_LIVE;
}

int invitation_find(struct db_conn *c, struct arena *a, const char *token,
		    struct invitation *out, enum invitation_state *state)
{
	if (!session_token_ok(token))
		return MODEL_NOT_FOUND;
	char hash[65];
	token_hash(token, hash);
	struct db_stmt *st = db_query(c, "SELECT " INVITATION_COLS INVITATION_FROM
				      "WHERE i.token_hash = ?", "s", hash);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1) {
		read_invitation(st, a, out);
		*state = state_of(out, time(NULL));
	}
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

/*
 * The account's membership before joining: JOINED when it has none (it may
 * join), else what joining answers (*role: the role it keeps).
 */
static int membership_before(struct db_conn *c, int64_t project_id, const struct account *acc,
			     enum join_outcome *outcome, const char **role)
{
	struct grant g;
	int rc = member_grant(c, project_id, acc->id, &g);
	if (rc == MODEL_NOT_FOUND) {
		*outcome = JOINED;
		return MODEL_OK;
	}
	if (rc)
		return MODEL_ERROR;
	*outcome = g.role == ROLE_BLOCKED ? JOIN_BLOCKED : JOIN_ALREADY_MEMBER;
	*role = role_name(g.role);
	return MODEL_OK;
}

/* The account a member, as member_add makes one: its own act, by the link or open policy. */
static int join(struct db_conn *c, struct arena *a, int64_t project_id, const struct account *acc,
		const char *role, const char *languages)
{
	struct member_change m = { .login = acc->login, .role = role, .languages = languages,
				   .actor = NULL, .actor_id = acc->id };
	return member_add(c, a, project_id, &m);
}

int invitation_accept(struct db_conn *c, struct arena *a, const char *token,
		      const struct account *acc, int64_t *project_id, enum join_outcome *outcome,
		      enum invitation_state *state, const char **role)
{
	struct invitation inv;
	int rc = invitation_find(c, a, token, &inv, state);
	if (rc)
		return rc;
	*project_id = inv.project_id;
	*role = inv.role;
	/* a member keeps what it has (a blocked one stays blocked), link dead or alive */
	if ((rc = membership_before(c, inv.project_id, acc, outcome, role)) || *outcome != JOINED)
		return rc;
	if (*state != INVITATION_LIVE) {
		*outcome = JOIN_LINK_DEAD;
		return MODEL_OK;
	}
	/* one use, unless a concurrent join took the last one */
	int64_t n = db_exec_changes(c, "UPDATE invitation SET uses = uses + 1 WHERE id = ? AND "
				    "revoked = 0 AND expires > ? AND (max_uses = 0 OR uses < "
				    "max_uses)", "ii", inv.id, (int64_t)time(NULL));
	if (n < 0)
		return MODEL_ERROR;
	if (n == 0) {
		*outcome = JOIN_LINK_DEAD;
		*state = INVITATION_USED_UP;
		return MODEL_OK;
	}
	return join(c, a, inv.project_id, acc, inv.role, inv.languages);
}

int member_join_open(struct db_conn *c, struct arena *a, const char *identifier,
		     const struct account *acc, struct project *p, enum join_outcome *outcome,
		     const char **role)
{
	int rc = project_by_identifier(c, a, identifier, p);
	if (rc)
		return rc;
	if (strcmp(p->join_policy, "open"))
		return MODEL_NOT_FOUND;
	*role = "translator";
	if ((rc = membership_before(c, p->id, acc, outcome, role)) || *outcome != JOINED)
		return rc;
	return join(c, a, p->id, acc, "translator", "");
}
