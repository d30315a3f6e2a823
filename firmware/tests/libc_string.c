/*
 * newlib string and stdio functions: printf conversions and flags, snprintf
 * truncation, sscanf, strtol/strtoul/strtod, qsort and bsearch, and
 * memcpy/memmove/memset/memcmp/strlen/strchr/strstr at every source and
 * destination alignment (the word-at-a-time paths of newlib's string code
 * meet unaligned and overlapping buffers here).
 */
#include "xtest.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>

#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wstringop-truncation"

static uint8_t src[300], dst[300];

static uint32_t hash_bytes(uint32_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) h = xt_mix(h, b[i]);
    return h;
}

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)xt_rand(&seed);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

struct rec { char name[12]; int16_t key; uint8_t pad; };
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key - y->key;
    return strcmp(x->name, y->name);
}

int main(void)
{
    printf("libc_string: newlib string, stdio and stdlib functions\n");
    /* printf variety */
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%#X] [%#o] [%u]\n", -42, 42, 42, 42, 42, 42, 0xBEEFu, 0xBEEFu, 8u, 3000000000u);
    /* This newlib is built without C99 printf formats (%zu %td %jd %a print literally), so none is used. */
    printf("[%hhd] [%hd] [%ld] [%lld] [%u]\n", (signed char)200, (short)70000, -123456789L, -4611686018427387904LL,
           (unsigned)sizeof(struct rec));
    printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%] [%*d] [%-*d] [%.*s]\n", "abc", "right", "left", "truncate", 'Z', 7, 1, 7, 2, 4, "precision");
    printf("[%p] [%p]\n", (void *)0x20001234, (void *)0);
    printf("[%.0e] [%.10f] [%g] [%g] [%g] [%#g]\n", 5.5, 1.0 / 7.0, 100000.0, 1000000.0, 0.0001, 1.0);

    char buf[64];
    int n = snprintf(buf, 10, "%s-%d", "truncated-output", 12345);
    printf("snprintf n=%d buf=[%s]\n", n, buf);
    n = snprintf(NULL, 0, "%08.3f", -3.14159);
    printf("snprintf NULL n=%d\n", n);

    /* sscanf */
    int i1 = 0, i2 = 0; unsigned u1 = 0; char word[16] = {0}; double dv = 0; float fv = 0; char c = 0;
    n = sscanf("  -17 0x1F word 2.5e3 0.125 ;", "%d %i %15s %lf %f %c", &i1, &i2, word, &dv, &fv, &c);
    printf("sscanf n=%d %d %d %s %.17g %.9g %c\n", n, i1, i2, word, dv, (double)fv, c);
    n = sscanf("12:34:56 ff", "%d:%d:%u %x", &i1, &i2, &u1, &u1);
    printf("sscanf n=%d %d %d %u\n", n, i1, i2, u1);
    n = sscanf("abc", "%d", &i1);
    printf("sscanf mismatch n=%d\n", n);

    /* strtol / strtoul / strtod */
    const char *nums[] = {"123", "-0x7fffffff", "0777", "2147483648", "-2147483649", "  +42xyz", "0b101", "zz", "4294967295", "-1"};
    for (unsigned k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        char *end;
        errno = 0;
        long l = strtol(nums[k], &end, 0);
        int e1 = errno;
        errno = 0;
        unsigned long ul = strtoul(nums[k], NULL, 10);
        printf("strtol(%s)=%ld errno=%d rest=[%s] strtoul=%lu errno=%d\n", nums[k], l, e1, end, ul, errno);
    }
    const char *dbl[] = {"3.14159", "-1e-310", "1e400", "0x1.8p3", "inf", "-nan", ".5e-2", "123456789012345678901234567890", "4.9e-324", "2.2250738585072011e-308"};
    for (unsigned k = 0; k < sizeof dbl / sizeof dbl[0]; k++) {
        char *end;
        errno = 0;
        double d = strtod(dbl[k], &end);
        printf("strtod(%s)=%.17g bits=%016llx errno=%d used=%d\n", dbl[k], d, (unsigned long long)xt_bits_d(d), errno,
               (int)(end - dbl[k]));
    }
    printf("atoi=%d atol=%ld atof=%.6f\n", atoi("  -99abc"), atol("123456"), atof("2.75"));

    /* qsort / bsearch */
    static uint32_t arr[2000];
    uint32_t seed = 77;
    for (int k = 0; k < 2000; k++) arr[k] = xt_rand(&seed) % 5000;
    qsort(arr, 2000, sizeof arr[0], cmp_u32);
    uint32_t h = hash_bytes(0, arr, sizeof arr);
    int sorted = 1;
    for (int k = 1; k < 2000; k++) sorted &= arr[k - 1] <= arr[k];
    xt_sum("qsort u32", h, 2000);
    uint32_t found = 0, hb = 0;
    for (uint32_t key = 0; key < 5000; key += 7) {
        uint32_t *p = bsearch(&key, arr, 2000, sizeof arr[0], cmp_u32);
        if (p) { found++; hb = xt_mix(hb, *p); }
    }
    printf("sorted=%d bsearch found=%lu\n", sorted, (unsigned long)found);
    xt_sum("bsearch", hb, found);
    static struct rec recs[300];
    for (int k = 0; k < 300; k++) {
        recs[k].key = (int16_t)(xt_rand(&seed) % 50) - 25;
        snprintf(recs[k].name, sizeof recs[k].name, "n%lu", (unsigned long)(xt_rand(&seed) % 100000));
        recs[k].pad = 0;
    }
    qsort(recs, 300, sizeof recs[0], cmp_rec);
    xt_sum("qsort struct", hash_bytes(0, recs, sizeof recs), 300);
    printf("first=%s/%d last=%s/%d\n", recs[0].name, recs[0].key, recs[299].name, recs[299].key);

    /* memcpy / memmove / memset / memcmp at all alignments and many lengths */
    h = 0;
    for (uint32_t so = 0; so < 8; so++)
        for (uint32_t d0 = 0; d0 < 8; d0++)
            for (uint32_t len = 0; len < 70; len += (len < 20 ? 1 : 7)) {
                fill(src, sizeof src, so * 131 + d0 * 7 + len);
                memset(dst, 0xEE, sizeof dst);
                memcpy(dst + d0, src + so, len);
                h = hash_bytes(h, dst, 90);
                memmove(src + so + 3, src + so, len);   /* overlapping, forward */
                memmove(dst + d0, dst + d0 + 5, len);    /* overlapping, backward */
                h = hash_bytes(h, src, 90);
                h = hash_bytes(h, dst, 90);
                memset(dst + d0, (int)(len * 3), len);
                h = hash_bytes(h, dst, 90);
                int cmp = memcmp(src + so, dst + d0, len);
                h = xt_mix(h, (uint32_t)(cmp > 0) - (uint32_t)(cmp < 0));
            }
    xt_sum("mem* alignments", h, 8 * 8);

    /* str* functions */
    h = 0;
    static char s1[128], s2[128];
    for (uint32_t off = 0; off < 8; off++) {
        for (uint32_t len = 0; len < 40; len++) {
            for (uint32_t k = 0; k < len; k++) s1[off + k] = (char)('a' + (k * 7 + off) % 26);
            s1[off + len] = 0;
            h = xt_mix(h, (uint32_t)strlen(s1 + off));
            strcpy(s2 + (7 - off), s1 + off);
            h = xt_mix(h, (uint32_t)strcmp(s2 + (7 - off), s1 + off));
            const char *p = strchr(s1 + off, 'q');
            h = xt_mix(h, p ? (uint32_t)(p - s1) : 999u);
            p = strrchr(s1 + off, 'e');
            h = xt_mix(h, p ? (uint32_t)(p - s1) : 999u);
            p = strstr(s1 + off, "hov");
            h = xt_mix(h, p ? (uint32_t)(p - s1) : 999u);
            h = xt_mix(h, (uint32_t)strncmp(s1 + off, "ahov", 4) + 100u);
            strncat(s2, "xyz", 2);
            h = hash_bytes(h, s2, 60);
        }
    }
    xt_sum("str* functions", h, 8 * 40);
    printf("toupper=%c isdigit=%d isspace=%d strspn=%u strcspn=%u\n", toupper('q'), isdigit('7') != 0,
           isspace('\t') != 0, (unsigned)strspn("aabbcx", "ab"), (unsigned)strcspn("hello, world", ",;"));
    char tok[] = "a,b,,c;d";
    char *save;
    for (char *t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) printf("tok[%s]", t);
    printf("\n");
    xt_finish("libc_string", 15);
}
