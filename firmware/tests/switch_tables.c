/*
 * Dense switch statements that GCC compiles to table branches: TBB (byte
 * offsets) for small ones and TBH (halfword offsets, A7.7.185) when the case
 * bodies are too far apart for a byte, plus sparse switches (compare trees),
 * tables of function pointers (BLX register), and computed goto (BX/MOV PC).
 */
#include "xtest.h"

static uint32_t small_switch(uint32_t x)
{
    switch (x) {
    case 0: return 11;
    case 1: return x * 7 + 3;
    case 2: return 0xABCD;
    case 3: return x << 9;
    case 4: return ~x;
    case 5: return 5555;
    case 6: return x * x;
    case 7: return 77;
    case 8: return 0x80000000u;
    case 9: return 99 ^ x;
    default: return 1234567;
    }
}

/* Case bodies with enough code between them that byte offsets do not reach: TBH. */
#define BIG_CASE(n)                                                       \
    case n:                                                               \
        v = (v * (n + 3) + (v >> (n % 7))) ^ (uint32_t)(n * 0x9E3779B9u);   \
        v = v * 31 + (v >> 11) + n; v ^= v << 5; v += v >> 3;             \
        v = v * 17 + (v >> 13) - n; v ^= v << 7; v += v >> 9;             \
        v = (v << 3) | (v >> 29); v ^= (uint32_t)(n * 2654435761u);       \
        break;

static uint32_t big_switch(uint32_t x, uint32_t v)
{
    switch (x) {
        BIG_CASE(0) BIG_CASE(1) BIG_CASE(2) BIG_CASE(3) BIG_CASE(4) BIG_CASE(5) BIG_CASE(6) BIG_CASE(7)
        BIG_CASE(8) BIG_CASE(9) BIG_CASE(10) BIG_CASE(11) BIG_CASE(12) BIG_CASE(13) BIG_CASE(14) BIG_CASE(15)
        BIG_CASE(16) BIG_CASE(17) BIG_CASE(18) BIG_CASE(19) BIG_CASE(20) BIG_CASE(21) BIG_CASE(22) BIG_CASE(23)
        BIG_CASE(24) BIG_CASE(25) BIG_CASE(26) BIG_CASE(27) BIG_CASE(28) BIG_CASE(29) BIG_CASE(30) BIG_CASE(31)
        BIG_CASE(32) BIG_CASE(33) BIG_CASE(34) BIG_CASE(35) BIG_CASE(36) BIG_CASE(37) BIG_CASE(38) BIG_CASE(39)
        BIG_CASE(40) BIG_CASE(41) BIG_CASE(42) BIG_CASE(43) BIG_CASE(44) BIG_CASE(45) BIG_CASE(46) BIG_CASE(47)
    default:
        v = 0xDEFA017u ^ x;
    }
    return v;
}

static uint32_t sparse_switch(uint32_t x)
{
    switch (x) {
    case 3: return 1;
    case 100: return 2;
    case 1000: return 3;
    case 65535: return 4;
    case 0x12345678: return 5;
    case 0xFFFFFFFFu: return 6;
    case 77777: return 7;
    default: return 0;
    }
}

/* A small bytecode interpreter: a switch in a loop, the typical TBB/TBH user. */
enum { OP_PUSH, OP_ADD, OP_SUB, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_HALT, OP_XOR, OP_SHL, OP_DROP };
static uint32_t run_bytecode(const uint8_t *code)
{
    uint32_t stack[32], sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_SWAP: { uint32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case OP_JNZ: { uint8_t target = code[pc++]; if (stack[sp - 1]) pc = target; break; }
        case OP_DEC: stack[sp - 1]--; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_SHL: stack[sp - 1] <<= 1; break;
        case OP_DROP: sp--; break;
        case OP_HALT: return xt_mix(stack[0], steps);
        default: return 0xBADC0DEu;
        }
    }
}

static uint32_t f0(uint32_t x) { return x + 1; }
static uint32_t f1(uint32_t x) { return x * 3; }
static uint32_t f2(uint32_t x) { return x ^ 0x5A5A5A5Au; }
static uint32_t f3(uint32_t x) { return x >> 3; }
static uint32_t (*const ftab[])(uint32_t) = {f0, f1, f2, f3};

static uint32_t computed_goto(uint32_t n)
{
    static void *const labels[] = {&&l0, &&l1, &&l2, &&l3};
    uint32_t acc = 0, i = 0;
    goto *labels[n & 3];
l0: acc += 1; if (++i < n) goto *labels[(acc + i) & 3]; return acc;
l1: acc *= 3; if (++i < n) goto *labels[(acc + i) & 3]; return acc;
l2: acc ^= 0x77; if (++i < n) goto *labels[(acc + i) & 3]; return acc;
l3: acc += i * i; if (++i < n) goto *labels[(acc + i) & 3]; return acc;
}

int main(void)
{
    printf("switch_tables: TBB/TBH jump tables and indirect branches\n");
    uint32_t h = 0;
    for (uint32_t x = 0; x < 20; x++) h = xt_mix(h, small_switch(x));
    xt_sum("small switch", h, 20);
    h = 0;
    uint32_t v = 1;
    for (uint32_t i = 0; i < 5000; i++) { v = big_switch((v ^ i) % 53, v); h = xt_mix(h, v); }
    xt_sum("big switch", h, 5000);
    h = 0;
    const uint32_t probes[] = {3, 4, 100, 1000, 65535, 65536, 0x12345678, 0xFFFFFFFFu, 77777, 0};
    for (uint32_t i = 0; i < 10; i++) h = h * 10 + sparse_switch(probes[i]);
    xt_u32("sparse switch digits", h);
    /* A 200-iteration loop over a stack of [acc, counter] mixing shift, xor, multiply and stack moves. */
    const uint8_t prog[] = {OP_PUSH, 1, OP_PUSH, 200,
                            /* 4: */ OP_SWAP, OP_SHL, OP_PUSH, 3, OP_XOR, OP_PUSH, 5, OP_MUL, OP_SWAP,
                            OP_DUP, OP_PUSH, 0, OP_ADD, OP_SWAP, OP_DROP, OP_SWAP, OP_DUP, OP_SWAP, OP_DROP,
                            OP_SWAP, OP_DEC, OP_JNZ, 4, OP_DROP, OP_HALT};
    xt_u32("bytecode", run_bytecode(prog));
    h = 0;
    for (uint32_t i = 0; i < 1000; i++) h = xt_mix(h, ftab[(h ^ i) & 3](i));
    xt_sum("function pointer table", h, 1000);
    h = 0;
    for (uint32_t n = 1; n < 200; n++) h = xt_mix(h, computed_goto(n));
    xt_sum("computed goto", h, 199);
    xt_finish("switch_tables", 21);
}
