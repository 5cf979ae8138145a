#include "api/crowdin_v1/errors.h"

#include <stddef.h>

static const struct {
	int status;
	const char *message;
} table[V1_ERROR_COUNT] = {
	[0] = { 500, "Unknown internal error" },
	[1] = { 404, "Requested project does not exist or API key is not valid" },
	[2] = { 400, "Unknown API action" },
	[3] = { 401, "API key is not valid" },
	[4] = { 400, "No files specified in request" },
	[5] = { 400, "File with such name is already uploaded" },
	[6] = { 400, "File was uploaded with error" },
	[7] = { 400, "Invalid file extension" },
	[8] = { 404, "File was not found" },
	[9] = { 400, "No language specified in request" },
	[10] = { 404, "Language was not found" },
	[11] = { 404, "Account does not exist" },
	[12] = { 401, "Account key is invalid" },
	[13] = { 500, "Unknown error occurred" },
	[14] = { 400, "No type specified in request" },
	[15] = { 400, "Invalid file type" },
	[16] = { 400, "No file scheme specified in request" },
	[17] = { 404, "Specified directory was not found" },
	[18] = { 400, "No user id specified in request" },
	[19] = { 400, "User with such id already exists" },
	[20] = { 404, "User was not found" },
	[21] = { 400, "Specified value for \"files\" parameter is invalid. Array expected" },
	[22] = { 400, "Specified value for \"titles\" parameter is invalid. Array expected" },
	[23] = { 400, "Specified value for \"export_patterns\" parameter is invalid. Array expected" },
	[24] = { 400, "Specified value for \"languages\" parameter is invalid. Array expected" },
	[25] = { 400, "An error occurred while uploading glossary" },
	[26] = { 404, "Directory or path does not exist" },
	[27] = { 400, "One or several parameters are invalid" },
	[28] = { 400, "Invalid file scheme specified in request" },
	[29] = { 400, "Parameter \"engine\" was not found" },
	[30] = { 400, "Specified machine translation engine is not supported" },
	[31] = { 400, "Microsoft Translator API keys were not found" },
	[32] = { 400, "Google Translate API key was not found" },
	[33] = { 400, "Reference was not found" },
	[34] = { 400, "Specified value for \"reference\" parameter is invalid. String expected" },
	[35] = { 400, "Parameter \"tm\" was not found" },
	[36] = { 400, "Translation memory was not found" },
	[37] = { 400, "No user login specified in request" },
	[38] = { 400, "Specified values are invalid for some parameters" },
	[39] = { 400, "Yandex Translate API key was not found" },
	[40] = { 401, "OAuth authorization failed" },
	[41] = { 403, "This action is forbidden for you" },
	[42] = { 413, "Uploaded file is too large" },
	[43] = { 403, "The request cannot be submitted since this project is suspended" },
	[44] = { 400, "No user id or login specified in request" },
	[45] = { 400, "Maximum number of uploaded files should not exceed 20" },
	[46] = { 403, "Versions are not available for your current subscription plan" },
	[47] = { 400, "Specified value for \"new_names\" parameter is invalid. Array expected" },
	[48] = { 403, "This feature is not available on your current subscription plan" },
	[49] = { 403, "Not allowed to remove the project owner" },
	[50] = { 400, "Directory with such name already exists" },
};

const char *v1_error_message(int code)
{
	if (code < 0 || code >= V1_ERROR_COUNT)
		code = 0;
	return table[code].message;
}

int v1_error_status(int code)
{
	if (code < 0 || code >= V1_ERROR_COUNT)
		code = 0;
	return table[code].status;
}
