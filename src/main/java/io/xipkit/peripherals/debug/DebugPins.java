package io.xipkit.peripherals.debug;

/** The debug connector's signals as a probe drives them: TCK, TMS, TDI in, TDO out, nTRST and nSRST. */
public interface DebugPins {
    /** Sets TCK, TMS and TDI; a rising edge of TCK clocks the TAPs. */
    void drive(boolean tck, boolean tms, boolean tdi);

    /** TDO as it is now (it changes on the falling edge of TCK, so a probe samples it with TCK low). */
    boolean tdo();

    /** Sets the reset lines; {@code true} means asserted (driven low). */
    void resets(boolean trst, boolean srst);
}
