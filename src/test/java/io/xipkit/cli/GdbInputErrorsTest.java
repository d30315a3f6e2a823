package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Bad ports for {@code xipkit gdb}: one {@code xipkit:} line naming the problem, exit status 2. */
class GdbInputErrorsTest {
    @Test
    void aJtagPortOutOfRangeIsBadInput() {
        MainTest.Outcome o = MainTest.xipkit("gdb", "--board", "stm32h750-w25q128", "--port", "0", "--jtag-port", "70000");
        assertThat(o.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(o.err()).isEqualTo("xipkit: --jtag-port must be 0..65535, got 70000\n");
    }

    @Test
    void aJtagPortInUseIsBadInputNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            MainTest.Outcome o = MainTest.xipkit("gdb", "--board", "stm32h750-w25q128", "--port", "0", "--jtag-port", Integer.toString(port));
            assertThat(o.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(o.err()).startsWith("xipkit: jtag port " + port + ": ").doesNotContain("gdb server for");
        }
    }
}
