package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cycle ↔ virtual-time conversion: exact for any instant, however far the run has gone. */
class CycleClockTest {

    @Property
    void cyclesAtIsTheFirstCycleAtOrAfterTheInstant(@ForAll @LongRange(min = 1_000, max = 1_000_000_000) long hz,
                                                    @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long picos) {
        CycleClock clock = new CycleClock(hz);
        long khz = hz / 1000;
        BigInteger exact = BigInteger.valueOf(picos).multiply(BigInteger.valueOf(khz))
                .add(BigInteger.valueOf(999_999_999L)).divide(BigInteger.valueOf(1_000_000_000L));
        assertThat(clock.cyclesAt(picos, 0)).isEqualTo(exact.longValueExact());
    }

    @Test
    void aDeadlineTenSecondsInIsStillAheadOfTheCurrentCycle() {
        CycleClock clock = new CycleClock(25_000_000);                  // 40 ns per cycle
        long cycles = 250_000_000L;                                     // 10 s of virtual time
        long deadline = clock.picosAt(cycles) + 10_000_000_000L;        // 10 ms later
        assertThat(clock.cyclesAt(deadline, cycles)).isEqualTo(cycles + 250_000);
    }

    /** Before the fix, every target more than 9 s past the base collapsed to the current cycle and this spun for ever. */
    @Test
    @Timeout(60)
    void aSleepingCorePastNineSecondsWakesAtItsSysTick() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        Core core = rig.core;
        int code = 0x400;
        new ThumbCode().op(ThumbCode.WFI, ThumbCode.B_SELF).placeAt(rig.bus, code);
        core.pc = code;
        core.cycles = 300_000_000L;                                     // 12 s at 25 MHz
        rig.write32(0xE000E014, 24_999);                                // SysTick: 1 ms period, core clock
        rig.write32(0xE000E018, 0);
        rig.write32(0xE000E010, 5);                                     // ENABLE | CLKSOURCE, no TICKINT
        long start = core.nowPicos();
        StopReason stop = core.run(1_000, start + 5_000_000_000L);       // 5 ms: WFI, then wake-ups
        assertThat(stop).isInstanceOf(StopReason.TimeLimit.class);
        assertThat(core.nowPicos()).isEqualTo(start + 5_000_000_000L);
        assertThat(core.instructions).as("WFI, then the branch spins").isLessThan(1_000);
    }
}
