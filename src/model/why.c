/* The reason behind the last MODEL_INVALID of this thread (like errno). */
#include "model/model.h"

static _Thread_local const char *last_why;

void model_set_why(const char *why)
{
	last_why = why;
}

const char *model_why(void)
{
	return last_why;
}
