package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.FlashOperation;
import io.xipkit.bus.FlashOperationObserver;
import io.xipkit.bus.NonVolatileMemory;

/**
 * Where a chip's program or erase changes what the memory-mapped window shows, for the caches in
 * front of it: one chip at window offset = chip address, or in dual-flash mode (RM0433 23.3.8
 * "Dual-flash mode") byte 2a of the window from flash 1 and 2a + 1 from flash 2. Only bytes whose
 * value changes count (a page program of FFh filler, an erase of erased cells change nothing), and
 * the sink is told each changed 32-byte window line with the instant the operation's result is in
 * the array (its end).
 */
public final class WindowChangeTracker {
    private static final int LINE = 32;

    /** Told of each window line a program or erase changes. */
    @FunctionalInterface
    public interface Sink {
        void changing(int busAddress, int length, long atPicos);
    }

    private WindowChangeTracker() {}

    /**
     * The observer to give the chip on {@code bank} (1 or 2), whose array is {@code memory}, of a
     * controller whose window is at {@code windowBase}; {@code dualFlash}: the board wires the banks
     * in dual-flash mode.
     */
    public static FlashOperationObserver forChip(long windowBase, boolean dualFlash, int bank, NonVolatileMemory memory, Sink sink) {
        return op -> {
            if (op.kind() != FlashOperation.Kind.PROGRAM && op.kind() != FlashOperation.Kind.ERASE) return;
            byte[] result = op.result();
            byte[] now = memory.array();
            long lastLine = -1;
            for (long i = 0; i < op.length(); i++) {
                long chipAddress = op.address() + i;
                // Without the result (a model that applies at the start), every byte counts as changed.
                if (result != null && result[(int) i] == now[(int) chipAddress]) continue;
                long offset = dualFlash ? 2 * chipAddress + (bank - 1) : chipAddress;
                long line = (windowBase + offset) & ~(long) (LINE - 1);
                if (line == lastLine) continue;
                lastLine = line;
                sink.changing((int) line, LINE, op.endPicos());
            }
        };
    }
}
