/* The XML and JSON resource formats (one source file each). */
#ifndef TOLK_FORMATS_XML_JSON_H
#define TOLK_FORMATS_XML_JSON_H

#include "formats/format.h"

extern const struct fmt_format fmt_android;
extern const struct fmt_format fmt_json;
extern const struct fmt_format fmt_chrome;
extern const struct fmt_format fmt_arb;
extern const struct fmt_format fmt_xliff;
extern const struct fmt_format fmt_resx;
extern const struct fmt_format fmt_qtts;

/* localization.one emitters (rows of lone_formats[] in formats.c). */
int fmt_android_emit(const struct unit *units, const struct fmt_translation *const *tr,
		     size_t n, const struct fmt_lang *lang, struct buf *out, struct fmt_error *err);

int fmt_json_emit(const struct unit *units, const struct fmt_translation *const *tr,
		  size_t n, const struct fmt_lang *lang, struct buf *out, struct fmt_error *err);
int fmt_json_clean_emit(const struct unit *units, const struct fmt_translation *const *tr,
			size_t n, const struct fmt_lang *lang, struct buf *out,
			struct fmt_error *err);
int fmt_arb_emit(const struct unit *units, const struct fmt_translation *const *tr,
		 size_t n, const struct fmt_lang *lang, struct buf *out, struct fmt_error *err);

#endif
