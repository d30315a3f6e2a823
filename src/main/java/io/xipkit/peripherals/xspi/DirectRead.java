package io.xipkit.peripherals.xspi;

/**
 * Direct access granted by the memory-mapped fast path: while {@link XspiTarget#generation()}
 * still equals {@code generation}, a read of {@code n} bytes at chip address {@code a}
 * ({@code a + n <= size}) issued with the queried command returns exactly
 * {@code array[offset + a .. offset + a + n)}. The array must be treated as read-only.
 * {@code changes}, when not null, stamps the pages of the array each change touches, so that a
 * copy derived from it (the dual-flash shadow) is brought up to date page by page.
 */
public record DirectRead(byte[] array, int offset, long size, long generation, io.xipkit.bus.PageStamps changes) {
    public DirectRead(byte[] array, int offset, long size, long generation) {
        this(array, offset, size, generation, null);
    }
}
