package io.xipkit.tools.bitbang;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardDebugPort;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.debug.JtagDp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Board time while the core is stopped comes from the remote_bitbang stream's TCK cycles, so it
 * does not depend on how the bytes were cut into socket reads.
 */
class ProbeClockTest {
    static final int QUADSPI = 0x5200_5000, CR = 0x00, CCR = 0x14, DR = 0x20;
    /** RM0433 8.7.40 RCC_AHB3ENR (0x0D4), QSPIEN bit 14. */
    static final int RCC_AHB3ENR = 0x5802_44D4, QSPIEN = 1 << 14;
    /** RM0433 23.5.6 QUADSPI_CCR: FMODE 27:26, DMODE 25:24, IMODE 9:8, INSTRUCTION 7:0. */
    static final int READ_STATUS = 1 << 26 | 1 << 24 | 1 << 8 | 0x05, WRITE_ENABLE = 1 << 8 | 0x06;

    /** remote_bitbang requests of a probe: per TCK cycle the low half, then the rising edge. */
    static final class Stream {
        final StringBuilder bytes = new StringBuilder();
        int cycles;

        void clock(boolean tms, boolean tdi) {
            int v = (tms ? 2 : 0) | (tdi ? 1 : 0);
            bytes.append((char) ('0' + v)).append((char) ('4' + v));
            cycles++;
        }

        void resetToIdle() {
            for (int i = 0; i < 5; i++) clock(true, false);
            clock(false, false);
        }

        void scan(boolean ir, long value, int bits) {
            clock(true, false);
            if (ir) clock(true, false);
            clock(false, false);
            clock(false, false);
            for (int i = 0; i < bits; i++) clock(i == bits - 1, (value >>> i & 1) != 0);
            clock(true, false);
            clock(false, false);
        }

        /** IR: the DP's 4 bits next to TDO, BYPASS for the H7's 5-bit boundary-scan TAP. */
        void ir(int instruction) {
            scan(true, instruction | 0b11111L << 4, 9);
        }

        void access(boolean read, int a, int data) {
            scan(false, (read ? 1 : 0) | (long) (a >>> 2) << 1 | (data & 0xFFFF_FFFFL) << 3, 36);
        }

        void memWrite(int address, int value) {
            ir(JtagDp.APACC);
            access(false, 0x4, address);   // TAR
            access(false, 0xC, value);     // DRW
        }

        void memRead(int address) {
            ir(JtagDp.APACC);
            access(false, 0x4, address);
            access(true, 0xC, 0);
            ir(JtagDp.DPACC);
            access(true, JtagDp.RDBUFF, 0);
        }
    }

    @Test
    void eachTckCycleOfAStoppedCoreIsOneMicrosecondOfBoardTime() {
        Board board = TestBoards.create("stm32h757-mt25tl01g");
        ProbeClock clock = new ProbeClock(board.core());
        BitbangDecoder decoder = new BitbangDecoder(BoardDebugPort.jtag(board), clock);
        Stream s = new Stream();
        s.resetToIdle();
        s.scan(false, 0, 64);
        byte[] bytes = s.bytes.toString().getBytes(StandardCharsets.US_ASCII);

        long before = board.core().nowPicos();
        decoder.feed(bytes, 0, bytes.length, new ByteArrayOutputStream());
        assertThat(board.core().nowPicos()).as("core running: its instructions carry the time").isEqualTo(before);

        clock.coreStopped(true);
        decoder.feed(bytes, 0, bytes.length, new ByteArrayOutputStream());
        assertThat(board.core().nowPicos() - before).isEqualTo(s.cycles * ProbeClock.TCK_PICOS);
    }

    @Test
    void aQuadspiCommandWrittenRightAfterAStatusReadInTheSameSocketReadIsAccepted() {
        Board board = TestBoards.create("stm32h757-mt25tl01g");
        ProbeClock clock = new ProbeClock(board.core());
        clock.coreStopped(true);
        BitbangDecoder decoder = new BitbangDecoder(BoardDebugPort.jtag(board), clock);
        Stream s = new Stream();
        s.resetToIdle();
        s.ir(JtagDp.DPACC);
        s.access(false, JtagDp.CTRL_STAT, JtagDp.CDBGPWRUPREQ | JtagDp.CSYSPWRUPREQ);
        s.access(false, JtagDp.SELECT, 0);   // AP 0 (the H7's AXI-AP), bank 0
        s.ir(JtagDp.APACC);
        s.access(false, 0x0, 0x0300_0002);   // CSW: 32-bit, no auto-increment
        s.memWrite(RCC_AHB3ENR, QSPIEN);
        s.memWrite(QUADSPI + CR, 1);           // EN
        // OpenOCD stmqspi's read_status_reg, then qspi_write_enable's command, as one batch of
        // requests: the CCR write must find the status read finished (BUSY = 0).
        s.memWrite(QUADSPI + CCR, READ_STATUS);
        s.memRead(QUADSPI + DR);
        s.memWrite(QUADSPI + CCR, WRITE_ENABLE);
        s.memRead(QUADSPI + CCR);
        byte[] bytes = s.bytes.toString().getBytes(StandardCharsets.US_ASCII);
        decoder.feed(bytes, 0, bytes.length, new ByteArrayOutputStream());

        NorChip flash1 = board.model("qspi-flash1", NorChip.class);
        assertThat(flash1.fieldValue("WEL")).as("WREN reached the die").isEqualTo(1);
    }
}
