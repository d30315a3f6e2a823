package io.xipkit.regs;

/** What a bus access to an offset without a register does; chosen per block. */
public enum UnmappedPolicy {
    /** The access fails with a {@link RegisterAccessException} (the bus turns it into a fault). */
    BUS_ERROR,
    /** Reads return 0 and writes are ignored (reserved space on many STM32 APB peripherals). */
    READ_ZERO_WRITE_IGNORE
}
