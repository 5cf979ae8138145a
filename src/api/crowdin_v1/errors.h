/*
 * The Crowdin API v1 error table: codes 0..50, their exact messages (clients
 * match some by text) and the HTTP status each is sent with
 * (crowdin-v1.md §1.8, §1.9; seed 000).
 */
#ifndef TOLK_V1_ERRORS_H
#define TOLK_V1_ERRORS_H

/*
 * Handlers return 0 for success or one of these.  Code 0 ("Unknown
 * internal error") is returned as V1_UNKNOWN_INTERNAL = -1, because a
 * handler's 0 means success; it goes on the wire as code 0.
 */
enum v1_error {
	V1_UNKNOWN_INTERNAL = -1,
	V1_PROJECT_NOT_FOUND = 1,
	V1_UNKNOWN_ACTION = 2,
	V1_KEY_INVALID = 3,
	V1_NO_FILES = 4,
	V1_FILE_EXISTS = 5,
	V1_FILE_UPLOAD_ERROR = 6,
	V1_BAD_EXTENSION = 7,
	V1_FILE_NOT_FOUND = 8,
	V1_NO_LANGUAGE = 9,
	V1_LANGUAGE_NOT_FOUND = 10,
	V1_ACCOUNT_NOT_FOUND = 11,
	V1_ACCOUNT_KEY_INVALID = 12,
	V1_UNKNOWN_ERROR = 13,
	V1_NO_TYPE = 14,
	V1_BAD_TYPE = 15,
	V1_NO_SCHEME = 16,
	V1_DIRECTORY_NOT_FOUND = 17,
	V1_NO_USER_ID = 18,
	V1_USER_EXISTS = 19,
	V1_USER_NOT_FOUND = 20,
	V1_FILES_NOT_ARRAY = 21,
	V1_TITLES_NOT_ARRAY = 22,
	V1_EXPORT_PATTERNS_NOT_ARRAY = 23,
	V1_LANGUAGES_NOT_ARRAY = 24,
	V1_GLOSSARY_ERROR = 25,
	V1_PATH_NOT_FOUND = 26,
	V1_INVALID_PARAMETERS = 27,
	V1_BAD_SCHEME = 28,
	V1_NO_ENGINE = 29,
	V1_ENGINE_UNSUPPORTED = 30,
	V1_NO_MICROSOFT_KEY = 31,
	V1_NO_GOOGLE_KEY = 32,
	V1_REFERENCE_NOT_FOUND = 33,
	V1_REFERENCE_NOT_STRING = 34,
	V1_NO_TM = 35,
	V1_TM_NOT_FOUND = 36,
	V1_NO_LOGIN = 37,
	V1_INVALID_VALUES = 38,
	V1_NO_YANDEX_KEY = 39,
	V1_OAUTH_FAILED = 40,
	V1_FORBIDDEN = 41,
	V1_FILE_TOO_LARGE = 42,
	V1_PROJECT_SUSPENDED = 43,
	V1_NO_USER = 44,
	V1_TOO_MANY_FILES = 45,
	V1_VERSIONS_UNAVAILABLE = 46,
	V1_NEW_NAMES_NOT_ARRAY = 47,
	V1_FEATURE_UNAVAILABLE = 48,
	V1_OWNER_NOT_REMOVABLE = 49,
	V1_DIRECTORY_EXISTS = 50,
	V1_ERROR_COUNT
};

const char *v1_error_message(int code);	/* negative: code 0's */
int v1_error_status(int code);		/* HTTP status */

#endif
