/* Tokens, hashes and constant-time comparison (OpenSSL 3). */
#ifndef TOLK_CRYPTO_H
#define TOLK_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

/* Random token of `bytes` random bytes, hex-encoded into out (2*bytes+1). */
void crypto_random_hex(char *out, size_t bytes);
/* SHA-256 of data as 64 lowercase hex chars + NUL. */
void crypto_sha256_hex(const void *data, size_t len, char out[65]);
/* MD5 as 32 lowercase hex chars + NUL (label ids in localization.one). */
void crypto_md5_hex(const void *data, size_t len, char out[33]);
/* HMAC-SHA256(key, msg) as 64 lowercase hex chars + NUL. */
void crypto_hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen,
			    char out[65]);
/* Constant-time equality of two NUL-terminated secrets. */
bool crypto_secret_equal(const char *a, const char *b);

#endif
