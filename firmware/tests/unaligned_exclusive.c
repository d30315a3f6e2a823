/*
 * Unaligned word and halfword loads/stores (allowed for LDR/STR/LDRH/STRH
 * while CCR.UNALIGN_TRP is 0, ARMv7-M ARM A3.2.1) across every byte offset,
 * including accesses that straddle word boundaries, packed structures, and
 * the exclusive access instructions LDREX/STREX (byte, halfword, word) and
 * CLREX with the local monitor (A3.4): a STREX succeeds only after a
 * matching LDREX and fails after CLREX or a second STREX.
 */
#include "xtest.h"

static uint8_t buf[96] __attribute__((aligned(8)));

static inline uint32_t ldr_at(const uint8_t *p) { uint32_t v; __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory"); return v; }
static inline uint32_t ldrh_at(const uint8_t *p) { uint32_t v; __asm__ volatile("ldrh %0, [%1]" : "=r"(v) : "r"(p) : "memory"); return v; }
static inline uint32_t ldrsh_at(const uint8_t *p) { uint32_t v; __asm__ volatile("ldrsh %0, [%1]" : "=r"(v) : "r"(p) : "memory"); return v; }
static inline void str_at(uint8_t *p, uint32_t v) { __asm__ volatile("str %1, [%0]" : : "r"(p), "r"(v) : "memory"); }
static inline void strh_at(uint8_t *p, uint32_t v) { __asm__ volatile("strh %1, [%0]" : : "r"(p), "r"(v) : "memory"); }

struct __attribute__((packed)) pk { uint8_t a; uint32_t b; uint16_t c; uint64_t d; float e; double f; };

static inline uint32_t ldrex(volatile uint32_t *p) { uint32_t v; __asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(p) : "memory"); return v; }
static inline uint32_t strex(volatile uint32_t *p, uint32_t v) { uint32_t r; __asm__ volatile("strex %0, %2, [%1]" : "=&r"(r) : "r"(p), "r"(v) : "memory"); return r; }
static inline uint32_t ldrexb(volatile uint8_t *p) { uint32_t v; __asm__ volatile("ldrexb %0, [%1]" : "=r"(v) : "r"(p) : "memory"); return v; }
static inline uint32_t strexb(volatile uint8_t *p, uint32_t v) { uint32_t r; __asm__ volatile("strexb %0, %2, [%1]" : "=&r"(r) : "r"(p), "r"(v) : "memory"); return r; }
static inline uint32_t ldrexh(volatile uint16_t *p) { uint32_t v; __asm__ volatile("ldrexh %0, [%1]" : "=r"(v) : "r"(p) : "memory"); return v; }
static inline uint32_t strexh(volatile uint16_t *p, uint32_t v) { uint32_t r; __asm__ volatile("strexh %0, %2, [%1]" : "=&r"(r) : "r"(p), "r"(v) : "memory"); return r; }
static inline void clrex(void) { __asm__ volatile("clrex" ::: "memory"); }

static volatile uint32_t word_var = 100;
static volatile uint16_t half_var = 7;
static volatile uint8_t byte_var = 3;

int main(void)
{
    printf("unaligned_exclusive: unaligned accesses and LDREX/STREX\n");
    for (uint32_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 37 + 11);
    uint32_t h = 0;
    for (uint32_t off = 0; off < 8; off++) {
        h = xt_mix(h, ldr_at(buf + off));
        h = xt_mix(h, ldr_at(buf + 3 + off));
        h = xt_mix(h, ldrh_at(buf + off));
        h = xt_mix(h, ldrsh_at(buf + 7 + off));
    }
    printf("ldr buf+1=0x%08lx buf+3=0x%08lx ldrh buf+3=0x%04lx ldrsh buf+5=0x%08lx\n", (unsigned long)ldr_at(buf + 1),
           (unsigned long)ldr_at(buf + 3), (unsigned long)ldrh_at(buf + 3), (unsigned long)ldrsh_at(buf + 5));
    xt_sum("unaligned loads", h, 8);
    h = 0;
    for (uint32_t off = 0; off < 8; off++) {
        str_at(buf + 17 + off * 5, 0xA1B2C3D4u ^ off);
        strh_at(buf + 60 + off * 3, 0xBEEFu + off);
    }
    for (uint32_t i = 0; i < sizeof buf; i++) h = xt_mix(h, buf[i]);
    xt_sum("unaligned stores", h, sizeof buf);

    /* Packed structure fields: the compiler emits unaligned LDR/STR/LDRH and byte-wise code for LDRD/VLDR. */
    static struct pk arr[9];
    h = 0;
    for (uint32_t i = 0; i < 9; i++) {
        arr[i].a = (uint8_t)i;
        arr[i].b = 0x01020304u * (i + 1);
        arr[i].c = (uint16_t)(0x8000u + i);
        arr[i].d = 0x1122334455667788ull * (i + 1);
        arr[i].e = 1.5f * (float)i;
        arr[i].f = 0.1 * (double)i;
    }
    for (uint32_t i = 0; i < 9; i++) {
        h = xt_mix(h, arr[i].b + arr[i].c);
        h = xt_mix64(h, arr[i].d);
        h = xt_mix(h, xt_bits_f(arr[i].e));
        h = xt_mix64(h, xt_bits_d(arr[i].f));
    }
    printf("sizeof packed=%u\n", (unsigned)sizeof(struct pk));
    xt_sum("packed structs", h, 9);
    /* memcpy-based unaligned 64-bit access. */
    uint64_t v64;
    memcpy(&v64, buf + 5, 8);
    xt_u64("memcpy u64 at +5", v64);

    /* Exclusives. */
    uint32_t v = ldrex(&word_var);
    uint32_t ok1 = strex(&word_var, v + 1);       /* 0: success */
    uint32_t ok2 = strex(&word_var, 999);         /* 1: monitor already cleared by the STREX */
    (void)ldrex(&word_var);
    clrex();
    uint32_t ok3 = strex(&word_var, 555);         /* 1: cleared by CLREX */
    printf("strex after ldrex=%lu again=%lu after clrex=%lu word=%lu\n", (unsigned long)ok1, (unsigned long)ok2,
           (unsigned long)ok3, (unsigned long)word_var);
    uint32_t b = ldrexb(&byte_var), okb = strexb(&byte_var, b + 0x100 + 4);
    uint32_t hv = ldrexh(&half_var), okh = strexh(&half_var, hv + 0x10000 + 9);
    printf("strexb=%lu byte=%u strexh=%lu half=%u\n", (unsigned long)okb, byte_var, (unsigned long)okh, half_var);

    /* Atomic read-modify-write loops as the compiler generates them. */
    static volatile uint32_t counter;
    static volatile uint64_t counter64;
    uint32_t fails = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        __atomic_fetch_add(&counter, i, __ATOMIC_SEQ_CST);
        __atomic_fetch_xor(&counter, i << 3, __ATOMIC_RELAXED);
        uint32_t expected = counter, desired = expected * 3 + 1;
        if (!__atomic_compare_exchange_n(&counter, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) fails++;
        uint32_t wrong = counter + 1;
        if (__atomic_compare_exchange_n(&counter, &wrong, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) fails += 100;
    }
    counter64 = 0;
    for (uint32_t i = 0; i < 100; i++) counter64 += (uint64_t)i << 30;
    printf("atomic counter=0x%08lx cas failures=%lu exchange=%lu counter64=0x%llx\n", (unsigned long)counter,
           (unsigned long)fails, (unsigned long)__atomic_exchange_n(&counter, 42u, __ATOMIC_SEQ_CST),
           (unsigned long long)counter64);
    xt_finish("unaligned_exclusive", 18);
}
