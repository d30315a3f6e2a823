package io.xipkit.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The first-firmware path of README.md ("Your own firmware"): the hello example of every board
 * (firmware/examples, built into firmware/elf/examples) runs with exactly the README's command,
 * prints its line and exits 0. The generic-m7 one prints the same under QEMU.
 */
class HelloExamplesTest {
    private static Path elf(String board) {
        return Path.of("firmware/elf/examples/" + board + "-hello.elf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nucleo-l476rg", "stm32h750-w25q128", "stm32h743-w25q128", "stm32h757-mt25tl01g"})
    void stm32HelloPrintsOnTheConsoleUartAndExits(String board) {
        MainTest.Outcome o = MainTest.xipkit("run", "--board", board, elf(board).toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).isEqualTo("hello from " + board + "\r\n");
        assertThat(o.status()).isZero();
    }

    @Test
    void genericM7HelloPrintsThroughSemihostingAndExits() {
        MainTest.Outcome o = MainTest.xipkit("run", "--board", "generic-m7", elf("generic-m7").toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).isEqualTo("hello from generic-m7\n");
        assertThat(o.status()).isZero();
    }

    @Test
    void genericM7HelloPrintsTheSameUnderQemu() throws IOException, InterruptedException {
        Process q = new ProcessBuilder("qemu-system-arm", "-M", "mps2-an500", "-nographic", "-monitor", "none",
                "-serial", "none", "-semihosting", "-kernel", elf("generic-m7").toString())
                .redirectErrorStream(true).start();
        q.getOutputStream().close();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("hello from generic-m7\n");
        assertThat(q.exitValue()).isZero();
    }
}
