/* Read access to an uploaded file (a memfd) without copying it. */
#ifndef TOLK_UPLOAD_H
#define TOLK_UPLOAD_H

#include <stddef.h>

#include "http/params.h"

/* Map the upload read-only; *len = size.  Returns NULL on failure.  Empty files map to "". */
const char *upload_map(const struct upload *u, size_t *len);
void upload_unmap(const char *data, size_t len);

#endif
