package io.xipkit.cpu.debug;

/**
 * Why the core entered Debug state (or, with monitor debug, took the DebugMonitor exception).
 * Each kind of event sets one Debug Fault Status Register bit (DDI 0403E C1.6.1, "Debug Fault
 * Status Register, DFSR"; the events themselves: C1.5 "Debug event behavior").
 */
public sealed interface DebugEvent {
    /** The DFSR bit this event sets. */
    int dfsrBit();

    /** The address of the next instruction to execute when the core stopped. */
    int pc();

    /** The debugger wrote DHCSR.C_HALT (DFSR.HALTED). */
    record HaltRequest(int pc) implements DebugEvent {
        @Override public int dfsrBit() { return HaltingDebug.DFSR_HALTED; }
    }

    /** A single step ordered with DHCSR.C_STEP (or DEMCR.MON_STEP) completed (DFSR.HALTED). */
    record Step(int pc) implements DebugEvent {
        @Override public int dfsrBit() { return HaltingDebug.DFSR_HALTED; }
    }

    /** A BKPT instruction other than semihosting (DFSR.BKPT); the BKPT has not executed. */
    record Breakpoint(int pc, int imm8) implements DebugEvent {
        @Override public int dfsrBit() { return HaltingDebug.DFSR_BKPT; }
    }

    /** An FPB instruction comparator matched (DFSR.BKPT); the instruction has not executed. */
    record FpbMatch(int pc, int comparator) implements DebugEvent {
        @Override public int dfsrBit() { return HaltingDebug.DFSR_BKPT; }
    }

    /**
     * A DWT comparator matched (DFSR.DWTTRAP). Watchpoints are asynchronous on ARMv7-M (C1.8.1):
     * the instruction that made the access has completed and {@link #pc()} is the next one.
     *
     * @param address the data address accessed (or the instruction address for a PC match)
     */
    record DwtMatch(int pc, int comparator, int address, DwtAccess access) implements DebugEvent {
        @Override public int dfsrBit() { return HaltingDebug.DFSR_DWTTRAP; }
    }

    /**
     * DEMCR vector catch (DFSR.VCATCH): the exception was taken and the core stopped before the
     * handler's first instruction; {@code exception} 1 is the reset catch (VC_CORERESET).
     */
    record VectorCatch(int pc, int exception) implements DebugEvent {
        @Override public int dfsrBit() { return HaltingDebug.DFSR_VCATCH; }
    }

    /** What a DWT comparator saw. */
    enum DwtAccess { READ, WRITE, EXECUTE }
}
