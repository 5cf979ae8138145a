/*
 * tolk language codes (Crowdin's: "de", "pt-BR", "zh-CN", "sr-CS",
 * "es-ES" ...; "_" taken as "-") to each engine's codes.  One table: the
 * first row whose engine, direction and code match wins ("en-*" matches
 * en-GB, en-AU ...); without a row the code is its language subtag in
 * lower case ("es-ES" -> "es", "hy-AM" -> "hy"), upper case for DeepL.
 * docs/mt.md has the table as prose.
 */
#include "mt/mt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum dir { BOTH, TARGET, SOURCE };

static const struct row {
	const char *engine;
	enum dir dir;
	const char *from;
	const char *to;
} rows[] = {
	/* Microsoft: script subtags for Chinese and Serbian, Portugal and Canada variants */
	{ "microsoft", BOTH, "zh-TW", "zh-Hant" }, { "microsoft", BOTH, "zh-HK", "zh-Hant" },
	{ "microsoft", BOTH, "zh-MO", "zh-Hant" }, { "microsoft", BOTH, "zh-Hant", "zh-Hant" },
	{ "microsoft", BOTH, "zh-*", "zh-Hans" }, { "microsoft", BOTH, "zh", "zh-Hans" },
	{ "microsoft", BOTH, "pt-PT", "pt-pt" }, { "microsoft", BOTH, "fr-CA", "fr-ca" },
	{ "microsoft", BOTH, "fr-QC", "fr-ca" }, { "microsoft", BOTH, "sr-CS", "sr-Latn" },
	{ "microsoft", BOTH, "me", "sr-Latn" }, { "microsoft", BOTH, "sr", "sr-Cyrl" },
	{ "microsoft", BOTH, "sr-*", "sr-Cyrl" }, { "microsoft", BOTH, "no", "nb" },
	{ "microsoft", BOTH, "tlh-AA", "tlh-Latn" }, { "microsoft", BOTH, "mn", "mn-Cyrl" },
	{ "microsoft", BOTH, "ckb", "ku" },
	/* Google v2: zh-CN / zh-TW, Norwegian as "no", Filipino as "tl" */
	{ "google", BOTH, "zh-TW", "zh-TW" }, { "google", BOTH, "zh-HK", "zh-TW" },
	{ "google", BOTH, "zh-MO", "zh-TW" }, { "google", BOTH, "zh-Hant", "zh-TW" },
	{ "google", BOTH, "zh-*", "zh-CN" }, { "google", BOTH, "zh", "zh-CN" },
	{ "google", BOTH, "pt-PT", "pt-PT" }, { "google", BOTH, "nb", "no" },
	{ "google", BOTH, "fil", "tl" },
	/* DeepL: target variants; sources are base codes only */
	{ "deepl", TARGET, "en-US", "EN-US" }, { "deepl", TARGET, "en", "EN-US" },
	{ "deepl", TARGET, "en-*", "EN-GB" }, { "deepl", TARGET, "pt-BR", "PT-BR" },
	{ "deepl", TARGET, "pt", "PT-PT" }, { "deepl", TARGET, "pt-*", "PT-PT" },
	{ "deepl", TARGET, "zh-TW", "ZH-HANT" }, { "deepl", TARGET, "zh-HK", "ZH-HANT" },
	{ "deepl", TARGET, "zh-MO", "ZH-HANT" }, { "deepl", TARGET, "zh-Hant", "ZH-HANT" },
	{ "deepl", TARGET, "zh", "ZH-HANS" }, { "deepl", TARGET, "zh-*", "ZH-HANS" },
	{ "deepl", BOTH, "no", "NB" }, { "deepl", BOTH, "nn-NO", "NB" },
	/* Yandex: two-letter codes; Norwegian "no" */
	{ "yandex", BOTH, "nb", "no" },
	/* LibreTranslate (Argos codes): "zt" is traditional Chinese, Norwegian "nb" */
	{ "libretranslate", BOTH, "zh-TW", "zt" }, { "libretranslate", BOTH, "zh-HK", "zt" },
	{ "libretranslate", BOTH, "zh-MO", "zt" }, { "libretranslate", BOTH, "zh-Hant", "zt" },
	{ "libretranslate", BOTH, "no", "nb" },
};

static bool code_matches(const char *pattern, const char *code)
{
	size_t n = strlen(pattern);
	if (n >= 2 && !strcmp(pattern + n - 2, "-*"))
		return !strncasecmp(pattern, code, n - 1) && code[n - 1];
	return !strcasecmp(pattern, code);
}

static bool engine_known(const char *engine)
{
	for (const char *const *e = mt_engine_names; *e; e++)
		if (!strcmp(*e, engine))
			return true;
	return false;
}

int mt_lang_code(const char *engine, const char *tolk_code, bool target, char *out, size_t len)
{
	char code[32];
	size_t n = tolk_code ? strlen(tolk_code) : 0;
	if (!engine || !engine_known(engine) || !n || n >= sizeof(code) || len < sizeof(code))
		return -1;
	for (size_t i = 0; i <= n; i++) {
		char c = tolk_code[i] == '_' ? '-' : tolk_code[i];
		if (c && !isalnum((unsigned char)c) && c != '-')
			return -1;
		code[i] = c;
	}
	if (!isalpha((unsigned char)code[0]))
		return -1;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		if (!strcmp(r->engine, engine) && (r->dir == BOTH || (r->dir == TARGET) == target) &&
		    code_matches(r->from, code)) {
			snprintf(out, len, "%s", r->to);
			return 0;
		}
	}
	bool upper = !strcmp(engine, "deepl");
	size_t base = strcspn(code, "-");
	for (size_t i = 0; i < base; i++)
		out[i] = (char)(upper ? toupper((unsigned char)code[i]) : tolower((unsigned char)code[i]));
	out[base] = '\0';
	return 0;
}
