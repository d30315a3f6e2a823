package io.xipkit.cpu;

import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;

/**
 * The Private Peripheral Bus as the core serves it (DDI 0403E B3.1, Table B3-1 and B3.2 Table
 * B3-3 "SCS address space regions"): ITM at 0xE0000000, DWT at 0xE0001000, and the System Control
 * Space 0xE000E000–0xE000EFFF with the SCB, NVIC, SysTick, MPU, FP control, CoreDebug and the M7
 * cache maintenance registers.
 *
 * <p>The SCB, NVIC, SysTick and MPU declare their registers with the register DSL, each block
 * laid over the whole 4 KiB of the SCS; this class routes an access to the block that declares
 * the word ({@link RegisterBus} turns a refused access into a bus error), reads reserved words as
 * zero and ignores writes to them, and applies the privilege rule (B3.2.1: unprivileged SCS
 * accesses are BusFaults, except STIR with CCR.USERSETMPEND). ITM and DWT are word-decoded here.
 */
public final class SystemControlSpace {
    /** Receives ITM stimulus writes (the CLI may print port 0 as a console). */
    public interface ItmSink {
        void stimulus(int port, int value, int size);
    }

    // ITM registers (C1.7, Table C1-11).
    static final int ITM_STIM0 = 0xE0000000, ITM_STIM_LAST = 0xE000007C, ITM_TER = 0xE0000E00,
            ITM_TPR = 0xE0000E40, ITM_TCR = 0xE0000E80, ITM_LAR = 0xE0000FB0;

    /** Base and size of the System Control Space (Table B3-3). */
    static final int BASE = 0xE000E000, SIZE = 0x1000;

    private final Core core;
    private final Scb scb;
    private final Nvic nvic;
    private final SysTick sysTick;
    private final Mpu mpu;
    private final Dwt dwt;
    /** DHCSR/DCRSR/DCRDR/DEMCR, DFSR, the FPB and the DWT comparators (package cpu.debug). */
    private final DebugRegisters debugRegisters;
    private CacheMaintenanceListener cacheListener;
    private ItmSink itmSink;
    private int itmTer, itmTpr, itmTcr;
    /** The DSL blocks of the SCS, and for each word of the SCS the index of the block declaring it (-1: none). */
    private final RegisterBlock[] blocks;
    private final byte[] blockAtWord = new byte[SIZE / 4];

    SystemControlSpace(Core core) {
        this.core = core;
        this.scb = new Scb(core);
        this.nvic = new Nvic(core);
        this.sysTick = new SysTick(core);
        this.mpu = new Mpu(core::mpuChanged);
        this.dwt = new Dwt(core);
        this.blocks = new RegisterBlock[] {nvic.registers(), sysTick.registers(), mpu.registers(), scb.registers()};
        java.util.Arrays.fill(blockAtWord, (byte) -1);
        for (int i = 0; i < blocks.length; i++) {
            for (Register r : blocks[i].registers()) {
                int w = r.offset() >>> 2;
                if (blockAtWord[w] != -1) {
                    throw new IllegalStateException(blocks[i].describe(r.offset()) + " overlaps "
                            + blocks[blockAtWord[w]].describe(r.offset()));
                }
                blockAtWord[w] = (byte) i;
            }
        }
        this.debugRegisters = new DebugRegisters(core.debug(), core.fpb(), dwt);
        scb.reset();
        mpu.reset();
    }

    /** A system reset: the debug components (DWT, ITM, FPB, CoreDebug) keep their state (DDI 0403E C1.4). */
    void reset() {
        scb.reset();
        sysTick.reset();
        mpu.reset();
    }

    /** A power-on reset of the debug components. */
    void powerOnReset() {
        dwt.reset();
        itmTer = itmTpr = itmTcr = 0;
    }

    public int vtor() {
        return scb.vtor();
    }

    public int cpacr() {
        return scb.cpacr();
    }

    public Scb scb() {
        return scb;
    }

    public Nvic nvic() {
        return nvic;
    }

    public SysTick sysTick() {
        return sysTick;
    }

    public Mpu mpu() {
        return mpu;
    }

    public Dwt dwt() {
        return dwt;
    }

    public void setCacheMaintenanceListener(CacheMaintenanceListener listener) {
        this.cacheListener = listener;
    }

    public void setItmSink(ItmSink sink) {
        this.itmSink = sink;
    }

    void cacheEnableChanged(boolean icache, boolean dcache) {
        core.memory().cacheEnablesChanged(icache, dcache);
        if (cacheListener != null) cacheListener.enablesChanged(icache, dcache);
    }

    // ---- access routing --------------------------------------------------------------------------

    int read(int address, int size) {
        return read(address, size, false);
    }

    /** @param fromDebugger a debugger (DAP) access: privileged whatever the core's mode */
    int read(int address, int size, boolean fromDebugger) {
        int a = address & ~3;
        if (!fromDebugger) checkPrivilege(a, address, false);
        if (debugRegisters.owns(address)) return debugRegisters.read(address, size);
        if ((a >>> 12) == BASE >>> 12) {
            int b = blockAtWord[(a - BASE) >>> 2];
            return b < 0 ? 0 : RegisterBus.read(blocks[b], BASE, address - BASE, size);  // reserved: RAZ
        }
        int word = readWord(a);
        if (size == 4) return word;
        int shift = (address & 3) * 8;
        return (word >>> shift) & (size == 1 ? 0xFF : 0xFFFF);
    }

    void write(int address, int size, int value) {
        write(address, size, value, false);
    }

    void write(int address, int size, int value, boolean fromDebugger) {
        int a = address & ~3;
        if (!fromDebugger) checkPrivilege(a, address, true);
        if (debugRegisters.owns(address)) {
            debugRegisters.write(address, size, value, fromDebugger);
            return;
        }
        if (Dwt.owns(a)) {
            int shift = (address & 3) * 8;
            int mask = size == 4 ? -1 : (size == 1 ? 0xFF : 0xFFFF) << shift;
            dwt.write(a, (value << shift) & mask, mask, fromDebugger);
            return;
        }
        if ((a >>> 12) == BASE >>> 12) {
            int b = blockAtWord[(a - BASE) >>> 2];
            if (b >= 0) {
                RegisterBus.write(blocks[b], BASE, address - BASE, size, value);
                return;
            }
        }
        int shift = (address & 3) * 8;
        int mask = size == 4 ? -1 : (size == 1 ? 0xFF : 0xFFFF) << shift;
        writeWord(a, (value << shift) & mask, mask, size);
    }

    private void checkPrivilege(int a, int address, boolean write) {
        if (core.privileged() || (a >>> 12) != 0xE000E) return;
        if (write && a == Nvic.STIR && (scb.ccr() & Scb.CCR_USERSETMPEND) != 0) return;
        throw new BusErrorException(address, write, "unprivileged access to the System Control Space");
    }

    /** ITM and DWT (word-decoded); everything else outside the SCS reads as zero. */
    private int readWord(int a) {
        if (Dwt.owns(a)) return dwt.read(a);
        if (a >= ITM_STIM0 && a <= ITM_STIM_LAST) return 1;   // FIFOREADY: never full
        switch (a) {
            case ITM_TER: return itmTer;
            case ITM_TPR: return itmTpr;
            case ITM_TCR: return itmTcr;
            default: return 0;                                // reserved / not modelled: RAZ
        }
    }

    /** ITM, DWT and the M7 cache maintenance operations (write-only words in the SCS, DDI 0489 4.1). */
    private void writeWord(int a, int value, int mask, int size) {
        if (a >= ITM_STIM0 && a <= ITM_STIM_LAST) {
            int port = (a - ITM_STIM0) >>> 2;
            boolean on = core.debug().traceEnabled() && (itmTcr & 1) != 0 && (itmTer & (1 << port)) != 0;
            if (on && itmSink != null) itmSink.stimulus(port, value >>> Integer.numberOfTrailingZeros(mask), size);
        } else if (a == ITM_TER) {
            itmTer = Scb.merge(itmTer, value, mask);
        } else if (a == ITM_TPR) {
            itmTpr = Scb.merge(itmTpr, value, mask) & 0xF;
        } else if (a == ITM_TCR) {
            itmTcr = Scb.merge(itmTcr, value, mask) & 0x00FF3F1F;
        } else if (a >= CacheOperation.ICIALLU.address && a <= CacheOperation.BPIALL.address) {
            CacheOperation op = core.variant == CoreVariant.CORTEX_M7 ? CacheOperation.at(a) : null;
            if (op != null) core.memory().cacheMaintenance(op, value);
            if (op != null && cacheListener != null) cacheListener.maintenance(op, value);
        }
    }
}
