/*
 * CMSIS-Pack flash algorithm entry points over a driver (algo.h). Open-CMSIS-Pack "Flash
 * Programming" / "Algorithm Functions": Init(adr, clk, fnc), UnInit(fnc), EraseSector(adr),
 * EraseChip(), ProgramPage(adr, sz, buf) return 0 on success; Verify(adr, sz, buf) returns adr + sz
 * when everything matches, else the first differing address; BlankCheck(adr, sz, pat) returns 0
 * when every byte equals pat. ReadFlash(adr, sz, buf) is probe-rs's addition (target-gen parser.rs).
 * The device description FlashDevice is the FlashOS.h struct (layout: pyOCD PackFlashInfo,
 * probe-rs target-gen flash_device.rs), in section DevDscr.
 */
#include "algo.h"

struct FlashSectors {
    uint32_t szSector;    /* sector size in bytes      */
    uint32_t AddrSector;  /* offset from DevAdr        */
};

struct FlashDevice {
    uint16_t Vers;
    char     DevName[128];
    uint16_t DevType;
    uint32_t DevAdr;
    uint32_t szDev;
    uint32_t szPage;
    uint32_t Res;
    uint8_t  valEmpty;
    uint32_t toProg;      /* ms */
    uint32_t toErase;     /* ms */
    struct FlashSectors sectors[2];
};

__attribute__((used, section("DevDscr")))
const struct FlashDevice FlashDevice = {
    .Vers = 0x0101,       /* FlashOS.h: driver version 1.01 */
    .DevName = ALGO_NAME,
    .DevType = ALGO_DEVTYPE_CMSIS,
    .DevAdr = ALGO_BASE,
    .szDev = ALGO_SIZE,
    .szPage = ALGO_PAGE,
    .valEmpty = ALGO_ERASED,
    .toProg = ALGO_PROG_TIMEOUT_MS,
    .toErase = ALGO_ERASE_TIMEOUT_MS,
    .sectors = {{ALGO_SECTOR, 0}, {0xFFFFFFFFu, 0xFFFFFFFFu}},
};

int Init(uint32_t adr, uint32_t clk, uint32_t fnc)
{
    (void)adr; (void)clk; (void)fnc;
    return drv_init();
}

int UnInit(uint32_t fnc)
{
    (void)fnc;
    return 0;   /* every driver call already left the flash memory-mapped */
}

int EraseSector(uint32_t adr)
{
    return drv_erase_sector(adr);
}

int EraseChip(void)
{
    return drv_erase_chip();
}

int ProgramPage(uint32_t adr, uint32_t sz, const uint8_t *buf)
{
#ifdef BROKEN_STACK
    /* A staging copy on the stack, larger than the 512 bytes tools give an algorithm. */
    volatile uint8_t copy[1024];
    for (uint32_t i = 0; i < sz && i < sizeof copy; i++) copy[i] = buf[i];
    return drv_program(adr, sz, (const uint8_t *)copy);
#else
    return drv_program(adr, sz, buf);
#endif
}

uint32_t Verify(uint32_t adr, uint32_t sz, const uint8_t *buf)
{
    drv_prepare_read(adr, sz);
    const volatile uint8_t *p = (const volatile uint8_t *)adr;
    for (uint32_t i = 0; i < sz; i++) {
        if (p[i] != buf[i]) return adr + i;
    }
    return adr + sz;
}

int BlankCheck(uint32_t adr, uint32_t sz, uint8_t pat)
{
    drv_prepare_read(adr, sz);
    const volatile uint8_t *p = (const volatile uint8_t *)adr;
    for (uint32_t i = 0; i < sz; i++) {
        if (p[i] != pat) return 1;
    }
    return 0;
}

int ReadFlash(uint32_t adr, uint32_t sz, uint8_t *buf)
{
    algo_read(adr, sz, buf);
    return 0;
}
