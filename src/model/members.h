/*
 * Project members: who belongs to a project, in which role (model/roles.h)
 * and, for translators and proofreaders, in which languages.  Used by the
 * API dispatchers (member_grant), `tolk project member ...` and the web app.
 * Every change is recorded as an event (member.added, member.changed,
 * member.removed) with the acting account (0: the operator's CLI).
 */
#ifndef TOLK_MEMBERS_H
#define TOLK_MEMBERS_H

#include "model/model.h"
#include "model/roles.h"

/* The member's grant; MODEL_NOT_FOUND when the account is no member. */
int member_grant(struct db_conn *c, int64_t project_id, int64_t account_id, struct grant *g);

struct member_row {
	int64_t account_id;
	const char *login;
	enum role role;
	const char *languages;	/* Crowdin codes, comma-separated; "" = all */
	int64_t joined;
};
int member_list(struct db_conn *c, struct arena *a, int64_t project_id, struct member_row **out,
		size_t *n);

/* The projects an account is a member of, in their order of creation. */
struct membership {
	const char *role, *name, *identifier, *project_key;
	bool public_downloads;
};
int member_projects(struct db_conn *c, struct arena *a, int64_t account_id, struct membership **out,
		    size_t *n);

/*
 * A change of one member, named by login.  role NULL keeps the role (add:
 * translator); languages NULL keeps them (add: all), "" means all, else
 * comma-separated Crowdin codes of the project's target languages, for
 * translators and proofreaders only.
 * actor: who makes the change; NULL for the operator (the CLI), who may do
 * anything.  Otherwise its role must manage members, and only an owner (or
 * the project's key) makes, changes or removes an owner.
 * Returns MODEL_NOT_FOUND (no such account; or, for set/remove, no such
 * member), MODEL_CONFLICT (add: already a member; set/remove: the project
 * would be left without an owner), MODEL_INVALID or MODEL_FORBIDDEN, each
 * with model_why().
 */
struct member_change {
	const char *login, *role, *languages;
	const struct grant *actor;
	int64_t actor_id;	/* the account making the change, 0: operator or project key */
};
int member_add(struct db_conn *c, struct arena *a, int64_t project_id,
	       const struct member_change *m);
int member_set(struct db_conn *c, struct arena *a, int64_t project_id,
	       const struct member_change *m);
int member_remove(struct db_conn *c, struct arena *a, int64_t project_id,
		  const struct member_change *m);
/*
 * member_add's checks of what a new member would get, with no account yet
 * (an invitation): the role (m->role, default translator) and languages are
 * valid and the actor may give them.  *role and *stored (language ids, as
 * stored): what they come to.
 */
int member_offer_check(struct db_conn *c, struct arena *a, int64_t project_id,
		       const struct member_change *m, const char **role, const char **stored);
/* Stored language ids "12,40" as Crowdin codes "fr,de" ("" stays ""). */
const char *member_language_codes(struct arena *a, const char *stored);

#endif
