package io.xipkit.board;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.devices.nor.NorStorage;

/**
 * The in-memory copy a snapshot makes of a flash storage the host provided (a {@code --state} file):
 * the same array, register image, erase counts and page stamps, written nowhere. A NOR chip's
 * storage as well as an MCU's flash, so it fits whichever field held the original.
 */
final class SnapshotStorage extends ArrayNonVolatileMemory implements NorStorage {
    SnapshotStorage(long size) {
        super(size);
    }
}
