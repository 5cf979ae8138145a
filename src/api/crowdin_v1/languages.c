/*
 * supported-languages (crowdin-v1.md §2.4): no authentication.  Exactly
 * Crowdin's nine string fields per language: published clients iterate
 * over every field and expect strings, so nothing else goes in.
 */
#include "api/crowdin_v1/v1.h"
#include "model/languages.h"

int v1_supported_languages(struct call *c)
{
	struct arena *a = c->a;
	struct rv *list = rv_new_list(a, "language");
	for (size_t i = 0; i < language_count(); i++) {
		const struct language *l = language_at(i);
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "name", l->name);
		rv_str(a, o, "crowdin_code", l->crowdin_code);
		rv_str(a, o, "editor_code", l->editor_code);
		rv_str(a, o, "iso_639_1", l->iso_639_1);
		rv_str(a, o, "iso_639_3", l->iso_639_3);
		rv_str(a, o, "locale", l->locale);
		rv_str(a, o, "android_code", l->android_code);
		rv_str(a, o, "osx_code", l->osx_code);
		rv_str(a, o, "osx_locale", l->osx_locale);
	}
	c->reply = list;
	c->xml_name = "languages";
	return 0;
}
