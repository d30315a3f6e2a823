package io.xipkit.peripherals.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.debug.DebugBusException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chain, JTAG-DP and MEM-AP against ADIv5.2 (IHI0031) and the STM32 reference manuals. */
class JtagDpTest {
    /** A word-addressed memory; addresses from 0xF000_0000 up have no slave. */
    static final class Memory implements MemAp.DebugBus {
        final Map<Integer, Integer> words = new HashMap<>();

        @Override
        public int read(int address, int size) {
            if (address >>> 28 == 0xF) throw new DebugBusException(address, false, "no slave");
            int w = words.getOrDefault(address & ~3, 0) >>> (address & 3) * 8;
            return size == 4 ? w : w & ((1 << size * 8) - 1);
        }

        @Override
        public void write(int address, int size, int value) {
            if (address >>> 28 == 0xF) throw new DebugBusException(address, true, "no slave");
            int shift = (address & 3) * 8;
            int mask = (size == 4 ? -1 : (1 << size * 8) - 1) << shift;
            words.merge(address & ~3, value << shift & mask, (old, v) -> old & ~mask | v);
        }
    }

    final Memory memory = new Memory();
    final JtagDp dp = new JtagDp(0x6BA00477, 0x6BA02477)
            .withAp(0, new MemAp(0x84770001, 0xE00FE003, 0x03000040, 1024, memory));
    final JtagChain chain = new JtagChain(List.of(dp, new BoundaryScanTap(BoundaryScanTap.IDCODE_STM32H7)), new JtagChain.SystemReset() {
        @Override public void asserted() { }
        @Override public void released() { }
    });
    final JtagProbe probe = new JtagProbe(chain);

    /** IR for the chain: the DP's 4 bits next to TDO, then BYPASS (all ones) for the 5-bit boundary-scan TAP. */
    void ir(int dpInstruction) {
        probe.scan(true, dpInstruction | 0b11111L << 4, 9);
    }

    /** One 35-bit DPACC/APACC scan (plus the BYPASS bit of the boundary-scan TAP); returns ack | data << 3. */
    long scan(boolean read, int a, int data) {
        long v = (read ? 1 : 0) | (long) (a >>> 2) << 1 | (data & 0xFFFF_FFFFL) << 3;
        return probe.scan(false, v, 36) & 0x7_FFFF_FFFFL;
    }

    int dpRead(int a) {
        ir(JtagDp.DPACC);
        scan(true, a, 0);
        return (int) (scan(true, JtagDp.RDBUFF, 0) >>> 3);
    }

    void dpWrite(int a, int v) {
        ir(JtagDp.DPACC);
        scan(false, a, v);
    }

    void apWrite(int reg, int v) {
        dpWrite(JtagDp.SELECT, reg & 0xF0);
        ir(JtagDp.APACC);
        scan(false, reg & 0xC, v);
    }

    int apRead(int reg) {
        dpWrite(JtagDp.SELECT, reg & 0xF0);
        ir(JtagDp.APACC);
        scan(true, reg & 0xC, 0);
        ir(JtagDp.DPACC);
        return (int) (scan(true, JtagDp.RDBUFF, 0) >>> 3);
    }

    void powerUp() {
        dpWrite(JtagDp.CTRL_STAT, JtagDp.CDBGPWRUPREQ | JtagDp.CSYSPWRUPREQ);
    }

    @Test
    void afterTestLogicResetBothTapsShiftTheirIdcodesDebugTapFirst() {
        probe.resetToIdle();
        long ids = probe.scan(false, 0, 64);
        assertThat((int) ids).isEqualTo(0x6BA00477);
        assertThat((int) (ids >>> 32)).isEqualTo(0x06450041);
    }

    @Test
    void irCaptureIsB0001ForTheDpAndB00001ForTheBoundaryScanTap() {
        probe.resetToIdle();
        assertThat(probe.scan(true, 0x1FF, 9)).isEqualTo(0b00001_0001L);
    }

    @Test
    void bypassIsOneBitPerTapCapturingZero() {
        probe.resetToIdle();
        ir(JtagDp.BYPASS);   // both TAPs in BYPASS: a 2-bit path
        long out = probe.scan(false, 0b1011, 4);
        assertThat(out & 0b11).isZero();
        assertThat(out >>> 2).isEqualTo(0b11);
    }

    @Test
    void powerUpRequestsAreAcknowledgedInCtrlStat() {
        probe.resetToIdle();
        assertThat(dpRead(JtagDp.CTRL_STAT) & 0xF0000000).isZero();
        powerUp();
        assertThat(dpRead(JtagDp.CTRL_STAT) & 0xF0000000).isEqualTo(0xF0000000);
    }

    @Test
    void aReadReturnsItsValueInTheNextScanWithAckOk() {
        probe.resetToIdle();
        dpWrite(JtagDp.SELECT, 0xF0);
        ir(JtagDp.DPACC);
        long first = scan(true, JtagDp.SELECT, 0);
        long second = scan(true, JtagDp.RDBUFF, 0);
        assertThat(first & 7).isEqualTo(JtagDp.ACK_OK_FAULT);
        assertThat(second & 7).isEqualTo(JtagDp.ACK_OK_FAULT);
        assertThat(second >>> 3).isEqualTo(0xF0);
    }

    @Test
    void dpidrIsReadAtDpaccAddressZero() {
        probe.resetToIdle();
        assertThat(dpRead(JtagDp.DPIDR)).isEqualTo(0x6BA02477);
    }

    @Test
    void memApReadsIdrBaseAndCfgAndWritesThroughDrwWithAutoIncrement() {
        probe.resetToIdle();
        powerUp();
        assertThat(apRead(MemAp.IDR)).isEqualTo(0x84770001);
        assertThat(apRead(MemAp.BASE)).isEqualTo(0xE00FE003);
        assertThat(apRead(MemAp.CFG)).isZero();
        apWrite(MemAp.CSW, 0x03000012);              // 32-bit, single increment
        apWrite(MemAp.TAR, 0x2000_0000);
        apWrite(MemAp.DRW, 0x11111111);
        apWrite(MemAp.DRW, 0x22222222);
        assertThat(apRead(MemAp.TAR)).isEqualTo(0x2000_0008);
        assertThat(memory.words).containsEntry(0x2000_0000, 0x11111111).containsEntry(0x2000_0004, 0x22222222);
        assertThat(apRead(MemAp.CSW) & 0x40).as("DeviceEn").isEqualTo(0x40);
    }

    @Test
    void byteTransfersUseTheByteLaneOfTar() {
        probe.resetToIdle();
        powerUp();
        memory.words.put(0x2000_0000, 0x44332211);
        apWrite(MemAp.CSW, 0x03000000);              // 8-bit, no increment
        apWrite(MemAp.TAR, 0x2000_0002);
        assertThat(apRead(MemAp.DRW)).isEqualTo(0x00330000);
        apWrite(MemAp.DRW, 0x00AA0000);
        assertThat(memory.words.get(0x2000_0000)).isEqualTo(0x44AA2211);
    }

    @Test
    void autoIncrementWrapsWithinOneKibibyte() {
        probe.resetToIdle();
        powerUp();
        apWrite(MemAp.CSW, 0x03000012);
        apWrite(MemAp.TAR, 0x2000_03FC);
        apWrite(MemAp.DRW, 1);
        assertThat(apRead(MemAp.TAR)).isEqualTo(0x2000_0000);
    }

    @Test
    void aCortexM4ApIncrementsWithinFourKibibytes() {
        MemAp ap = new MemAp(0x24770011, 0xE00FF003, 0x03000040, 4096, memory);
        ap.write(MemAp.CSW, 0x03000012);
        ap.write(MemAp.TAR, 0x2000_03FC);
        ap.write(MemAp.DRW, 1);
        assertThat(ap.tar()).isEqualTo(0x2000_0400);
        ap.write(MemAp.TAR, 0x2000_0FFC);
        ap.write(MemAp.DRW, 1);
        assertThat(ap.tar()).isEqualTo(0x2000_0000);
    }

    @Test
    void packedIncrementIsNotImplementedAndReadsBackAsOff() {
        probe.resetToIdle();
        powerUp();
        apWrite(MemAp.CSW, 0x03000020);
        assertThat(apRead(MemAp.CSW) & MemAp.CSW_ADDRINC).isZero();
    }

    @Test
    void bankedDataRegistersReachTheFourWordsOfTheTarBlock() {
        probe.resetToIdle();
        powerUp();
        apWrite(MemAp.CSW, 0x03000002);
        apWrite(MemAp.TAR, 0xE000_EDF0);
        apWrite(MemAp.BD0 + 8, 0x1234);
        assertThat(memory.words).containsEntry(0xE000_EDF8, 0x1234);
        assertThat(apRead(MemAp.TAR)).isEqualTo(0xE000_EDF0);
    }

    @Test
    void aFailedTransferSetsStickyErrWhichWritingOneClears() {
        probe.resetToIdle();
        powerUp();
        apWrite(MemAp.CSW, 0x03000002);
        apWrite(MemAp.TAR, 0xF000_0000);
        apRead(MemAp.DRW);
        assertThat(dpRead(JtagDp.CTRL_STAT) & JtagDp.STICKYERR).isEqualTo(JtagDp.STICKYERR);
        dpWrite(JtagDp.CTRL_STAT, JtagDp.CDBGPWRUPREQ | JtagDp.CSYSPWRUPREQ | JtagDp.STICKYERR);
        assertThat(dpRead(JtagDp.CTRL_STAT) & JtagDp.STICKYERR).isZero();
    }

    @Test
    void anApTransferWithoutDebugPowerSetsStickyErr() {
        probe.resetToIdle();
        apRead(MemAp.IDR);
        assertThat(dp.ctrlStat() & JtagDp.STICKYERR).isEqualTo(JtagDp.STICKYERR);
    }

    @Test
    void waitAcknowledgedScansAreIgnoredAndTheTransferCompletesAfter() {
        probe.resetToIdle();
        powerUp();
        dp.setApWaitScans(2);
        apWrite(MemAp.CSW, 0x03000002);              // AP transfer: the next two scans answer WAIT
        ir(JtagDp.DPACC);
        assertThat(scan(false, JtagDp.SELECT, 0x10) & 7).isEqualTo(JtagDp.ACK_WAIT);
        assertThat(scan(true, JtagDp.SELECT, 0) & 7).isEqualTo(JtagDp.ACK_WAIT);
        assertThat(scan(true, JtagDp.SELECT, 0) & 7).isEqualTo(JtagDp.ACK_OK_FAULT);
        long value = scan(true, JtagDp.RDBUFF, 0);
        assertThat(value >>> 3).as("the WAITed write of SELECT was dropped").isZero();
    }
}
