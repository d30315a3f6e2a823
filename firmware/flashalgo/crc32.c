/*
 * The smart-flash analyser: CRC-32 of flash blocks computed on the target, so that a probe compares
 * one word per block instead of reading the block back (the job pyOCD's flash analyser does; this is
 * our own code). CRC-32 as IEEE 802.3 and zlib define it: reflected polynomial 0xEDB88320, initial
 * value and final XOR 0xFFFFFFFF; java.util.zip.CRC32 computes the same value on the host.
 *
 * Entry (blob offset 0, Thumb): uint32_t crc32_blocks(blocks, count, out, table)
 *   blocks  count pairs {address, length} of memory to checksum (read as the core reads it: the
 *           flash must be readable where it is mapped, as every algorithm leaves it after UnInit)
 *   out     count words: the CRC of each block
 *   table   1 KiB of RAM the host provides for the byte table (filled here)
 * Returns count. No static data, no r9, no stack beyond a few registers: the blob runs wherever the
 * host puts it.
 */
#include <stdint.h>

uint32_t crc32_blocks(const uint32_t *blocks, uint32_t count, uint32_t *out, uint32_t *table)
    __attribute__((section(".text.entry"), used));

uint32_t crc32_blocks(const uint32_t *blocks, uint32_t count, uint32_t *out, uint32_t *table)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        table[n] = c;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t addr = blocks[2 * i], len = blocks[2 * i + 1];
        uint32_t crc = 0xFFFFFFFFu;
        /* Whole words while aligned (one bus read for four bytes), then the odd bytes. */
        const uint32_t *w = (const uint32_t *)addr;
        uint32_t words = ((addr & 3u) == 0) ? len / 4 : 0;
        for (uint32_t j = 0; j < words; j++) {
            uint32_t v = w[j];
            crc = table[(crc ^ v) & 0xFFu] ^ (crc >> 8);
            crc = table[(crc ^ (v >> 8)) & 0xFFu] ^ (crc >> 8);
            crc = table[(crc ^ (v >> 16)) & 0xFFu] ^ (crc >> 8);
            crc = table[(crc ^ (v >> 24)) & 0xFFu] ^ (crc >> 8);
        }
        const uint8_t *b = (const uint8_t *)addr;
        for (uint32_t j = words * 4; j < len; j++) crc = table[(crc ^ b[j]) & 0xFFu] ^ (crc >> 8);
        out[i] = crc ^ 0xFFFFFFFFu;
    }
    return count;
}
