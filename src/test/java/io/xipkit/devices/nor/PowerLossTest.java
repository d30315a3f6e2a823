package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.Clock;
import io.xipkit.time.ManualClock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Power cuts leave states a real part could show, reproducibly for a given seed. */
class PowerLossTest {
    static final NorPart PART = NorCatalog.standard().part("W25Q128JV");

    record Rig(ManualClock clock, NorChip chip, SpiHost host) {}

    static Rig rig(long seed) {
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(PART, new ArrayNorStorage(PART.sizeBytes()), clock, seed);
        return new Rig(clock, chip, new SpiHost(chip, clock));
    }

    static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + salt);
        return b;
    }

    /** Cut a page program half-way; returns the page content after power returns. */
    static byte[] cutProgram(long seed, double fraction) {
        Rig r = rig(seed);
        r.host.programAndWait(0x5000, pattern(256, 3)); // some bits already 0
        r.chip.armPowerCutDuringOperation(r.chip.nextOperationIndex() , fraction);
        r.host.command(0x06);
        r.host.program(0x02, 0x5000, pattern(256, 90));
        r.clock.advanceMicros(1000);
        assertThat(r.chip.isPowered()).isFalse();
        r.chip.powerOn();
        return r.host.read(0x5000, 256);
    }

    @Test
    void interruptedProgramProgramsOnlyASubsetOfTargetedBits() {
        byte[] old = pattern(256, 3);
        byte[] target = pattern(256, 90);
        byte[] after = cutProgram(7, 0.5);
        int programmed = 0;
        int targeted = 0;
        for (int i = 0; i < 256; i++) {
            int o = old[i] & 0xFF;
            int t = o & target[i] & 0xFF;
            int a = after[i] & 0xFF;
            assertThat(a & ~o).as("no bit goes 0 -> 1 at byte %d", i).isZero();
            assertThat(t & ~a).as("a bit the program leaves at 1 is never programmed (byte %d)", i).isZero();
            targeted += Integer.bitCount(o & ~t);
            programmed += Integer.bitCount(o & ~a);
        }
        assertThat(programmed).isGreaterThan(0).isLessThan(targeted);
    }

    @Test
    void interruptedEraseLeavesEachBitOldOrOne() {
        Rig r = rig(11);
        byte[] old = pattern(4096, 5);
        for (int p = 0; p < 16; p++) r.host.programAndWait(0x8000 + p * 256L, Arrays.copyOfRange(old, p * 256, p * 256 + 256));
        long start = r.clock.nowPicos();
        r.chip.armPowerCutAt(start + 20 * Clock.PICOS_PER_MILLI); // tSE typ 45 ms
        r.host.command(0x06);
        r.host.erase(0x20, 0x8000);
        r.clock.advancePicos(30 * Clock.PICOS_PER_MILLI);
        r.chip.powerOn();
        byte[] after = r.host.read(0x8000, 4096);
        int setToOne = 0;
        int stillZero = 0;
        for (int i = 0; i < 4096; i++) {
            int o = old[i] & 0xFF;
            int a = after[i] & 0xFF;
            assertThat(a & o).as("old 1 bits stay 1 at %d", i).isEqualTo(o);
            setToOne += Integer.bitCount(a & ~o);
            stillZero += Integer.bitCount(~a & 0xFF);
        }
        assertThat(setToOne).isPositive();
        assertThat(stillZero).isPositive();
    }

    @Test
    void sameSeedSameState_differentSeedDifferentState() {
        assertThat(cutProgram(99, 0.4)).containsExactly(cutProgram(99, 0.4));
        assertThat(cutProgram(99, 0.4)).isNotEqualTo(cutProgram(100, 0.4));
    }

    @Test
    void powerCutResetsVolatileState() {
        Rig r = rig(1);
        r.host.command(0x06);
        r.host.command(0x50);
        r.host.writeRegister(0x01, 0x1C);
        r.host.command(0xB9);
        r.chip.powerCut();
        assertThat(r.host.readNoAddr(0x9F, 3)).containsOnly(0xFF); // unpowered: nothing answers
        r.chip.powerOn();
        assertThat(r.host.status(0x05)).isZero(); // WEL cleared, volatile BP gone
        assertThat(r.chip.inDeepPowerDown()).isFalse();
        assertThat(r.host.readNoAddr(0x9F, 3)).containsExactly(0xEF, 0x40, 0x18);
    }

    @Test
    void cutAfterTheOperationEndedKeepsItsFullEffect() {
        Rig r = rig(3);
        r.host.command(0x06);
        r.host.program(0x02, 0, new byte[] {0x00});
        r.clock.advanceMicros(500);
        r.chip.powerCut();
        r.chip.powerOn();
        assertThat(r.host.read(0, 1)).containsExactly(0x00);
    }
}
