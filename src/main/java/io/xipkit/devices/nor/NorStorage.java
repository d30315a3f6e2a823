package io.xipkit.devices.nor;

/**
 * Where a chip keeps what survives power-off: the array (erased = FFh), the non-volatile
 * register image and the per-4KiB erase counters. The model reads and writes {@link #array()}
 * directly (reads must cost nothing) and reports every change through the {@code changed}
 * callbacks so that an implementation backed by a file (see {@code io.xipkit.tools.state}) can
 * persist exactly what changed. Models do no host I/O themselves.
 */
public interface NorStorage extends io.xipkit.bus.NonVolatileMemory {
}
