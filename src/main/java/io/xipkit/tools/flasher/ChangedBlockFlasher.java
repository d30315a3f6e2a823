package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Programs staged data into flash, touching only the erase blocks whose content changes (the
 * "smart flash" of pyOCD's FlashBuilder and probe-rs' FlashLayout, in their simplest safe form):
 * each touched block is read back (or, when the staged data covers it wholly and the driver can,
 * only its CRC-32 computed on the target is compared), the staged bytes are laid over what it
 * holds, and then
 * <ul>
 * <li>a block that already holds the result is left alone;</li>
 * <li>a blank block (all FFh) is only programmed;</li>
 * <li>any other block is erased and the whole result written back, so bytes nobody staged keep
 *     their value (the invariant: every byte of an erased block is programmed or restored).</li>
 * </ul>
 */
public final class ChangedBlockFlasher {
    private final DebugTarget target;
    private final List<FlashDriver> drivers;
    /** Staged bytes by address. */
    private final TreeMap<Long, byte[]> staged = new TreeMap<>();

    public ChangedBlockFlasher(DebugTarget target, List<FlashDriver> drivers) {
        this.target = target;
        this.drivers = List.copyOf(drivers);
    }

    public List<FlashDriver> drivers() {
        return drivers;
    }

    /** The driver whose memory holds {@code address}, or null. */
    public FlashDriver driverAt(long address) {
        for (FlashDriver d : drivers) if (d.region().contains(address)) return d;
        return null;
    }

    /**
     * Adds data to write at the next {@link #commit()}; later data wins over earlier at the same address.
     *
     * @throws FlashException when any byte lies outside every flash memory (nothing is staged then)
     */
    public void stage(long address, byte[] data) {
        long a = address;
        long end = address + data.length;
        while (a < end) {
            FlashDriver d = driverAt(a);
            if (d == null) throw new FlashException(String.format("0x%08x is not in any flash memory", a));
            a = d.region().end();
        }
        staged.put(address, data.clone());
    }

    public boolean hasStaged() {
        return !staged.isEmpty();
    }

    /** Drops what was staged without writing it. */
    public void discard() {
        staged.clear();
    }

    /** Writes everything staged; returns what it did. */
    public FlashReport commit() {
        long start = target.nowPicos();
        int erased = 0, programmed = 0, unchanged = 0;
        long bytes = 0;
        try {
            for (FlashDriver d : drivers) {
                MemoryMap.Region r = d.region();
                // Decide per block first, so runs of adjacent blocks to erase go to the driver as one
                // range (it may use a larger erase for them); then program.
                TreeMap<Long, byte[]> toProgram = new TreeMap<>();
                long runStart = -1, runEnd = -1;
                TreeSet<Long> touched = touchedBlocks(r);
                Map<Long, Long> crcs = targetCrcs(d, touched);
                int size = (int) r.blockSize();
                for (long base : touched) {
                    byte[] wanted;
                    boolean same, blank;
                    Long crc = crcs.get(base);
                    if (crc != null) {
                        // Staged data covers the whole block: its checksum on the target decides
                        // (a CRC-32 match taken as equal content, the bet pyOCD's analyser makes).
                        wanted = overlay(new byte[size], base);
                        same = crc == crc32(wanted);
                        blank = !same && crc == crc32(Bytes.erased(size));
                    } else {
                        byte[] current = d.read(base, size);
                        wanted = overlay(current, base);
                        same = Arrays.equals(current, wanted);
                        blank = Bytes.allErased(current);
                    }
                    if (same) {
                        unchanged++;
                        continue;
                    }
                    toProgram.put(base, wanted);
                    if (blank) {
                        programmed++;
                        continue;
                    }
                    erased++;
                    if (base != runEnd) {
                        if (runStart >= 0) d.erase(runStart, runEnd - runStart);
                        runStart = base;
                    }
                    runEnd = base + r.blockSize();
                }
                if (runStart >= 0) d.erase(runStart, runEnd - runStart);
                for (Map.Entry<Long, byte[]> p : toProgram.entrySet()) {
                    d.program(p.getKey(), p.getValue());
                    bytes += countProgrammed(p.getValue());
                }
            }
        } finally {
            staged.clear();
        }
        return new FlashReport(erased, programmed, unchanged, bytes, target.nowPicos() - start);
    }

    /** The target's CRC-32 of each touched block the staged data covers wholly, when the driver computes them there. */
    private Map<Long, Long> targetCrcs(FlashDriver d, TreeSet<Long> touched) {
        List<Long> whole = new java.util.ArrayList<>();
        for (long base : touched) if (covered(base, d.region().blockSize())) whole.add(base);
        Map<Long, Long> out = new TreeMap<>();
        if (whole.isEmpty()) return out;
        long[] crcs = d.blockCrcs(whole);
        if (crcs == null) return out;
        for (int i = 0; i < whole.size(); i++) out.put(whole.get(i), crcs[i]);
        return out;
    }

    /** Whether staged bytes cover every byte of [base, base + size). */
    private boolean covered(long base, long size) {
        long cursor = base, end = base + size;
        for (Map.Entry<Long, byte[]> s : staged.headMap(end).entrySet()) {
            long from = s.getKey(), to = from + s.getValue().length;
            if (from <= cursor && to > cursor) cursor = to;
            if (cursor >= end) return true;
        }
        return cursor >= end;
    }

    private static long crc32(byte[] b) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(b);
        return c.getValue();
    }

    private static long countProgrammed(byte[] b) {
        long n = 0;
        for (byte x : b) if (x != (byte) 0xFF) n++;
        return n;
    }

    /** Base addresses of the blocks of {@code r} that staged data touches, ascending. */
    private TreeSet<Long> touchedBlocks(MemoryMap.Region r) {
        TreeSet<Long> blocks = new TreeSet<>();
        for (Map.Entry<Long, byte[]> s : staged.entrySet()) {
            long from = Math.max(s.getKey(), r.base());
            long to = Math.min(s.getKey() + s.getValue().length, r.end());
            for (long b = r.base() + (from - r.base()) / r.blockSize() * r.blockSize(); b < to; b += r.blockSize()) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    /** The block's new content: its current bytes with every staged byte of the block laid over them. */
    private byte[] overlay(byte[] current, long base) {
        byte[] result = current.clone();
        long end = base + current.length;
        for (Map.Entry<Long, byte[]> s : staged.entrySet()) {
            long from = Math.max(s.getKey(), base);
            long to = Math.min(s.getKey() + s.getValue().length, end);
            if (from >= to) continue;
            System.arraycopy(s.getValue(), (int) (from - s.getKey()), result, (int) (from - base), (int) (to - from));
        }
        return result;
    }
}
