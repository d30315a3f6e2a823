package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration rules of RM0433 and ST's HAL that the QUADSPI does not enforce (it sends what
 * its registers say) are reported as model warnings, once per rule with a count; the memory's own
 * rules (latency, protocol) arrive in the same record from the chip. Kernel clock 200 MHz.
 */
class QuadspiModelWarningsTest {
    private static final int SSHIFT = 1 << 4;
    private static final int DHHC = 1 << 30;
    /** MT25Q 0Dh DTR fast read, extended SPI: 1-1D-1D with 6 dummy clocks by default (QuadspiDtrReadTest). */
    private static final Ccr DTR_READ = new Ccr().instr(0x0D, 1).addr(3, 1).dummy(6).data(1).ddr();
    /** 0Bh fast read, 8 dummy clocks on both catalog parts used here. */
    private static final Ccr FAST_READ = new Ccr().instr(0x0B, 1).addr(3, 1).dummy(8).data(1);

    private static List<String> keys(QuadspiRig r) {
        return r.q.warnings().warnings().stream().map(w -> w.source() + ": " + w.key()).toList();
    }

    private static ModelWarnings.Warning only(QuadspiRig r) {
        assertThat(r.q.warnings().warnings()).hasSize(1);
        return r.q.warnings().warnings().get(0);
    }

    @Test
    void sampleShiftWithADoubleRateCommandIsReportedOnceWithItsCount() {
        QuadspiRig r = QuadspiRig.single("MT25QL512ABB");
        r.init(2, 25, SSHIFT); // 66.7 MHz: under the part's 90 MHz DTR limit
        r.indirectRead(FAST_READ, 0, 4);
        assertThat(r.q.warnings().isEmpty()).as("SSHIFT with a single-rate command is what HAL recommends").isTrue();
        long before = r.now();
        r.indirectRead(DTR_READ, 0, 4);
        r.indirectRead(DTR_READ, 0x100, 4);
        ModelWarnings.Warning w = only(r);
        assertThat(w.source()).isEqualTo("QUADSPI");
        assertThat(w.key()).isEqualTo("SSHIFT with DDR");
        assertThat(w.message()).contains("CR.SSHIFT = 1").contains("0Dh").contains("RM0433 23.5.1");
        assertThat(w.count()).isEqualTo(2);
        assertThat(w.firstPicos()).isGreaterThanOrEqualTo(before).isLessThan(r.now());
        assertThat(w.pc()).isEqualTo(ModelWarnings.NO_PC);
    }

    @Test
    void aCommandWrittenWhileTheLastOneIsStillBusyIsIgnoredAndReported() {
        QuadspiRig r = QuadspiRig.single("MT25QL512ABB");
        r.init(2, 25, 0);
        r.wr(DLR, 3);
        r.wr(CCR, FAST_READ.fmode(1).value());
        r.wr(AR, 0);   // the read starts; nothing has drained the FIFO, so BUSY stays 1
        int reading = r.rd(CCR);
        r.wr(CCR, wren().fmode(0).value());
        assertThat(r.rd(CCR)).as("RM0433 23.5.6: CCR can be modified only when BUSY = 0").isEqualTo(reading);
        ModelWarnings.Warning w = only(r);
        assertThat(w.key()).isEqualTo("write while BUSY");
        assertThat(w.message()).contains("CCR").contains("ignored");

        QuadspiRig quiet = QuadspiRig.single("MT25QL512ABB");
        quiet.init(2, 25, 0);
        quiet.indirectRead(FAST_READ, 0, 4);
        quiet.wr(CR, quiet.rd(CR) | 1 << 1);   // ABORT with the other CR bits as they are: no change refused
        assertThat(quiet.q.warnings().isEmpty()).isTrue();
    }

    @Test
    void ddrHoldWithoutDoubleRateIsReportedAndWithDoubleRateIsNot() {
        QuadspiRig r = QuadspiRig.single("MT25QL512ABB");
        r.init(2, 25, 0);
        Ccr dtrHold = new Ccr().instr(0x0D, 1).addr(3, 1).dummy(6).data(1).ddr();
        dtrHold.v |= DHHC;
        r.indirectRead(dtrHold, 0, 4);
        assertThat(r.q.warnings().isEmpty()).isTrue();
        Ccr strHold = new Ccr().instr(0x0B, 1).addr(3, 1).dummy(8).data(1);
        strHold.v |= DHHC;
        r.indirectRead(strHold, 0, 4);
        ModelWarnings.Warning w = only(r);
        assertThat(w.key()).isEqualTo("DDR hold without DDR");
        assertThat(w.message()).contains("CCR.DHHC = 1").contains("0Bh");
    }

    @Test
    void anFsizeLargerThanTheMemoryIsReportedAndTheDualFlashPairCountsBothDies() {
        QuadspiRig r = QuadspiRig.single("MT25QL512ABB"); // 64 MiB = 2^(25+1)
        r.init(2, 26, 0);
        r.indirectRead(FAST_READ, 0, 4);
        ModelWarnings.Warning w = only(r);
        assertThat(w.key()).isEqualTo("FSIZE larger than the memory");
        assertThat(w.message()).contains("DCR.FSIZE = 26 declares 134217728 bytes").contains("holds 67108864 bytes");

        QuadspiRig exact = QuadspiRig.single("MT25QL512ABB");
        exact.init(2, 25, 0);
        exact.indirectRead(FAST_READ, 0, 4);
        assertThat(exact.q.warnings().isEmpty()).isTrue();

        QuadspiRig dual = QuadspiRig.dualMt25tl01g(); // two 64 MiB dies: 128 MiB = 2^(26+1)
        dual.init(2, 26, DFM);
        dual.indirectRead(FAST_READ, 0, 4);
        assertThat(dual.q.warnings().isEmpty()).isTrue();
        dual.wr(DCR, 27 << 16 | 1 << 8);
        dual.indirectRead(FAST_READ, 0, 4);
        assertThat(only(dual).message()).contains("pair holds 134217728 bytes");
    }

    @Test
    void aPrescalerThatClocksTheChipBeyondItsDatasheetLimitIsReportedPerCommand() {
        QuadspiRig r = QuadspiRig.single("W25Q128JV"); // 133 MHz
        r.init(0, 23, 0); // 200 MHz
        r.indirectRead(FAST_READ, 0, 4);
        ModelWarnings.Warning w = only(r);
        assertThat(w.key()).isEqualTo("clock too fast for 0Bh");
        assertThat(w.message()).contains("200.0 MHz").contains("limit is 133.0 MHz");

        QuadspiRig slower = QuadspiRig.single("W25Q128JV");
        slower.init(1, 23, 0); // 100 MHz
        slower.indirectRead(FAST_READ, 0, 4);
        slower.indirectRead(new Ccr().instr(0x03, 1).addr(3, 1).data(1), 0, 4);
        assertThat(slower.q.warnings().isEmpty()).isTrue();

        QuadspiRig dtr = QuadspiRig.single("MT25QL512ABB"); // 133 MHz STR, 90 MHz DTR
        dtr.init(1, 25, 0); // 100 MHz
        dtr.indirectRead(FAST_READ, 0, 4);
        assertThat(dtr.q.warnings().isEmpty()).isTrue();
        dtr.indirectRead(DTR_READ, 0, 4);
        assertThat(only(dtr).message()).contains("0Dh (DTR)").contains("limit is 90.0 MHz");
    }

    @Test
    void dummyCyclesFewerThanTheChipsLatencyArriveFromTheChipInTheSameRecord() {
        QuadspiRig r = QuadspiRig.single("MT25QL512ABB");
        r.chip1.reportWarningsTo(r.q.warnings(), "flash1 MT25QL512ABB");
        r.init(2, 25, 0);
        r.indirectRead(new Ccr().instr(0x0B, 1).addr(3, 1).dummy(6).data(1), 0, 4);
        ModelWarnings.Warning w = only(r);
        assertThat(w.source()).isEqualTo("flash1 MT25QL512ABB");
        assertThat(w.message()).contains("0Bh").contains("data shifted");
    }

    @Test
    void aCommandInAProtocolTheChipIsNotInArrivesFromTheChip() {
        QuadspiRig r = QuadspiRig.single("MT25QL512ABB");
        r.chip1.reportWarningsTo(r.q.warnings(), "flash1 MT25QL512ABB");
        r.init(2, 25, 0);
        // Read Status Register on four lines while the die is in extended SPI (ST's BSP does this
        // when it polls before the dies entered QPI): the die ignores it.
        r.indirectRead(new Ccr().instr(0x05, 4).data(4), 0, 1);
        r.indirectRead(new Ccr().instr(0x05, 4).data(4), 0, 1);
        assertThat(keys(r)).containsExactly("flash1 MT25QL512ABB: instruction 5h sent as 1 byte(s) on 4 lines while the part is in SPI mode: ignored");
        assertThat(only(r).count()).isEqualTo(2);
    }
}
