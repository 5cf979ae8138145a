#include "fuzz_fmt_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_format(&fmt_stringsdict, data, size);
}
