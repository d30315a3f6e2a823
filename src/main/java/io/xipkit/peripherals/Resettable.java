package io.xipkit.peripherals;

/** A model with a reset: its registers return to their reset values (non-volatile content stays). */
public interface Resettable {
    void reset();
}
