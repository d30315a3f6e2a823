package io.xipkit.bus;

/** What a bus write to read-only memory does. */
public enum RomWritePolicy {
    /** The write is accepted and dropped (many simple memory controllers behave so). */
    IGNORE,
    /** The slave answers with an error response: the core takes a BusFault. */
    BUS_ERROR
}
