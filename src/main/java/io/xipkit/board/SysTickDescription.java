package io.xipkit.board;

/**
 * What a board says about its SysTick (DDI 0403E B3.3): the value of SYST_CSR.CLKSOURCE at reset
 * (IMPLEMENTATION DEFINED, B3.3.3), the external reference clock that CLKSOURCE = 0 selects
 * (a fixed frequency, or the core clock divided by {@code referenceDivider}), and what SYST_CALIB
 * reads (B3.3.6; -1: derived from the reference clock by the core model).
 */
public record SysTickDescription(boolean resetOnCoreClock, long referenceHz, int referenceDivider, int calib) {
    /** The core model's own defaults: core clock at reset, reference = core clock / 8, CALIB derived. */
    public static final SysTickDescription DEFAULT = new SysTickDescription(true, 0, 8, -1);
}
