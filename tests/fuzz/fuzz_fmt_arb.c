#include "fuzz_fmt.h"

FUZZ_FORMAT(fmt_arb)
