package io.xipkit.cpu.debug;

/**
 * A debugger access got a bus error: no slave at the address, or the slave refused it.
 * A type of its own, not the core's {@code BusErrorException}: a debugger's failed access must never
 * be caught as a core fault (the DP turns it into STICKYERR), and it carries a readable message.
 */
public final class DebugBusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int address;
    private final boolean write;

    public DebugBusException(int address, boolean write, String reason) {
        super(String.format("debug %s at 0x%08X: %s", write ? "write" : "read", address, reason));
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
