package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CPU corpus under the real gdb: break at exit, read a global, continue to the exit status. */
class GdbMultiarchGenericM7Test {
    /** The program's semihosting output reaches gdb's console ("O" packets), not the server's standard output. */
    @Test
    void breakAtExitReadsTheRunningTotalAndContinuesToTheExitStatus() throws Exception {
        String elf = GdbServerProcess.path("firmware/elf/generic-m7/int_arith-O2.elf");
        try (GdbServerProcess server = new GdbServerProcess("--board", "generic-m7", elf)) {
            String gdb = server.gdb(elf, "break exit", "continue", "print/x (unsigned int)xt_total", "continue", "monitor quit");
            assertThat(gdb).containsPattern("Breakpoint 1, 0x[0-9a-f]+ in exit \\(\\)");
            Matcher printed = Pattern.compile("done total=0x([0-9a-f]{8}) exit=(\\d+)").matcher(gdb);
            assertThat(printed.find()).as("program output in gdb: %s", gdb).isTrue();
            assertThat(server.out()).doesNotContain("done total=");
            assertThat(gdb).as(gdb).contains("$1 = 0x" + printed.group(1).replaceFirst("^0+(?=.)", ""));
            int status = Integer.parseInt(printed.group(2));
            // gdb prints the exit code in octal
            assertThat(gdb).contains(status == 0 ? "exited normally" : String.format("exited with code 0%o]", status));
            assertThat(server.awaitExit()).isZero();
            assertThat(server.err()).contains("xipkit: gdb server for generic-m7 on 127.0.0.1:" + server.port);
        }
    }

    @Test
    void monitorFaultShowsTheLastFaultWithSymbolsAfterTheProgramsHandlerExits() throws Exception {
        // The corpus' fault programs report from their own HardFault handler and exit 103.
        String elf = GdbServerProcess.path("firmware/elf/generic-m7/fault_hardfault-O2.elf");
        try (GdbServerProcess server = new GdbServerProcess("--board", "generic-m7", elf)) {
            String gdb = server.gdb(elf, "continue", "monitor fault", "monitor quit");
            assertThat(gdb).as(gdb).contains("exited with code 0147]");
            assertThat(gdb).contains("HardFault: PRECISERR").contains("faulting PC").containsPattern("<main\\+0x[0-9a-f]+>")
                    .contains("CFSR 0x");
            assertThat(server.awaitExit()).isZero();
        }
    }
}
