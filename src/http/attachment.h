/*
 * Content-Disposition for a download whose file name a user chose: never
 * a header injection (quotes, CR/LF, ';'), and non-ASCII names survive
 * through RFC 6266's filename* (UTF-8, percent-encoded).
 */
#ifndef TOLK_ATTACHMENT_H
#define TOLK_ATTACHMENT_H

#include "core/arena.h"

/* `attachment; filename="safe"` plus `; filename*=UTF-8''...` when the
 * name is not plain printable ASCII without '"' and '\\'. */
const char *http_attachment(struct arena *a, const char *filename);

#endif
