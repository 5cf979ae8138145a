/*
 * roles: who may do what in a project.  ONE table (roles.c), read by the
 * Crowdin v1 and localization.one dispatchers, their handlers, and the web
 * app; docs/roles.md shows it and a unit test keeps the two equal.
 *
 * A caller is a grant: a role, plus the member's languages when the role
 * works per language (translators and proofreaders with a language list).
 * The project's own credentials (v1 project key, localization.one API
 * token) act as the project, with an owner's rights.
 */
#ifndef TOLK_ROLES_H
#define TOLK_ROLES_H

#include <stdbool.h>
#include <stdint.h>

enum role {
	ROLE_PROJECT,		/* project key / API token */
	ROLE_OWNER,
	ROLE_MANAGER,
	ROLE_PROOFREADER,
	ROLE_TRANSLATOR,
	ROLE_BLOCKED,		/* a member who may do nothing at all */
	ROLE_COUNT
};

enum action {
	ACT_NONE,		/* no project involved: public and account calls */
	ACT_VIEW,
	ACT_EXPORT,
	ACT_TRANSLATE,
	ACT_UPLOAD_TRANSLATIONS,
	ACT_APPROVE,
	ACT_MANAGE_FILES,
	ACT_DELETE_STRINGS,
	ACT_PRE_TRANSLATE,
	ACT_MANAGE_TM,
	ACT_MANAGE_SETTINGS,
	ACT_MANAGE_MEMBERS,
	ACT_REPORTS,
	ACT_DELETE_PROJECT,
	ACT_COUNT
};

struct action_info {
	const char *name;	/* manage_settings */
	const char *what;	/* what it covers, for docs and error details */
	bool per_language;	/* language-bound roles may do it only in their languages */
	unsigned roles;		/* 1u << enum role, for each role allowed */
};

/* ACT_VIEW .. ACT_COUNT - 1; NULL for ACT_NONE or out of range. */
const struct action_info *role_action(enum action a);
/* "owner", ...; "project" for ROLE_PROJECT. */
const char *role_name(enum role r);
/* A member role by name (not "project"): 0, or -1 when unknown. */
int role_parse(const char *name, enum role *out);
/* Whether the role keeps to its member's language list (translator, proofreader). */
bool role_language_bound(enum role r);

/* The caller: a role and, for a language-bound role, its languages (n 0: all). */
#define ROLES_MAX_LANGUAGES 512
struct grant {
	enum role role;
	int n_languages;
	int languages[ROLES_MAX_LANGUAGES];
};

/* Whether the role may do the action at all (in some language, when per language). */
bool role_may(enum role r, enum action a);
/*
 * Whether the grant may do the action; for per-language actions in
 * language_id, or in every language when language_id is 0.
 */
bool grant_may(const struct grant *g, enum action a, int language_id);
/* Whether the grant sees a language's work: a language-bound role with a list only its own. */
bool grant_sees_language(const struct grant *g, int language_id);
/* Parse a member's stored language list ("12,40", '' = all) into g. */
void grant_set_languages(struct grant *g, const char *stored);

#endif
