package io.xipkit.tools.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The memories a debugger sees, sorted by address: RAM it writes directly, flash it programs
 * through a controller (with the erase block size the controller works in), ROM it only reads.
 * The gdb memory-map XML and the flasher's plans are both made from this one value.
 */
public record MemoryMap(List<Region> regions) {
    public enum Kind { RAM, FLASH, ROM }

    /**
     * One memory.
     *
     * @param blockSize  erase block of a flash region (0 for RAM and ROM)
     * @param controller which controller programs a flash region: the board file's peripheral
     *                   entry name ("FLASH", "QUADSPI")
     * @param bank       the controller's bank (1 or 2) for internal flash, 0 otherwise
     */
    public record Region(String name, Kind kind, long base, long size, long blockSize, String controller, int bank) {
        public long end() {
            return base + size;
        }

        public boolean contains(long address) {
            return address >= base && address < end();
        }
    }

    public MemoryMap {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingLong(Region::base));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).base() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("memory regions overlap: " + sorted.get(i - 1).name() + " and " + sorted.get(i).name());
            }
        }
        regions = List.copyOf(sorted);
    }

    /** The region holding {@code address}. */
    public Optional<Region> regionAt(long address) {
        for (Region r : regions) {
            if (r.contains(address)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** Whether [address, address + length) lies wholly in memories of the map. */
    public boolean covers(long address, long length) {
        long a = address;
        long end = address + length;
        while (a < end) {
            Optional<Region> r = regionAt(a);
            if (r.isEmpty()) return false;
            a = r.get().end();
        }
        return true;
    }

    public List<Region> flashRegions() {
        return regions.stream().filter(r -> r.kind() == Kind.FLASH).toList();
    }
}
