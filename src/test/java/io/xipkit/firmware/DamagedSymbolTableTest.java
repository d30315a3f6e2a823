package io.xipkit.firmware;

import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ELF whose symbol table is damaged runs, as under QEMU (whose loader skips symbols it cannot
 * read and loads the program from its segments): the program's output and exit status are QEMU's,
 * and one warning says the symbols are unusable and why.
 */
class DamagedSymbolTableTest {
    private static final Path HELLO = Path.of("firmware/elf/examples/generic-m7-hello.elf");

    @TempDir
    Path dir;

    /** A copy of {@code elf} whose .symtab names section 0xFFFF as its string table (sh_link). */
    private Path withBrokenSymtabLink(Path elf) throws IOException {
        byte[] b = Files.readAllBytes(elf);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = bb.getInt(32);
        int shnum = bb.getShort(48) & 0xFFFF;
        int symtab = -1;
        for (int i = 0; i < shnum; i++) {
            if (bb.getInt(shoff + 40 * i + 4) == 2) symtab = i; // SHT_SYMTAB
        }
        assertThat(symtab).as("the committed ELF has a symbol table").isPositive();
        bb.putInt(shoff + 40 * symtab + 24, 0xFFFF); // sh_link
        Path damaged = dir.resolve("hello-damaged.elf");
        Files.write(damaged, b);
        return damaged;
    }

    @Test
    void aDamagedSymbolTableRunsAsUnderQemuWithOneWarning() throws IOException {
        Path damaged = withBrokenSymtabLink(HELLO);
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--max-time", "10", damaged.toString());
        QemuDifferentialTest.Outcome qemu = QemuDifferentialTest.runQemu(damaged);
        assertThat(o.out()).isEqualTo(qemu.stdoutText()).isNotEmpty();
        assertThat(o.status()).isEqualTo(qemu.exitStatus());
        assertThat(o.err()).isEqualTo("xipkit: warning: hello-damaged.elf: symbols unusable (symbol table links to"
                + " invalid string table section 65535); loaded from its segments, without symbols\n");
        // The undamaged file: the same run, no warning.
        MainTest.Outcome intact = xipkit("run", "--board", "generic-m7", "--max-time", "10", HELLO.toString());
        assertThat(intact.out()).isEqualTo(o.out());
        assertThat(intact.err()).isEmpty();
    }
}
