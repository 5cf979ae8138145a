/* supported-languages (crowdin-v1.md §2.4): no authentication. */
#include "api/crowdin_v1/v1.h"
#include "formats/format.h"
#include "model/languages.h"

static void plural_list(struct arena *a, struct rv *parent, unsigned cats)
{
	struct rv *l = rv_list(a, parent, "plural_categories", "category");
	for (int i = 0; i < PLURAL_NCATS; i++)
		if (cats & (1u << i))
			rv_str(a, l, NULL, plural_cat_name(i));
}

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
		plural_list(a, o, l->plural_cats);
	}
	c->reply = list;
	c->xml_name = "languages";
	return 0;
}
