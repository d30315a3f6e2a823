package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.cpu.StopReason;

/** Describes why a program stopped abnormally, for the user. */
final class FaultReporting {
    private FaultReporting() {}

    /**
     * MERGE POINT: replace with the system helper's {@code FaultReport} (registers, CFSR/HFSR,
     * stacked frame). Until then: the stop reason's own description.
     */
    static String report(Board board, StopReason stop) {
        String pc = String.format(" (pc=0x%08x)", board.core().pc);
        if (stop instanceof StopReason.Lockup l) return "core locked up: " + l.description();
        if (stop instanceof StopReason.Asleep a) return String.format("core asleep at pc=0x%08x with nothing to wake it", a.pc());
        if (stop instanceof StopReason.Breakpoint b) return String.format("breakpoint at pc=0x%08x", b.pc());
        if (stop instanceof StopReason.Requested r) return "stopped: " + r.why() + pc;
        return stop + pc;
    }
}
