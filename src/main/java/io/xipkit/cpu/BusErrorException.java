package io.xipkit.cpu;

/**
 * A bus error response: no slave at the address, or the slave refused the access.
 * Kept apart from {@link io.xipkit.cpu.debug.DebugBusException} on purpose: this one is thrown on the
 * per-access hot path (no stack trace, no formatted message) and the core takes it as a BusFault.
 */
public final class BusErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int address;
    private final boolean write;

    public BusErrorException(int address, boolean write, String reason) {
        super(reason, null, false, false);
        this.address = address;
        this.write = write;
    }

    public int address() {
        return address;
    }

    public boolean isWrite() {
        return write;
    }
}
