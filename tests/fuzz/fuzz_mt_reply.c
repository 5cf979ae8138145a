/*
 * MT replies and placeholder protection (src/mt/): any bytes as a reply body
 * to every engine's parser and error mapping, and as a reply string to
 * mt_unprotect, must never crash or leak; and protecting any text then
 * unprotecting it must give the text back with the same placeholders.
 * Input: the first byte picks how many strings the reply should hold (1-8).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mt/mt_int.h"

static const struct mt_engine *const engines[] = {
	&mt_engine_microsoft, &mt_engine_google, &mt_engine_yandex, &mt_engine_yandex_cloud,
	&mt_engine_deepl, &mt_engine_libretranslate,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	size_t n = 1 + data[0] % 8;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	char *out[8];
	for (size_t e = 0; e < sizeof(engines) / sizeof(engines[0]); e++) {
		struct mt_error err = { 0 };
		memset(out, 0, sizeof(out));
		if (!engines[e]->parse(body, len, n, out, &err))
			for (size_t i = 0; i < n; i++) {
				if (!out[i])
					abort();	/* parse succeeded: every string set */
				free(out[i]);
			}
		else
			for (size_t i = 0; i < n; i++)
				if (out[i])
					abort();	/* failed parse leaves nothing behind */
		(void)engines[e]->error(400 + data[0], body, len, &err);
		if (engines[e]->reply_error)
			(void)engines[e]->reply_error(body, len, &err);
	}

	char *text = malloc(len + 1);
	memcpy(text, body, len);
	text[len] = '\0';	/* a NUL inside cuts the text there */
	for (int m = MT_MARKUP_SPAN; m <= MT_MARKUP_XML; m++) {
		struct buf p, back;
		bool has_text;
		buf_init(&p, 0);
		buf_init(&back, 0);
		(void)mt_unprotect(text, (enum mt_markup)m, &back);	/* as a reply */
		buf_reset(&back);
		mt_protect(text, (enum mt_markup)m, &p, &has_text);
		if (mt_unprotect(p.data, (enum mt_markup)m, &back) || strcmp(back.data, text) ||
		    !mt_placeholders_match(text, back.data))
			abort();	/* the round trip must be exact */
		buf_release(&p);
		buf_release(&back);
	}
	free(text);
	return 0;
}
