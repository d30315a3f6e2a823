package io.xipkit.tools.report;

import io.xipkit.tools.image.ElfSection;
import io.xipkit.tools.sign.ImageTrailer;
import io.xipkit.tools.sign.McubootHeader;
import io.xipkit.tools.sign.SignException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one flash memory holds, as the report draws it: the state of every erase unit (erased,
 * partly programmed, fully programmed), the erase count of every wear unit, and labelled regions
 * found in it — ELF sections of the given programs, MCUboot image headers and trailers.
 */
public record FlashMap(MappedStorage storage, byte[] unitStates, int wearUnit, int[] eraseCounts, List<Region> regions) {
    public static final byte ERASED = 0, PARTLY = 1, PROGRAMMED = 2;

    /** A labelled part of the memory, in memory offsets. */
    public record Region(long offset, long length, String kind, String label) {}

    /** An ELF section of the program file {@code image}. */
    public record ImageSection(String image, ElfSection section) {}

    /** Reads {@code content} (the memory's array) unit by unit and finds what it can name. */
    public static FlashMap of(MappedStorage s, byte[] content, int wearUnit, int[] eraseCounts, List<ImageSection> sections) {
        int unit = s.eraseUnit();
        int units = (int) Math.min(Integer.MAX_VALUE, (content.length + (long) unit - 1) / unit);
        byte[] states = new byte[units];
        for (int u = 0; u < units; u++) {
            int from = u * unit, to = Math.min(content.length, from + unit);
            int erased = 0;
            for (int i = from; i < to; i++) if (content[i] == (byte) 0xFF) erased++;
            states[u] = erased == to - from ? ERASED : erased == 0 ? PROGRAMMED : PARTLY;
        }
        List<Region> regions = new ArrayList<>();
        for (ImageSection is : sections) {
            ElfSection sec = is.section();
            if (!sec.isAllocated() || sec.isNoBits() || sec.size() == 0) continue;
            long lo = Math.max(sec.address(), s.cpuBase());
            long hi = Math.min(sec.end(), s.cpuBase() + s.size() * s.interleave());   // exclusive
            if (lo >= hi) continue;
            // Window bytes lo..hi-1; an interleaved lane holds every other one of them.
            long first = Math.floorDiv(lo - s.cpuBase() - s.lane() + s.interleave() - 1, s.interleave());
            long last = Math.floorDiv(hi - 1 - s.cpuBase() - s.lane(), s.interleave());
            if (first > last) continue;
            regions.add(new Region(first, last - first + 1, "section",
                    String.format("%s %s 0x%08x..0x%08x (%d bytes)", is.image(), sec.name(), sec.address(), sec.end() - 1, sec.size())));
        }
        findImages(content, unit, regions);
        return new FlashMap(s, states, wearUnit, eraseCounts.clone(), List.copyOf(regions));
    }

    /** MCUboot headers at erase-unit starts, trailer magic at erase-unit ends (a slot ends on one). */
    private static void findImages(byte[] content, int unit, List<Region> regions) {
        for (int off = 0; off + McubootHeader.SIZE <= content.length; off += unit) {
            if (u32(content, off) != McubootHeader.MAGIC) continue;
            try {
                McubootHeader h = McubootHeader.parse(Arrays.copyOfRange(content, off, off + McubootHeader.SIZE));
                long len = Math.min(content.length - (long) off, h.tlvOffset());
                regions.add(new Region(off, len, "image", String.format("MCUboot image %s, %d bytes + %d-byte header",
                        h.version(), h.imageSize(), h.headerSize())));
            } catch (SignException e) {
                regions.add(new Region(off, McubootHeader.SIZE, "image", "MCUboot header magic, malformed: " + e.getMessage()));
            }
        }
        for (long end = unit; end <= content.length; end += unit) {
            int from = (int) (end - ImageTrailer.MAGIC_SIZE);
            if (content[from + ImageTrailer.MAGIC_SIZE - 1] == (byte) 0xFF) continue;   // cheap reject: erased tail
            byte[] tail = Arrays.copyOfRange(content, from, (int) end);
            ImageTrailer.maxAlignOf(tail).ifPresent(a -> regions.add(new Region(from, ImageTrailer.MAGIC_SIZE, "trailer",
                    "MCUboot trailer magic (max-align " + a + "): the end of a slot")));
        }
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** Erase units in each state: erased, partly, programmed. */
    public int[] counts() {
        int[] c = new int[3];
        for (byte b : unitStates) c[b]++;
        return c;
    }
}
