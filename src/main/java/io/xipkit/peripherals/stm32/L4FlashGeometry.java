package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.FlashGeometryException.powerOfTwo;
import static io.xipkit.peripherals.stm32.FlashGeometryException.size;

/**
 * Where and how large the main memory of an STM32L4 dual-bank flash is: the board description
 * states it (the NUCLEO-L476RG: 1 MB at 0x0800_0000, two banks of 512 KB, 2 KB pages, RM0351 3.3.1
 * table "Flash module - 1 MB dual bank organization"); the model takes every size from here.
 *
 * <p>What the register map allows (checked, so a board file cannot describe a part the registers
 * could not drive): two banks (BKER, MER1/MER2 and the two WRP/PCROP sets name exactly two, RM0351
 * 3.7.6); a bank size that is a power of two (FB_MODE swaps the banks by one address bit, RM0351
 * 9.2.1); at most 256 pages per bank (FLASH_CR.PNB and the WRP area fields are 8 bits, RM0351
 * 3.7.6, 3.7.11); a page that is a power of two holding at least one fast-programming row of 256
 * bytes (RM0351 3.3.7).
 *
 * @param memoryBase where the main memory appears on the bus (parameter "memory")
 * @param bankBytes  size of each of the two banks (parameter "bank-size")
 * @param pageBytes  erase page (parameter "page")
 */
public record L4FlashGeometry(long memoryBase, int bankBytes, int pageBytes) {
    public L4FlashGeometry {
        if (!powerOfTwo(bankBytes)) {
            throw new FlashGeometryException("bank-size", size(bankBytes) + " is not a power of two"
                    + " (FB_MODE swaps the banks by one address bit, RM0351 9.2.1)");
        }
        if (!powerOfTwo(pageBytes) || pageBytes < L4Flash.ROW_BYTES || pageBytes > bankBytes) {
            throw new FlashGeometryException("page", size(pageBytes) + " is not a power of two from "
                    + L4Flash.ROW_BYTES + " bytes (a fast-programming row, RM0351 3.3.7) to the bank size " + size(bankBytes));
        }
        if (bankBytes / pageBytes > 256) {
            throw new FlashGeometryException("page", "a bank of " + size(bankBytes) + " in " + size(pageBytes) + " pages has "
                    + bankBytes / pageBytes + " pages; FLASH_CR.PNB names at most 256 (RM0351 3.7.6)");
        }
        if (memoryBase < 0 || memoryBase % 4 != 0 || memoryBase + 2L * bankBytes > 1L << 32) {
            throw new FlashGeometryException("memory", String.format("0x%x is not a word-aligned place for %s in the"
                    + " 32-bit address space", memoryBase, size(2L * bankBytes)));
        }
    }

    /** Both banks. */
    public int sizeBytes() {
        return 2 * bankBytes;
    }

    public int pagesPerBank() {
        return bankBytes / pageBytes;
    }
}
