/*
 * zipout: an export ZIP being written.  Entry names are checked and made
 * unique here (the last check before a user-chosen name leaves as an
 * entry); the entries are deflated on a thread of their own, so a build
 * reads and writes the next file while the previous one is compressed
 * (deflate was 60% of a build's time).
 */
#ifndef TOLK_ZIPOUT_H
#define TOLK_ZIPOUT_H

#include "core/arena.h"
#include "core/buf.h"

struct zip_out;

/* Start an archive written into `zip` (touched by the compressor until zip_out_close). */
struct zip_out *zip_out_open(struct buf *zip, struct arena *a);

/*
 * Queue an entry; takes `data`'s content (data is left empty).  An unsafe
 * `name` falls back to `fallback`; a name already taken gets " (2)".
 * -1 once the archive has failed.
 */
int zip_out_add(struct zip_out *z, const char *name, const char *fallback, struct buf *data);

/* Finish the archive and free z: 0, or -1 if any entry or the close failed. */
int zip_out_close(struct zip_out *z);

#endif
