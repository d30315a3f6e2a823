package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import org.junit.jupiter.api.Test;

/** Automatic status polling (FMODE = 10): AND/OR match, APMS, PIR, SMF/SMIE, DR contents. */
class QuadspiStatusPollingTest {
    final QuadspiRig rig = QuadspiRig.single("W25Q128JV");

    QuadspiStatusPollingTest() {
        rig.init(1, 23, 0);
    }

    private void startPolling(int mask, int match, int crBits, int interval) {
        rig.wr(FCR, 0x1B);
        rig.wr(PSMKR, mask);
        rig.wr(PSMAR, match);
        rig.wr(PIR, interval);
        rig.wr(DLR, 0);
        rig.wr(CR, rig.rd(CR) & ~(APMS | PMM | SMIE) | crBits);
        rig.wr(CCR, new Ccr().instr(0x05, 1).data(1).fmode(2).value());
    }

    private void startPageProgram() {
        rig.command(wren(), 0);
        rig.indirectWrite(pageProgram(), 0, new byte[256]); // a whole page: tPP (short writes take tBP1 + n x tBP2)
    }

    @Test
    void pollingWithApmsStopsAtTheFirstMatchAroundTheEndOfTheProgram() {
        startPageProgram();
        long programStart = rig.now();
        startPolling(0x01, 0x00, APMS | SMIE, 0x10);
        rig.runFor(300_000 * NS);
        assertThat(rig.sr() & (SMF | BUSY)).isEqualTo(BUSY);
        assertThat(rig.irq).isFalse();
        rig.runFor(200_000 * NS);
        assertThat(rig.sr() & (SMF | BUSY)).isEqualTo(SMF);
        assertThat(rig.irq).isTrue();
        // tPP = 400 us (W25Q128JV typ.); one poll period is 16 + 16 clocks = 320 ns.
        assertThat(rig.irqRaisedAt - programStart).isBetween(400_000 * NS, 400_000 * NS + 400 * NS);
        assertThat(rig.rd(DR) & 0x01).as("last status: WIP = 0").isZero();
    }

    @Test
    void withoutApmsPollingGoesOnAfterAMatchUntilAborted() {
        startPolling(0x01, 0x00, 0, 0x10);
        rig.runFor(10_000 * NS);
        assertThat(rig.sr() & (SMF | BUSY)).isEqualTo(SMF | BUSY);
        rig.abort();
        assertThat(rig.sr() & (BUSY | TCF)).isEqualTo(TCF);
    }

    @Test
    void theIntervalSpacesTheReads() {
        long before = rig.chip1.counters().transactions();
        startPolling(0x01, 0x01, 0, 100); // never matches while idle
        rig.runFor(116_000 * NS);
        long polls = rig.chip1.counters().transactions() - before;
        // Each poll: 8 + 8 clocks, then 100 clocks: 1.16 us at 100 MHz.
        assertThat(polls).isBetween(99L, 101L);
        assertThat(rig.sr() & SMF).isZero();
        rig.abort();
    }

    @Test
    void orModeMatchesWhenAnyUnmaskedBitMatches() {
        rig.command(wren(), 0); // SR1 = 02h: WEL = 1, WIP = 0
        startPolling(0x03, 0x03, PMM, 0x10); // WIP = 1 does not match, WEL = 1 does
        rig.runFor(2_000 * NS);
        assertThat(rig.sr() & SMF).isEqualTo(SMF);
        rig.abort();
        rig.wr(FCR, SMF);
        startPolling(0x03, 0x03, 0, 0x10); // AND: needs both
        rig.runFor(2_000 * NS);
        assertThat(rig.sr() & SMF).isZero();
        rig.abort();
    }
}
