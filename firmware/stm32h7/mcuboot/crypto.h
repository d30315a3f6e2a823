/*
 * The reference boot loader's cryptography, written from the specifications (no library):
 *   SHA-256 and SHA-512: FIPS 180-4 "Secure Hash Standard" sections 4.1.2, 4.1.3, 5.1, 5.3, 6.2, 6.4.
 *   Ed25519 verification: RFC 8032 "Edwards-Curve Digital Signature Algorithm" sections 5.1.2-5.1.7.
 * Portable C (no board headers), so the same files also build for the host.
 */
#ifndef MCUBOOT_CRYPTO_H
#define MCUBOOT_CRYPTO_H
#include <stdint.h>
#include <stddef.h>

typedef struct {
    uint32_t h[8];
    uint64_t length;          /* bytes hashed so far */
    uint8_t block[64];
    uint32_t used;            /* bytes in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, uint8_t out[32]);

typedef struct {
    uint64_t h[8];
    uint64_t length;
    uint8_t block[128];
    uint32_t used;
} sha512_ctx;

void sha512_init(sha512_ctx *c);
void sha512_update(sha512_ctx *c, const void *data, size_t len);
void sha512_final(sha512_ctx *c, uint8_t out[64]);

/* 1 when sig (R || S) is a valid Ed25519 signature of msg under the 32-byte public key, else 0. */
int ed25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t len, const uint8_t pub[32]);

#endif
