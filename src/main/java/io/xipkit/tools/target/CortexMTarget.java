package io.xipkit.tools.target;

import static io.xipkit.tools.target.CortexMDebugRegisters.*;

import java.util.Arrays;

/**
 * A Cortex-M debugged the way OpenOCD's cortex_m target and pyOCD's cortex_m.py do it: every
 * operation is a sequence of reads and writes of the architected debug registers (DHCSR, DCRSR,
 * DCRDR, DEMCR, DFSR, FP_CTRL/FP_COMPn, DWT_COMPn/MASKn/FUNCTIONn) through a
 * {@link DebugAccessPort}, so the same code drives an in-process board and any other port.
 */
public final class CortexMTarget implements DebugTarget {
    /** How often a debug request may be polled before the core is declared unresponsive. */
    private static final int POLLS = 16;

    private final DebugAccessPort port;
    private final CoreExecution execution;
    private final MemoryMap memoryMap;
    private CoreDescription core;
    /** Address set in each FPB code comparator, or -1. */
    private long[] fpb = new long[0];
    /** Per DWT comparator: address, length and kind, or null when free. */
    private Watch[] dwt = new Watch[0];
    private boolean stepping;

    private record Watch(long address, int length, StopEvent.WatchKind kind) {}

    public CortexMTarget(DebugAccessPort port, CoreExecution execution, MemoryMap memoryMap) {
        this.port = port;
        this.execution = execution;
        this.memoryMap = memoryMap;
    }

    /**
     * Enables halting debug and finds out what the core has (as OpenOCD's cortex_m_examine):
     * CPUID, MVFR0, FP_CTRL, DWT_CTRL; enables the FPB and the DWT (DEMCR.TRCENA) and clears
     * every comparator.
     */
    public CortexMTarget attach() {
        port.write32(DHCSR, DBGKEY | C_DEBUGEN);
        int cpuid = port.read32(CPUID);
        int partno = (cpuid >>> 4) & 0xFFF;
        String name = switch (partno) {
            case 0xC27 -> "Cortex-M7";
            case 0xC24 -> "Cortex-M4";
            case 0xC23 -> "Cortex-M3";
            default -> String.format("Cortex-M (part %03X)", partno);
        };
        // MVFR0 (B4.1): single precision [7:4], double precision [11:8]; reads 0 without the FP extension.
        int mvfr0 = port.read32(MVFR0);
        boolean fpu = ((mvfr0 >>> 4) & 0xF) != 0;
        boolean dp = ((mvfr0 >>> 8) & 0xF) != 0;
        int demcr = port.read32(DEMCR);
        port.write32(DEMCR, demcr | TRCENA);
        int fpCtrl = port.read32(FP_CTRL);
        int codeComparators = fpbCodeComparators(fpCtrl);
        port.write32(FP_CTRL, FP_CTRL_KEY | FP_CTRL_ENABLE);
        for (int i = 0; i < codeComparators; i++) port.write32(FP_COMP0 + 4L * i, 0);
        int dwtComparators = port.read32(DWT_CTRL) >>> 28;
        for (int i = 0; i < dwtComparators; i++) port.write32(DWT_COMP0 + (long) DWT_STRIDE * i + DWT_FUNCTION_OFFSET, 0);
        core = new CoreDescription(name, cpuid, fpu, dp, fpbRevision(fpCtrl), codeComparators, dwtComparators);
        fpb = new long[codeComparators];
        Arrays.fill(fpb, -1);
        dwt = new Watch[dwtComparators];
        return this;
    }

    @Override
    public CoreDescription core() {
        return core;
    }

    @Override
    public MemoryMap memoryMap() {
        return memoryMap;
    }

    private int dhcsr() {
        return port.read32(DHCSR);
    }

    @Override
    public boolean isHalted() {
        return (dhcsr() & S_HALT) != 0;
    }

    @Override
    public void halt() {
        port.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        awaitHalt();
    }

    private void awaitHalt() {
        for (int i = 0; i < POLLS; i++) {
            if (isHalted()) return;
            execution.execute(0, Long.MAX_VALUE);
        }
        throw new IllegalStateException("the core does not halt (DHCSR " + Integer.toHexString(dhcsr()) + ")");
    }

    @Override
    public void resume() {
        clearDfsr();
        stepping = false;
        port.write32(DHCSR, DBGKEY | C_DEBUGEN);
    }

    private int clearDfsr() {
        int dfsr = port.read32(DFSR);
        port.write32(DFSR, dfsr);   // write-one-to-clear (C1.6.1)
        return dfsr;
    }

    @Override
    public StopEvent step() {
        clearDfsr();
        // C_MASKINTS may only change while halted (C1.6.2), so it is set first, then C_STEP with
        // C_HALT clear: the core executes one instruction and halts again with DFSR.HALTED.
        port.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT | C_MASKINTS);
        port.write32(DHCSR, DBGKEY | C_DEBUGEN | C_MASKINTS | C_STEP);
        stepping = true;
        StopEvent e = runFor(1);
        if (e instanceof StopEvent.StillRunning) {
            port.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
            awaitHalt();
            e = new StopEvent.Stepped();
        }
        port.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        stepping = false;
        return e;
    }

    @Override
    public StopEvent runUntil(long maxInstructions, long untilPicos) {
        StopEvent end = execution.execute(maxInstructions, untilPicos);
        if (end != null) return end;
        if (!isHalted()) return new StopEvent.StillRunning();
        return haltCause();
    }

    /** Why the core is halted, from DFSR (C1.6.1), the DWT MATCHED flags and the FPB comparators. */
    private StopEvent haltCause() {
        int dfsr = clearDfsr();
        if ((dfsr & DFSR_DWTTRAP) != 0) {
            for (int i = 0; i < dwt.length; i++) {
                // Reading DWT_FUNCTION clears MATCHED (C1.8.17).
                int function = port.read32(DWT_COMP0 + (long) DWT_STRIDE * i + DWT_FUNCTION_OFFSET);
                if ((function & DWT_FUNCTION_MATCHED) != 0 && dwt[i] != null) {
                    return new StopEvent.Watchpoint(dwt[i].kind(), dwt[i].address());
                }
            }
        }
        if ((dfsr & DFSR_BKPT) != 0) {
            long pc = readRegister(CoreRegister.PC) & 0xFFFF_FFFFL;
            boolean hardware = false;
            for (long a : fpb) hardware |= a == pc;
            return new StopEvent.Breakpoint(pc, hardware);
        }
        if ((dfsr & DFSR_VCATCH) != 0) {
            int ipsr = readRegister(CoreRegister.XPSR) & 0x1FF;
            return new StopEvent.VectorCatch(ipsr == 0 ? "reset" : "exception " + ipsr);
        }
        if (stepping) return new StopEvent.Stepped();
        return new StopEvent.HaltRequested();
    }

    @Override
    public int readRegister(int selector) {
        port.write32(DCRSR, selector);
        awaitRegisterTransfer();
        return port.read32(DCRDR);
    }

    @Override
    public void writeRegister(int selector, int value) {
        port.write32(DCRDR, value);
        port.write32(DCRSR, selector | REGWNR);
        awaitRegisterTransfer();
    }

    private void awaitRegisterTransfer() {
        for (int i = 0; i < POLLS; i++) {
            if ((dhcsr() & S_REGRDY) != 0) return;
            execution.execute(0, Long.MAX_VALUE);
        }
        throw new IllegalStateException("core register transfer does not complete (S_REGRDY stays 0)");
    }

    @Override
    public byte[] readMemory(long address, int length) {
        byte[] out = new byte[length];
        long a = address;
        int i = 0;
        while (i < length) {
            if ((a & 3) == 0 && length - i >= 4) {
                int w = port.read(a, 4);
                for (int k = 0; k < 4; k++) out[i + k] = (byte) (w >>> (8 * k));
                i += 4;
                a += 4;
            } else {
                out[i++] = (byte) port.read(a++, 1);
            }
        }
        return out;
    }

    @Override
    public void writeMemory(long address, byte[] data) {
        long a = address;
        int i = 0;
        while (i < data.length) {
            if ((a & 3) == 0 && data.length - i >= 4) {
                int w = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | (data[i + 3] & 0xFF) << 24;
                port.write(a, 4, w);
                i += 4;
                a += 4;
            } else {
                port.write(a++, 1, data[i++] & 0xFF);
            }
        }
    }

    @Override
    public int read32(long address) {
        return port.read32(address);
    }

    @Override
    public void write32(long address, int value) {
        port.write32(address, value);
    }

    @Override
    public void resetAndHalt() {
        int demcr = port.read32(DEMCR);
        port.write32(DEMCR, demcr | VC_CORERESET | TRCENA);
        port.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        execution.resetSystem();
        awaitHalt();
        port.write32(DEMCR, (demcr | TRCENA) & ~VC_CORERESET);
        clearDfsr();
        reprogramUnits();
    }

    @Override
    public void resetAndRun() {
        int demcr = port.read32(DEMCR);
        port.write32(DEMCR, (demcr | TRCENA) & ~VC_CORERESET);
        port.write32(DHCSR, DBGKEY | C_DEBUGEN);
        execution.resetSystem();
        reprogramUnits();
        resume();
    }

    /** A system reset clears the FPB and DWT (C1.11, C1.8: reset values): the debugger sets its comparators again. */
    private void reprogramUnits() {
        port.write32(FP_CTRL, FP_CTRL_KEY | FP_CTRL_ENABLE);
        for (int i = 0; i < fpb.length; i++) {
            port.write32(FP_COMP0 + 4L * i, fpb[i] < 0 ? 0 : fpbComparator(core.fpbRevision(), fpb[i]));
        }
        for (int i = 0; i < dwt.length; i++) {
            if (dwt[i] != null) programWatch(i, dwt[i]);
        }
    }

    @Override
    public boolean setHardwareBreakpoint(long address) {
        if (!core.hardwareBreakpointReaches(address)) return false;
        for (long a : fpb) if (a == address) return true;
        for (int i = 0; i < fpb.length; i++) {
            if (fpb[i] < 0) {
                fpb[i] = address;
                port.write32(FP_COMP0 + 4L * i, fpbComparator(core.fpbRevision(), address));
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean clearHardwareBreakpoint(long address) {
        for (int i = 0; i < fpb.length; i++) {
            if (fpb[i] == address) {
                fpb[i] = -1;
                port.write32(FP_COMP0 + 4L * i, 0);
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean setWatchpoint(long address, int length, StopEvent.WatchKind kind) {
        // DWT address masking (C1.8.13 DWT_MASKn) ignores the low MASK bits: the range must be a
        // power of two long and aligned to its length.
        if (length <= 0 || Integer.bitCount(length) != 1 || (address & (length - 1)) != 0) return false;
        Watch w = new Watch(address, length, kind);
        for (Watch x : dwt) if (w.equals(x)) return true;
        for (int i = 0; i < dwt.length; i++) {
            if (dwt[i] == null) {
                dwt[i] = w;
                programWatch(i, w);
                return true;
            }
        }
        return false;
    }

    private void programWatch(int i, Watch w) {
        long base = DWT_COMP0 + (long) DWT_STRIDE * i;
        port.write32(base, (int) w.address());
        port.write32(base + DWT_MASK_OFFSET, Integer.numberOfTrailingZeros(w.length()));
        port.write32(base + DWT_FUNCTION_OFFSET, switch (w.kind()) {
            case READ -> DWT_FUNCTION_READ;
            case WRITE -> DWT_FUNCTION_WRITE;
            case ACCESS -> DWT_FUNCTION_ACCESS;
        });
    }

    @Override
    public boolean clearWatchpoint(long address, int length, StopEvent.WatchKind kind) {
        Watch w = new Watch(address, length, kind);
        for (int i = 0; i < dwt.length; i++) {
            if (w.equals(dwt[i])) {
                dwt[i] = null;
                port.write32(DWT_COMP0 + (long) DWT_STRIDE * i + DWT_FUNCTION_OFFSET, 0);
                return true;
            }
        }
        return false;
    }

    @Override
    public void waitFor(long picos) {
        execution.waitFor(picos);
    }

    @Override
    public long nowPicos() {
        return execution.nowPicos();
    }

    @Override
    public void detach() {
        for (int i = 0; i < fpb.length; i++) if (fpb[i] >= 0) clearHardwareBreakpoint(fpb[i]);
        for (Watch w : dwt.clone()) if (w != null) clearWatchpoint(w.address(), w.length(), w.kind());
        clearDfsr();
        port.write32(DHCSR, DBGKEY | C_DEBUGEN);
    }
}
