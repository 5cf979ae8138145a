/*
 * server: libmicrohttpd in thread-per-connection mode (handlers may block
 * on the database), with connection, per-IP and timeout limits.  Bodies
 * are parsed into request params as they stream in; uploads go to memfds.
 * One access-log line per request, with the secret-masked path only.
 *
 * Hardening: a watchdog closes connections whose request headers or body
 * do not arrive by their deadline (slow clients would otherwise hold a
 * thread each); the listening socket is never shared with another process
 * (no SO_REUSEPORT); requests with ambiguous framing (several
 * Content-Length, Content-Length with Transfer-Encoding, anything but
 * "chunked") get 400 and a closed connection, so no body can be read as a
 * second, smuggled request.
 */
#ifndef TOLK_SERVER_H
#define TOLK_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct request;
typedef void (*request_handler_fn)(struct request *r);

struct server_opts {
	const char *listen;		/* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned connection_limit;
	unsigned per_ip_limit;
	unsigned timeout_seconds;	/* inactivity */
	unsigned header_timeout;	/* seconds for the request head; 0: none */
	unsigned body_timeout;		/* seconds for the body, before the rate credit; 0: none */
	unsigned body_min_rate;		/* body bytes per extra second; 0: no credit */
	request_handler_fn handler;
	struct app *app;
	int quiet_access_log;
};

struct server;
struct server *server_start(const struct server_opts *o, char *err, size_t errlen);
uint16_t server_port(const struct server *s);
/* Stop accepting, let in-flight requests finish (up to grace_seconds), then stop. */
void server_stop(struct server *s, int grace_seconds);

#endif
