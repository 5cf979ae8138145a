/*
 * GET /app/p/{project}/webhooks: a project's webhook URLs (the
 * localization.one webhook and the four Crowdin v1 ones), a test button for
 * each, and the delivery log (docs/web.md).  The URLs are rendered here; the
 * log is read by web/static/webhooks.js from GET .../webhooks/deliveries,
 * and every change goes through the /app/api calls of api/webapp/webhooks.c.
 */
#include "web/web.h"
#include "model/webhooks.h"

/* What each URL is for, in the page's words (crowdin-v1-content.md, localization-one.md). */
static const char *const hints[WEBHOOK_KINDS] = {
	/* one string in two pieces (parenthesized: clang's -Wstring-concatenation) */
	("localization.one: a JSON array of translation_update events whenever a translation "
	 "changes; signed with the X-Localization header."),
	"Crowdin v1: a file is translated into a language.",
	"Crowdin v1: a file is proofread (approved) in a language.",
	"Crowdin v1: the whole project is translated into a language.",
	"Crowdin v1: the whole project is proofread in a language.",
};
static const char *const labels[WEBHOOK_KINDS] = {
	"localization.one webhook URL", "File translated", "File proofread", "Project translated",
	"Project proofread",
};

int web_webhooks(struct call *c)
{
	if (!web_need_project(c, ACT_MANAGE_SETTINGS))
		return 0;
	json_t *d = web_project_data(c, "webhooks"), *hooks = json_array();
	for (int i = 0; i < WEBHOOK_KINDS; i++) {
		const struct webhook_kind *k = &webhook_kinds[i];
		const char *url = webhook_kind_url(&c->project, k);
		json_array_append_new(hooks, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "kind", k->kind,
			"setting", k->setting, "label", labels[i], "hint", hints[i], "url", url,
			"set", *url != '\0'));
	}
	json_object_set_new(d, "hooks", hooks);
	return web_page(c, 200, "webhooks", "Webhooks", d);
}
