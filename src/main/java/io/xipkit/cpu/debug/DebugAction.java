package io.xipkit.cpu.debug;

/**
 * What a debug event leads to (DDI 0403E C1.5 "Debug event behavior", Table C1-3 "Debug stepping
 * control using the DHCSR" and C1.7 "Debug monitor"): halting debug wins when DHCSR.C_DEBUGEN is
 * set; otherwise the DebugMonitor exception when DEMCR.MON_EN is set and it can preempt; otherwise
 * a breakpoint escalates to HardFault and a watchpoint is ignored.
 */
public enum DebugAction {
    /** The core enters Debug state at the next instruction boundary. */
    HALT,
    /** The DebugMonitor exception has been made pending. */
    MONITOR,
    /** A breakpoint with no debug enabled: the caller takes HardFault with HFSR.DEBUGEVT. */
    ESCALATE,
    /** A watchpoint with no debug enabled: nothing happens. */
    IGNORED
}
