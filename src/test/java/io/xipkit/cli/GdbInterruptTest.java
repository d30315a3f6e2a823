package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ctrl-C (the 0x03 interrupt byte) stops firmware that never stops by itself, and the board can be read and resumed. */
class GdbInterruptTest {
    @Test
    void ctrlCHaltsABlinkingLoopWithSigint() throws Exception {
        String elf = GdbServerProcess.path("firmware/elf/nucleo-l476rg/app-v1.elf");
        try (GdbServerProcess server = new GdbServerProcess("--board", "nucleo-l476rg", elf);
             RspClient gdb = new RspClient(server.port)) {
            assertThat(gdb.exchange("QStartNoAckMode")).isEqualTo("OK");
            for (int round = 0; round < 2; round++) {
                gdb.sendRaw(RspClient.frame("vCont;c") + "\u0003");
                assertThat(gdb.readPacket()).isEqualTo("T02thread:1;");
                assertThat(gdb.exchange("p10")).as("xPSR: the core answers while halted").matches("[0-9a-f]{8}");
            }
            assertThat(server.err()).contains("[board] LED LD2 (PA5) on");
        }
    }
}
