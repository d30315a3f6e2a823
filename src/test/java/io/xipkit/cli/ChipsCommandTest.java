package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChipsCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ChipsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsEveryCatalogPartWithIdSizePageEraseAndProtocols() {
        Run r = run();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("W25Q128JV", "EF 40 18", "16 MiB", "4 KiB/32 KiB/64 KiB/chip", "1-4-4");
        assertThat(r.out()).contains("MT25QL512ABB", "MT25TL01G", "MX25UW25645G", "8D-8D-8D", "MX25LM51245G",
                "MX25R6435F", "IS25LP128", "GD25Q128");
        assertThat(r.out()).contains("(x2 dies)");
    }

    @Test
    void showsOnePartWithDecodedSfdp() {
        Run r = run("w25q128jv");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("JEDEC ID  : EF 40 18", "SFDP", "table FF00h", "erase 4 KiB  opcode 20h",
                "read 1-4-4  opcode EBh  2 mode + 4 dummy clocks", "tPP");
    }

    @Test
    void aRevision10SfdpTableShowsWhatItDoesNotReport() {
        Run r = run("GD25Q128");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("JESD216 rev 1.0", "9 DWORDs", "page not reported", "suspend not reported",
                "QE requirement not reported", "erase 4 KiB  opcode 20h  typ not reported");
        assertThat(run("w25q128jv").out()).contains("page 256", "QE requirement 4").doesNotContain("not reported");
    }

    @Test
    void unknownPartIsOneClearErrorLine() {
        Run r = run("NOPE123");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("xipkit chips: unknown flash part 'NOPE123'").doesNotContain("\n").doesNotContain("Exception");
    }
}
