package io.xipkit.tools.target;

/**
 * What only the side that executes the core provides: letting it run, pulsing the system reset
 * line and letting time pass. Over a probe the core runs by itself and these become waits and
 * nSRST; for an in-process board they drive the model ({@link VirtualTarget}).
 */
public interface CoreExecution {
    /**
     * Lets the core execute (while it is not halted) for at most {@code maxInstructions} and
     * until {@link #nowPicos()} reaches {@code untilPicos}, or only act on pending debug requests
     * when the budget is 0.
     *
     * @return an end the debug registers cannot express (semihosting exit, a lockup or fault the
     *         simulation stopped on), or null: then the debug registers tell whether and why the
     *         core halted
     */
    StopEvent execute(long maxInstructions, long untilPicos);

    /** Pulses the system reset (as nSRST): the whole MCU resets, non-volatile memory keeps its content. */
    void resetSystem();

    /** See {@link DebugTarget#waitFor}. */
    void waitFor(long picos);

    long nowPicos();
}
