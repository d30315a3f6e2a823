package io.xipkit.cpu.debug;

/**
 * What the debug logic asks of the core it debugs. The core implements it; this package does
 * not depend on the core's classes (the dependency runs one way, cpu → cpu.debug).
 */
public interface DebuggedCore {
    RegisterFile registers();

    /** Instructions executed since reset (for S_RETIRE_ST and stepping). */
    long instructions();

    /** WFI/WFE sleep in progress (S_SLEEP). */
    boolean sleeping();

    /**
     * True while the run loop is executing an instruction: a halt requested now takes effect at
     * the next instruction boundary. False between {@code run} calls, where it takes effect at once.
     */
    boolean executing();

    /** Makes the run loop reconsider debug state before the next instruction. */
    void requestService();

    /** DEMCR.MON_EN: whether the DebugMonitor exception (number 12) may be taken. */
    void setDebugMonitorEnabled(boolean enabled);

    void setDebugMonitorPending(boolean pending);

    boolean debugMonitorPending();

    /** True when a pending DebugMonitor exception would preempt the current execution priority. */
    boolean debugMonitorCanPreempt();

    /** FPB or DWT configuration changed: decoded instructions and access gates are stale. */
    void debugConfigurationChanged();
}
