/*
 * Recursion-heavy code: Ackermann, naive Fibonacci, Towers of Hanoi,
 * mutual recursion, N-queens by backtracking, recursive quicksort and merge
 * sort, a recursive descent expression evaluator, and a deliberately deep
 * recursion (tens of thousands of frames on the 4 MiB RAM block). Stresses
 * BL/BX LR/PUSH/POP {..., PC} and stack-relative addressing.
 */
#include "xtest.h"

static uint32_t ackermann(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t hanoi_moves, hanoi_hash;
static void hanoi(uint32_t n, uint32_t from, uint32_t to, uint32_t via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_hash = xt_mix(hanoi_hash, from * 16 + to + n * 256);
    hanoi(n - 1, via, to, from);
}

static int is_odd(uint32_t n);
static int is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

static uint32_t queens(uint32_t n, uint32_t row, uint32_t cols, uint32_t d1, uint32_t d2)
{
    if (row == n) return 1;
    uint32_t count = 0;
    for (uint32_t c = 0; c < n; c++) {
        uint32_t bc = 1u << c, b1 = 1u << (row + c), b2 = 1u << (row + n - c);
        if ((cols & bc) || (d1 & b1) || (d2 & b2)) continue;
        count += queens(n, row + 1, cols | bc, d1 | b1, d2 | b2);
    }
    return count;
}

static void quicksort(int32_t *a, int lo, int hi)
{
    if (lo >= hi) return;
    int32_t p = a[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
        while (a[i] < p) i++;
        while (a[j] > p) j--;
        if (i <= j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    quicksort(a, lo, j);
    quicksort(a, i, hi);
}

static int32_t tmp[4096];
static void mergesort(int32_t *a, int n)
{
    if (n < 2) return;
    int m = n / 2;
    mergesort(a, m);
    mergesort(a + m, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < m) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

/* Recursive descent: expr := term (('+'|'-') term)*, term := factor (('*'|'/') factor)*, factor := num | '(' expr ')' | '-' factor */
static const char *pos;
static int64_t expr(void);
static int64_t factor(void)
{
    if (*pos == '(') { pos++; int64_t v = expr(); pos++; return v; }
    if (*pos == '-') { pos++; return -factor(); }
    int64_t v = 0;
    while (*pos >= '0' && *pos <= '9') v = v * 10 + (*pos++ - '0');
    return v;
}
static int64_t term(void)
{
    int64_t v = factor();
    while (*pos == '*' || *pos == '/') {
        char op = *pos++;
        int64_t r = factor();
        v = op == '*' ? v * r : (r ? v / r : 0);
    }
    return v;
}
static int64_t expr(void)
{
    int64_t v = term();
    while (*pos == '+' || *pos == '-') {
        char op = *pos++;
        int64_t r = term();
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

/* Deep recursion with a frame that holds an array, so the stack really grows. */
static uint32_t deep(uint32_t n, uint32_t acc)
{
    volatile uint32_t pad[6];
    for (int i = 0; i < 6; i++) pad[i] = acc + (uint32_t)i;
    if (n == 0) return acc;
    uint32_t r = deep(n - 1, xt_mix(acc, n));
    return r ^ pad[n % 6];
}

static double dpow_rec(double x, int n) { return n == 0 ? 1.0 : (n & 1) ? x * dpow_rec(x * x, n / 2) : dpow_rec(x * x, n / 2); }

int main(void)
{
    printf("recursion: recursive algorithms\n");
    xt_u32("ackermann(2,3)", ackermann(2, 3));
    xt_u32("ackermann(3,6)", ackermann(3, 6));
    xt_u32("fib(25)", fib(25));
    hanoi(16, 1, 3, 2);
    xt_u32("hanoi(16) moves", hanoi_moves);
    xt_u32("hanoi hash", hanoi_hash);
    xt_u32("is_even(10001)", (uint32_t)is_even(10001));
    for (uint32_t n = 4; n <= 9; n++) printf("queens(%lu)=%lu\n", (unsigned long)n, (unsigned long)queens(n, 0, 0, 0, 0));
    static int32_t a[4096], b[4096];
    uint32_t seed = 99;
    for (int i = 0; i < 4096; i++) a[i] = b[i] = (int32_t)(xt_rand(&seed) % 100000) - 50000;
    quicksort(a, 0, 4095);
    mergesort(b, 4096);
    uint32_t h = 0, same = 1;
    for (int i = 0; i < 4096; i++) { h = xt_mix(h, (uint32_t)a[i]); same &= a[i] == b[i]; }
    xt_sum("quicksort", h, 4096);
    printf("mergesort agrees: %lu\n", (unsigned long)same);
    const char *exprs[] = {"1+2*3", "(1+2)*3", "-(4-10)*(3+-2)/2", "((((((7))))))*6-(5*(4-(3*(2-1))))",
                           "123456789*1000-987654321/3", "2*3*4*5*6*7*8*9*10*11*12*13*14*15"};
    for (unsigned i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        pos = exprs[i];
        printf("%s = %lld\n", exprs[i], (long long)expr());
    }
    xt_u32("deep(40000)", deep(40000, 1));
    printf("dpow_rec(1.0001, 100000)=%.17g\n", dpow_rec(1.0001, 100000));
    xt_finish("recursion", 20);
}
