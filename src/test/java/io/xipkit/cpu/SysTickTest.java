package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SysTick on virtual time (DDI 0403E B3.3): period RVR+1 ticks, COUNTFLAG, TICKINT, clock sources. */
class SysTickTest {
    private static final int CSR = 0xE000E010, RVR = 0xE000E014, CVR = 0xE000E018, CALIB = 0xE000E01C;
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7); // 25 MHz: 40 ns per cycle
    private final Core core = rig.core;

    private void advanceCycles(long n) {
        core.cycles += n;
        core.scheduler.runDue(core.nowPicos());
    }

    @Test
    void coreClockPeriodIsReloadPlusOneCyclesAndPendsSysTick() {
        rig.write32(RVR, 24_999);                      // 1 ms at 25 MHz
        rig.write32(CVR, 0);
        rig.write32(CSR, 7);                           // ENABLE | TICKINT | CLKSOURCE
        assertThat(core.scheduler.nextDeadline()).as("first underflow at 1 ms").isEqualTo(1_000_000_000L);

        advanceCycles(1);
        assertThat(rig.read32(CVR)).isEqualTo(24_999);
        advanceCycles(99);
        assertThat(rig.read32(CVR)).isEqualTo(24_900);
        advanceCycles(24_899);
        assertThat(rig.read32(CVR)).isEqualTo(1);
        assertThat(core.exceptions.isPending(ExceptionNumber.SYSTICK)).isFalse();
        advanceCycles(1);
        assertThat(core.exceptions.isPending(ExceptionNumber.SYSTICK)).isTrue();
        assertThat(rig.read32(CSR) & (1 << 16)).as("COUNTFLAG").isNotZero();
        assertThat(rig.read32(CSR) & (1 << 16)).as("cleared by the read").isZero();
        advanceCycles(1);
        assertThat(rig.read32(CVR)).isEqualTo(24_999);
        assertThat(core.scheduler.nextDeadline()).isEqualTo(2_000_000_000L);
    }

    @Test
    void jumpingFromDeadlineToDeadlineSeesExactlyOneUnderflowPerPeriod() {
        rig.write32(RVR, 2_499);                       // 100 us
        rig.write32(CVR, 0);
        rig.write32(CSR, 5);                           // no TICKINT: count underflows via COUNTFLAG
        int underflows = 0;
        for (int i = 1; i <= 10; i++) {
            long deadline = core.scheduler.nextDeadline();
            assertThat(deadline).isEqualTo(i * 100_000_000L);
            core.cycles = deadline / 40_000;           // what a sleeping core does: skip to the deadline
            core.scheduler.runDue(core.nowPicos());
            if ((rig.read32(CSR) & (1 << 16)) != 0) underflows++;
        }
        assertThat(underflows).isEqualTo(10);
        assertThat(core.cycles).isEqualTo(25_000);
    }

    @Test
    void pendingSysTickWakesASleepingCore() {
        rig.write32(RVR, 99);
        rig.write32(CVR, 0);
        rig.write32(CSR, 7);
        core.exceptions.waitForInterrupt();
        assertThat(core.exceptions.hasWakeupPending()).isFalse();
        advanceCycles(100);
        assertThat(core.exceptions.hasWakeupPending()).isTrue();
    }

    @Test
    void externalReferenceIsCoreClockDividedByEight() {
        rig.write32(RVR, 999);
        rig.write32(CVR, 0);
        rig.write32(CSR, 3);                           // ENABLE | TICKINT, CLKSOURCE = external
        advanceCycles(7_999);
        assertThat(core.exceptions.isPending(ExceptionNumber.SYSTICK)).isFalse();
        advanceCycles(1);
        assertThat(core.exceptions.isPending(ExceptionNumber.SYSTICK)).isTrue();
    }

    @Test
    void fixedFrequencyReferenceClock() {
        core.scs.sysTick().setReferenceClockHz(1_000_000);   // 1 MHz: 1 us per tick
        rig.write32(RVR, 99);
        rig.write32(CVR, 0);
        rig.write32(CSR, 3);
        assertThat(core.scheduler.nextDeadline()).isEqualTo(100_000_000L);
        advanceCycles(2_500);                          // 100 us
        assertThat(core.exceptions.isPending(ExceptionNumber.SYSTICK)).isTrue();
    }

    @Test
    void disabledCounterHoldsItsValueAndCvrWriteClears() {
        rig.write32(RVR, 1000);
        rig.write32(CVR, 0);
        rig.write32(CSR, 5);
        advanceCycles(11);
        assertThat(rig.read32(CVR)).isEqualTo(990);
        rig.write32(CSR, 4);
        advanceCycles(500);
        assertThat(rig.read32(CVR)).isEqualTo(990);
        rig.write32(CVR, 1234);
        assertThat(rig.read32(CVR)).isZero();
        assertThat(core.scheduler.isEmpty()).isTrue();
    }

    @Test
    void reloadChangeTakesEffectAtTheNextReload() {
        rig.write32(RVR, 99);
        rig.write32(CVR, 0);
        rig.write32(CSR, 5);
        advanceCycles(51);                             // value 49
        rig.write32(RVR, 9);
        assertThat(rig.read32(CVR)).isEqualTo(49);
        advanceCycles(49);
        assertThat(rig.read32(CVR)).isZero();
        advanceCycles(1);
        assertThat(rig.read32(CVR)).isEqualTo(9);
    }

    @Test
    void calibReportsTenMillisecondsOfReferenceTicks() {
        assertThat(rig.read32(CALIB)).isEqualTo((1 << 30) | (25_000_000 / 8 / 100 - 1));
    }

    @Test
    void sysTickExceptionIsTakenWhenTickintSet() {
        core.r[13] = 0x20001000;
        core.pc = 0x2000;
        rig.write32(RVR, 9);
        rig.write32(CVR, 0);
        rig.write32(CSR, 7);
        advanceCycles(10);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.SYSTICK);
    }
}
