package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;

/**
 * An STM32H7 embedded flash bank programmed through its FLASH registers (RM0433 Rev 8 section
 * 4.3.9 "Flash memory programming sequences" and 4.3.10 "Flash memory erase sequences"; register
 * offsets and bits from 4.9 "FLASH registers"; bank 2 registers at +0x100). Sector erase: CR =
 * PSIZE | SER | SNB, then START, wait for QW to clear. Program: CR = PSIZE | PG, one 256-bit flash
 * word as eight words, wait for QW. Errors are read from SR and cleared through CCR.
 */
public final class H7FlashDriver extends Stm32FlashDriver {
    private static final int KEYR = 0x04, CR = 0x0C, SR = 0x10, CCR = 0x14, BANK2_OFFSET = 0x100;
    private static final int LOCK = 1, PG = 1 << 1, SER = 1 << 2, START = 1 << 7, PSIZE_X64 = 3 << 4, SNB_SHIFT = 8;
    private static final int BSY = 1, QW = 1 << 2;
    /** SR error flags (4.9.5): WRPERR, PGSERR, STRBERR, INCERR, OPERR, RDPERR, RDSERR, SNECCERR, DBECCERR (bits 17-19, 21-26). */
    private static final int ERRORS = 0x07EE_0000;
    /** Sector erase maximum 4 s (DS12110 table "Flash memory programming", tERASE128KB), with margin. */
    private static final Controller H7 = new Controller(KEYR, CR, SR, CCR, LOCK, QW | BSY, ERRORS, ERRORS, START, PSIZE_X64 | PG, 32,
            5_000_000_000_000L, 10_000_000_000L, "sector erase", "flash-word");

    /** @param registerBase the FLASH register block (0x5200_2000) */
    public H7FlashDriver(DebugTarget target, MemoryMap.Region region, long registerBase) {
        super(target, region, registerBase + (region.bank() == 2 ? BANK2_OFFSET : 0), H7);
    }

    @Override
    int eraseCommand(long address) {
        int sector = (int) ((address - region.base()) / region.blockSize());
        return PSIZE_X64 | SER | sector << SNB_SHIFT;
    }
}
