/*
 * The keys of a getTranslations file export (formats 1..8).
 *
 * Keys are unique per category, not per project, and formats restrict them
 * (formats/lone_keys.h), so the file's keys are made here, deterministically:
 *
 *   1. a string keeps its (format-spelled) key when no other string of the
 *      export has the same spelled key;
 *   2. otherwise it is qualified with its category path, spelled:
 *      "App/Screens/save" (xml-android "App_Screens_save", arb "appScreensSave"),
 *      kept when that is unique in turn;
 *   3. otherwise with its string_id as well: "App/a.b#12", and "~2", "~3"...
 *      after that in the (theoretical) case it is still taken.
 *
 * "The export" is every non-hidden string the call selects (category_id,
 * string_id), translated or not, so the names are the same in every language.
 * Items of an Android array ("name[3]") are one entry: they move together.
 */
#ifndef TOLK_LONE_KEYS_H_API
#define TOLK_LONE_KEYS_H_API

#include <stddef.h>

#include "core/arena.h"
#include "model/catalog.h"
#include "store/db.h"

/* keys[i] (arena) = the file key of rows[i].  0, or -1 on a database error. */
int lone_export_keys(struct db_conn *db, struct arena *a, const char *format,
		     const struct export_row *rows, size_t n, const char **keys);

#endif
