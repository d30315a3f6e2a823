package io.xipkit.tools.bitbang;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.debug.JtagDp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Beside {@code xipkit gdb}, the JTAG port's TCK carries board time only while gdb holds the core
 * halted; a running core's instructions carry it.
 */
class JtagBesideTest {
    /** ARMv7-M ARM C1.6.2 DHCSR: DBGKEY 0xA05F in 31:16, C_HALT bit 1, C_DEBUGEN bit 0. */
    static final int DHCSR = 0xE000_EDF0, HALT = 0xA05F_0003;

    private static byte[] statusReadThenWriteEnable(ProbeClockTest.Stream s) {
        s.resetToIdle();
        s.ir(JtagDp.DPACC);
        s.access(false, JtagDp.CTRL_STAT, JtagDp.CDBGPWRUPREQ | JtagDp.CSYSPWRUPREQ);
        s.access(false, JtagDp.SELECT, 0);
        s.ir(JtagDp.APACC);
        s.access(false, 0x0, 0x0300_0002);
        s.memWrite(ProbeClockTest.RCC_AHB3ENR, ProbeClockTest.QSPIEN);
        s.memWrite(ProbeClockTest.QUADSPI + ProbeClockTest.CR, 1);
        s.memWrite(ProbeClockTest.QUADSPI + ProbeClockTest.CCR, ProbeClockTest.READ_STATUS);
        s.memRead(ProbeClockTest.QUADSPI + ProbeClockTest.DR);
        s.memWrite(ProbeClockTest.QUADSPI + ProbeClockTest.CCR, ProbeClockTest.WRITE_ENABLE);
        s.memRead(ProbeClockTest.QUADSPI + ProbeClockTest.CCR);
        return s.bytes.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void whileGdbHoldsTheCoreHaltedOpenOcdsQuadspiCommandsFindTheStatusReadFinished() throws IOException {
        Board board = TestBoards.create("stm32h757-mt25tl01g");
        board.core().debug().write(DHCSR, 4, HALT, true);
        assertThat(board.core().debug().halted()).isTrue();
        try (BitbangServer server = BitbangServer.open(0)) {
            JtagBeside jtag = new JtagBeside(server, board);
            ProbeClockTest.Stream s = new ProbeClockTest.Stream();
            long before = board.core().nowPicos();
            jtag.feed(statusReadThenWriteEnable(s), new ByteArrayOutputStream());

            assertThat(board.model("qspi-flash1", NorChip.class).fieldValue("WEL")).as("WREN reached the die").isEqualTo(1);
        }
    }

    @Test
    void aRunningCoreGetsNoTimeFromTheProbe() throws IOException {
        Board board = TestBoards.create("stm32h757-mt25tl01g");
        try (BitbangServer server = BitbangServer.open(0)) {
            JtagBeside jtag = new JtagBeside(server, board);
            ProbeClockTest.Stream s = new ProbeClockTest.Stream();
            s.resetToIdle();
            s.scan(false, 0, 64);
            long before = board.core().nowPicos();
            jtag.feed(s.bytes.toString().getBytes(StandardCharsets.US_ASCII), new ByteArrayOutputStream());
            assertThat(board.core().nowPicos()).isEqualTo(before);
        }
    }
}
