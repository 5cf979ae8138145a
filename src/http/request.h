/*
 * One HTTP request as handlers see it: method, path, merged parameters,
 * uploads, and the response they fill.  Handlers never touch sockets; the
 * server serializes `resp` once the handler returns.
 */
#ifndef TOLK_REQUEST_H
#define TOLK_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/limits.h"
#include "http/params.h"

struct MHD_Connection;
struct MHD_PostProcessor;
struct app;

#define RESP_MAX_HEADERS 8

struct response {
	int status;
	const char *content_type;
	struct buf body;
	int fd;			/* >= 0: send this file instead of body (closed by the server) */
	size_t fd_size;
	/* n_pieces > 0: the body cut by files (response_piece_file) */
	struct resp_piece {
		int fd;		/* a whole file (closed by the server), or -1: body[off, off + len) */
		size_t off, len;
	} *pieces;
	size_t n_pieces, pieces_cap;
	size_t body_cut;	/* the body before this offset is in pieces */
	const char *header_name[RESP_MAX_HEADERS];
	const char *header_value[RESP_MAX_HEADERS];
	int n_headers;
};

struct request {
	struct arena arena;
	struct app *app;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;		/* decoded path, no query */
	const char *log_path;		/* path with secrets masked, for the access log */
	char remote[64];
	struct timespec start;

	struct params params;
	unsigned query_nul_parts;	/* query names and values holding a NUL byte (%00) */
	struct json_t *json;		/* application/json body, when it parsed as an object */
	bool json_invalid;		/* body was JSON but not an object, or malformed */
	struct upload *uploads[LIMIT_UPLOAD_FILES + 1];
	size_t n_uploads;
	bool too_many_files;		/* > LIMIT_UPLOAD_FILES: v1 code 45 */
	bool file_too_large;		/* a file > LIMIT_UPLOAD_FILE_BYTES: v1 code 42 */
	bool body_too_large;		/* fields or JSON body over their caps */

	/* body parsing state */
	struct MHD_PostProcessor *pp;
	bool body_json;
	bool body_urlencoded;
	uint32_t pct_tail;		/* last bytes of an urlencoded body, for "%00" */
	struct buf raw;			/* JSON body bytes */
	struct buf field;		/* form field being assembled across chunks */
	char *field_key;
	size_t fields_bytes;
	struct upload *cur_upload;
	char *cur_upload_key;		/* its part's name */

	struct response resp;
	bool handled;
	void *user;			/* protocol layer context (auth, db connection) */
};

const char *request_header(struct request *r, const char *name);
const char *request_cookie(struct request *r, const char *name);
void response_header(struct request *r, const char *name, const char *value);
/*
 * A reply of the body with whole files between its bytes, sent without
 * being copied together: the file (of `len` bytes; the server closes it)
 * follows what the body holds now, and what the body gets next follows the
 * file.  response_pieces_drop: the body alone again (an error reply).
 */
void response_piece_file(struct request *r, int fd, size_t len);
void response_pieces_drop(struct request *r);

#endif
