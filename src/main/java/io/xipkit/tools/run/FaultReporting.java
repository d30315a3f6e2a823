package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.cpu.FaultReport;
import io.xipkit.cpu.FaultSnapshot;
import io.xipkit.cpu.StopReason;

/** Describes why a program stopped abnormally, for the user: the fault reports of the core. */
public final class FaultReporting {
    private FaultReporting() {}

    public static String report(Board board, StopReason stop, SymbolLookup symbols) {
        var exceptions = board.core().exceptions;
        if (stop instanceof StopReason.FaultHandlerSpin spin) {
            return "fault handler spins (a fault was taken and its handler loops forever)\n"
                    + causes(board, spin.snapshot(), symbols)
                    + FaultReport.build(spin.snapshot(), symbols::describe).stripTrailing();
        }
        if (stop instanceof StopReason.Lockup l) {
            StringBuilder b = new StringBuilder("core locked up: ").append(l.description()).append('\n');
            FaultSnapshot lockup = exceptions.lockupSnapshot();
            FaultSnapshot last = exceptions.faultSnapshot();
            if (last != null && last.frameValid()) b.append(causes(board, last, symbols));
            if (lockup != null) b.append(FaultReport.build(lockup, symbols::describe));
            if (last != null && last.frameValid()) {
                b.append("last fault taken before the lockup:\n").append(FaultReport.build(last, symbols::describe));
            }
            return b.toString().stripTrailing();
        }
        if (stop instanceof StopReason.Asleep a) {
            return String.format("core asleep at pc=0x%08x with nothing to wake it", a.pc());
        }
        if (stop instanceof StopReason.Halted h) return String.format("halted by the debugger at pc=0x%08x (%s)", h.event().pc(), h.event());
        if (stop instanceof StopReason.Requested r) {
            return "stopped: " + r.why() + String.format(" (pc=0x%08x)", board.core().pc);
        }
        return stop + String.format(" (pc=0x%08x)", board.core().pc);
    }

    /** "cause: ..." lines naming what the models recorded about this fault (XipFaultDiagnosis), or "". */
    private static String causes(Board board, FaultSnapshot s, SymbolLookup symbols) {
        StringBuilder b = new StringBuilder();
        for (String line : XipFaultDiagnosis.lines(board, s, symbols)) b.append("cause: ").append(line).append('\n');
        return b.toString();
    }
}
