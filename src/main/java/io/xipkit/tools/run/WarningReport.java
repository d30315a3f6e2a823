package io.xipkit.tools.run;

import io.xipkit.peripherals.ModelWarnings;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Model warnings as the user sees them on standard error: the de-duplicated summary at the end of
 * a command (count, first virtual time, chip or peripheral, PC with the function when the images
 * have symbols, message) and, with {@link WarningsMode#ALL}, one line per report as it happens.
 * Naming the PC is done here, from the images' symbols: the models only record the address.
 */
public final class WarningReport {
    private WarningReport() {}

    /**
     * Each warning of the board records the PC of the instruction whose access caused it: the
     * core's {@code pc} holds the executing instruction's address while it runs (and where it
     * stopped while halted: a debugger's accesses are attributed there).
     */
    public static void attributeToCore(io.xipkit.board.Board board) {
        io.xipkit.cpu.Core core = board.core();
        board.warnings().readPcFrom(() -> core.pc);
    }

    /**
     * With {@link WarningsMode#ALL}, prints every report from now on ({@code xipkit: warning: ...}).
     * The symbols are asked at each report, so they may be completed after this call.
     */
    public static void follow(ModelWarnings warnings, WarningsMode mode, SymbolLookup symbols, PrintStream err) {
        if (mode != WarningsMode.ALL) return;
        warnings.listen((source, message, picos, pc) ->
                err.println("xipkit: warning at " + seconds(picos) + " s, " + source + ", " + where(pc, symbols) + ": " + message));
    }

    /** Prints the summary unless the mode is OFF or nothing was reported (a firmware without mistakes prints nothing). */
    public static void printSummary(ModelWarnings warnings, WarningsMode mode, SymbolLookup symbols, PrintStream err) {
        if (mode == WarningsMode.OFF) return;
        for (String line : summary(warnings, symbols)) err.println(line);
        err.flush();
    }

    /**
     * The summary: a heading, then one aligned row per distinct warning in the order they first
     * happened; no lines at all when nothing was reported.
     */
    public static List<String> summary(ModelWarnings warnings, SymbolLookup symbols) {
        List<String> lines = new ArrayList<>();
        List<ModelWarnings.Warning> all = warnings.warnings();
        if (all.isEmpty() && warnings.droppedDistinct() == 0) return lines;
        lines.add(String.format("xipkit: model warnings (%d distinct, %d in all; what a real part would ignore, garble or"
                + " leave undefined):", all.size() + warnings.droppedDistinct(), warnings.total()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"count", "first (s)", "source", "pc / function", "message"});
        for (ModelWarnings.Warning w : all) {
            rows.add(new String[] {Long.toString(w.count()), seconds(w.firstPicos()), w.source(), where(w.pc(), symbols), w.message()});
        }
        int[] width = new int[4];
        for (String[] r : rows) for (int i = 0; i < 4; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            lines.add(String.format("  %" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3] + "s  %s",
                    r[0], r[1], r[2], r[3], r[4]).stripTrailing());
        }
        if (warnings.droppedDistinct() > 0) {
            lines.add("  ... and " + warnings.droppedDistinct() + " more distinct warnings, not kept");
        }
        return lines;
    }

    /** The summary as one text (gdb's {@code monitor warnings}); says so when there is none. */
    public static String text(ModelWarnings warnings, SymbolLookup symbols) {
        List<String> lines = summary(warnings, symbols);
        return lines.isEmpty() ? "no model warnings" : String.join("\n", lines);
    }

    /** "0x08000132 main+0x12", or "0x08000132" without symbols, or "-" without a core. */
    static String where(long pc, SymbolLookup symbols) {
        if (pc == ModelWarnings.NO_PC) return "-";
        String name = symbols.describe((int) pc);
        return String.format("0x%08x", pc) + (name != null ? " " + name : "");
    }

    static String seconds(long picos) {
        return BigDecimal.valueOf(picos).movePointLeft(12).setScale(9, java.math.RoundingMode.DOWN).toPlainString();
    }
}
