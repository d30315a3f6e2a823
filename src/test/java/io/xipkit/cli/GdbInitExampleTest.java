package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's {@code .gdbinit}-style example, taken from the README as it is, run by gdb-multiarch against the server. */
class GdbInitExampleTest {
    @Test
    void theReadmesGdbinitExampleConnectsAndItsReloadCommandLoadsAndHalts(@TempDir Path dir) throws Exception {
        Matcher block = Pattern.compile("(?s)```gdb\\n(.*?)```").matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("a ```gdb block in README.md").isTrue();
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128")) {
            Path gdbinit = dir.resolve("gdbinit");
            assertThat(block.group(1)).contains("target extended-remote :3333");
            Files.writeString(gdbinit, block.group(1).replace(":3333", ":" + server.port));
            Process gdb = new ProcessBuilder("gdb-multiarch", "-batch", "-nx", "-x", gdbinit.toString(),
                    "-ex", "reload", "-ex", "help reload", "-ex", "monitor flash info", "-ex", "monitor quit").redirectErrorStream(true).start();
            String out = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(gdb.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("Loading section .vectors, size 0x298 lma 0x8000000")
                    .contains("Loading section .vectors, size 0x298 lma 0x90000000")
                    .contains("reset; halted at the reset vector, pc 0x08000298")
                    .contains("Reprogram bootloader and app")
                    .contains("last load: ");
            assertThat(server.awaitExit()).isZero();
        }
    }
}
