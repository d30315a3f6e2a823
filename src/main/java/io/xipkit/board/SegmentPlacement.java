package io.xipkit.board;

import io.xipkit.bus.Mapping;
import io.xipkit.bus.PeripheralRegion;
import io.xipkit.bus.SystemBus;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a loader may store a segment, and in what words to refuse one. A loader writes only
 * through a memory's own address, never through a mirror (the same memory mapped again
 * elsewhere): an image too big for its memory would otherwise run into the mirror that follows
 * it and overwrite its own start (generic-m7's SSRAM1 at 0 is mirrored at 0x00400000). A segment
 * may span memories that follow each other (SRAM1..3 of an STM32H7), but every byte must be in one.
 */
final class SegmentPlacement {
    private SegmentPlacement() {}

    /** Throws a {@link BoardException} naming the problem and both sizes, or returns when the segment fits. */
    static void check(SystemBus bus, String boardId, String imageName, long address, int length) {
        List<Mapping> all = bus.mappings();
        long end = address + length;
        Mapping first = mappingAt(all, address);
        if (first == null || (isMirror(all, first) && !allMapped(all, address, end))) {
            throw new BoardException(String.format("segment 0x%08x..0x%08x (%d bytes) of %s is in no memory of board %s",
                    address, end - 1, length, imageName, boardId));
        }
        if (isMirror(all, first)) {
            Mapping original = original(all, first);
            throw new BoardException(String.format("segment 0x%08x..0x%08x of %s is in the mirror of %s at 0x%08x..0x%08x;"
                    + " a loader writes only through a memory's own address: load or link it at 0x%08x", address, end - 1,
                    imageName, first.region().name(), first.base(), first.end() - 1,
                    original.base() + (address - first.base())));
        }
        // The run of memories that follow each other from the segment's start, mirrors excluded.
        long reach = first.end();
        List<String> names = new ArrayList<>(List.of(first.region().name()));
        while (reach < end) {
            Mapping next = mappingAt(all, reach);
            if (next == null || isMirror(all, next)) break;
            names.add(next.region().name());
            reach = next.end();
        }
        if (reach < end) {
            long room = reach - address;
            throw new BoardException(String.format("%s is too large for %s: %s (%d bytes) at 0x%08x, but only %s (%d bytes)"
                    + " fit there, up to 0x%08x; make the image smaller or load it where there is room", imageName,
                    String.join("+", names), size(length), length, address, size(room), room, reach - 1));
        }
    }

    private static boolean allMapped(List<Mapping> all, long address, long end) {
        for (long a = address; a < end; ) {
            Mapping m = mappingAt(all, a);
            if (m == null) return false;
            a = m.end();
        }
        return true;
    }

    private static Mapping mappingAt(List<Mapping> all, long address) {
        for (Mapping m : all) {
            if (m.contains(address)) return m;
        }
        return null;
    }

    /** Any mapping of a region after its first is a mirror of it. */
    private static boolean isMirror(List<Mapping> all, Mapping m) {
        return original(all, m) != m;
    }

    private static Mapping original(List<Mapping> all, Mapping m) {
        for (Mapping other : all) {
            if (other.region() == m.region()) return other;
        }
        return m;
    }

    /** "ssram1 0x00000000..0x003fffff, ...": the memories a loader may write, mirrors and registers left out. */
    static String memories(List<Mapping> all) {
        StringBuilder b = new StringBuilder();
        for (Mapping m : all) {
            if (isMirror(all, m) || m.region() instanceof PeripheralRegion) continue;
            if (b.length() > 0) b.append(", ");
            b.append(String.format("%s 0x%08x..0x%08x", m.region().name(), m.base(), m.end() - 1));
        }
        return b.toString();
    }

    private static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}
