/*
 * The HTTP step of an MT call: one POST with timeouts, a capped reply and
 * no redirects.  For a base URL a project gave (mt_conf.untrusted_url) the
 * webhook SSRF policy vets every address curl connects to and proxies from
 * the environment are ignored (jobs/webhook.c); admin-set URLs may be
 * private (a self-hosted LibreTranslate) and go through the environment's
 * proxy, if any.
 */
#include "mt/mt_int.h"
#include "core/mem.h"
#include "jobs/webhook.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

void mt_req_init(struct mt_req *r)
{
	buf_init(&r->url, 0);
	buf_init(&r->body, 0);
	r->headers = NULL;
}

void mt_req_release(struct mt_req *r)
{
	buf_release(&r->url);
	buf_release(&r->body);
	curl_slist_free_all(r->headers);
	r->headers = NULL;
}

void mt_req_header(struct mt_req *r, const char *name, const char *value)
{
	struct buf h;
	buf_init(&h, 0);
	buf_printf(&h, "%s: %s", name, value);
	r->headers = curl_slist_append(r->headers, h.data);
	buf_release(&h);
}

void mt_urlencode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

/* ------------------------------------------------------------ reply */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct mt_reply *rep = ud;
	return buf_add(&rep->body, p, size * n) ? 0 : size * n;	/* over the cap: abort */
}

/* Retry-After: delta-seconds or an HTTP date. */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct mt_reply *rep = ud;
	size_t len = size * n;
	static const char name[] = "retry-after:";
	if (len > sizeof(name) - 1 && len < 256 && !strncasecmp(p, name, sizeof(name) - 1)) {
		char v[256];
		memcpy(v, p + sizeof(name) - 1, len - (sizeof(name) - 1));
		v[len - (sizeof(name) - 1)] = '\0';
		char *s = v + strspn(v, " \t"), *end;
		long secs = strtol(s, &end, 10);
		if (end != s && (!*end || *end == '\r' || *end == '\n' || *end == ' ')) {
			rep->retry_after_ms = secs < 0 ? 0 : secs > 86400 ? 86400000 : secs * 1000;
		} else {
			s[strcspn(s, "\r\n")] = '\0';
			time_t t = curl_getdate(s, NULL);
			time_t now = time(NULL);
			if (t != -1)
				rep->retry_after_ms = t <= now ? 0 : t - now > 86400 ? 86400000 : (long)(t - now) * 1000;
		}
	}
	return len;
}

/* ------------------------------------------------------------ SSRF guard */

struct guard {
	bool blocked;
	char why[160];
};

static curl_socket_t open_checked(void *ud, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct guard *g = ud;
	char ip[INET6_ADDRSTRLEN] = "";
	struct sockaddr_storage ss;
	size_t n = sa->addrlen < sizeof(ss) ? sa->addrlen : sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, (const char *)sa + offsetof(struct curl_sockaddr, addr), n);
	if (sa->family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof(ip));
	else if (sa->family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof(ip));
	const char *why = webhook_ip_blocked(ip);
	if (why) {
		g->blocked = true;
		snprintf(g->why, sizeof(g->why), "blocked: %s is %s (see --webhook-allow)", ip, why);
		return CURL_SOCKET_BAD;
	}
	return socket(sa->family, sa->socktype | SOCK_CLOEXEC, sa->protocol);
}

static int prereq(void *ud, char *ip, char *local_ip, int port, int local_port)
{
	struct guard *g = ud;
	const char *why = webhook_ip_blocked(ip);
	if (!why)
		return CURL_PREREQFUNC_OK;
	g->blocked = true;
	snprintf(g->why, sizeof(g->why), "blocked: %s is %s (see --webhook-allow)", ip, why);
	return CURL_PREREQFUNC_ABORT;
}

/* ------------------------------------------------------------ POST */

int mt_http_post(CURL *h, const struct mt_conf *c, const struct mt_req *r, struct mt_reply *rep,
		 enum mt_status *fatal)
{
	struct guard g = { 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	long timeout = c->timeout_ms > 0 ? c->timeout_ms : MT_DEFAULT_TIMEOUT_MS;
	rep->status = 0;
	rep->retry_after_ms = -1;
	rep->error[0] = '\0';
	buf_release(&rep->body);
	buf_init(&rep->body, MT_MAX_REPLY);
	*fatal = MT_OK;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, r->url.data);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body.data);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body.len);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "tolk-mt/1");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)MT_CONNECT_TIMEOUT_MS < timeout ?
			 (long)MT_CONNECT_TIMEOUT_MS : timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MT_MAX_REPLY);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, rep);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, rep);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if (c->untrusted_url) {
		/* the address checked is the address used: no proxy, every candidate vetted */
		curl_easy_setopt(h, CURLOPT_PROXY, "");
		curl_easy_setopt(h, CURLOPT_NOPROXY, "");
		curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_checked);
		curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &g);
		curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, prereq);
		curl_easy_setopt(h, CURLOPT_PREREQDATA, &g);
	}
	CURLcode res = curl_easy_perform(h);
	if (res == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &rep->status);
		return 0;
	}
	if (g.blocked) {
		*fatal = MT_REJECTED;
		snprintf(rep->error, sizeof(rep->error), "%s", g.why);
	} else if (res == CURLE_UNSUPPORTED_PROTOCOL || res == CURLE_URL_MALFORMAT) {
		*fatal = MT_REJECTED;	/* the base URL is wrong: no attempt can work */
		snprintf(rep->error, sizeof(rep->error), "curl %d: %s", (int)res,
			 *errbuf ? errbuf : curl_easy_strerror(res));
	} else if (res == CURLE_WRITE_ERROR || res == CURLE_FILESIZE_EXCEEDED) {
		*fatal = MT_BAD_REPLY;
		snprintf(rep->error, sizeof(rep->error), "reply over %d bytes", MT_MAX_REPLY);
	} else
		snprintf(rep->error, sizeof(rep->error), "curl %d: %s", (int)res,
			 *errbuf ? errbuf : curl_easy_strerror(res));
	return -1;
}
