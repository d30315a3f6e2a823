package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;

/**
 * An STM32L4 flash bank programmed through its FLASH registers (RM0351 Rev 9 section 3.3.6 "Flash
 * main memory erase sequences", 3.3.7 "Flash main memory programming sequences", register bits
 * from 3.7): page erase with CR = PER | PNB | BKER, then STRT, wait for BSY; programming one
 * double word at a time with PG. BKER names the physical bank: when SYSCFG_MEMRMP.FB_MODE swaps
 * the banks (RM0351 9.2.1), the bank seen at 0x0800_0000 is bank 2. The option bytes are never
 * touched.
 */
public final class L4FlashDriver extends Stm32FlashDriver {
    private static final int KEYR = 0x08, SR = 0x10, CR = 0x14;
    private static final int PG = 1, PER = 1 << 1, PNB_SHIFT = 3, BKER = 1 << 11, STRT = 1 << 16, LOCK = 1 << 31;
    private static final int BSY = 1 << 16;
    /** SR error flags: OPERR, PROGERR, WRPERR, PGAERR, SIZERR, PGSERR, MISERR, FASTERR, RDERR, OPTVERR. */
    private static final int ERRORS = 0xC3FA;
    private static final int EOP = 1;
    private static final long SYSCFG_MEMRMP = 0x4001_0000L;
    private static final int FB_MODE = 1 << 8;
    /** Page erase max 24.5 ms, double-word program max 90.8 us (DS10198 table "Flash memory characteristics"). */
    private static final Controller L4 = new Controller(KEYR, CR, SR, SR, LOCK, BSY, ERRORS, ERRORS | EOP, STRT, PG, 8,
            50_000_000_000L, 1_000_000_000L, "page erase", "double-word");

    public L4FlashDriver(DebugTarget target, MemoryMap.Region region, long registerBase) {
        super(target, region, registerBase, L4);
    }

    @Override
    int eraseCommand(long address) {
        boolean swapped = (target.read32(SYSCFG_MEMRMP) & FB_MODE) != 0;
        int bank = (region.bank() == 2) != swapped ? BKER : 0;
        int page = (int) ((address - region.base()) / region.blockSize());
        return PER | page << PNB_SHIFT | bank;
    }
}
