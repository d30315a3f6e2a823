package io.xipkit.tools.run;

import io.xipkit.cpu.StopReason;
import java.util.OptionalInt;

/**
 * How a run ended.
 *
 * @param faultReport for an abnormal stop (lockup, asleep forever, breakpoint): what to tell the user; else null
 */
public record RunResult(StopReason stop, long instructions, long virtualPicos, String faultReport) {
    /** The program's exit status when it exited through semihosting. */
    public OptionalInt exitStatus() {
        return stop instanceof StopReason.Exited e ? OptionalInt.of(e.status()) : OptionalInt.empty();
    }

    public boolean hitLimit() {
        return stop instanceof StopReason.InstructionLimit || stop instanceof StopReason.TimeLimit;
    }
}
