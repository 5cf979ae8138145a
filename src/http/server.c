#define _GNU_SOURCE
#include "http/server.h"
#include "http/request.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/mem.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WATCHDOG_TICK_MS	250	/* longest sleep: how late past a deadline a close may come */
#define EXPIRED_LOG_MS		10000	/* at most one "closed slow connections" line per 10 s */
#define IDLE_GIVE_BACK_MS	500	/* idle this long after a request: free heap pages go back */

/* Set by server_stop: responses then close their connection, so kept-alive
 * clients cannot keep sending new requests through the grace period. */
static atomic_bool stopping;

/*
 * One accepted connection as the deadline watchdog sees it (MHD's socket
 * context: from NOTIFY_STARTED to NOTIFY_CLOSED, which comes after its
 * thread has ended and before its socket is closed).
 */
struct conn {
	struct conn *prev, *next;	/* server.conns, under server.lock */
	int fd;
	bool shut;			/* the watchdog shut it down (under server.lock) */
	_Atomic int64_t deadline;	/* monotonic ms the current phase must end by; 0: none */
	int64_t body_start;		/* the connection's own thread only */
	uint64_t body_bytes;
	unsigned nul_parts;		/* parts of the request line unescaped to a NUL byte */
};

struct server {
	struct MHD_Daemon *d;
	struct server_opts o;
	atomic_int active;	/* requests between first callback and completion */
	_Atomic int64_t last_done;	/* monotonic ms of the last request's completion */
	atomic_bool give_back;	/* a request completed since the heap was last trimmed */
	uint16_t port;

	pthread_mutex_t lock;	/* conns and conn.shut: an fd is shut down only while listed */
	pthread_cond_t wake;
	struct conn *conns;
	bool quit;		/* under lock: the watchdog returns */
	pthread_t watchdog;
	unsigned long expired;	/* connections closed since the last log line */
	int64_t expired_logged;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

const char *request_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *request_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

void response_header(struct request *r, const char *name, const char *value)
{
	struct response *resp = &r->resp;
	if (resp->n_headers < RESP_MAX_HEADERS) {
		resp->header_name[resp->n_headers] = name;
		resp->header_value[resp->n_headers++] = value;
	}
}

static struct resp_piece *piece_new(struct response *rs)
{
	if (rs->n_pieces == rs->pieces_cap) {
		rs->pieces_cap = rs->pieces_cap ? 2 * rs->pieces_cap : 16;
		rs->pieces = xrealloc(rs->pieces, rs->pieces_cap * sizeof(*rs->pieces));
	}
	return &rs->pieces[rs->n_pieces++];
}

/* The body written since the last cut, as a piece. */
static void cut_body(struct response *rs)
{
	if (rs->body_cut < rs->body.len)
		*piece_new(rs) = (struct resp_piece){ -1, rs->body_cut, rs->body.len - rs->body_cut };
	rs->body_cut = rs->body.len;
}

void response_piece_file(struct request *r, int fd, size_t len)
{
	if (!len) {
		close(fd);
		return;
	}
	cut_body(&r->resp);
	*piece_new(&r->resp) = (struct resp_piece){ fd, 0, len };
}

void response_pieces_drop(struct request *r)
{
	struct response *rs = &r->resp;
	for (size_t i = 0; i < rs->n_pieces; i++)
		if (rs->pieces[i].fd >= 0)
			close(rs->pieces[i].fd);
	rs->n_pieces = 0;
	rs->body_cut = 0;
}

/* ---- request read deadlines ---- */

/*
 * A connection's phases: waiting for a request head (from the accept, or
 * from the end of the previous request), receiving a body, and handling or
 * answering (no deadline: the handler may be slow, the inactivity timeout
 * covers a stalled reader).  The connection's thread moves the deadline;
 * the watchdog only reads it.
 */
static void deadline_head(struct server *s, struct conn *c)
{
	int64_t t = s->o.header_timeout ? now_ms() + s->o.header_timeout * 1000LL : 0;
	atomic_store(&c->deadline, t);
}

static void deadline_body_start(struct server *s, struct conn *c)
{
	c->body_start = now_ms();
	c->body_bytes = 0;
	atomic_store(&c->deadline, s->o.body_timeout ? c->body_start + s->o.body_timeout * 1000LL : 0);
}

/* Each body byte earns 1/min_rate s: a steady upload is never cut, a trickle is. */
static void deadline_body_data(struct server *s, struct conn *c, size_t n)
{
	c->body_bytes += n;
	if (!s->o.body_timeout || !s->o.body_min_rate)
		return;
	int64_t credit = (int64_t)(c->body_bytes * 1000 / s->o.body_min_rate);
	atomic_store(&c->deadline, c->body_start + s->o.body_timeout * 1000LL + credit);
}

static void deadline_none(struct conn *c)
{
	atomic_store(&c->deadline, 0);
}

static struct conn *conn_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	struct conn *c = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
		c = xcalloc(1, sizeof(*c));
		c->fd = ci ? ci->connect_fd : -1;
		deadline_head(s, c);
		pthread_mutex_lock(&s->lock);
		c->next = s->conns;
		if (s->conns)
			s->conns->prev = c;
		s->conns = c;
		pthread_mutex_unlock(&s->lock);
		*socket_context = c;
		return;
	}
	if (!c)
		return;
	/* MHD closes the socket after this returns: unlisted first, so never shut down reused */
	pthread_mutex_lock(&s->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&s->lock);
	free(c);
	*socket_context = NULL;
}

/* Called with s->lock held; at most one line per EXPIRED_LOG_MS unless flushing. */
static void log_expired(struct server *s, int64_t now, bool flush)
{
	if (!s->expired || (!flush && now - s->expired_logged < EXPIRED_LOG_MS))
		return;
	log_warn("closed %lu connection(s) that did not send their request in time "
		 "(header-timeout %us, body-timeout %us + 1 s per %u bytes)", s->expired,
		 s->o.header_timeout, s->o.body_timeout, s->o.body_min_rate);
	s->expired = 0;
	s->expired_logged = now;
}

/*
 * Once no request has run for IDLE_GIVE_BACK_MS, the memory the last ones
 * freed goes back to the OS (mem_give_back).  Called with s->lock held,
 * which the trim does not need: released meanwhile.  Returns when to look
 * again.
 */
static int64_t give_back_when_idle(struct server *s, int64_t now, int64_t next)
{
	if (!atomic_load(&s->give_back))
		return next;
	int64_t due = atomic_load(&s->last_done) + IDLE_GIVE_BACK_MS;
	if (now < due)
		return due < next ? due : next;
	if (atomic_load(&s->active) > 0)
		return next;	/* busy: look again at the next tick (due is past) */
	atomic_store(&s->give_back, false);
	pthread_mutex_unlock(&s->lock);
	mem_give_back();
	pthread_mutex_lock(&s->lock);
	return next;
}

/*
 * The watchdog: shuts down connections past their deadline.  shutdown()
 * wakes the connection's thread, whose read then sees EOF: MHD aborts the
 * request and closes the connection the usual way (completion callback,
 * NOTIFY_CLOSED, thread joined, socket closed, per-IP count released).
 * It also trims the heap when the server falls idle.
 */
static void *watchdog_main(void *arg)
{
	struct server *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->quit) {
		int64_t now = now_ms(), next = give_back_when_idle(s, now, now + WATCHDOG_TICK_MS);
		for (struct conn *c = s->conns; c; c = c->next) {
			int64_t d = atomic_load(&c->deadline);
			if (!d || c->shut)
				continue;
			if (d <= now) {
				shutdown(c->fd, SHUT_RDWR);
				c->shut = true;
				s->expired++;
			} else if (d < next) {
				next = d;
			}
		}
		log_expired(s, now, false);
		struct timespec until = { .tv_sec = next / 1000, .tv_nsec = next % 1000 * 1000000 };
		pthread_cond_timedwait(&s->wake, &s->lock, &until);
	}
	log_expired(s, now_ms(), true);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static int watchdog_start(struct server *s)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&s->lock, NULL);
	s->expired_logged = now_ms() - EXPIRED_LOG_MS;
	return pthread_create(&s->watchdog, NULL, watchdog_main, s);
}

/* After MHD_stop_daemon: every connection has been closed and unlisted. */
static void watchdog_stop(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	s->quit = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->watchdog, NULL);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
}

/*
 * libmicrohttpd's own messages.  Those any client causes at will (a closed
 * or broken connection, a malformed request) would flood the log under a
 * slow-client attack: debug.  A refusal at the connection or per-IP limit
 * matters to the operator but comes once per refused connection: at most
 * one line per EXPIRED_LOG_MS.
 */
static const char *const client_noise[] = {
	"closed when reading", "closed by remote side", "disconnected when reading",
	"Error processing request", "Failed to send data", "without `Host'",
};

static _Atomic int64_t limit_logged = INT64_MIN / 2;

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	enum log_level l = LOG_WARN;
	for (size_t i = 0; i < sizeof(client_noise) / sizeof(client_noise[0]); i++)
		if (strstr(msg, client_noise[i]))
			l = LOG_DEBUG;
	if (strstr(msg, "reached connection limit")) {
		int64_t now = now_ms(), last = atomic_load(&limit_logged);
		if (now - last < EXPIRED_LOG_MS ||
		    !atomic_compare_exchange_strong(&limit_logged, &last, now))
			l = LOG_DEBUG;
	}
	log_msg(l, "http: %s", msg);
}

/* ---- request framing ---- */

/*
 * Refused before any body byte is read, so that a front end and tolk can
 * never disagree on where a request ends (request smuggling): several
 * Content-Length or Transfer-Encoding headers, both at once, a coding other
 * than chunked, a Content-Length that is not plain digits, whitespace
 * before a header's colon ("Content-Length : 5" is another header to MHD).
 */
struct framing {
	unsigned n_length, n_coding;
	const char *length, *coding;
	bool space_in_name;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct framing *f = cls;
	if (strpbrk(key, " \t"))
		f->space_in_name = true;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		f->n_length++;
		f->length = value;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->n_coding++;
		f->coding = value;
	}
	return MHD_YES;
}

/* Only trailing blanks may follow what was matched. */
static bool blank_rest(const char *p)
{
	return p[strspn(p, " \t")] == '\0';
}

static bool is_decimal(const char *v)
{
	size_t n = strspn(v, "0123456789");
	return n > 0 && blank_rest(v + n);
}

static bool is_chunked(const char *v)
{
	return strncasecmp(v, "chunked", 7) == 0 && blank_rest(v + 7);
}

/* NULL, or why the request's framing is refused (a static reply body). */
static const char *framing_error(struct MHD_Connection *conn, const char *version)
{
	struct framing f = { 0 };
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &f);
	if (f.space_in_name)
		return "Bad Request: whitespace in a header name\n";
	if (f.n_length > 1)
		return "Bad Request: more than one Content-Length\n";
	if (f.n_coding > 1)
		return "Bad Request: more than one Transfer-Encoding\n";
	if (f.n_length && f.n_coding)
		return "Bad Request: both Content-Length and Transfer-Encoding\n";
	if (f.n_length && !is_decimal(f.length))
		return "Bad Request: Content-Length is not a decimal number\n";
	if (f.n_coding && !is_chunked(f.coding))
		return "Bad Request: Transfer-Encoding other than chunked\n";
	if (f.n_coding && strcmp(version, MHD_HTTP_VERSION_1_1) != 0)
		return "Bad Request: Transfer-Encoding in an HTTP/1.0 request\n";
	return NULL;
}

/* Queued in the first callback: MHD then reads nothing more and closes after it. */
static enum MHD_Result refuse_framing(struct request *r, const char *why)
{
	log_info("refused request from %s: %.*s", r->remote, (int)strcspn(why, "\n"), why);
	r->handled = true;
	r->resp.status = MHD_HTTP_BAD_REQUEST;
	struct MHD_Response *m = MHD_create_response_from_buffer(strlen(why), (void *)why,
								 MHD_RESPMEM_PERSISTENT);
	if (!m)
		return MHD_NO;
	MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	MHD_add_response_header(m, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ok = MHD_queue_response(r->conn, MHD_HTTP_BAD_REQUEST, m);
	MHD_destroy_response(m);
	return ok;
}

/* ---- request parameters ---- */

/*
 * MHD's own unescaping of the request line (the path, then each query name
 * and value), noting each part a %00 turned into a NUL byte: a path would
 * be cut there ("/editor/fr%00x" routed as "/editor/fr"), so the request is
 * refused when more parts held one than the query's names and values.
 */
static size_t unescape(void *cls, struct MHD_Connection *mc, char *s)
{
	size_t n = MHD_http_unescape(s);
	struct conn *c = conn_of(mc);
	if (c && memchr(s, '\0', n))
		c->nul_parts++;
	return n;
}

/* With lengths: a %00 in the query must reach params whole, to be refused there. */
static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 size_t key_len, const char *value, size_t value_len)
{
	struct request *r = cls;
	r->query_nul_parts += memchr(key, '\0', key_len) != NULL;
	r->query_nul_parts += value && memchr(value, '\0', value_len) != NULL;
	params_add(&r->params, key, key_len, value, value ? value_len : 0);
	return MHD_YES;
}

/*
 * The post processor hands urlencoded names over as C strings, so a %00 in
 * a name would silently cut it: look for it in the raw bytes (a match may
 * straddle two chunks, hence the carried tail).
 */
static void scan_urlencoded_nul(struct request *r, const char *data, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		r->pct_tail = (r->pct_tail << 8 | (unsigned char)data[i]) & 0xffffff;
		if (r->pct_tail == ('%' << 16 | '0' << 8 | '0'))
			r->params.has_nul = true;
	}
}

static void finish_field(struct request *r)
{
	if (r->field_key) {
		params_add(&r->params, r->field_key, strlen(r->field_key), r->field.data, r->field.len);
		r->field_key = NULL;
		buf_reset(&r->field);
	}
	r->cur_upload = NULL;
}

static struct upload *new_upload(struct request *r, const char *key, const char *filename)
{
	if (r->n_uploads >= LIMIT_UPLOAD_FILES) {
		r->too_many_files = true;
		return NULL;
	}
	struct upload *u = arena_alloc(&r->arena, sizeof(*u));
	u->filename = arena_strdup(&r->arena, filename);
	u->fd = memfd_create("tolk-upload", MFD_CLOEXEC);
	if (u->fd < 0) {
		log_error("memfd_create: %s", strerror(errno));
		return NULL;
	}
	r->uploads[r->n_uploads++] = u;
	params_add_file(&r->params, key, u);
	return u;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static enum MHD_Result post_part(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *filename, const char *content_type,
				 const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	struct request *r = cls;
	if (!key)
		return MHD_YES;
	/*
	 * libmicrohttpd may start a file part twice at offset 0: empty, when the
	 * body's bytes stopped right after the part's headers, then with its
	 * first bytes (a slow network does it): the same part, not a second one.
	 */
	bool same_part = off == 0 && filename && r->cur_upload && r->cur_upload->size == 0 &&
			 r->cur_upload_key && !strcmp(r->cur_upload_key, key) &&
			 r->cur_upload->filename && !strcmp(r->cur_upload->filename, filename);
	if (off == 0 && !same_part)
		finish_field(r);
	if (filename) {
		if (off == 0 && !same_part) {
			r->cur_upload = new_upload(r, key, filename);
			r->cur_upload_key = r->cur_upload ? arena_strdup(&r->arena, key) : NULL;
		}
		struct upload *u = r->cur_upload;
		if (!u || u->too_large)
			return MHD_YES;	/* keep reading to answer with a protocol error */
		if (u->size + size > LIMIT_UPLOAD_FILE_BYTES) {
			u->too_large = true;
			r->file_too_large = true;
			return MHD_YES;
		}
		if (size && write_all(u->fd, data, size)) {
			log_error("upload write: %s", strerror(errno));
			return MHD_NO;
		}
		u->size += size;
		return MHD_YES;
	}
	r->fields_bytes += size;
	if (r->fields_bytes > LIMIT_FIELDS_BYTES) {
		r->body_too_large = true;
		return MHD_YES;
	}
	if (off == 0)
		r->field_key = arena_strdup(&r->arena, key);
	buf_add(&r->field, data, size);
	return MHD_YES;
}

static bool is_json_type(const char *ct)
{
	return ct && strncasecmp(ct, "application/json", 16) == 0;
}

/* application/json body: an object's members become parameters (depth-limited). */
static void json_to_params(struct request *r, const char *prefix, json_t *v, int depth)
{
	const char *key;
	json_t *val;
	size_t idx;
	char *name;
	if (depth > LIMIT_PARAM_DEPTH) {
		r->params.overflow = true;
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, val) {
			name = depth ? arena_printf(&r->arena, "%s[%s]", prefix, key)
				     : arena_strdup(&r->arena, key);
			json_to_params(r, name, val, depth + 1);
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(v, idx, val) {
			name = arena_printf(&r->arena, "%s[%zu]", prefix, idx);
			json_to_params(r, name, val, depth + 1);
		}
		break;
	case JSON_STRING:
		params_add(&r->params, prefix, strlen(prefix), json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER: {
		char *s = arena_printf(&r->arena, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		params_add(&r->params, prefix, strlen(prefix), s, strlen(s));
		break;
	}
	case JSON_REAL: {
		char *s = arena_printf(&r->arena, "%.17g", json_real_value(v));
		params_add(&r->params, prefix, strlen(prefix), s, strlen(s));
		break;
	}
	case JSON_TRUE:
		params_add(&r->params, prefix, strlen(prefix), "true", 4);
		break;
	case JSON_FALSE:
		params_add(&r->params, prefix, strlen(prefix), "false", 5);
		break;
	case JSON_NULL:
		break;
	}
}

static void parse_json_body(struct request *r)
{
	if (!r->raw.len || r->body_too_large)
		return;
	json_error_t e;
	json_t *j = json_loadb(r->raw.data, r->raw.len, JSON_REJECT_DUPLICATES, &e);
	if (!j || !json_is_object(j)) {
		r->json_invalid = true;
		json_decref(j);
		return;
	}
	r->json = (struct json_t *)j;
	json_to_params(r, "", j, 0);
}

/* ---- MHD callbacks ---- */

static struct request *request_new(struct server *s, struct MHD_Connection *conn,
				   const char *url, const char *method)
{
	struct request *r = xcalloc(1, sizeof(*r));
	arena_init(&r->arena);
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->app = s->o.app;
	r->conn = conn;
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	r->log_path = r->path;
	r->resp.fd = -1;
	buf_init(&r->resp.body, 0);
	buf_init(&r->raw, LIMIT_JSON_BODY_BYTES);
	buf_init(&r->field, 0);
	params_init(&r->params, &r->arena);

	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->remote,
				  sizeof(r->remote));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->remote,
				  sizeof(r->remote));
	}
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, query_arg, r);
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);
	if (is_json_type(ct))
		r->body_json = true;
	else if (ct)
		r->pp = MHD_create_post_processor(conn, HTTP_POST_BUFFER, post_part, r);
	r->body_urlencoded = r->pp && strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
						   strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) == 0;
	return r;
}

static void request_free(struct request *r)
{
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	for (size_t i = 0; i < r->n_uploads; i++)
		if (r->uploads[i]->fd >= 0)
			close(r->uploads[i]->fd);
	if (r->resp.fd >= 0)
		close(r->resp.fd);
	response_pieces_drop(r);
	free(r->resp.pieces);
	if (r->json)
		json_decref((json_t *)r->json);
	buf_release(&r->resp.body);
	buf_release(&r->raw);
	buf_release(&r->field);
	arena_release(&r->arena);
	free(r);
}

/* What a reply of pieces holds until MHD has sent it: the body, and the files mapped. */
struct pieces_held {
	char *body;
	size_t n;
	struct MHD_IoVec maps[];	/* of the files; NULL base for body pieces */
};

static void pieces_free(void *cls)
{
	struct pieces_held *h = cls;
	for (size_t i = 0; i < h->n; i++)
		if (h->maps[i].iov_base)
			munmap((void *)h->maps[i].iov_base, h->maps[i].iov_len);
	free(h->body);
	free(h);
}

/* The pieces as one reply: files mapped (their descriptors closed), nothing copied. */
static struct MHD_Response *response_of_pieces(struct response *rs)
{
	cut_body(rs);
	size_t n = rs->n_pieces, len;
	struct pieces_held *h = xcalloc(1, sizeof(*h) + n * sizeof(h->maps[0]));
	struct MHD_IoVec *iov = xcalloc(n, sizeof(*iov));
	h->body = buf_detach(&rs->body, &len);
	h->n = n;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct resp_piece *p = &rs->pieces[i];
		if (p->fd < 0) {
			iov[i] = (struct MHD_IoVec){ h->body + p->off, p->len };
			continue;
		}
		void *map = ok ? mmap(NULL, p->len, PROT_READ, MAP_SHARED | MAP_POPULATE, p->fd, 0) : MAP_FAILED;
		close(p->fd);
		p->fd = -1;
		if (map == MAP_FAILED) {
			ok = false;
			continue;
		}
		h->maps[i] = iov[i] = (struct MHD_IoVec){ map, p->len };
	}
	struct MHD_Response *m = ok ? MHD_create_response_from_iovec(iov, (unsigned)n, pieces_free, h)
				    : NULL;
	if (!m) {
		log_error("http: a reply of %zu pieces could not be made", n);
		pieces_free(h);
	}
	free(iov);
	return m;
}

static enum MHD_Result send_response(struct request *r)
{
	struct response *rs = &r->resp;
	struct MHD_Response *m;
	if (rs->n_pieces) {
		m = response_of_pieces(rs);
	} else if (rs->fd >= 0) {
		m = MHD_create_response_from_fd(rs->fd_size, rs->fd);
		rs->fd = -1;	/* MHD owns it now */
	} else {
		size_t len;
		char *body = buf_detach(&rs->body, &len);
		m = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	if (!m)
		return MHD_NO;
	if (rs->content_type)
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	for (int i = 0; i < rs->n_headers; i++)
		MHD_add_response_header(m, rs->header_name[i], rs->header_value[i]);
	if (atomic_load(&stopping))
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)(rs->status ? rs->status : 200), m);
	MHD_destroy_response(m);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct request *r = *con_cls;
	struct conn *c = conn_of(conn);
	if (!r) {
		/* first call: the head is complete */
		atomic_fetch_add(&s->active, 1);
		*con_cls = r = request_new(s, conn, url, method);
		bool path_nul = c && c->nul_parts > r->query_nul_parts;
		if (c) {
			c->nul_parts = 0;
			deadline_body_start(s, c);
		}
		const char *bad = path_nul ? "Bad Request: a NUL byte (%00) in the path\n"
					   : framing_error(conn, version);
		return bad ? refuse_framing(r, bad) : MHD_YES;
	}
	if (*upload_size) {
		if (c)
			deadline_body_data(s, c, *upload_size);
		if (r->body_urlencoded)
			scan_urlencoded_nul(r, upload_data, *upload_size);
		if (r->pp) {
			if (MHD_post_process(r->pp, upload_data, *upload_size) != MHD_YES) {
				/* malformed body: stop parsing, answer with what we have */
				MHD_destroy_post_processor(r->pp);
				r->pp = NULL;
			}
		} else if (r->body_json) {
			if (buf_add(&r->raw, upload_data, *upload_size))
				r->body_too_large = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->handled)
		return MHD_YES;
	r->handled = true;
	if (c)
		deadline_none(c);	/* final call: the body is complete */
	if (r->pp) {
		MHD_destroy_post_processor(r->pp);	/* flushes the last field */
		r->pp = NULL;
	}
	finish_field(r);
	if (r->body_json)
		parse_json_body(r);
	s->o.handler(r);
	return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *r = *con_cls;
	struct conn *c = conn_of(conn);
	if (c) {
		deadline_head(s, c);	/* a kept-alive connection waits for the next head */
		c->nul_parts = 0;
	}
	if (!r)
		return;
	if (!s->o.quiet_access_log) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
			    (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
		log_info("access %s %s %s %d %.1fms%s", r->remote, r->method, r->log_path,
			 r->resp.status ? r->resp.status : 200, ms,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	}
	request_free(r);
	*con_cls = NULL;
	atomic_store(&s->last_done, now_ms());
	atomic_store(&s->give_back, true);
	atomic_fetch_sub(&s->active, 1);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof(*ss));
	char *h = host;
	if (h[0] == '[') {
		h++;
		h[strlen(h) - 1] = '\0';
	}
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	if (!*h || strcmp(h, "*") == 0 || strcmp(h, "0.0.0.0") == 0) {
		in4->sin_family = AF_INET;
		in4->sin_addr.s_addr = htonl(INADDR_ANY);
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
	} else if (inet_pton(AF_INET, strcmp(h, "localhost") == 0 ? "127.0.0.1" : h,
			     &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, h, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
	} else {
		return -1;
	}
	return 0;
}

/*
 * The listening socket, bound here rather than by MHD to report a busy port
 * plainly.  SO_REUSEADDR lets a restart bind over connections in TIME_WAIT;
 * never SO_REUSEPORT, with which a second server on the port would start
 * and the kernel would split requests between two databases.
 */
static int open_listener(const struct sockaddr_storage *ss, socklen_t len, const char *where,
			 char *err, size_t errlen)
{
	int one = 1;
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    (ss->ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one))) ||
	    bind(fd, (const struct sockaddr *)ss, len) || listen(fd, SOMAXCONN)) {
		int e = errno;
		close(fd);
		errno = e;
		goto fail;
	}
	return fd;
fail:
	if (errno == EADDRINUSE)
		snprintf(err, errlen, "cannot listen on %s: address already in use "
			 "(is another tolk running?)", where);
	else
		snprintf(err, errlen, "cannot listen on %s: %s", where, strerror(errno));
	return -1;
}

struct server *server_start(const struct server_opts *o, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(o->listen, &ss, &sslen)) {
		snprintf(err, errlen, "bad listen address '%s' (want HOST:PORT)", o->listen);
		return NULL;
	}
	int lfd = open_listener(&ss, sslen, o->listen, err, errlen);
	if (lfd < 0)
		return NULL;
	struct server *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	if (watchdog_start(s)) {
		snprintf(err, errlen, "cannot start the connection watchdog: %s", strerror(errno));
		close(lfd);
		free(s);
		return NULL;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,	/* first, or unused */
				MHD_OPTION_LISTEN_SOCKET, lfd,
				MHD_OPTION_CONNECTION_LIMIT, o->connection_limit,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip_limit,
				MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_seconds,
				MHD_OPTION_THREAD_STACK_SIZE, (size_t)HTTP_THREAD_STACK,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
				MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot serve on %s: %s", o->listen, strerror(errno));
		close(lfd);
		watchdog_stop(s);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	return s;
}

uint16_t server_port(const struct server *s)
{
	return s->port;
}

void server_stop(struct server *s, int grace_seconds)
{
	atomic_store(&stopping, true);
	MHD_socket ls = MHD_quiesce_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < grace_seconds * 20 && atomic_load(&s->active) > 0; i++)
		usleep(50000);
	MHD_stop_daemon(s->d);
	watchdog_stop(s);
	free(s);
}
