package io.xipkit.peripherals.debug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TapStateTest {
    @Test
    void fiveTmsHighClocksReachTestLogicResetFromEveryState() {
        for (TapState s : TapState.values()) {
            TapState t = s;
            for (int i = 0; i < 5; i++) t = t.next(true);
            assertThat(t).as("from %s", s).isEqualTo(TapState.TEST_LOGIC_RESET);
        }
    }

    @Test
    void transitionsFollowIeee1149Figure61() {
        assertThat(TapState.TEST_LOGIC_RESET.next(false)).isEqualTo(TapState.RUN_TEST_IDLE);
        assertThat(TapState.RUN_TEST_IDLE.next(true)).isEqualTo(TapState.SELECT_DR_SCAN);
        assertThat(TapState.SELECT_DR_SCAN.next(false)).isEqualTo(TapState.CAPTURE_DR);
        assertThat(TapState.SELECT_DR_SCAN.next(true)).isEqualTo(TapState.SELECT_IR_SCAN);
        assertThat(TapState.SELECT_IR_SCAN.next(true)).isEqualTo(TapState.TEST_LOGIC_RESET);
        assertThat(TapState.CAPTURE_IR.next(false)).isEqualTo(TapState.SHIFT_IR);
        assertThat(TapState.SHIFT_DR.next(false)).isEqualTo(TapState.SHIFT_DR);
        assertThat(TapState.EXIT1_DR.next(false)).isEqualTo(TapState.PAUSE_DR);
        assertThat(TapState.PAUSE_DR.next(true)).isEqualTo(TapState.EXIT2_DR);
        assertThat(TapState.EXIT2_DR.next(false)).isEqualTo(TapState.SHIFT_DR);
        assertThat(TapState.EXIT2_IR.next(true)).isEqualTo(TapState.UPDATE_IR);
        assertThat(TapState.UPDATE_DR.next(false)).isEqualTo(TapState.RUN_TEST_IDLE);
        assertThat(TapState.UPDATE_IR.next(true)).isEqualTo(TapState.SELECT_DR_SCAN);
    }
}
