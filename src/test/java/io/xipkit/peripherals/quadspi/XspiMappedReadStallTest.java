package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long memory-mapped reads through XSPI2 keep the bus master waiting ({@link MappedReadTiming}),
 * with the MX25UW25645G in DTR-OPI read by 8DTRD (EE11h: 16-bit instruction in one clock, 4-byte
 * address in two, 20 dummy clocks, two bytes a clock) at CLK = 200 MHz / 2 = 100 MHz (10 ns). The
 * stall sink records each completion instant and moves the rig's clock there, as the core does.
 */
class XspiMappedReadStallTest {
    /** The octal controller rig, used as a fixture (its shared contract runs in the front-ends' own tests). */
    private static final class Rig extends OctalControllerContract {
        Rig() {
            super(XspiOctalDtrTest.REGS, XspiOctalDtrTest.WINDOW, "MX25UW25645G", 24, 64,
                    (clock, scheduler, irq, flash) -> new Stm32Xspi("XSPI2", clock, scheduler, () -> 200_000_000L, irq, flash));
        }
    }

    private static final long NS = OctalControllerContract.NS;
    private static final int CR = OctalControllerContract.CR, DCR2 = OctalControllerContract.DCR2,
            CCR = OctalControllerContract.CCR, TCR = OctalControllerContract.TCR, IR = OctalControllerContract.IR;
    private final Rig r = new Rig();
    private final int window = r.window;
    private static final long CLK = 10 * NS;
    private static final long HEADER = 23 * CLK;
    private final List<Long> waits = new ArrayList<>();

    XspiMappedReadStallTest() {
        r.x.stallReadsWith(until -> {
            waits.add(until - r.clock.nowPicos());
            if (until > r.clock.nowPicos()) r.clock.setPicos(until);
        });
        r.switchToDtrOpi();
        wr(CCR, OctalControllerContract.ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        setMode(3);
    }

    private void wr(int reg, int v) {
        r.wr(reg, v);
    }

    private int rd(int reg) {
        return r.rd(reg);
    }

    private void setMode(int fmode) {
        r.setMode(fmode);
    }

    @Test
    void aFirstReadWaitsForTheCommandHeaderAndItsOwnBytes() {
        r.bus.read32(window + 0x100);
        assertThat(waits).containsExactly(HEADER + 2 * CLK);
    }

    @Test
    void sequentialReadsWaitOnlyForTheirBytesAtTheDataRate() {
        for (int i = 0; i < 4; i++) r.bus.read32(window + 4 * i);
        assertThat(waits).containsExactly(HEADER + 2 * CLK, 2 * CLK, 2 * CLK, 2 * CLK);
    }

    @Test
    void bytesPrefetchedWhileTheMasterWasBusyComeAtOnceUpToTheFifoSize() {
        r.bus.read32(window);
        r.clock.advancePicos(1_000 * CLK);                   // the FIFO (64 bytes) has long been full
        for (int i = 1; i <= 16; i++) r.bus.read32(window + 4 * i);
        // The FIFO filled with the 64 bytes after what was taken (bytes 4..67): words 1..16 need no wait.
        assertThat(waits.subList(1, 17)).containsOnly(0L);
        r.bus.read32(window + 4 * 17);
        assertThat(waits.get(17)).as("the first byte past the full FIFO: clocked from now").isEqualTo(2 * CLK);
    }

    @Test
    void aReadElsewhereStartsANewCommand() {
        r.bus.read32(window);
        r.bus.read32(window + 0x10_0000);
        assertThat(waits).containsExactly(HEADER + 2 * CLK, HEADER + 2 * CLK);
    }

    @Test
    void anAbortEndsTheTransactionSoTheNextReadPaysTheHeaderAgain() {
        r.bus.read32(window);
        wr(CR, rd(CR) | 2);                                // ABORT
        setMode(3);
        r.bus.read32(window + 4);
        assertThat(waits).containsExactly(HEADER + 2 * CLK, HEADER + 2 * CLK);
    }

    @Test
    void theControllerClockFollowsThePrescaler() {
        wr(CR, rd(CR) | 2);
        wr(DCR2, 3);                                       // CLK = 200 MHz / 4: 20 ns
        setMode(3);
        r.bus.read32(window);
        assertThat(waits).containsExactly(2 * (HEADER + 2 * CLK));
    }

    @Test
    void instructionFetchesAreNotTimedAndTheBusGetsNoFastPath() {
        r.bus.fetch16(window);
        assertThat(waits).isEmpty();
        r.bus.read32(window);
        assertThat(r.x.window().fastPath()).as("data reads must reach the controller").isNull();
    }
}
