/* The permission table (roles.h); docs/roles.md is checked against it. */
#include "model/roles.h"

#include <stdlib.h>
#include <string.h>

#define P  (1u << ROLE_PROJECT)
#define O  (1u << ROLE_OWNER)
#define M  (1u << ROLE_MANAGER)
#define PR (1u << ROLE_PROOFREADER)
#define T  (1u << ROLE_TRANSLATOR)

/* Blocked appears in no row: a blocked member may do nothing. */
static const struct action_info actions[ACT_COUNT] = {
	[ACT_VIEW] = { "view", "read the project: info, status, languages, categories, labels, "
		       "TM search, TM and glossary downloads", false, P | O | M | PR | T },
	[ACT_EXPORT] = { "export", "build and download translated files (export, download, "
			 "export-file, getTranslations)", false, P | O | M | PR | T },
	[ACT_TRANSLATE] = { "translate", "add translations and suggestions (addTranslation)",
			    true, P | O | M | PR | T },
	[ACT_UPLOAD_TRANSLATIONS] = { "upload_translations", "upload a translation file "
				      "(upload-translation)", true, P | O | M | PR | T },
	[ACT_APPROVE] = { "approve", "approve and disapprove translations, rewrite approved ones, "
			  "clear suggestions (approve=1, auto_approve_imported, updateTranslation, "
			  "disapproveAllTranslations, deleteAllSuggestions)", true,
			  P | O | M | PR },
	[ACT_MANAGE_FILES] = { "manage_files", "add, update and delete files and directories, "
			       "create categories and strings", false, P | O | M },
	[ACT_DELETE_STRINGS] = { "delete_strings", "delete strings (deleteString)", false,
				 P | O | M },
	[ACT_PRE_TRANSLATE] = { "pre_translate", "pre-translate from the memory or a machine "
				"engine", false, P | O | M },
	[ACT_MANAGE_TM] = { "manage_tm", "upload translation memory and glossaries", false,
			    P | O | M },
	[ACT_MANAGE_SETTINGS] = { "manage_settings", "change project settings (edit-project)",
				  false, P | O | M },
	[ACT_MANAGE_MEMBERS] = { "manage_members", "add members, change their roles and "
				 "languages, block and remove them", false, P | O | M },
	[ACT_REPORTS] = { "reports", "build and download reports: translation costs, top members, "
			  "costs estimation (reports/*/export, reports/*/download)", false, P | O | M },
	[ACT_DELETE_PROJECT] = { "delete_project", "delete the project", false, P | O },
};

static const char *const names[ROLE_COUNT] = {
	[ROLE_PROJECT] = "project", [ROLE_OWNER] = "owner", [ROLE_MANAGER] = "manager",
	[ROLE_PROOFREADER] = "proofreader", [ROLE_TRANSLATOR] = "translator",
	[ROLE_BLOCKED] = "blocked",
};

const struct action_info *role_action(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? &actions[a] : NULL;
}

const char *role_name(enum role r)
{
	return r >= 0 && r < ROLE_COUNT ? names[r] : "?";
}

int role_parse(const char *name, enum role *out)
{
	for (int r = ROLE_OWNER; name && r < ROLE_COUNT; r++)
		if (!strcmp(name, names[r])) {
			*out = (enum role)r;
			return 0;
		}
	return -1;
}

bool role_language_bound(enum role r)
{
	return r == ROLE_PROOFREADER || r == ROLE_TRANSLATOR;
}

bool role_may(enum role r, enum action a)
{
	const struct action_info *ai = role_action(a);
	return ai && r >= 0 && r < ROLE_COUNT && (ai->roles & (1u << r));
}

bool grant_sees_language(const struct grant *g, int language_id)
{
	if (!role_language_bound(g->role) || !g->n_languages)
		return true;
	if (!language_id)
		return false;	/* every language: more than a language list covers */
	for (int i = 0; i < g->n_languages; i++)
		if (g->languages[i] == language_id)
			return true;
	return false;
}

bool grant_may(const struct grant *g, enum action a, int language_id)
{
	if (!role_may(g->role, a))
		return false;
	return !actions[a].per_language || grant_sees_language(g, language_id);
}

void grant_set_languages(struct grant *g, const char *stored)
{
	g->n_languages = 0;
	for (const char *p = stored ? stored : ""; *p && g->n_languages < ROLES_MAX_LANGUAGES;) {
		char *end;
		long id = strtol(p, &end, 10);
		if (end == p)
			break;
		if (id > 0)
			g->languages[g->n_languages++] = (int)id;
		p = *end == ',' ? end + 1 : end;
	}
}
