package io.xipkit.bus;

/** A region placed on the bus: bus addresses [base, base + region.size()) reach offsets 0... */
public record Mapping(long base, Region region) {
    public long size() {
        return region.size();
    }

    /** One past the last address. */
    public long end() {
        return base + region.size();
    }

    public boolean contains(long address) {
        return address >= base && address < end();
    }

    @Override
    public String toString() {
        return String.format("%s at 0x%08x..0x%08x", region.name(), base, end() - 1);
    }
}
