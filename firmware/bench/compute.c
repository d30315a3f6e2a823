/*
 * Compute-bound benchmark for the generic-m7 CPU model: a fixed number of
 * rounds of integer and floating point kernels (CRC-32, insertion/shell sort,
 * integer matrix multiply, SHA-256, a float FIR filter and double Mandelbrot
 * points). All written here for this project. Prints one checksum per kernel
 * and a total; the work does not depend on time, so the output is fixed.
 * ROUNDS was tuned so that QEMU 7.2 (TCG) needs about 2 s of CPU time for it
 * (qemu-system-arm -M mps2-an500 ... on the 2-core development machine).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ROUNDS
#define ROUNDS 640
#endif

static uint32_t crc_table[256];

static void crc_init(void)
{
    /* Reflected CRC-32 with polynomial 0xEDB88320 (IEEE 802.3). */
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    while (n--) crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static uint32_t rng = 0x2545F491u;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* ---- SHA-256 (FIPS 180-4, section 6.2) ---- */
static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* Not the bootloader's sha256.c on purpose: the benchmark is one self-contained workload whose code stays fixed. */
static void sha256_block(uint32_t st[8], const uint8_t *blk)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16 | (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

static void sha256(const uint8_t *msg, size_t len, uint8_t out[32])
{
    uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t i = 0;
    for (; i + 64 <= len; i += 64) sha256_block(st, msg + i);
    uint8_t last[128] = {0};
    size_t rest = len - i;
    memcpy(last, msg + i, rest);
    last[rest] = 0x80;
    size_t total = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++) last[total - 1 - k] = (uint8_t)(bits >> (8 * k));
    sha256_block(st, last);
    if (total == 128) sha256_block(st, last + 64);
    for (int k = 0; k < 8; k++) {
        out[4 * k] = (uint8_t)(st[k] >> 24); out[4 * k + 1] = (uint8_t)(st[k] >> 16);
        out[4 * k + 2] = (uint8_t)(st[k] >> 8); out[4 * k + 3] = (uint8_t)st[k];
    }
}

static uint8_t data[16384];
static int32_t arr[1024];
static int32_t ma[24][24], mb[24][24], mc[24][24];
static float sig[2048], taps[32], filt[2048];

static uint32_t kernel_crc(void) { return crc32(data, sizeof data, 0); }

static uint32_t kernel_sort(void)
{
    for (int i = 0; i < 1024; i++) arr[i] = (int32_t)next();
    /* Shell sort with Ciura's gaps, then a check pass. */
    static const int gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (unsigned g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        int gap = gaps[g];
        for (int i = gap; i < 1024; i++) {
            int32_t t = arr[i];
            int j = i;
            for (; j >= gap && arr[j - gap] > t; j -= gap) arr[j] = arr[j - gap];
            arr[j] = t;
        }
    }
    uint32_t h = 0;
    for (int i = 0; i < 1024; i++) h = h * 31 + (uint32_t)arr[i];
    return h;
}

static uint32_t kernel_matrix(void)
{
    for (int i = 0; i < 24; i++)
        for (int j = 0; j < 24; j++) { ma[i][j] = (int32_t)(next() % 2001) - 1000; mb[i][j] = (int32_t)(next() % 201) - 100; }
    for (int i = 0; i < 24; i++)
        for (int j = 0; j < 24; j++) {
            int32_t s = 0;
            for (int k = 0; k < 24; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    uint32_t h = 0;
    for (int i = 0; i < 24; i++)
        for (int j = 0; j < 24; j++) h = h * 33 ^ (uint32_t)mc[i][j];
    return h;
}

static uint32_t kernel_sha(void)
{
    uint8_t digest[32];
    sha256(data, 4096 + (next() & 63), digest);
    uint32_t h = 0;
    for (int i = 0; i < 32; i++) h = h * 257 + digest[i];
    return h;
}

static uint32_t kernel_fir(void)
{
    for (int i = 0; i < 2048; i++) sig[i] = (float)((int32_t)(next() & 0xFFFF) - 32768) * (1.0f / 32768.0f);
    for (int n = 31; n < 2048; n++) {
        float acc = 0.0f;
        for (int k = 0; k < 32; k++) acc += taps[k] * sig[n - k];
        filt[n] = acc;
    }
    uint32_t h = 0;
    for (int n = 31; n < 2048; n++) { uint32_t u; memcpy(&u, &filt[n], 4); h = h * 31 + u; }
    return h;
}

static uint32_t kernel_mandel(void)
{
    uint32_t total = 0;
    for (int y = 0; y < 24; y++)
        for (int x = 0; x < 32; x++) {
            double cr = -2.0 + x * (2.6 / 32.0), ci = -1.2 + y * (2.4 / 24.0), zr = 0, zi = 0;
            int it = 0;
            while (it < 200 && zr * zr + zi * zi < 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                it++;
            }
            total = total * 7 + (uint32_t)it;
        }
    return total;
}

int main(void)
{
    crc_init();
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)next();
    for (int k = 0; k < 32; k++) taps[k] = (float)(k < 16 ? k + 1 : 32 - k) / 136.0f;
    uint32_t sums[6] = {0};
    for (int r = 0; r < ROUNDS; r++) {
        sums[0] = sums[0] * 3 + kernel_crc();
        sums[1] = sums[1] * 3 + kernel_sort();
        sums[2] = sums[2] * 3 + kernel_matrix();
        sums[3] = sums[3] * 3 + kernel_sha();
        sums[4] = sums[4] * 3 + kernel_fir();
        sums[5] = sums[5] * 3 + kernel_mandel();
        data[r % sizeof data] ^= (uint8_t)sums[3];
    }
    const char *names[6] = {"crc32", "shellsort", "matmul", "sha256", "fir", "mandelbrot"};
    uint32_t total = 0;
    for (int k = 0; k < 6; k++) {
        printf("%-10s 0x%08lx\n", names[k], (unsigned long)sums[k]);
        total = total * 0x01000193u ^ sums[k];
    }
    printf("bench-compute rounds=%d checksum=0x%08lx\n", ROUNDS, (unsigned long)total);
    return 0;
}
