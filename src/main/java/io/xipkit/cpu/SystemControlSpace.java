package io.xipkit.cpu;

/**
 * The Private Peripheral Bus as the core serves it (DDI 0403E B3.1, Table B3-1 and B3.2 Table
 * B3-3 "SCS address space regions"): ITM at 0xE0000000, DWT at 0xE0001000, and the System Control
 * Space 0xE000E000–0xE000EFFF with the SCB, NVIC, SysTick, MPU, FP control, CoreDebug and the M7
 * cache maintenance registers. Each block decodes its own registers; this class routes accesses,
 * converts byte/halfword accesses into (value, byte-lane mask) pairs and applies the privilege
 * rule (B3.2.1: unprivileged SCS accesses are BusFaults, except STIR with CCR.USERSETMPEND).
 */
public final class SystemControlSpace {
    /** Receives ITM stimulus writes (the CLI may print port 0 as a console). */
    public interface ItmSink {
        void stimulus(int port, int value, int size);
    }

    // ITM registers (C1.7, Table C1-11).
    static final int ITM_STIM0 = 0xE0000000, ITM_STIM_LAST = 0xE000007C, ITM_TER = 0xE0000E00,
            ITM_TPR = 0xE0000E40, ITM_TCR = 0xE0000E80, ITM_LAR = 0xE0000FB0;

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

    SystemControlSpace(Core core) {
        this.core = core;
        this.scb = new Scb(core);
        this.nvic = new Nvic(core);
        this.sysTick = new SysTick(core);
        this.mpu = new Mpu(core::mpuChanged);
        this.dwt = new Dwt(core);
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
        return scb.vtor;
    }

    public int cpacr() {
        return scb.cpacr;
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
        core.cacheEnablesChanged(icache, dcache);
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
        int shift = (address & 3) * 8;
        int mask = size == 4 ? -1 : (size == 1 ? 0xFF : 0xFFFF) << shift;
        writeWord(a, (value << shift) & mask, mask, size);
    }

    private void checkPrivilege(int a, int address, boolean write) {
        if (core.privileged() || (a >>> 12) != 0xE000E) return;
        if (write && a == Nvic.STIR && (scb.ccr & Scb.CCR_USERSETMPEND) != 0) return;
        throw new BusErrorException(address, write, "unprivileged access to the System Control Space");
    }

    private int readWord(int a) {
        if (Nvic.owns(a)) return nvic.read(a);
        if (SysTick.owns(a)) return sysTick.read(a);
        if (Mpu.owns(a)) return mpu.read(a);
        if (Scb.owns(a)) return scb.read(a);
        if (Dwt.owns(a)) return dwt.read(a);
        if (a >= ITM_STIM0 && a <= ITM_STIM_LAST) return 1;   // FIFOREADY: never full
        switch (a) {
            case ITM_TER: return itmTer;
            case ITM_TPR: return itmTpr;
            case ITM_TCR: return itmTcr;
            default: return 0;                                // reserved / not modelled: RAZ
        }
    }

    private void writeWord(int a, int value, int mask, int size) {
        if (Nvic.owns(a)) {
            nvic.write(a, value, mask);
        } else if (SysTick.owns(a)) {
            sysTick.write(a, value, mask);
        } else if (Mpu.owns(a)) {
            mpu.write(a, value, mask);
        } else if (Scb.owns(a)) {
            scb.write(a, value, mask);
        } else if (a >= ITM_STIM0 && a <= ITM_STIM_LAST) {
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
            if (op != null) core.cacheMaintenance(op, value);
            if (op != null && cacheListener != null) cacheListener.maintenance(op, value);
        }
    }
}
