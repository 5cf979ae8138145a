/*
 * Passwords: argon2id through libsodium's crypto_pwhash_str (INTERACTIVE
 * limits: 64 MiB and about 95 ms a hash on a small server).  At most
 * LIMIT_PASSWORD_HASHES hashes run at once, whoever asks: a flood of
 * sign-ins queues here instead of taking every core and 64 MiB per request;
 * a caller that waits longer than LIMIT_PASSWORD_WAIT seconds gets
 * PW_BUSY.  Call these outside any database transaction.
 */
#ifndef TOLK_PASSWORD_H
#define TOLK_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_BYTES 128	/* crypto_pwhash_STRBYTES: the encoded hash and its NUL */

enum pw_result { PW_OK = 0, PW_MISMATCH, PW_BUSY, PW_ERROR };

/* Once per process, before threads ask (also done on first use): libsodium, the dummy hash. */
int password_init(void);
/* Hash a password into out ("$argon2id$v=19$..."). */
enum pw_result password_hash(const char *password, size_t len, char out[PASSWORD_HASH_BYTES]);
/*
 * Check a password against a stored hash.  stored NULL (no account, or no
 * password): a dummy hash is checked instead, so the answer takes the same
 * time, and is PW_MISMATCH.  *rehash: the hash is right but made with older
 * limits; the caller stores a new one.
 */
enum pw_result password_verify(const char *stored, const char *password, size_t len, bool *rehash);
/* A new password's rules: UTF-8, no NUL, LIMIT_PASSWORD_MIN_CHARS..LIMIT_PASSWORD_BYTES; NULL or why not. */
const char *password_rule_broken(const char *password, size_t len);

#endif
