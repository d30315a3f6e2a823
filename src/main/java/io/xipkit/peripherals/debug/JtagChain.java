package io.xipkit.peripherals.debug;

import java.util.List;

/**
 * A JTAG scan chain: TAPs in series between TDI and TDO sharing TCK, TMS and nTRST, so one
 * {@link TapState} controller state stands for all of them. Taps are listed from the TDO end (the
 * order OpenOCD declares them in): on the STM32s the Cortex debug TAP is next to TDO and the
 * boundary-scan TAP next to TDI (RM0433 section 60.4.3, RM0351 section 46.4.2 "JTAG TAP
 * connection").
 */
public final class JtagChain implements DebugPins {
    /** What nSRST is wired to on the board. */
    public interface SystemReset {
        void asserted();

        void released();
    }

    private final JtagTap[] taps;
    private final SystemReset srstLine;
    private TapState state = TapState.TEST_LOGIC_RESET;
    private boolean tck;
    private boolean srst;

    public JtagChain(List<JtagTap> fromTdo, SystemReset srstLine) {
        this.taps = fromTdo.toArray(new JtagTap[0]);
        this.srstLine = srstLine;
        for (JtagTap t : taps) t.testLogicReset();
    }

    public TapState state() {
        return state;
    }

    public List<JtagTap> taps() {
        return List.of(taps);
    }

    public boolean srstAsserted() {
        return srst;
    }

    @Override
    public void drive(boolean tck, boolean tms, boolean tdi) {
        if (tck && !this.tck) rise(tms, tdi);
        this.tck = tck;
    }

    /** One rising edge: the current state's action (IEEE 1149.1 table 6-3), then the transition. */
    private void rise(boolean tms, boolean tdi) {
        switch (state) {
            case CAPTURE_IR -> { for (JtagTap t : taps) t.captureIr(); }
            case CAPTURE_DR -> { for (JtagTap t : taps) t.captureDr(); }
            case SHIFT_IR, SHIFT_DR -> {
                boolean ir = state == TapState.SHIFT_IR;
                boolean carry = tdi;
                for (int i = taps.length - 1; i >= 0; i--) carry = taps[i].shift(ir, carry);
            }
            case UPDATE_IR -> { for (JtagTap t : taps) t.updateIr(); }
            case UPDATE_DR -> { for (JtagTap t : taps) t.updateDr(); }
            default -> { }
        }
        state = state.next(tms);
        if (state == TapState.TEST_LOGIC_RESET) for (JtagTap t : taps) t.testLogicReset();
    }

    @Override
    public boolean tdo() {
        return switch (state) {
            case SHIFT_IR -> taps[0].out(true);
            case SHIFT_DR -> taps[0].out(false);
            default -> false;   // high impedance; the probe's pull-up is not modelled
        };
    }

    @Override
    public void resets(boolean trst, boolean srst) {
        if (trst) {
            state = TapState.TEST_LOGIC_RESET;
            for (JtagTap t : taps) t.testLogicReset();
        }
        if (srst && !this.srst) {
            this.srst = true;
            srstLine.asserted();
        } else if (!srst && this.srst) {
            this.srst = false;
            srstLine.released();
        }
    }
}
