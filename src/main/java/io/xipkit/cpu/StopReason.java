package io.xipkit.cpu;

/** Why {@link Core#run} returned. */
public sealed interface StopReason {
    /** The program asked to stop through semihosting SYS_EXIT / SYS_EXIT_EXTENDED. */
    record Exited(int status) implements StopReason {}

    /** The instruction budget given to {@code run} was used up. */
    record InstructionLimit(long executed) implements StopReason {}

    /** The virtual-time budget given to {@code run} was used up. */
    record TimeLimit(long picos) implements StopReason {}

    /** The core locked up (a fault while HardFault or NMI was active, or a fault at reset). */
    record Lockup(String description) implements StopReason {}

    /** Sleeping (WFI/WFE) with nothing pending and nothing scheduled: it would never wake. */
    record Asleep(int pc) implements StopReason {}

    /**
     * The core is in Debug state (DHCSR.S_HALT): a debugger halted it, or a breakpoint, watchpoint,
     * step or vector catch stopped it with halting debug enabled. Nothing executes and virtual time
     * stands still until the debugger clears DHCSR.C_HALT.
     */
    record Halted(io.xipkit.cpu.debug.DebugEvent event) implements StopReason {}

    /** A fault handler (HardFault, MemManage, BusFault, UsageFault or NMI) branched to itself:
     *  the run stops with the fault state instead of spinning forever. */
    record FaultHandlerSpin(FaultSnapshot snapshot) implements StopReason {}

    /** Something outside the core (a tool, a power cut) asked the run to stop. */
    record Requested(String why) implements StopReason {}
}
