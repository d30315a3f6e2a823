package io.xipkit.bus;

/**
 * Direct access to a region's bytes: offset {@code o} of the region is {@code array[o]}.
 *
 * @param array    the region's content, exactly {@code region.size()} bytes long
 * @param writable whether bus writes may go straight to the array (false for ROM and for a
 *                 flash window, whose writes must reach the region to be refused or decoded)
 */
public record FastPath(byte[] array, boolean writable) {}
