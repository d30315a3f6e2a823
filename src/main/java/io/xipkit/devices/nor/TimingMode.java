package io.xipkit.devices.nor;

/** Which duration a program/erase/register write takes in virtual time. */
public enum TimingMode {
    /** The datasheet's typical value (default). */
    TYPICAL,
    /** The datasheet's maximum value: the worst case firmware must survive. */
    MAXIMUM,
    /** Uniform in [typical, maximum], drawn from the chip's seeded generator. */
    RANDOM
}
