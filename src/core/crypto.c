#include "core/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void to_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void crypto_random_hex(char *out, size_t bytes)
{
	unsigned char raw[64];
	if (bytes > sizeof(raw))
		bytes = sizeof(raw);
	if (RAND_bytes(raw, (int)bytes) != 1) {
		fprintf(stderr, "tolk: RAND_bytes failed\n");
		abort();
	}
	to_hex(raw, bytes, out);
}

static void digest_hex(const char *name, const void *data, size_t len, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(data, len, md, &n, EVP_get_digestbyname(name), NULL);
	to_hex(md, n, out);
}

void crypto_sha256_hex(const void *data, size_t len, char out[65])
{
	digest_hex("SHA256", data, len, out);
}

void crypto_md5_hex(const void *data, size_t len, char out[33])
{
	digest_hex("MD5", data, len, out);
}

void crypto_hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen,
			    char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	HMAC(EVP_sha256(), key, (int)klen, msg, mlen, md, &n);
	to_hex(md, n, out);
}

bool crypto_secret_equal(const char *a, const char *b)
{
	/* compare fixed-size digests so neither content nor length leaks through timing */
	unsigned char da[32], db[32];
	unsigned int n;
	EVP_Digest(a, strlen(a), da, &n, EVP_sha256(), NULL);
	EVP_Digest(b, strlen(b), db, &n, EVP_sha256(), NULL);
	return CRYPTO_memcmp(da, db, sizeof(da)) == 0;
}
