/*
 * roles: the permission table (src/model/roles.c) and its copy in
 * docs/roles.md, which must not drift apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "model/roles.h"
#include "docs_section.h"

/* The table as docs/roles.md shows it, rendered from the code. */
static void render(struct buf *b)
{
	static const char *const head[ROLE_COUNT] = {
		[ROLE_PROJECT] = "project key / API token", [ROLE_OWNER] = "owner",
		[ROLE_MANAGER] = "manager", [ROLE_PROOFREADER] = "proofreader",
		[ROLE_TRANSLATOR] = "translator", [ROLE_BLOCKED] = "blocked",
	};
	buf_adds(b, "| action |");
	for (int r = 0; r < ROLE_COUNT; r++)
		buf_printf(b, " %s |", head[r]);
	buf_adds(b, " covers |\n|---|");
	for (int r = 0; r < ROLE_COUNT; r++)
		buf_adds(b, "---|");
	buf_adds(b, "---|\n");
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const struct action_info *ai = role_action(a);
		buf_printf(b, "| `%s` |", ai->name);
		for (int r = 0; r < ROLE_COUNT; r++) {
			const char *cell = !role_may(r, a) ? "no" :
					   ai->per_language && role_language_bound(r) ?
					   "its languages" : "yes";
			buf_printf(b, " %s |", cell);
		}
		buf_printf(b, " %s |\n", ai->what);
	}
}

static void docs_equal_code(void **state)
{
	struct buf want;
	buf_init(&want, 0);
	render(&want);
	buf_addc(&want, '\0');
	char *got = docs_section("roles.md", "roles-table");
	if (strcmp(got, want.data))
		fprintf(stderr, "docs/roles.md differs from src/model/roles.c; the table is:\n%s",
			want.data);
	assert_string_equal(got, want.data);
	free(got);
	buf_release(&want);
}

static void blocked_may_do_nothing(void **state)
{
	struct grant g = { .role = ROLE_BLOCKED };
	for (int a = ACT_NONE; a <= ACT_COUNT; a++)
		assert_false(grant_may(&g, a, 0) || grant_may(&g, a, 12) || role_may(ROLE_BLOCKED, a));
}

static void languages_bind_translators_and_proofreaders(void **state)
{
	struct grant t = { .role = ROLE_TRANSLATOR }, m = { .role = ROLE_MANAGER };
	grant_set_languages(&t, "12,40");
	grant_set_languages(&m, "12");
	assert_int_equal(t.n_languages, 2);
	assert_true(grant_may(&t, ACT_TRANSLATE, 12) && grant_may(&t, ACT_TRANSLATE, 40));
	assert_false(grant_may(&t, ACT_TRANSLATE, 13));
	assert_false(grant_may(&t, ACT_TRANSLATE, 0));	/* every language */
	assert_false(grant_may(&t, ACT_APPROVE, 12));
	assert_true(grant_may(&t, ACT_VIEW, 0) && grant_may(&t, ACT_EXPORT, 0));
	/* managers ignore a list: all languages */
	assert_true(grant_may(&m, ACT_APPROVE, 13) && grant_may(&m, ACT_APPROVE, 0));
	/* no list: all languages */
	struct grant p = { .role = ROLE_PROOFREADER };
	grant_set_languages(&p, "");
	assert_true(grant_may(&p, ACT_APPROVE, 0) && grant_may(&p, ACT_APPROVE, 77));
	assert_false(grant_may(&p, ACT_MANAGE_SETTINGS, 0));
}

static void names(void **state)
{
	enum role r;
	assert_int_equal(role_parse("manager", &r), 0);
	assert_int_equal(r, ROLE_MANAGER);
	assert_int_equal(role_parse("blocked", &r), 0);
	assert_int_equal(r, ROLE_BLOCKED);
	assert_int_equal(role_parse("project", &r), -1);	/* no member holds it */
	assert_int_equal(role_parse("Owner", &r), -1);
	assert_int_equal(role_parse(NULL, &r), -1);
	assert_true(role_may(ROLE_PROJECT, ACT_DELETE_PROJECT));
	assert_false(role_may(ROLE_MANAGER, ACT_DELETE_PROJECT));
	assert_true(role_may(ROLE_MANAGER, ACT_MANAGE_MEMBERS));
	assert_null(role_action(ACT_NONE));
	assert_null(role_action(ACT_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(docs_equal_code),
		cmocka_unit_test(blocked_may_do_nothing),
		cmocka_unit_test(languages_bind_translators_and_proofreaders),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
