#include "fuzz_fmt.h"
#include "formats/formats_list.h"

FUZZ_FORMAT(fmt_macosx)
