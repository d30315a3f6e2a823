package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.cpu.ExceptionNumber;
import io.xipkit.cpu.FaultKind;
import io.xipkit.cpu.FaultSnapshot;
import io.xipkit.cpu.Scb;
import io.xipkit.peripherals.quadspi.ControllerModeLog;
import io.xipkit.peripherals.quadspi.SpiControllerEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names the cause of a fault in the user's terms from what the models recorded, for the fault
 * report: a bus error the QUADSPI/OCTOSPI/XSPI window answered because its controller was out of
 * memory-mapped mode (the controller's {@link ControllerModeLog} knows the mode, since when, and
 * the instruction that set it), and an INVSTATE UsageFault (the core executed with EPSR.T = 0).
 * The models record addresses; naming them (function, memory) is done here.
 *
 * <p>Escalation as DDI 0403E B1.5.14/B3.2.16: a BusFault or UsageFault whose handler is disabled
 * (SHCSR) or cannot preempt becomes a HardFault with HFSR.FORCED.
 */
public final class XipFaultDiagnosis {
    private static final int IBUSERR = 1 << FaultKind.IBUSERR.cfsrBit, PRECISERR = 1 << FaultKind.PRECISERR.cfsrBit,
            INVSTATE = 1 << FaultKind.INVSTATE.cfsrBit;

    private XipFaultDiagnosis() {}

    /** One line per cause found (none when the models recorded nothing that explains the fault). */
    public static List<String> lines(Board board, FaultSnapshot s, SymbolLookup symbols) {
        List<String> out = new ArrayList<>();
        int cfsr = s.cfsr();
        if ((cfsr & IBUSERR) != 0) {
            long pc = s.faultingPc() & 0xFFFF_FFFFL;
            refusal(board, pc, 4).ifPresent(r -> out.add(windowRefusal(board, "instruction fetch from", pc, "", r, s, symbols)));
        }
        if ((cfsr & PRECISERR) != 0 && (cfsr & Scb.CFSR_BFARVALID) != 0) {
            long bfar = s.bfar() & 0xFFFF_FFFFL;
            refusal(board, bfar, 1).ifPresent(r -> out.add(windowRefusal(board,
                    r.refusal().write() ? "data write to" : "data read from", bfar,
                    " by " + where(board, s.faultingPc(), symbols), r, s, symbols)));
        }
        if ((cfsr & INVSTATE) != 0 && (s.xpsr() & (1 << 24)) == 0) {
            int pc = s.faultingPc();
            String caller = s.frameValid() ? String.format(", return address 0x%08x%s", s.frame()[5],
                    named(symbols, s.frame()[5] & ~1)) : "";
            out.add(String.format("execution at 0x%08x (%s) with EPSR.T = 0: the branch there had bit 0 of its target"
                    + " address clear%s: INVSTATE %s", pc, where(board, pc, symbols), caller, escalation(s, "UsageFault")));
        }
        return out;
    }

    private record Found(SpiControllerEngine controller, ControllerModeLog.Refusal refusal) {}

    /** The most recent refusal, on any controller, of an access within [address, address + span). */
    private static java.util.Optional<Found> refusal(Board board, long address, int span) {
        Found best = null;
        for (Object m : board.models().values()) {
            if (!(m instanceof SpiControllerEngine e)) continue;
            for (ControllerModeLog.Refusal r : e.modeLog().refusals()) {
                // A cache line fill asks for the whole 32-byte line (DDI 0489 L1 caches): the refused
                // address is the line's first word.
                if (r.address() >= (address & ~31L) && r.address() < address + span
                        && (best == null || r.picos() >= best.refusal().picos())) {
                    best = new Found(e, r);
                }
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private static String windowRefusal(Board board, String what, long address, String by, Found f, FaultSnapshot s,
                                        SymbolLookup symbols) {
        ControllerModeLog.Refusal r = f.refusal();
        ControllerModeLog.Change mode = r.mode();
        String state = switch (mode.mode()) {
            case "reset" -> "in its reset state (never put in memory-mapped mode)";
            case "aborted" -> "aborted (out of memory-mapped mode) since " + ControllerModeLog.millis(mode.picos());
            default -> "in " + mode.mode().replace(' ', '-') + " mode since " + ControllerModeLog.millis(mode.picos());
        };
        String setBy = mode.pc() < 0 ? "" : " (set by " + where(board, (int) mode.pc(), symbols) + ")";
        String name = symbols.describe((int) address);
        int ipsr = s.xpsr() & 0x1FF;
        String context = ipsr == 0 ? "" : " in the " + handlerName(ipsr) + " handler";
        return String.format("%s 0x%08x%s%s%s while %s was %s%s: %s", what, address, name == null ? "" : " (" + name + ")",
                by, context, f.controller().name(), state, setBy, escalation(s, "BusFault"));
    }

    /** "BusFault → HardFault" when HFSR.FORCED says the fault escalated, else the fault itself. */
    private static String escalation(FaultSnapshot s, String fault) {
        return (s.hfsr() & Scb.HFSR_FORCED) != 0 ? fault + " → HardFault" : fault;
    }

    private static String handlerName(int exception) {
        return exception >= 16 ? "IRQ " + (exception - 16) : ExceptionNumber.name(exception);
    }

    /** "xip_flash_write+0x10 in ITCM", "0x00000120 in ITCM", or the symbol alone outside the board's memories. */
    static String where(Board board, int address, SymbolLookup symbols) {
        String name = symbols.describe(address);
        String text = name != null ? name : String.format("0x%08x", address);
        return board.description().memoryAt(address & 0xFFFF_FFFFL)
                .map(m -> text + " in " + m.name().toUpperCase(Locale.ROOT)).orElse(text);
    }

    private static String named(SymbolLookup symbols, int address) {
        String name = symbols.describe(address);
        return name == null ? "" : " " + name;
    }
}
