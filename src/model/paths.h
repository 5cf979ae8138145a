/*
 * Names that become paths on a client's disk: export patterns (checked when
 * they are set) and ZIP entry names (checked again when each entry is
 * written).  A team unzips a download in CI: nothing in it may land
 * outside the directory it is unzipped into, on Unix or on Windows.
 */
#ifndef TOLK_PATHS_H
#define TOLK_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/strset.h"

#define EXPORT_PATTERN_MAX 1024	/* bytes */

/*
 * NULL when `pattern` may be stored, else why not (for the error detail).
 * Refused: "." and ".." segments, backslashes, control characters, a drive
 * ("C:") or UNC start, over EXPORT_PATTERN_MAX.  per_language: every
 * language gets its own file, so the pattern must name the language
 * (%locale%, %two_letters_code%, ...), or all of them would collide in
 * one ZIP entry.
 */
const char *export_pattern_problem(const char *pattern, bool per_language);

struct language;
/*
 * A pattern with its placeholders replaced for one language and file
 * (crowdin-v1.md §3); "**" dropped, "//" collapsed.  Not checked: the
 * result goes through zip_name_ok() where it becomes an entry.
 */
const char *export_expand(struct arena *a, const char *pattern, const struct language *l,
			  const char *file_name, const char *original_path);
/* dir + "/" + name, without doubled or leading slashes. */
const char *path_join(struct arena *a, const char *dir, const char *name);

/* A relative path of non-empty segments, none "." or "..", no backslash,
 * control character or drive, valid UTF-8: safe to unzip anywhere. */
bool zip_name_ok(const char *name);

/*
 * The ZIP entry names of one archive, for uniqueness: zip_names_claim()
 * returns `name` when it is new, else "dir/base (2).ext" (the first free
 * number), so a download never holds two entries with one name.
 */
struct zip_names {
	struct arena *a;	/* holds the names */
	struct strset names;
};
void zip_names_init(struct zip_names *z, struct arena *a);
const char *zip_names_claim(struct zip_names *z, const char *name);
void zip_names_release(struct zip_names *z);

#endif
