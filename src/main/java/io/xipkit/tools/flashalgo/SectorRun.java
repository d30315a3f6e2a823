package io.xipkit.tools.flashalgo;

/**
 * A run of equal sectors, as probe-rs writes them (probe-rs-target memory.rs SectorDescription):
 * sectors of {@code size} bytes from {@code offset} (relative to the flash start) up to the next
 * run or the end of the flash. CMSIS FlashDevice lists the same pairs (size, address);
 * ST's StorageInfo gives (count, size) pairs, which the reader turns into offsets.
 */
public record SectorRun(long offset, long size) {
    public SectorRun {
        if (offset < 0) throw new IllegalArgumentException("negative sector offset " + offset);
        if (size <= 0) throw new IllegalArgumentException("sector size must be positive, got " + size);
    }
}
