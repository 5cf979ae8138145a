/*
 * The formats of the table in formats.c, one extern per line (keep it that
 * way: several people add rows in parallel).
 */
#ifndef TOLK_FORMATS_LIST_H
#define TOLK_FORMATS_LIST_H

#include "formats/format.h"

extern const struct fmt_format fmt_gettext;
extern const struct fmt_format fmt_properties;
extern const struct fmt_format fmt_macosx;
extern const struct fmt_format fmt_ini;
extern const struct fmt_format fmt_csv;
extern const struct fmt_format fmt_php;
extern const struct fmt_format fmt_yaml;
extern const struct fmt_format fmt_android;
extern const struct fmt_format fmt_json;
extern const struct fmt_format fmt_chrome;
extern const struct fmt_format fmt_arb;
extern const struct fmt_format fmt_xliff;
extern const struct fmt_format fmt_resx;
extern const struct fmt_format fmt_qtts;
extern const struct fmt_format fmt_stringsdict;

/* Emitters for the localization.one export table (static tables need
 * function names, not fmt_x.emit). */
#define FMT_EMIT_FN(name) int name(const struct unit *units, \
	const struct fmt_translation *const *tr, size_t n, \
	const struct fmt_lang *lang, struct buf *out, struct fmt_error *err)

extern FMT_EMIT_FN(fmt_gettext_emit);
extern FMT_EMIT_FN(fmt_properties_emit);
extern FMT_EMIT_FN(fmt_macosx_emit);
extern FMT_EMIT_FN(fmt_csv_emit);
extern FMT_EMIT_FN(fmt_php_emit);
extern FMT_EMIT_FN(fmt_android_emit);
extern FMT_EMIT_FN(fmt_json_emit);
extern FMT_EMIT_FN(fmt_json_clean_emit);
extern FMT_EMIT_FN(fmt_arb_emit);

#endif
