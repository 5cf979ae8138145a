#include "http/upload.h"

#include <sys/mman.h>

const char *upload_map(const struct upload *u, size_t *len)
{
	*len = u->size;
	if (u->size == 0)
		return "";
	void *p = mmap(NULL, u->size, PROT_READ, MAP_PRIVATE, u->fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

void upload_unmap(const char *data, size_t len)
{
	if (len)
		munmap((void *)data, len);
}
