package io.xipkit.cli;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.tools.run.SymbolLookup;
import io.xipkit.tools.run.WarningReport;
import io.xipkit.tools.run.WarningsMode;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --warnings=summary|all|off}: shared by every command that runs firmware on a board (a picocli mixin). */
final class WarningsOption {
    @Option(names = "--warnings", paramLabel = "MODE", converter = Mode.class, defaultValue = "summary",
            description = "Model warnings (what a real part would ignore, garble or leave undefined: a command in the wrong"
                    + " protocol, SSHIFT with DDR...) on stderr: summary (at exit, each once with its count, first time,"
                    + " chip/peripheral and PC; default), all (also each one as it happens), off.")
    WarningsMode mode = WarningsMode.SUMMARY;

    WarningsMode mode() {
        return mode;
    }

    /** Warnings of the board name the core's PC from now on; with {@code all}, each report is printed as it happens. */
    void follow(io.xipkit.board.Board board, SymbolLookup symbols, PrintStream err) {
        WarningReport.attributeToCore(board);
        WarningReport.follow(board.warnings(), mode, symbols, err);
    }

    /** The summary at the end of a command (nothing when there is no warning or the mode is off). */
    void report(ModelWarnings warnings, SymbolLookup symbols, PrintStream err) {
        WarningReport.printSummary(warnings, mode, symbols, err);
    }

    /** summary | all | off. */
    static final class Mode extends EnumChoice<WarningsMode> {
        Mode() {
            super(WarningsMode.class);
        }
    }
}
