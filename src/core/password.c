#include "core/password.h"
#include "core/limits.h"
#include "core/log.h"
#include "core/utf8.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static pthread_once_t once = PTHREAD_ONCE_INIT, dummy_once = PTHREAD_ONCE_INIT;
static int init_rc = -1, dummy_rc = -1;
static sem_t slots;
static char dummy[PASSWORD_HASH_BYTES];	/* what an unknown login's password is checked against */

static void init(void)
{
	if (sodium_init() >= 0 && !sem_init(&slots, 0, LIMIT_PASSWORD_HASHES))
		init_rc = 0;
}

/* A hash of a random password, made once: the CLI, which only hashes, never pays for it. */
static void make_dummy(void)
{
	unsigned char pw[32];
	randombytes_buf(pw, sizeof(pw));
	dummy_rc = crypto_pwhash_str(dummy, (const char *)pw, sizeof(pw),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static int ready(bool with_dummy)
{
	pthread_once(&once, init);
	if (!init_rc && with_dummy)
		pthread_once(&dummy_once, make_dummy);
	if (init_rc || (with_dummy && dummy_rc))
		log_error("password: libsodium could not be set up");
	return init_rc || (with_dummy && dummy_rc) ? -1 : 0;
}

int password_init(void)
{
	return ready(true);
}

static bool take_slot(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += LIMIT_PASSWORD_WAIT;
	while (sem_timedwait(&slots, &until))
		if (errno != EINTR)
			return false;
	return true;
}

enum pw_result password_hash(const char *password, size_t len, char out[PASSWORD_HASH_BYTES])
{
	if (ready(false))
		return PW_ERROR;
	if (!take_slot())
		return PW_BUSY;
	/* fails only when out of memory (64 MiB) */
	int rc = crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sem_post(&slots);
	return rc ? PW_ERROR : PW_OK;
}

enum pw_result password_verify(const char *stored, const char *password, size_t len, bool *rehash)
{
	*rehash = false;
	if (ready(true))
		return PW_ERROR;
	if (!take_slot())
		return PW_BUSY;
	bool real = stored && *stored;
	int rc = crypto_pwhash_str_verify(real ? stored : dummy, password, len);
	sem_post(&slots);
	if (rc || !real)
		return PW_MISMATCH;
	*rehash = crypto_pwhash_str_needs_rehash(stored, crypto_pwhash_OPSLIMIT_INTERACTIVE,
						 crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
	return PW_OK;
}

#define STR_(x) #x
#define STR(x) STR_(x)

const char *password_rule_broken(const char *password, size_t len)
{
	if (len > LIMIT_PASSWORD_BYTES)
		return "the password is longer than " STR(LIMIT_PASSWORD_BYTES) " bytes";
	if (memchr(password, '\0', len) || !utf8_valid(password, len, NULL))
		return "the password must be UTF-8 text without NUL characters";
	if (utf8_count(password, len) < LIMIT_PASSWORD_MIN_CHARS)
		return "the password must have at least " STR(LIMIT_PASSWORD_MIN_CHARS) " characters";
	return NULL;
}
