package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Automatic status polling with the skip to the memory's next status change ({@link PollSkip})
 * against the same run polling every period: the match instant, the interrupt, SR, DR, the clock
 * and the memories' counters are the same at every instant software could look.
 */
class StatusPollSkipExactnessTest {

    /** What software sees at one instant, and what the memories counted. */
    record Sample(long picos, int sr, int dr, boolean irq, long transactions1, long reads1, long transactions2) {}

    record Run(List<Sample> samples, long irqRaisedAt, long polls) {}

    private static Run run(QuadspiRig rig, boolean skip, Consumer<QuadspiRig> start, long span, long step) {
        rig.q.polling.skip.enabled = skip;
        rig.init(1, 23, 0);
        start.accept(rig);
        List<Sample> samples = new ArrayList<>();
        long end = rig.now() + span;
        while (rig.now() < end) {
            rig.runFor(step);
            samples.add(sample(rig));
        }
        return new Run(samples, rig.irqRaisedAt, rig.chip1.counters().transactions());
    }

    private static Sample sample(QuadspiRig rig) {
        int sr = rig.sr();
        int dr = rig.rd(DR);
        return new Sample(rig.now(), sr, dr, rig.irq, rig.chip1.counters().transactions(), rig.chip1.counters().reads(),
                rig.chip2 == null ? 0 : rig.chip2.counters().transactions());
    }

    private static void startPolling(QuadspiRig rig, int statusBytes, int mask, int match, int crBits, int interval) {
        rig.wr(FCR, 0x1B);
        rig.wr(PSMKR, mask);
        rig.wr(PSMAR, match);
        rig.wr(PIR, interval);
        rig.wr(DLR, statusBytes - 1);
        rig.wr(CR, rig.rd(CR) & ~(APMS | PMM | SMIE) | crBits);
        rig.wr(CCR, new Ccr().instr(0x05, 1).data(1).fmode(2).value());
    }

    private static void sectorEraseThenPoll(QuadspiRig rig, int crBits, int interval) {
        rig.command(wren(), 0);
        rig.wr(FCR, 0x1B);
        rig.wr(CCR, sectorErase().fmode(0).value());
        rig.wr(AR, 0x1000);
        rig.waitWhile(TCF, 0, 1_000_000_000L);
        rig.wr(FCR, TCF);
        rig.waitNotBusy();
        startPolling(rig, rig.chip2 == null ? 1 : 2, rig.chip2 == null ? 0x01 : 0x0101, 0, crBits, interval);
    }

    private static void assertSame(Run on, Run off) {
        assertThat(on.irqRaisedAt()).isEqualTo(off.irqRaisedAt());
        assertThat(on.polls()).isEqualTo(off.polls());
        assertThat(on.samples()).containsExactlyElementsOf(off.samples());
    }

    @Test
    void aSectorErasePolledWithApmsMatchesAtTheSameInstantWithTheSameRegistersAndCounts() {
        Consumer<QuadspiRig> start = r -> sectorEraseThenPoll(r, APMS | SMIE, 0x10);
        Run off = run(QuadspiRig.single("W25Q128JV"), false, start, 120_000_000 * NS, 7_777 * NS);
        Run on = run(QuadspiRig.single("W25Q128JV"), true, start, 120_000_000 * NS, 7_777 * NS);
        assertThat(off.irqRaisedAt()).as("the erase ended and the poll matched within the span").isPositive();
        assertThat(off.polls()).as("tens of thousands of polls ran without the skip").isGreaterThan(10_000);
        assertSame(on, off);
    }

    @Test
    void samplingTheRegistersEveryFewPollPeriodsSeesTheSameAsWithoutTheSkip() {
        Consumer<QuadspiRig> start = r -> {
            r.command(wren(), 0);
            r.indirectWrite(pageProgram(), 0, new byte[256]);
            startPolling(r, 1, 0x01, 0x00, APMS | SMIE, 37);
        };
        Run off = run(QuadspiRig.single("W25Q128JV"), false, start, 600_000 * NS, 1_013 * NS);
        Run on = run(QuadspiRig.single("W25Q128JV"), true, start, 600_000 * NS, 1_013 * NS);
        assertThat(off.irqRaisedAt()).isPositive();
        assertSame(on, off);
    }

    @Test
    void withoutApmsPollingGoesOnAfterTheMatchExactlyAsWithoutTheSkip() {
        Consumer<QuadspiRig> start = r -> sectorEraseThenPoll(r, SMIE, 0x20);
        Run off = run(QuadspiRig.single("W25Q128JV"), false, start, 60_000_000 * NS, 9_001 * NS);
        Run on = run(QuadspiRig.single("W25Q128JV"), true, start, 60_000_000 * NS, 9_001 * NS);
        assertThat(off.samples().get(off.samples().size() - 1).sr() & (SMF | BUSY)).isEqualTo(SMF | BUSY);
        assertSame(on, off);
    }

    @Test
    void pollingAnIdlePartForABitItNeverShowsRunsTheSameOverSecondsOfSkippedStretches() {
        // WEL = 1 never shows: the status never changes, each skip stops one second on.
        Consumer<QuadspiRig> start = r -> startPolling(r, 1, 0x02, 0x02, SMIE, 0xFFFF);
        Run off = run(QuadspiRig.single("W25Q128JV"), false, start, 2_500_000_000L * NS, 97_531 * NS);
        Run on = run(QuadspiRig.single("W25Q128JV"), true, start, 2_500_000_000L * NS, 97_531 * NS);
        assertThat(off.polls()).isGreaterThan(3_000);
        assertSame(on, off);
    }

    @Test
    void anAbortInTheMiddleOfASkippedStretchLeavesTheSameCountsAndFlags() {
        List<Sample> results = new ArrayList<>();
        for (boolean skip : new boolean[] {false, true}) {
            QuadspiRig rig = QuadspiRig.single("W25Q128JV");
            rig.q.polling.skip.enabled = skip;
            rig.init(1, 23, 0);
            sectorEraseThenPoll(rig, APMS | SMIE, 0x10);
            rig.runFor(12_345_678 * NS);
            rig.abort();
            results.add(sample(rig));
            rig.runFor(100_000_000 * NS);
            results.add(sample(rig));
        }
        assertThat(results.get(2)).isEqualTo(results.get(0));
        assertThat(results.get(3)).isEqualTo(results.get(1));
    }

    @Test
    void dualFlashPollingOfBothDiesIsTheSameWithTheSkip() {
        Consumer<QuadspiRig> start = r -> {
            r.wr(CR, r.rd(CR) | DFM);
            sectorEraseThenPoll(r, APMS | SMIE, 0x10);
        };
        Run off = run(QuadspiRig.dualMt25tl01g(), false, start, 80_000_000 * NS, 31_337 * NS);
        Run on = run(QuadspiRig.dualMt25tl01g(), true, start, 80_000_000 * NS, 31_337 * NS);
        assertThat(off.irqRaisedAt()).isPositive();
        assertSame(on, off);
    }

    @Test
    void theSkipRunsFarFewerPollEventsThanThePollsItStandsFor() {
        QuadspiRig rig = QuadspiRig.single("W25Q128JV");
        rig.init(1, 23, 0);
        sectorEraseThenPoll(rig, APMS | SMIE, 0x10);
        int events = 0;
        long end = rig.now() + 120_000_000 * NS;
        while (rig.scheduler.nextDeadline() <= end) {
            rig.runUntil(rig.scheduler.nextDeadline());
            events++;
        }
        assertThat(rig.irq).isTrue();
        assertThat(events).isLessThan(10);
        assertThat(rig.chip1.counters().transactions()).isGreaterThan(10_000);
    }
}
