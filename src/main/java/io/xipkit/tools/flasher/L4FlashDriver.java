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
public final class L4FlashDriver implements FlashDriver {
    private static final int KEYR = 0x08, SR = 0x10, CR = 0x14;
    private static final int PG = 1, PER = 1 << 1, PNB_SHIFT = 3, BKER = 1 << 11, STRT = 1 << 16, LOCK = 1 << 31;
    private static final int BSY = 1 << 16;
    /** SR error flags: OPERR, PROGERR, WRPERR, PGAERR, SIZERR, PGSERR, MISERR, FASTERR, RDERR, OPTVERR. */
    private static final int ERRORS = 0xC3FA;
    private static final int EOP = 1;
    private static final long SYSCFG_MEMRMP = 0x4001_0000L;
    private static final int FB_MODE = 1 << 8;
    /** Page erase max 24.5 ms, double-word program max 90.8 us (DS10198 table "Flash memory characteristics"). */
    private static final long ERASE_MAX_PICOS = 50_000_000_000L, PROGRAM_MAX_PICOS = 1_000_000_000L;

    /** Status poll interval: the controllers schedule their completion, so a wait normally ends there first. */
    private static final long POLL_PICOS = 100_000_000L;

    private final DebugTarget target;
    private final MemoryMap.Region region;
    private final long regs;
    private final ControlRegisterLock lock;

    public L4FlashDriver(DebugTarget target, MemoryMap.Region region, long registerBase) {
        this.target = target;
        this.region = region;
        this.regs = registerBase;
        this.lock = new ControlRegisterLock(target, regs + KEYR, regs + CR, LOCK, region.name());
    }

    @Override
    public MemoryMap.Region region() {
        return region;
    }

    private void unlock() {
        lock.unlock();
        target.write32(regs + SR, ERRORS | EOP);
    }

    private void lock() {
        lock.lock();
    }

    private void await(long maxPicos, String what, long address) {
        StatusPoll.await(target, () -> (target.read32(regs + SR) & BSY) == 0, POLL_PICOS, POLL_PICOS, maxPicos, what);
        int sr = target.read32(regs + SR);
        if ((sr & ERRORS) != 0) {
            target.write32(regs + SR, sr & ERRORS);
            throw new FlashException(String.format("%s: %s at 0x%08x failed, FLASH_SR 0x%08x", region.name(), what, address, sr));
        }
    }

    private boolean physicalBank2() {
        boolean swapped = (target.read32(SYSCFG_MEMRMP) & FB_MODE) != 0;
        return (region.bank() == 2) != swapped;
    }

    @Override
    public void erase(long address, long length) {
        unlock();
        try {
            int bank = physicalBank2() ? BKER : 0;
            for (long a = address; a < address + length; a += region.blockSize()) {
                int page = (int) ((a - region.base()) / region.blockSize());
                target.write32(regs + CR, PER | page << PNB_SHIFT | bank);
                target.write32(regs + CR, PER | page << PNB_SHIFT | bank | STRT);
                await(ERASE_MAX_PICOS, "page erase", a);
            }
        } finally {
            lock();
        }
    }

    @Override
    public void program(long address, byte[] data) {
        if ((address & 7) != 0) throw new FlashException(String.format("%s: program at 0x%08x is not double-word aligned", region.name(), address));
        unlock();
        try {
            target.write32(regs + CR, PG);
            for (int i = 0; i < data.length; i += 8) {
                byte[] dw = new byte[8];
                java.util.Arrays.fill(dw, (byte) 0xFF);
                System.arraycopy(data, i, dw, 0, Math.min(8, data.length - i));
                if (Bytes.allErased(dw)) continue;
                target.write32(address + i, Bytes.le32(dw, 0));
                target.write32(address + i + 4, Bytes.le32(dw, 4));
                await(PROGRAM_MAX_PICOS, "program", address + i);
            }
        } finally {
            lock();
        }
    }

    @Override
    public byte[] read(long address, int length) {
        return target.readMemory(address, length);
    }
}
