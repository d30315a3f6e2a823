/*
 * STM32CubeProgrammer external-loader entry points over a driver (algo.h). Facts from ST's
 * stm32-external-loader (Loader_Src.c, Dev_Inf.h/.c): every function returns 1 on success and
 * 0 on failure; Init() leaves the memory readable in memory-mapped mode; Write(Address, Size,
 * buffer) takes any size and alignment; SectorErase(start, end) erases every sector from the one
 * holding start to the one holding end; MassErase(Parallelism); Read(Address, Size, buffer);
 * CheckSum(start, size, init) adds the bytes of the range to init. StorageInfo (Dev_Inf.h)
 * describes the device; it is linked outside RAM (section .Dev_info) and read by the tool from
 * the file.
 *
 * Verify(MemoryAddr, RAMBufferAddr, Size, missalignement) follows the convention every Verify in
 * ST's loaders shares (Loader_Src.c of e.g. MT25TL01G_STM32H747I-DISCO, MX25LM51245G_STM32H7B3I-DISCO,
 * N25Q128A_STM32L476G-DISCO, MX25LM51245G_STM32H573I-DK, whose comment says "Size (in WORD)"), since
 * STM32CubeProgrammer itself is closed: Size counts 32-bit words, so 4 * Size bytes from
 * MemoryAddr are compared with the RAM buffer; missalignement bits 3:0 are the bytes at the start
 * and bits 19:16 the bytes at the end of that span that are not part of the data, and only the
 * checksum leaves them out. The 64-bit result carries the checksum in r1 and, in r0, 0 when every
 * byte matches or the address of the first difference.
 */
#include "algo.h"

struct DeviceSectors {
    uint32_t SectorNum;
    uint32_t SectorSize;
};

struct StorageInfo {
    char     DeviceName[100];
    uint16_t DeviceType;
    uint32_t DeviceStartAddress;
    uint32_t DeviceSize;
    uint32_t PageSize;
    uint8_t  EraseValue;
    struct DeviceSectors sectors[10];   /* SECTOR_NUM */
};

__attribute__((used, section(".Dev_info")))
const struct StorageInfo StorageInfo = {
    .DeviceName = ALGO_NAME,
    .DeviceType = ALGO_DEVTYPE_ST,
    .DeviceStartAddress = ALGO_BASE,
    .DeviceSize = ALGO_SIZE,
    .PageSize = ALGO_PAGE,
    .EraseValue = ALGO_ERASED,
    .sectors = {{ALGO_SIZE / ALGO_SECTOR, ALGO_SECTOR}, {0, 0}},
};

int Init(void)
{
    return drv_init() == 0;
}

int Write(uint32_t Address, uint32_t Size, const uint8_t *buffer)
{
    while (Size > 0) {
        uint32_t chunk = ALGO_PAGE - (Address & (ALGO_PAGE - 1u));
        if (chunk > Size) chunk = Size;
        if (drv_program(Address, chunk, buffer) != 0) return 0;
        Address += chunk;
        buffer += chunk;
        Size -= chunk;
    }
    return 1;
}

int SectorErase(uint32_t EraseStartAddress, uint32_t EraseEndAddress)
{
    uint32_t a = EraseStartAddress & ~(ALGO_SECTOR - 1u);
    do {
        if (drv_erase_sector(a) != 0) return 0;
        a += ALGO_SECTOR;
    } while (a <= EraseEndAddress && a != 0);
    return 1;
}

int MassErase(uint32_t Parallelism)
{
    (void)Parallelism;
    return drv_erase_chip() == 0;
}

int Read(uint32_t Address, uint32_t Size, uint8_t *Buffer)
{
    algo_read(Address, Size, Buffer);
    return 1;
}

uint32_t CheckSum(uint32_t StartAddress, uint32_t Size, uint32_t InitVal)
{
    drv_prepare_read(StartAddress, Size);
    const volatile uint8_t *p = (const volatile uint8_t *)StartAddress;
    for (uint32_t i = 0; i < Size; i++) InitVal += p[i];
    return InitVal;
}

uint64_t Verify(uint32_t MemoryAddr, uint32_t RAMBufferAddr, uint32_t Size, uint32_t missalignement)
{
    uint32_t bytes = Size * 4u;
    uint32_t head = missalignement & 0xFu, tail = (missalignement >> 16) & 0xFu;
    uint64_t sum = (head + tail <= bytes) ? CheckSum(MemoryAddr + head, bytes - head - tail, 0) : 0;
    drv_prepare_read(MemoryAddr, bytes);
    const volatile uint8_t *mem = (const volatile uint8_t *)MemoryAddr;
    const uint8_t *buf = (const uint8_t *)RAMBufferAddr;
    for (uint32_t i = 0; i < bytes; i++) {
        if (mem[i] != buf[i]) return (sum << 32) | (MemoryAddr + i);
    }
    return sum << 32;
}
