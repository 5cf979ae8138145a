/*
 * Webhook dispatcher.
 *
 * DESIGN
 * - The queue is the webhook_delivery table.  API calls only INSERT rows in
 *   their own transaction (model/webhooks.c) and then kick this thread with
 *   curl_multi_wakeup(); they never wait for a receiver.
 * - One thread owns a CURLM.  Its loop: claim due rows, start POSTs,
 *   curl_multi_perform, read finished transfers, curl_multi_poll until the
 *   next claim time.  A kick schedules a claim WEBHOOK_BATCH_WINDOW_MS
 *   after the first kick, so events of near-simultaneous calls travel in
 *   one POST; without kicks it claims every WEBHOOK_POLL_MS (retries that
 *   became due, rows queued by other nodes or before a restart).
 * - Claiming sets next_attempt_at = now + WEBHOOK_LEASE_SECONDS in one
 *   UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING,
 *   so on PostgreSQL several nodes never send the same row; on SQLite the
 *   process-wide writer lock serialises claims.  A node that dies mid-send
 *   leaves the row due again when the lease runs out; a clean stop hands
 *   in-flight rows back at once.
 * - Rows with the same url + headers whose payload is a JSON array are
 *   merged into one body (arrays concatenated), up to WEBHOOK_MAX_BODY.
 * - Outcome: 2xx -> 'sent'.  Otherwise attempts+1 and next_attempt_at by the
 *   backoff table with +-20 % jitter, 'failed' after WEBHOOK_MAX_ATTEMPTS.
 *   Refused URLs and blocked addresses fail at once (attempts 1, one log
 *   line, last_error "refused: ..." or "blocked: <ip> is ...").
 * - SSRF guard, in three steps (no redirects are followed):
 *   1. Before any network activity the URL must be http(s), carry no user
 *      info and name its host as a DNS name or an IP literal; a literal must
 *      pass the address policy.
 *   2. CURLOPT_OPENSOCKETFUNCTION sees every address curl is about to
 *      connect to (after its own DNS lookup; each happy-eyeballs candidate)
 *      and refuses blocked ones with CURL_SOCKET_BAD: no packet reaches them,
 *      and the address checked is the address used, so DNS rebinding gains
 *      nothing.  Blocked: loopback, private, link-local, CGNAT, ULA,
 *      multicast, reserved and mapped/compat IPv6 forms, unless inside the
 *      --webhook-allow CIDR list.  When every candidate was refused the
 *      delivery fails at once; when an allowed one was tried, curl's
 *      COULDNT_CONNECT is an ordinary failure and retried.
 *   3. CURLOPT_PREREQFUNCTION re-checks the connected peer (defence in depth).
 * - The rows are also the projects' delivery logs (the webhooks page): every
 *   WEBHOOK_PRUNE_MS the thread deletes sent and failed rows created more
 *   than webhook-keep ago, WEBHOOK_PRUNE_ROWS at a time through the
 *   (state, created) index, so the table does not grow without bound.
 * - Proxies: http_proxy, HTTPS_PROXY, ALL_PROXY, no_proxy... are ignored
 *   (CURLOPT_PROXY "" and CURLOPT_NOPROXY ""), so the environment cannot
 *   send webhooks elsewhere.  With webhook-proxy set, every connection goes
 *   to that proxy: steps 2 and 3 would only see the proxy's address (the
 *   operator's choice, allowed whatever it is) and are skipped.  Step 1
 *   still refuses blocked IP literals, but the proxy resolves names, so
 *   refusing names of internal hosts is then the proxy's job (use an
 *   egress-filtering proxy).
 */
#include "jobs/webhook.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "model/webhooks.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* ------------------------------------------------------------ SSRF policy */

struct cidr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int bits;
};

#define MAX_ALLOW 64
static struct cidr allow_list[MAX_ALLOW];
static int n_allow;

int webhook_allow_parse(const char *list)
{
	n_allow = 0;
	if (!list)
		return 0;
	char item[128];
	const char *p = list;
	while (*p) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(p, ", \t");
		if (!n)
			break;
		if (n >= sizeof(item) || n_allow == MAX_ALLOW)
			return -1;
		memcpy(item, p, n);
		item[n] = '\0';
		p += n;
		struct cidr *r = &allow_list[n_allow];
		char *slash = strchr(item, '/');
		if (slash)
			*slash = '\0';
		if (inet_pton(AF_INET, item, r->addr) == 1) {
			r->family = AF_INET;
			r->bits = 32;
		} else if (inet_pton(AF_INET6, item, r->addr) == 1) {
			r->family = AF_INET6;
			r->bits = 128;
		} else {
			return -1;
		}
		if (slash) {
			char *end;
			long b = strtol(slash + 1, &end, 10);
			if (*end || end == slash + 1 || b < 0 || b > r->bits)
				return -1;
			r->bits = (int)b;
		}
		n_allow++;
	}
	return 0;
}

static bool prefix_match(const unsigned char *a, const unsigned char *net, int bits)
{
	int full = bits / 8, rest = bits % 8;
	if (memcmp(a, net, (size_t)full))
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

static bool allowed_by_list(int family, const unsigned char *a)
{
	for (int i = 0; i < n_allow; i++)
		if (allow_list[i].family == family && prefix_match(a, allow_list[i].addr, allow_list[i].bits))
			return true;
	return false;
}

/* Why an IPv4 address is blocked by default, or NULL. */
static const char *v4_reason(const unsigned char *a)
{
	if (a[0] == 127)
		return "a loopback address";
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168))
		return "a private address";
	if (a[0] == 169 && a[1] == 254)
		return "a link-local address";			/* cloud metadata lives here */
	if (a[0] == 100 && (a[1] & 0xc0) == 64)
		return "a carrier-grade NAT address";		/* 100.64/10 */
	if (a[0] == 0)
		return "a this-network address";		/* 0.0.0.0 reaches this host */
	if (a[0] >= 224 && a[0] < 240)
		return "a multicast address";
	if (a[0] >= 240 || (a[0] == 192 && a[1] == 0 && a[2] == 0) ||	/* 192.0.0/24 */
	    (a[0] == 198 && (a[1] & 0xfe) == 18))			/* 198.18/15 benchmarking */
		return "a reserved address";
	return NULL;
}

static const char *v4_blocked(const unsigned char *a)
{
	return allowed_by_list(AF_INET, a) ? NULL : v4_reason(a);
}

static const char *v6_blocked(const unsigned char *a)
{
	static const unsigned char zero[12] = { 0 };
	static const unsigned char one[4] = { 0, 0, 0, 1 };
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	if (allowed_by_list(AF_INET6, a))
		return NULL;
	if (!memcmp(a, mapped, 12))	/* ::ffff:a.b.c.d: only when its IPv4 form is listed */
		return allowed_by_list(AF_INET, a + 12) ? NULL : "an IPv4-mapped address";
	if (!memcmp(a, zero, 12))
		return !memcmp(a + 12, one, 4) ? "a loopback address" :
		       !memcmp(a + 12, zero, 4) ? "the unspecified address" : "an IPv4-compatible address";
	if (!memcmp(a, nat64, 12))	/* 64:ff9b::a.b.c.d: judge the IPv4 address */
		return v4_blocked(a + 12);
	if (a[0] == 0xff)
		return "a multicast address";
	if ((a[0] & 0xfe) == 0xfc)
		return "a unique local address";	/* fc00::/7 */
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "a link-local address";		/* fe80::/10 */
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return "a site-local address";		/* fec0::/10 */
	return NULL;
}

/* The policy on raw address bytes (4 or 16 of them). */
static const char *addr_blocked(int family, const void *a)
{
	if (family == AF_INET)
		return v4_blocked(a);
	if (family == AF_INET6)
		return v6_blocked(a);
	return "not an IP address";
}

const char *webhook_ip_blocked(const char *ip)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, ip, a) == 1)
		return v4_blocked(a);
	if (inet_pton(AF_INET6, ip, a) == 1)
		return v6_blocked(a);
	return "not an IP address";
}

int webhook_ip_allowed(const char *ip)
{
	return webhook_ip_blocked(ip) == NULL;
}

/* ------------------------------------------------------------ URL checks */

static bool ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* A host name (RFC 1123): dot-separated labels of letters, digits and inner
 * hyphens.  An all-digit last label would be read as a number form of an
 * IPv4 address, so it is no name. */
static bool dns_name_ok(const char *h)
{
	size_t n = strlen(h);
	if (n && h[n - 1] == '.')
		n--;	/* absolute name */
	if (!n || n > 253)
		return false;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && h[i] != '.') {
			if (!ldh(h[i]))
				return false;
			continue;
		}
		size_t len = i - start;
		if (!len || len > 63 || h[start] == '-' || h[i - 1] == '-')
			return false;
		if (i == n && strspn(h + start, "0123456789") >= len)
			return false;
		start = i + 1;
	}
	return true;
}

static bool url_has(CURLU *u, CURLUPart part)
{
	char *s = NULL;
	bool has = curl_url_get(u, part, &s, 0) == CURLUE_OK;
	curl_free(s);
	return has;
}

static int check_scheme(CURLU *u, char *why, size_t len)
{
	char *s = NULL;
	curl_url_get(u, CURLUPART_SCHEME, &s, 0);
	int rc = s && (!strcmp(s, "http") || !strcmp(s, "https")) ? 0 : -1;
	if (rc)
		snprintf(why, len, "refused: scheme '%s' (http and https only)", s ? s : "");
	curl_free(s);
	return rc;
}

/* Credentials in a URL would go to whoever answers, and "name@" hides the host from readers. */
static int check_userinfo(CURLU *u, char *why, size_t len)
{
	if (!url_has(u, CURLUPART_USER) && !url_has(u, CURLUPART_PASSWORD) &&
	    !url_has(u, CURLUPART_OPTIONS))
		return 0;
	snprintf(why, len, "refused: URLs with user info are not accepted");
	return -1;
}

/* An IP literal host (brackets stripped) against the policy; NULL when `h` is no literal. */
static const char *literal_blocked(const char *h, bool *literal, char *ip, size_t iplen)
{
	unsigned char a[16];
	char v6[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(h);
	int family = AF_INET;
	if (h[0] == '[' && n > 2 && n < sizeof(v6) && h[n - 1] == ']') {
		snprintf(v6, sizeof(v6), "%.*s", (int)(n - 2), h + 1);
		h = v6;
		family = AF_INET6;
	}
	*literal = inet_pton(family, h, a) == 1;
	if (!*literal)
		return NULL;
	inet_ntop(family, a, ip, (socklen_t)iplen);
	return addr_blocked(family, a);
}

/* curl decodes %XX in a host; a name spelled so is no DNS name (and hides what it is). */
static bool host_has_escape(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return false;
	p += 3;
	return memchr(p, '%', strcspn(p, "/?#")) != NULL;
}

static int check_host(CURLU *u, const char *url, char *host, size_t hostlen, char *why, size_t len)
{
	char *h = NULL;
	if (host_has_escape(url)) {
		snprintf(why, len, "refused: percent-escapes in the host are not accepted");
		return -1;
	}
	if (url_has(u, CURLUPART_ZONEID)) {
		snprintf(why, len, "refused: IPv6 zone IDs are not accepted");
		return -1;
	}
	if (curl_url_get(u, CURLUPART_HOST, &h, 0) || !*h) {
		curl_free(h);
		snprintf(why, len, "refused: no host");
		return -1;
	}
	bool literal;
	const char *blocked = literal_blocked(h, &literal, host, hostlen);
	int rc = 0;
	if (literal && blocked) {
		snprintf(why, len, "blocked: %s is %s (see --webhook-allow)", host, blocked);
		rc = -1;
	} else if (!literal && !dns_name_ok(h)) {
		snprintf(why, len, "refused: host '%.255s' is not a DNS name or an IP address", h);
		rc = -1;
	} else if (!literal) {
		snprintf(host, hostlen, "%s", h);
	}
	curl_free(h);
	return rc;
}

/* The URL parsed for CURLOPT_CURLU once it passed every check that needs no
 * network, with its host (brackets stripped) in host[]; NULL and why[] else. */
static CURLU *url_vet(const char *url, char *host, size_t hostlen, char *why, size_t len)
{
	CURLU *u = curl_url();
	CURLUcode uc = u ? curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME)
			 : CURLUE_OUT_OF_MEMORY;
	if (uc)
		snprintf(why, len, "refused: invalid URL (%s)", curl_url_strerror(uc));
	if (uc || check_scheme(u, why, len) || check_userinfo(u, why, len) ||
	    check_host(u, url, host, hostlen, why, len)) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

int webhook_url_check(const char *url, char *why, size_t whylen)
{
	char host[256];
	CURLU *u = url_vet(url, host, sizeof(host), why, whylen);
	int rc = u ? 0 : -1;
	curl_url_cleanup(u);
	return rc;
}

/* ------------------------------------------------------------ state */

struct batch {
	int64_t *ids;
	int64_t *attempts;
	size_t n, cap;
	char *url, *headers;
	struct buf body;
	bool mergeable;
	struct curl_slist *hdrs;
	CURL *h;
	char errbuf[CURL_ERROR_SIZE];
	CURLU *u;		/* the checked URL the transfer uses */
	char host[256];		/* its host, for messages */
	int opened;		/* sockets opened to allowed addresses */
	bool blocked;		/* an address was refused; the first one: */
	bool blocked_late;	/* ... by the after-connect check */
	char blocked_ip[64];	/* an address as text, or "address family N" */
	const char *blocked_why;
	struct timespec t0;
	struct batch *next;
};

static struct {
	struct db *db;
	pthread_t th;
	CURLM *multi;
	pthread_mutex_t mu;
	bool running;		/* under mu: multi is valid */
	bool kicked;		/* under mu */
	int64_t kick_ms;	/* under mu */
	atomic_bool stop;
	struct batch *flying;
	int n_flying;
	char *proxy;		/* webhook-proxy, NULL for none */
	int64_t keep;		/* webhook-keep in seconds, 0: for ever */
} W = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void webhook_kick(void)
{
	pthread_mutex_lock(&W.mu);
	if (W.running) {
		if (!W.kicked) {
			W.kicked = true;
			W.kick_ms = now_ms();
		}
		curl_multi_wakeup(W.multi);
	}
	pthread_mutex_unlock(&W.mu);
}

/* ------------------------------------------------------------ claiming */

static const char claim_sqlite[] =
	"UPDATE webhook_delivery SET next_attempt_at = ? WHERE id IN (SELECT id FROM "
	"webhook_delivery WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?) "
	"RETURNING id, url, headers, payload, attempts";
static const char claim_pg[] =
	"UPDATE webhook_delivery SET next_attempt_at = ? WHERE id IN (SELECT id FROM "
	"webhook_delivery WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ? "
	"FOR UPDATE SKIP LOCKED) RETURNING id, url, headers, payload, attempts";

struct row {
	int64_t id, attempts;
	char *url, *headers, *payload;
};

static int cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The inside of a JSON array payload ("[a,b]" -> "a,b"), or NULL when not an array. */
static const char *array_inner(const char *p, size_t *len)
{
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\n'))
		n--;
	while (n && (*p == ' ' || *p == '\n')) {
		p++;
		n--;
	}
	if (n < 2 || p[0] != '[' || p[n - 1] != ']')
		return NULL;
	*len = n - 2;
	return p + 1;
}

static void batch_add_id(struct batch *b, int64_t id, int64_t attempts)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->ids = xrealloc(b->ids, b->cap * sizeof(*b->ids));
		b->attempts = xrealloc(b->attempts, b->cap * sizeof(*b->attempts));
	}
	b->ids[b->n] = id;
	b->attempts[b->n++] = attempts;
}

static void batch_free(struct batch *b)
{
	if (b->h)
		curl_easy_cleanup(b->h);
	curl_url_cleanup(b->u);
	curl_slist_free_all(b->hdrs);
	buf_release(&b->body);
	free(b->ids);
	free(b->attempts);
	free(b->url);
	free(b->headers);
	free(b);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	return size * n;
}

static void note_blocked(struct batch *b, const char *ip, const char *why)
{
	if (b->blocked)
		return;
	b->blocked = true;
	snprintf(b->blocked_ip, sizeof(b->blocked_ip), "%s", ip);
	b->blocked_why = why;
}

/* The policy on a curl_sockaddr, with its address as text in ip[]. */
static const char *sockaddr_blocked(const struct curl_sockaddr *sa, char *ip, size_t iplen)
{
	struct sockaddr_storage ss;
	size_t n = sa->addrlen < sizeof(ss) ? sa->addrlen : sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	/* addr is declared as a struct sockaddr but holds the whole address */
	memcpy(&ss, (const char *)sa + offsetof(struct curl_sockaddr, addr), n);
	const void *a = NULL;
	if (sa->family == AF_INET && n >= sizeof(struct sockaddr_in))
		a = &((const struct sockaddr_in *)&ss)->sin_addr;
	else if (sa->family == AF_INET6 && n >= sizeof(struct sockaddr_in6))
		a = &((const struct sockaddr_in6 *)&ss)->sin6_addr;
	if (!a || !inet_ntop(sa->family, a, ip, (socklen_t)iplen)) {
		snprintf(ip, iplen, "address family %d", sa->family);
		return "not an IP address";
	}
	return addr_blocked(sa->family, a);
}

/* Before connect, for every address curl tries: a blocked one gets no socket, so no packet. */
static curl_socket_t open_checked(void *ud, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct batch *b = ud;
	char ip[64];
	const char *why = sockaddr_blocked(sa, ip, sizeof(ip));
	if (why) {
		note_blocked(b, ip, why);
		return CURL_SOCKET_BAD;
	}
	b->opened++;
	return socket(sa->family, sa->socktype | SOCK_CLOEXEC, sa->protocol);
}

/* After connect: the peer again, should anything bypass open_checked. */
static int prereq(void *ud, char *ip, char *local_ip, int port, int local_port)
{
	struct batch *b = ud;
	const char *why = webhook_ip_blocked(ip);
	if (!why)
		return CURL_PREREQFUNC_OK;
	note_blocked(b, ip, why);
	b->blocked_late = true;
	return CURL_PREREQFUNC_ABORT;
}

static void record_outcome(struct batch *b, bool ok, bool permanent, long status, const char *error);

/* Fail a batch that never reached the network; one log line. */
static void batch_refuse(struct batch *b, const char *why)
{
	log_warn("webhook: %zu row(s) not delivered: %s", b->n, why);
	record_outcome(b, false, true, 0, why);
	batch_free(b);
}

static void set_headers(struct batch *b)
{
	b->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	b->hdrs = curl_slist_append(b->hdrs, "User-Agent: tolk-webhook/1");
	b->hdrs = curl_slist_append(b->hdrs, "Expect:");
	for (char *line = b->headers; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line)
			b->hdrs = curl_slist_append(b->hdrs, line);
		if (!nl)
			break;
		*nl = '\n';
		line = nl + 1;
	}
}

static void set_guard(CURL *h, struct batch *b)
{
	/* "" ignores http_proxy, ALL_PROXY & co.; no_proxy cannot route around ours */
	curl_easy_setopt(h, CURLOPT_PROXY, W.proxy ? W.proxy : "");
	curl_easy_setopt(h, CURLOPT_NOPROXY, "");
	if (W.proxy)
		return;	/* every connection goes to the proxy (see DESIGN) */
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_checked);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, b);
	curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, prereq);
	curl_easy_setopt(h, CURLOPT_PREREQDATA, b);
}

static void batch_start(struct batch *b)
{
	char why[512];
	b->u = url_vet(b->url, b->host, sizeof(b->host), why, sizeof(why));
	if (!b->u) {
		batch_refuse(b, why);
		return;
	}
	if (b->mergeable)
		buf_addc(&b->body, ']');
	set_headers(b);
	CURL *h = curl_easy_init();
	b->h = h;
	curl_easy_setopt(h, CURLOPT_CURLU, b->u);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, b->body.data);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)b->body.len);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, b->hdrs);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBHOOK_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)WEBHOOK_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)64 * 1024);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, b->errbuf);
	curl_easy_setopt(h, CURLOPT_PRIVATE, b);
	set_guard(h, b);
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
	curl_multi_add_handle(W.multi, h);
	b->next = W.flying;
	W.flying = b;
	W.n_flying++;
}

/* Claim due rows and start their POSTs.  Returns the number of rows claimed. */
static size_t claim(void)
{
	struct db_conn *c = db_acquire(W.db);
	if (db_begin(c, true)) {
		log_warn("webhook claim: %s", db_errmsg(c));
		db_release(c);
		return 0;
	}
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c, db_conn_kind(c) == DB_POSTGRES ? claim_pg : claim_sqlite,
				      "iii", now + WEBHOOK_LEASE_SECONDS, now,
				      (int64_t)WEBHOOK_CLAIM_ROWS);
	struct row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc = st ? 0 : -1;
	while (st && (rc = db_step(st)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		rows[n].id = db_col_int(st, 0);
		rows[n].url = xstrdup(db_col_text(st, 1));
		rows[n].headers = xstrdup(db_col_text(st, 2));
		rows[n].payload = xstrdup(db_col_text(st, 3));
		rows[n++].attempts = db_col_int(st, 4);
	}
	db_done(st);
	if (rc < 0 || db_commit(c)) {
		log_warn("webhook claim: %s", db_errmsg(c));
		db_rollback(c);
		for (size_t i = 0; i < n; i++) {
			free(rows[i].url);
			free(rows[i].headers);
			free(rows[i].payload);
		}
		free(rows);
		db_release(c);
		return 0;
	}
	db_release(c);
	if (n > 1)
		qsort(rows, n, sizeof(*rows), cmp_row);

	/* group into batches: same url + headers, array payloads merged */
	struct batch *open = NULL;
	for (size_t i = 0; i < n; i++) {
		struct row *r = &rows[i];
		size_t ilen = 0;
		const char *inner = array_inner(r->payload, &ilen);
		struct batch *b = NULL;
		if (inner)
			for (b = open; b; b = b->next)
				if (b->mergeable && !strcmp(b->url, r->url) && !strcmp(b->headers, r->headers) &&
				    b->body.len + ilen + 2 <= WEBHOOK_MAX_BODY)
					break;
		if (!b) {
			b = xcalloc(1, sizeof(*b));
			b->url = xstrdup(r->url);
			b->headers = xstrdup(r->headers);
			buf_init(&b->body, 0);
			b->mergeable = inner != NULL;
			if (inner)
				buf_addc(&b->body, '[');
			else
				buf_adds(&b->body, r->payload);
			b->next = open;
			open = b;
		}
		if (inner && ilen) {
			if (b->body.len > 1)
				buf_addc(&b->body, ',');
			buf_add(&b->body, inner, ilen);
		}
		batch_add_id(b, r->id, r->attempts);
		free(r->url);
		free(r->headers);
		free(r->payload);
	}
	free(rows);
	while (open) {
		struct batch *b = open;
		open = b->next;
		batch_start(b);
	}
	return n;
}

/* ------------------------------------------------------------ outcomes */

static int64_t backoff_seconds(int64_t attempts)
{
	static const int64_t table[] = { 1, 5, 30, 120, 600, 3600, 21600 };
	size_t n = sizeof(table) / sizeof(table[0]);
	int64_t base = table[attempts < 1 ? 0 : (size_t)attempts - 1 < n ? attempts - 1 : (int64_t)n - 1];
	/* +-20 % jitter */
	int64_t span = base * 2 / 5;
	int64_t d = base - base / 5 + (span ? (int64_t)arc4random_uniform((uint32_t)span + 1) : 0);
	return d < 1 ? 1 : d;
}

static void record_outcome(struct batch *b, bool ok, bool permanent, long status, const char *error)
{
	struct db_conn *c = db_acquire(W.db);
	if (db_begin(c, true)) {
		log_warn("webhook outcome: %s", db_errmsg(c));
		db_release(c);
		return;
	}
	int64_t now = time(NULL);
	int rc = 0;
	for (size_t i = 0; i < b->n && !rc; i++) {
		int64_t att = b->attempts[i] + 1;
		if (ok)
			rc = db_exec(c, "UPDATE webhook_delivery SET state = 'sent', attempts = ?, "
				     "last_status = ?, last_error = '', sent_at = ? WHERE id = ?",
				     "iiii", att, (int64_t)status, now, b->ids[i]);
		else
			rc = db_exec(c, "UPDATE webhook_delivery SET state = ?, attempts = ?, "
				     "last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
				     "siisii", permanent || att >= WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending",
				     att, (int64_t)status, error, now + backoff_seconds(att), b->ids[i]);
	}
	if (rc || db_commit(c)) {
		log_warn("webhook outcome: %s", db_errmsg(c));
		db_rollback(c);
	}
	db_release(c);
}

static void unlink_batch(struct batch *b)
{
	for (struct batch **pp = &W.flying; *pp; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			W.n_flying--;
			return;
		}
}

static void finish(CURL *h, CURLcode res)
{
	struct batch *b = NULL;
	curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&b);
	curl_multi_remove_handle(W.multi, h);
	unlink_batch(b);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - b->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - b->t0.tv_nsec) / 1e6;
	bool ok = res == CURLE_OK && status >= 200 && status < 300;
	/* refused before connect counts only when no allowed address was tried */
	bool blocked = b->blocked && (b->blocked_late || (res != CURLE_OK && !b->opened));
	bool permanent = blocked || res == CURLE_UNSUPPORTED_PROTOCOL || res == CURLE_URL_MALFORMAT;
	char error[CURL_ERROR_SIZE + 512];
	if (ok)
		error[0] = '\0';
	else if (blocked && strcmp(b->host, b->blocked_ip))
		snprintf(error, sizeof(error), "blocked: %s (from %s) is %s (see --webhook-allow)",
			 b->blocked_ip, b->host, b->blocked_why);
	else if (blocked)
		snprintf(error, sizeof(error), "blocked: %s is %s (see --webhook-allow)", b->blocked_ip,
			 b->blocked_why);
	else if (res != CURLE_OK)
		snprintf(error, sizeof(error), "curl %d: %s", (int)res,
			 *b->errbuf ? b->errbuf : curl_easy_strerror(res));
	else
		snprintf(error, sizeof(error), "HTTP %ld", status);
	if (ok)
		log_debug("webhook: %zu event row(s) delivered, HTTP %ld, %.1f ms", b->n, status, ms);
	else
		log_warn("webhook: %zu row(s) not delivered: %s (%.1f ms)", b->n, error, ms);
	record_outcome(b, ok, permanent, status, error);
	batch_free(b);
}

/* Stop: hand in-flight rows back (due now) so a restart or another node sends them. */
static void abort_flying(void)
{
	struct db_conn *c = db_acquire(W.db);
	bool txn = db_begin(c, true) == 0;
	int64_t now = time(NULL);
	while (W.flying) {
		struct batch *b = W.flying;
		W.flying = b->next;
		curl_multi_remove_handle(W.multi, b->h);
		for (size_t i = 0; txn && i < b->n; i++)
			db_exec(c, "UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ? AND "
				"state = 'pending'", "ii", now, b->ids[i]);
		batch_free(b);
	}
	W.n_flying = 0;
	if (txn && db_commit(c))
		db_rollback(c);
	db_release(c);
}

/* ------------------------------------------------------------ the log's end */

/* Finished rows older than webhook-keep, a few batches per round (a backlog goes over rounds). */
static void prune(void)
{
	if (W.keep <= 0)
		return;
	int64_t before = time(NULL) - W.keep, total = 0, got;
	struct db_conn *c = db_acquire(W.db);
	for (int round = 0; round < 10; round++) {
		if (db_begin(c, true)) {
			log_warn("webhook prune: %s", db_errmsg(c));
			break;
		}
		got = webhook_prune(c, before, WEBHOOK_PRUNE_ROWS);
		if (got < 0 || db_commit(c)) {
			log_warn("webhook prune: %s", db_errmsg(c));
			db_rollback(c);
			break;
		}
		total += got;
		if (got < WEBHOOK_PRUNE_ROWS)
			break;
	}
	db_release(c);
	if (total)
		log_debug("webhook: %" PRId64 " finished deliveries older than %" PRId64 " s pruned",
			  total, W.keep);
}

/* ------------------------------------------------------------ thread */

static void *worker(void *arg)
{
	int64_t next_claim = 0;	/* at start: rows left by a previous run */
	int64_t next_prune = 0;
	while (!atomic_load(&W.stop)) {
		int64_t now = now_ms();
		if (now >= next_prune) {
			prune();
			next_prune = now + WEBHOOK_PRUNE_MS;
		}
		pthread_mutex_lock(&W.mu);
		bool kick_due = W.kicked && now >= W.kick_ms + WEBHOOK_BATCH_WINDOW_MS;
		pthread_mutex_unlock(&W.mu);
		if ((now >= next_claim || kick_due) && W.n_flying < WEBHOOK_MAX_IN_FLIGHT) {
			pthread_mutex_lock(&W.mu);
			W.kicked = false;
			pthread_mutex_unlock(&W.mu);
			size_t got = claim();
			next_claim = got == WEBHOOK_CLAIM_ROWS ? now : now + WEBHOOK_POLL_MS;
		}
		int running = 0;
		curl_multi_perform(W.multi, &running);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(W.multi, &left)))
			if (m->msg == CURLMSG_DONE)
				finish(m->easy_handle, m->data.result);
		now = now_ms();
		int64_t wait = next_claim - now;
		if (W.n_flying < WEBHOOK_MAX_IN_FLIGHT) {
			pthread_mutex_lock(&W.mu);
			if (W.kicked && W.kick_ms + WEBHOOK_BATCH_WINDOW_MS - now < wait)
				wait = W.kick_ms + WEBHOOK_BATCH_WINDOW_MS - now;
			pthread_mutex_unlock(&W.mu);
		} else if (wait < WEBHOOK_POLL_MS) {
			wait = WEBHOOK_POLL_MS;	/* transfers wake us */
		}
		if (wait > WEBHOOK_POLL_MS)
			wait = WEBHOOK_POLL_MS;
		if (wait > 0)
			curl_multi_poll(W.multi, NULL, 0, (int)wait, NULL);
	}
	abort_flying();
	return NULL;
}

/* A proxy URL curl can use ("host:port" means http://host:port). */
static bool proxy_ok(const char *proxy)
{
	CURLU *u = curl_url();
	bool ok = u && !curl_url_set(u, CURLUPART_URL, proxy, CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME);
	curl_url_cleanup(u);
	return ok;
}

int webhook_worker_start(struct db *db, const struct config *cfg, char *err, size_t errlen)
{
	if (webhook_allow_parse(cfg->webhook_allow)) {
		snprintf(err, errlen, "webhook-allow: bad CIDR list '%s'", cfg->webhook_allow);
		return -1;
	}
	const char *proxy = cfg->webhook_proxy ? cfg->webhook_proxy : "";
	if (*proxy && !proxy_ok(proxy)) {
		snprintf(err, errlen, "webhook-proxy: not a proxy URL");	/* may hold a password */
		return -1;
	}
	free(W.proxy);
	W.proxy = *proxy ? xstrdup(proxy) : NULL;
	W.keep = cfg->webhook_keep;
	W.db = db;
	W.multi = curl_multi_init();
	curl_multi_setopt(W.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)WEBHOOK_MAX_IN_FLIGHT);
	curl_multi_setopt(W.multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
	atomic_store(&W.stop, false);
	W.flying = NULL;
	W.n_flying = 0;
	pthread_mutex_lock(&W.mu);
	W.running = true;
	W.kicked = false;
	pthread_mutex_unlock(&W.mu);
	if (pthread_create(&W.th, NULL, worker, NULL)) {
		pthread_mutex_lock(&W.mu);
		W.running = false;
		pthread_mutex_unlock(&W.mu);
		curl_multi_cleanup(W.multi);
		free(W.proxy);
		W.proxy = NULL;
		snprintf(err, errlen, "cannot start the webhook thread");
		return -1;
	}
	return 0;
}

void webhook_worker_stop(void)
{
	pthread_mutex_lock(&W.mu);
	bool was = W.running;
	if (was) {
		atomic_store(&W.stop, true);
		curl_multi_wakeup(W.multi);
	}
	pthread_mutex_unlock(&W.mu);
	if (!was)
		return;
	pthread_join(W.th, NULL);
	pthread_mutex_lock(&W.mu);
	W.running = false;
	pthread_mutex_unlock(&W.mu);
	curl_multi_cleanup(W.multi);
	W.multi = NULL;
	free(W.proxy);
	W.proxy = NULL;
}
