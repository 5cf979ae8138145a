/*
 * Every cap tolk enforces on input, in one place.  Changing one is a
 * protocol-visible decision: the Crowdin v1 limits (file size, files per
 * request) are documented by Crowdin and relied upon by clients.
 */
#ifndef TOLK_LIMITS_H
#define TOLK_LIMITS_H

#define LIMIT_UPLOAD_FILE_BYTES   (100u * 1024 * 1024)	/* one uploaded file -> v1 code 42 */
#define LIMIT_UPLOAD_FILES        20			/* files per request -> v1 code 45 */
#define LIMIT_FIELDS_BYTES        (16u * 1024 * 1024)	/* all non-file form fields together */
#define LIMIT_JSON_BODY_BYTES     (16u * 1024 * 1024)	/* application/json request body */
#define LIMIT_PARAMS              10000		/* parameters per request */
#define LIMIT_PARAM_NAME          1024		/* bytes in one parameter name */
#define LIMIT_PARAM_DEPTH         16		/* a[0][b][c]... nesting */
#define LIMIT_JSON_DEPTH          32
#define LIMIT_URL_BYTES           8192
#define LIMIT_STRING_CONTEXT      2500		/* localization.one string_context (characters) */
#define LIMIT_STRING_KEY_BYTES    1024		/* a string key (localization.one string_key) */
#define LIMIT_TEXT_BYTES          (1024u * 1024)	/* one translation or source text, in bytes */

/* accounts (docs/accounts.md) */
#define LIMIT_PASSWORD_MIN_CHARS  10		/* a new password: at least, in characters */
#define LIMIT_PASSWORD_BYTES      1024		/* any password: at most, in bytes */
#define LIMIT_LOGIN_BYTES         320		/* what sign-in takes as a login or email */
#define LIMIT_PASSWORD_HASHES     2		/* argon2id hashes (64 MiB, ~95 ms each) at once */
#define LIMIT_PASSWORD_WAIT       10		/* seconds a sign-in waits for a hash slot: 503 */

/*
 * Thread-per-connection: every open connection holds a thread (512 KB of stack,
 * mostly untouched).  The connection limit is high so that slow clients from a
 * few addresses cannot take every slot (with the per-IP cap, that takes 32
 * addresses); the read deadlines below free the slots they do take.
 */
#define HTTP_CONNECTION_LIMIT     1024
#define HTTP_PER_IP_LIMIT         32
#define HTTP_TIMEOUT_SECONDS      60		/* no bytes either way: close */
/*
 * Request read deadlines (after Apache mod_reqtimeout): the whole request
 * head must arrive within HTTP_HEADER_TIMEOUT seconds of the accept, or of the
 * end of the previous request on a kept-alive connection; the body within
 * HTTP_BODY_TIMEOUT seconds plus one second per HTTP_BODY_MIN_RATE bytes
 * received.  Past them the connection is closed (slowloris).
 */
#define HTTP_HEADER_TIMEOUT       10
#define HTTP_BODY_TIMEOUT         20
#define HTTP_BODY_MIN_RATE        500		/* bytes/second */
#define HTTP_THREAD_STACK         (512u * 1024)
#define HTTP_POST_BUFFER          (64u * 1024)

#endif
