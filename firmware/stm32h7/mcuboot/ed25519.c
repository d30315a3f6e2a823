/*
 * Ed25519 signature verification, RFC 8032 section 5.1 (written from the RFC, verification only).
 *
 * Field GF(p), p = 2^255 - 19 (5.1): an element is eight 32-bit words, little-endian, any value
 * below 2^256 (so up to p + 38 above its canonical value); 2^256 = 38 (mod p) folds every carry
 * out of the top word back in. fe_canon brings a value into [0, p) for encoding and comparison.
 * Points: extended homogeneous coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x*y = T/Z, with the
 * addition and doubling formulas of 5.1.4. Decoding 5.1.3, encoding 5.1.2, verification 5.1.7
 * in its cofactorless form [S]B = R + [k]A, checked as encode([S]B + [k](-A)) == R.
 * The constants (d, the base point, sqrt(-1), L) were computed from their definitions in 5.1.
 * Not constant-time: it only handles public data (key, image, signature).
 */
#include "crypto.h"

typedef struct { uint32_t w[8]; } fe;
typedef struct { fe X, Y, Z, T; } ge;

/* d = -121665/121666, 2*d, base point B (5.1: y = 4/5, x even), sqrt(-1) = 2^((p-1)/4). */
static const fe D2 = {{0x26b2f159u, 0xebd69b94u, 0x8283b156u, 0x00e0149au, 0xeef3d130u, 0x198e80f2u, 0x56dffce7u, 0x2406d9dcu}};
static const fe DC = {{0x135978a3u, 0x75eb4dcau, 0x4141d8abu, 0x00700a4du, 0x7779e898u, 0x8cc74079u, 0x2b6ffe73u, 0x52036ceeu}};
static const fe BX = {{0x8f25d51au, 0xc9562d60u, 0x9525a7b2u, 0x692cc760u, 0xfdd6dc5cu, 0xc0a4e231u, 0xcd6e53feu, 0x216936d3u}};
static const fe BY = {{0x66666658u, 0x66666666u, 0x66666666u, 0x66666666u, 0x66666666u, 0x66666666u, 0x66666666u, 0x66666666u}};
static const fe SQRTM1 = {{0x4a0ea0b0u, 0xc4ee1b27u, 0xad2fe478u, 0x2f431806u, 0x3dfbd7a7u, 0x2b4d0099u, 0x4fc1df0bu, 0x2b832480u}};
/* The group order L = 2^252 + 27742317777372353535851937790883648493 (5.1). */
static const uint32_t L[8] = {0x5cf5d3edu, 0x5812631au, 0xa2f79cd6u, 0x14def9deu, 0, 0, 0, 0x10000000u};
/* Exponents: p - 2 (inversion, Fermat) and (p - 5) / 8 = 2^252 - 3 (square root, 5.1.3). */
static const uint32_t EXP_INV[8] = {0xffffffebu, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, 0x7fffffffu};
static const uint32_t EXP_SQRT[8] = {0xfffffffdu, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, 0x0fffffffu};

/* ---------------------------------------------------------------------------------- GF(p) */

/* r += add, folding carries out of bit 256 back in as 38 each time. */
static void fe_fold(fe *r, uint32_t add)
{
    while (add) {
        uint64_t c = add;
        for (unsigned i = 0; i < 8; i++) {
            c += r->w[i];
            r->w[i] = (uint32_t)c;
            c >>= 32;
        }
        add = (uint32_t)c * 38u;
    }
}

static void fe_add(fe *r, const fe *a, const fe *b)
{
    uint64_t c = 0;
    for (unsigned i = 0; i < 8; i++) {
        c += (uint64_t)a->w[i] + b->w[i];
        r->w[i] = (uint32_t)c;
        c >>= 32;
    }
    fe_fold(r, (uint32_t)c * 38u);
}

static void fe_sub(fe *r, const fe *a, const fe *b)
{
    int64_t c = 0;
    for (unsigned i = 0; i < 8; i++) {
        c += (int64_t)a->w[i] - b->w[i];
        r->w[i] = (uint32_t)c;
        c = c < 0 ? -1 : 0;
    }
    /* A borrow out of the top means r = a - b + 2^256: take 38 off, as often as it borrows again. */
    while (c) {
        int64_t d = -38;
        for (unsigned i = 0; i < 8; i++) {
            d += r->w[i];
            r->w[i] = (uint32_t)d;
            d = d < 0 ? -1 : 0;
        }
        c = d;
    }
}

static void fe_mul(fe *r, const fe *a, const fe *b)
{
    uint32_t t[16];
    uint64_t c = 0;
    for (unsigned j = 0; j < 8; j++) {           /* first row: t is written, not added to */
        c += (uint64_t)a->w[0] * b->w[j];
        t[j] = (uint32_t)c;
        c >>= 32;
    }
    t[8] = (uint32_t)c;
    for (unsigned i = 1; i < 8; i++) {
        c = 0;
        for (unsigned j = 0; j < 8; j++) {
            c += (uint64_t)a->w[i] * b->w[j] + t[i + j];
            t[i + j] = (uint32_t)c;
            c >>= 32;
        }
        t[i + 8] = (uint32_t)c;
    }
    c = 0;
    for (unsigned i = 0; i < 8; i++) {
        c += (uint64_t)t[i] + (uint64_t)t[i + 8] * 38u;
        r->w[i] = (uint32_t)c;
        c >>= 32;
    }
    fe_fold(r, (uint32_t)c * 38u);
}

/* Into [0, p): fold bit 255 (2^255 = 19) twice, then subtract p once if still >= p. */
static void fe_canon(fe *r)
{
    for (int k = 0; k < 2; k++) {
        uint32_t top = r->w[7] >> 31;
        r->w[7] &= 0x7fffffffu;
        fe_fold(r, top * 19u);
    }
    fe s = *r;
    fe_fold(&s, 19u);                    /* r + 19 >= 2^255  <=>  r >= p */
    if (s.w[7] >> 31) {
        s.w[7] &= 0x7fffffffu;
        *r = s;
    }
}

static int fe_equal(const fe *a, const fe *b)
{
    fe x = *a, y = *b;
    fe_canon(&x);
    fe_canon(&y);
    uint32_t diff = 0;
    for (unsigned i = 0; i < 8; i++) diff |= x.w[i] ^ y.w[i];
    return diff == 0;
}

static int fe_is_odd(const fe *a)
{
    fe x = *a;
    fe_canon(&x);
    return (int)(x.w[0] & 1u);
}

/* a^e, square-and-multiply from the top bit of e. */
static void fe_pow(fe *r, const fe *a, const uint32_t e[8])
{
    fe acc = {{1}};
    for (int bit = 255; bit >= 0; bit--) {
        fe_mul(&acc, &acc, &acc);
        if (e[bit / 32] >> (bit % 32) & 1u) fe_mul(&acc, &acc, a);
    }
    *r = acc;
}

/* ---------------------------------------------------------------------------------- points */

static void ge_add(ge *r, const ge *p, const ge *q)
{
    fe a, b, c, d, e, f, g, h, t;
    fe_sub(&a, &p->Y, &p->X);
    fe_sub(&t, &q->Y, &q->X);
    fe_mul(&a, &a, &t);
    fe_add(&b, &p->Y, &p->X);
    fe_add(&t, &q->Y, &q->X);
    fe_mul(&b, &b, &t);
    fe_mul(&c, &p->T, &D2);
    fe_mul(&c, &c, &q->T);
    fe_mul(&d, &p->Z, &q->Z);
    fe_add(&d, &d, &d);
    fe_sub(&e, &b, &a);
    fe_sub(&f, &d, &c);
    fe_add(&g, &d, &c);
    fe_add(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

static void ge_double(ge *r, const ge *p)
{
    fe a, b, c, e, f, g, h;
    fe_mul(&a, &p->X, &p->X);
    fe_mul(&b, &p->Y, &p->Y);
    fe_mul(&c, &p->Z, &p->Z);
    fe_add(&c, &c, &c);
    fe_add(&h, &a, &b);
    fe_add(&e, &p->X, &p->Y);
    fe_mul(&e, &e, &e);
    fe_sub(&e, &h, &e);
    fe_sub(&g, &a, &b);
    fe_add(&f, &c, &g);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

static void fe_from_bytes(fe *r, const uint8_t b[32])
{
    for (unsigned i = 0; i < 8; i++)
        r->w[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
}

/* 5.1.3: 0 when the 32 bytes are not the encoding of a point. */
static int ge_decode(ge *r, const uint8_t b[32])
{
    fe y, u, v, v3, x, t;
    static const fe one = {{1}};
    fe_from_bytes(&y, b);
    int x0 = (int)(y.w[7] >> 31);
    y.w[7] &= 0x7fffffffu;
    t = y;
    fe_fold(&t, 19u);
    if (t.w[7] >> 31) return 0;                  /* y >= p */
    fe_mul(&u, &y, &y);
    fe_mul(&v, &u, &DC);
    fe_sub(&u, &u, &one);                        /* u = y^2 - 1     */
    fe_add(&v, &v, &one);                        /* v = d y^2 + 1   */
    fe_mul(&v3, &v, &v);
    fe_mul(&v3, &v3, &v);                        /* v^3             */
    fe_mul(&t, &v3, &v3);
    fe_mul(&t, &t, &v);
    fe_mul(&t, &t, &u);                          /* u v^7           */
    fe_pow(&t, &t, EXP_SQRT);
    fe_mul(&x, &u, &v3);
    fe_mul(&x, &x, &t);                          /* x = u v^3 (u v^7)^((p-5)/8) */
    fe_mul(&t, &x, &x);
    fe_mul(&t, &t, &v);                          /* v x^2           */
    if (!fe_equal(&t, &u)) {
        fe zero = {{0}}, mu;
        fe_sub(&mu, &zero, &u);
        if (!fe_equal(&t, &mu)) return 0;
        fe_mul(&x, &x, &SQRTM1);
    }
    fe zero = {{0}};
    if (fe_equal(&x, &zero) && x0) return 0;
    if (fe_is_odd(&x) != x0) fe_sub(&x, &zero, &x);
    r->X = x;
    r->Y = y;
    r->Z = one;
    fe_mul(&r->T, &x, &y);
    return 1;
}

static void ge_encode(uint8_t b[32], const ge *p)
{
    fe zi, x, y;
    fe_pow(&zi, &p->Z, EXP_INV);
    fe_mul(&x, &p->X, &zi);
    fe_mul(&y, &p->Y, &zi);
    fe_canon(&y);
    for (unsigned i = 0; i < 32; i++) b[i] = (uint8_t)(y.w[i / 4] >> (8 * (i % 4)));
    b[31] |= (uint8_t)(fe_is_odd(&x) << 7);
}

/* ---------------------------------------------------------------------------------- scalars */

static int ge_lt_l(const uint32_t s[8])
{
    for (int i = 7; i >= 0; i--) {
        if (s[i] != L[i]) return s[i] < L[i];
    }
    return 0;
}

/* The 512-bit little-endian h (SHA-512 output) mod L, one bit at a time from the top. */
static void sc_reduce(uint32_t r[8], const uint8_t h[64])
{
    for (unsigned i = 0; i < 8; i++) r[i] = 0;
    for (int bit = 511; bit >= 0; bit--) {
        uint32_t in = (uint32_t)(h[bit / 8] >> (bit % 8)) & 1u;
        for (int i = 7; i >= 0; i--) r[i] = r[i] << 1 | (i ? r[i - 1] >> 31 : in);
        if (!ge_lt_l(r)) {
            int64_t c = 0;
            for (unsigned i = 0; i < 8; i++) {
                c += (int64_t)r[i] - L[i];
                r[i] = (uint32_t)c;
                c = c < 0 ? -1 : 0;
            }
        }
    }
}

int ed25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t len, const uint8_t pub[32])
{
    ge a, base, sum, acc;
    uint32_t s[8], k[8];
    uint8_t h[64], enc[32];

    fe_from_bytes((fe *)s, sig + 32);
    if (!ge_lt_l(s)) return 0;                   /* 5.1.7 step 1: S in [0, L) */
    if (!ge_decode(&a, pub)) return 0;

    sha512_ctx c;                                /* step 2: k = SHA-512(R || A || M) mod L */
    sha512_init(&c);
    sha512_update(&c, sig, 32);
    sha512_update(&c, pub, 32);
    sha512_update(&c, msg, len);
    sha512_final(&c, h);
    sc_reduce(k, h);

    /* step 3 (cofactorless): [S]B + [k](-A) must encode to R. Both scalars in one pass of
       doublings (Shamir's trick), adding B, -A or B - A per bit pair. */
    static const fe zero = {{0}}, one = {{1}};
    fe_sub(&a.X, &zero, &a.X);
    fe_sub(&a.T, &zero, &a.T);
    base.X = BX;
    base.Y = BY;
    base.Z = one;
    fe_mul(&base.T, &BX, &BY);
    ge_add(&sum, &base, &a);
    acc.X = zero;
    acc.Y = one;
    acc.Z = one;
    acc.T = zero;
    for (int bit = 255; bit >= 0; bit--) {
        ge_double(&acc, &acc);
        unsigned sb = s[bit / 32] >> (bit % 32) & 1u, kb = k[bit / 32] >> (bit % 32) & 1u;
        if (sb && kb) ge_add(&acc, &acc, &sum);
        else if (sb) ge_add(&acc, &acc, &base);
        else if (kb) ge_add(&acc, &acc, &a);
    }
    ge_encode(enc, &acc);
    uint8_t diff = 0;
    for (unsigned i = 0; i < 32; i++) diff |= (uint8_t)(enc[i] ^ sig[i]);
    return diff == 0;
}
