package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;

/**
 * An STM32 embedded flash bank programmed through its FLASH registers, in the sequence the
 * STM32H7 (RM0433 4.3.9, 4.3.10) and STM32L4 (RM0351 3.3.6, 3.3.7) manuals share: unlock the
 * control register with the key sequence and clear stale errors; erase block by block (CR = the
 * block's erase command, then the same with START, wait until not busy); program with PG set, one
 * programming unit at a time (units that stay erased are skipped), waiting after each; check the
 * error flags of SR after every wait and clear them; lock again when done. The subclasses give the
 * controller's offsets and bits ({@link Controller}) and the erase command of a block.
 */
abstract sealed class Stm32FlashDriver implements FlashDriver permits H7FlashDriver, L4FlashDriver {
    /** Status poll interval: the controllers schedule their completion, so a wait normally ends there first. */
    private static final long POLL_PICOS = 100_000_000L;

    /**
     * One controller's registers (offsets from its bank's register base) and bits.
     *
     * @param clear       where error flags are cleared (write one to clear)
     * @param clearOnUnlock flags cleared after unlocking (errors, and end-of-operation)
     * @param program     CR value while programming
     * @param unit        bytes programmed at once (H7 flash word 32, L4 double word 8)
     * @param erase       the erase operation's name in messages
     */
    record Controller(int keyr, int cr, int sr, int clear, int lockBit, int busy, int errors, int clearOnUnlock, int start,
                      int program, int unit, long eraseMaxPicos, long programMaxPicos, String erase, String unitName) {}

    protected final DebugTarget target;
    protected final MemoryMap.Region region;
    protected final long regs;
    private final Controller c;
    private final ControlRegisterLock lock;

    Stm32FlashDriver(DebugTarget target, MemoryMap.Region region, long regs, Controller c) {
        this.target = target;
        this.region = region;
        this.regs = regs;
        this.c = c;
        this.lock = new ControlRegisterLock(target, regs + c.keyr(), regs + c.cr(), c.lockBit(), region.name());
    }

    /** The CR value (without START) that erases the block at {@code address}. */
    abstract int eraseCommand(long address);

    @Override
    public MemoryMap.Region region() {
        return region;
    }

    private void unlock() {
        lock.unlock();
        target.write32(regs + c.clear(), c.clearOnUnlock());
    }

    private void await(long maxPicos, String what, long address) {
        StatusPoll.await(target, () -> (target.read32(regs + c.sr()) & c.busy()) == 0, POLL_PICOS, POLL_PICOS, maxPicos, what);
        int sr = target.read32(regs + c.sr());
        if ((sr & c.errors()) != 0) {
            target.write32(regs + c.clear(), sr & c.errors());
            throw new FlashException(String.format("%s: %s at 0x%08x failed, FLASH_SR 0x%08x", region.name(), what, address, sr));
        }
    }

    @Override
    public void erase(long address, long length) {
        unlock();
        try {
            for (long a = address; a < address + length; a += region.blockSize()) {
                int command = eraseCommand(a);
                target.write32(regs + c.cr(), command);
                target.write32(regs + c.cr(), command | c.start());
                await(c.eraseMaxPicos(), c.erase(), a);
            }
        } finally {
            lock.lock();
        }
    }

    @Override
    public void program(long address, byte[] data) {
        int unit = c.unit();
        if ((address & (unit - 1)) != 0) {
            throw new FlashException(String.format("%s: program at 0x%08x is not %s aligned", region.name(), address, c.unitName()));
        }
        unlock();
        try {
            target.write32(regs + c.cr(), c.program());
            for (int i = 0; i < data.length; i += unit) {
                byte[] chunk = Bytes.erased(unit);
                System.arraycopy(data, i, chunk, 0, Math.min(unit, data.length - i));
                if (Bytes.allErased(chunk)) continue;   // an erased unit needs no programming
                for (int k = 0; k < unit; k += 4) target.write32(address + i + k, Bytes.le32(chunk, k));
                await(c.programMaxPicos(), "program", address + i);
            }
        } finally {
            lock.lock();
        }
    }

    @Override
    public byte[] read(long address, int length) {
        return target.readMemory(address, length);
    }
}
