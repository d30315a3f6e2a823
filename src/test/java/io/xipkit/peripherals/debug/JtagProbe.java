package io.xipkit.peripherals.debug;

/** Drives a {@link DebugPins} as a bit-banging probe does: TDO sampled with TCK low, then the rising edge. */
final class JtagProbe {
    private final DebugPins pins;

    JtagProbe(DebugPins pins) {
        this.pins = pins;
    }

    boolean clock(boolean tms, boolean tdi) {
        pins.drive(false, tms, tdi);
        boolean tdo = pins.tdo();
        pins.drive(true, tms, tdi);
        return tdo;
    }

    /** Five TMS-high clocks reach Test-Logic-Reset from any state, then Run-Test/Idle. */
    void resetToIdle() {
        for (int i = 0; i < 5; i++) clock(true, false);
        clock(false, false);
    }

    /** From Run-Test/Idle: shifts {@code bits} of {@code value} (LSB first) through IR or DR, back to Run-Test/Idle. */
    long scan(boolean ir, long value, int bits) {
        clock(true, false);                  // Select-DR
        if (ir) clock(true, false);          // Select-IR
        clock(false, false);                 // Capture
        clock(false, false);                 // Shift
        long out = 0;
        for (int i = 0; i < bits; i++) {
            boolean last = i == bits - 1;
            if (clock(last, (value >>> i & 1) != 0)) out |= 1L << i;
        }
        clock(true, false);                  // Update
        clock(false, false);                 // Run-Test/Idle
        return out;
    }
}
