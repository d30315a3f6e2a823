package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;

/**
 * An STM32H7 embedded flash bank programmed through its FLASH registers (RM0433 Rev 8 section
 * 4.3.9 "Flash memory programming sequences" and 4.3.10 "Flash memory erase sequences"; register
 * offsets and bits from 4.9 "FLASH registers"; bank 2 registers at +0x100). Sector erase: unlock
 * with the KEYR sequence, CR = PSIZE | SER | SNB, then START, wait for QW to clear. Program: CR =
 * PSIZE | PG, write one 256-bit flash word as eight words, wait for QW. Errors are read from SR
 * and cleared through CCR. The bank is locked again when done.
 */
public final class H7FlashDriver implements FlashDriver {
    private static final int KEYR = 0x04, CR = 0x0C, SR = 0x10, CCR = 0x14, BANK2_OFFSET = 0x100;
    private static final int LOCK = 1, PG = 1 << 1, SER = 1 << 2, START = 1 << 7, PSIZE_X64 = 3 << 4, SNB_SHIFT = 8;
    private static final int BSY = 1, QW = 1 << 2;
    /** SR error flags (4.9.5): WRPERR, PGSERR, STRBERR, INCERR, OPERR, RDPERR, RDSERR, SNECCERR, DBECCERR (bits 17-19, 21-26). */
    private static final int ERRORS = 0x07EE_0000;
    private static final int FLASH_WORD = 32;
    /** Sector erase maximum 4 s (DS12110 table "Flash memory programming", tERASE128KB), with margin. */
    private static final long ERASE_MAX_PICOS = 5_000_000_000_000L;
    private static final long PROGRAM_MAX_PICOS = 10_000_000_000L;

    /** Status poll interval: the controllers schedule their completion, so a wait normally ends there first. */
    private static final long POLL_PICOS = 100_000_000L;

    private final DebugTarget target;
    private final MemoryMap.Region region;
    private final long regs;
    private final ControlRegisterLock lock;

    /** @param registerBase the FLASH register block (0x5200_2000) */
    public H7FlashDriver(DebugTarget target, MemoryMap.Region region, long registerBase) {
        this.target = target;
        this.region = region;
        this.regs = registerBase + (region.bank() == 2 ? BANK2_OFFSET : 0);
        this.lock = new ControlRegisterLock(target, regs + KEYR, regs + CR, LOCK, region.name());
    }

    @Override
    public MemoryMap.Region region() {
        return region;
    }

    private void unlock() {
        lock.unlock();
        target.write32(regs + CCR, ERRORS);
    }

    private void lock() {
        lock.lock();
    }

    private void awaitQueue(long maxPicos, String what, long address) {
        StatusPoll.await(target, () -> (target.read32(regs + SR) & (QW | BSY)) == 0, POLL_PICOS, POLL_PICOS, maxPicos, what);
        int sr = target.read32(regs + SR);
        if ((sr & ERRORS) != 0) {
            target.write32(regs + CCR, sr & ERRORS);
            throw new FlashException(String.format("%s: %s at 0x%08x failed, FLASH_SR 0x%08x", region.name(), what, address, sr));
        }
    }

    @Override
    public void erase(long address, long length) {
        unlock();
        try {
            for (long a = address; a < address + length; a += region.blockSize()) {
                int sector = (int) ((a - region.base()) / region.blockSize());
                target.write32(regs + CR, PSIZE_X64 | SER | sector << SNB_SHIFT);
                target.write32(regs + CR, PSIZE_X64 | SER | sector << SNB_SHIFT | START);
                awaitQueue(ERASE_MAX_PICOS, "sector erase", a);
            }
        } finally {
            lock();
        }
    }

    @Override
    public void program(long address, byte[] data) {
        if ((address & (FLASH_WORD - 1)) != 0) throw new FlashException(String.format("%s: program at 0x%08x is not flash-word aligned", region.name(), address));
        unlock();
        try {
            target.write32(regs + CR, PSIZE_X64 | PG);
            for (int i = 0; i < data.length; i += FLASH_WORD) {
                byte[] word = new byte[FLASH_WORD];
                java.util.Arrays.fill(word, (byte) 0xFF);
                System.arraycopy(data, i, word, 0, Math.min(FLASH_WORD, data.length - i));
                if (Bytes.allErased(word)) continue;   // an erased flash word needs no programming
                for (int k = 0; k < FLASH_WORD; k += 4) target.write32(address + i + k, Bytes.le32(word, k));
                awaitQueue(PROGRAM_MAX_PICOS, "program", address + i);
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
