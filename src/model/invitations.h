/*
 * Invitations to a project (docs/roles.md "Invitations"): a link that makes
 * whoever follows it, signed in, a member with the role and languages the
 * link grants.  A manager (or owner) makes one; it lasts until it expires,
 * is revoked, or has been used max_uses times (0: no limit).
 *
 * Like a sign-in link, an invitation is a random token of which only the
 * SHA-256 is stored: the link holds the token and is shown once.  Joining
 * goes through member_add (members.h): one set of rules for who may give
 * which role and languages, one member.added event.
 */
#ifndef TOLK_INVITATIONS_H
#define TOLK_INVITATIONS_H

#include "model/members.h"
#include "model/session.h"

#define INVITATION_TOKEN_HEX SESSION_TOKEN_HEX

struct invitation {
	int64_t id, project_id;
	const char *role;
	const char *languages;		/* Crowdin codes, comma-separated; "" = all */
	const char *created_by;		/* login; "" when the account is gone */
	int64_t created, expires;
	int64_t max_uses, uses;		/* max_uses 0: no limit */
	bool revoked;
};

/*
 * A new invitation: role (manager, proofreader or translator; default
 * translator) and languages (Crowdin codes, for the language-bound roles;
 * NULL or "" all), checked as member_add checks a new member given by
 * m->actor; ttl seconds; max_uses 0 or more.  token_out: the link's token.
 */
int invitation_create(struct db_conn *c, struct arena *a, int64_t project_id,
		      const struct member_change *m, int64_t ttl, int64_t max_uses,
		      char token_out[INVITATION_TOKEN_HEX + 1], struct invitation *out);
/* The project's invitations that still work, newest first. */
int invitation_list(struct db_conn *c, struct arena *a, int64_t project_id,
		    struct invitation **out, size_t *n);
/* Revoke one of the project's invitations: MODEL_NOT_FOUND when it has none of that id. */
int invitation_revoke(struct db_conn *c, int64_t project_id, int64_t id);

/* Why an invitation does not work (any more). */
enum invitation_state {
	INVITATION_LIVE,
	INVITATION_EXPIRED,
	INVITATION_REVOKED,
	INVITATION_USED_UP,
};
/* A sentence for a state other than INVITATION_LIVE. */
const char *invitation_state_why(enum invitation_state s);

/* The invitation of a token, whatever its state: MODEL_NOT_FOUND when none. */
int invitation_find(struct db_conn *c, struct arena *a, const char *token,
		    struct invitation *out, enum invitation_state *state);

/*
 * What following a link or joining an open project did (invitation_accept,
 * member_join_open).
 */
enum join_outcome {
	JOINED,			/* a member now, with the role and languages granted */
	JOIN_ALREADY_MEMBER,	/* a member before: the role stays as it was */
	JOIN_BLOCKED,		/* a blocked member: a link does not unblock */
	JOIN_LINK_DEAD,		/* expired, revoked or used up: *state says which */
};

/*
 * The account follows the link: it becomes a member with the link's role
 * and languages (one use of the link), unless it is one already.
 * MODEL_NOT_FOUND: no such link; MODEL_INVALID (model_why): the link's
 * languages are no longer all the project's.  *project_id, *outcome,
 * *state; *role: the member's role after.
 */
int invitation_accept(struct db_conn *c, struct arena *a, const char *token,
		      const struct account *acc, int64_t *project_id, enum join_outcome *outcome,
		      enum invitation_state *state, const char **role);

/*
 * Joining a project whose join_policy is open, without a link: the account
 * becomes a translator in every language.  MODEL_NOT_FOUND: no such project,
 * or a private one (the two look alike).  *role: the member's role after.
 */
int member_join_open(struct db_conn *c, struct arena *a, const char *identifier,
		     const struct account *acc, struct project *p, enum join_outcome *outcome,
		     const char **role);

#endif
