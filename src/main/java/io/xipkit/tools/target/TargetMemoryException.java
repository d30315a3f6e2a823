package io.xipkit.tools.target;

/** A debugger memory access that could not be made (bus error, no memory there). */
public final class TargetMemoryException extends RuntimeException {
    private final long address;

    public TargetMemoryException(long address, String message) {
        super(message);
        this.address = address;
    }

    /** The first address that failed. */
    public long address() {
        return address;
    }
}
