/*
 * flash-test, run from internal flash: erases a 4 KB sector of the MX25UW25645G in octal DTR,
 * programs it page by page, reads it back through the memory-mapped window and prints the
 * figures: erase time per 4 KB, program throughput and memory-mapped read throughput, timed with
 * the DWT cycle counter (ARMv7-M ARM C1.8: DEMCR.TRCENA, DWT_CTRL.CYCCNTENA, DWT_CYCCNT) at the
 * core clock (600 MHz after h7s3_clocks, with XSPI2 on 200 MHz / 4), after the Cortex-M7 DWT
 * software unlock (LAR). The window is read uncached (the D-cache stays off), so the read figure
 * is what the controller's memory-mapped reads deliver.
 */
#include "h7s3.h"
#include "mx25uw.h"
#include "start.h"

#define CORE_HZ CPU_HZ
#define DEMCR REG(0xE000EDFCu)
#define DWT_CTRL REG(0xE0001000u)
#define DWT_CYCCNT REG(0xE0001004u)
#define DWT_LAR REG(0xE0001FB0u)  /* Cortex-M7 CoreSight lock (DDI 0489): writes ignored until unlocked */
#define REGION 0x10000u
#define SIZE 4096u

static uint8_t page[256];

/* Prints v/1000 with three decimals. */
static void put_milli(uint32_t v) {
    char b[16];
    int n = 0;
    uint32_t ip = v / 1000u, fp = v % 1000u;
    do { b[n++] = (char)('0' + ip % 10u); ip /= 10u; } while (ip);
    char out[20];
    int k = 0;
    while (n) out[k++] = b[--n];
    out[k++] = '.';
    out[k++] = (char)('0' + fp / 100u);
    out[k++] = (char)('0' + fp / 10u % 10u);
    out[k++] = (char)('0' + fp % 10u);
    out[k] = 0;
    puts_uart(out);
}

static void stop_mapped(void) {
    XSPI_CR(XSPI2) |= XSPI_CR_ABORT;
    while (XSPI_SR(XSPI2) & XSPI_SR_BUSY) {}
}

/* MB/s x 1000 for n bytes in c cycles: n / (c / CORE_HZ) / 1e6 * 1000. */
static uint32_t mbps_milli(uint32_t n, uint32_t c) {
    return (uint32_t)((uint64_t)n * (CORE_HZ / 1000u) / c);
}

int main(void) {
    uint8_t sfdp[8];
    uint32_t errors = 0;
    h7s3_clocks();
    uart_init();
    DEMCR |= 1u << 24;
    DWT_LAR = 0xC5ACCE55u;
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;
    mx_init();
    mx_reset();
    if (mx_read_sfdp(sfdp, sizeof sfdp) != 0) {
        puts_uart("flash-test: no SFDP signature\n");
        return 1;
    }
    mx_enter_dtr_opi();

    uint32_t t0 = DWT_CYCCNT;
    mx_erase4k(REGION);
    uint32_t erase = DWT_CYCCNT - t0;

    uint32_t prog = 0;
    for (uint32_t off = 0; off < SIZE; off += sizeof page) {
        for (uint32_t i = 0; i < sizeof page; i++) page[i] = (uint8_t)((off + i) * 13u + 7u);
        t0 = DWT_CYCCNT;
        mx_program(REGION + off, page, sizeof page);
        prog += DWT_CYCCNT - t0;
    }

    mx_memory_mapped();
    volatile const uint32_t *w = (volatile const uint32_t *)(XSPI2_WINDOW + REGION);
    uint32_t sum = 0;
    t0 = DWT_CYCCNT;
    for (uint32_t i = 0; i < SIZE / 4; i++) sum ^= w[i];
    uint32_t read = DWT_CYCCNT - t0;
    (void)sum;
    const volatile uint8_t *bytes = (const volatile uint8_t *)(XSPI2_WINDOW + REGION);
    for (uint32_t i = 0; i < SIZE; i++) {
        if (bytes[i] != (uint8_t)(i * 13u + 7u)) errors++;
    }
    stop_mapped();

    puts_uart("flash-test: erase4k_ms=");
    put_milli((uint32_t)((uint64_t)erase * 1000000u / CORE_HZ));
    puts_uart(" program_mbps=");
    put_milli(mbps_milli(SIZE, prog));
    puts_uart(" read_mbps=");
    put_milli(mbps_milli(SIZE, read));
    puts_uart(" errors=");
    char e[11];
    int n = 0;
    do { e[n++] = (char)('0' + errors % 10u); errors /= 10u; } while (errors);
    char o[11];
    int k = 0;
    while (n) o[k++] = e[--n];
    o[k] = 0;
    puts_uart(o);
    puts_uart("\n");
    return 0;
}
