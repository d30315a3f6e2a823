package io.xipkit.tools.image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a loader found in a firmware file: the bytes to place in the target's memory (by load
 * address), the entry point if the format records one, and the symbols if it has any.
 *
 * @param name     the file name, for messages
 * @param segments non-overlapping pieces of memory content, in file order
 * @param entry    entry point address (ELF e_entry, Intel HEX start address), if known
 * @param symbols  symbol table; {@link SymbolTable#EMPTY} for formats without symbols
 */
public record LoadableImage(String name, List<Segment> segments, OptionalInt entry, SymbolTable symbols) {

    /** Largest address + 1 in the 32-bit target address space. */
    public static final long ADDRESS_SPACE_END = 1L << 32;

    public LoadableImage {
        Objects.requireNonNull(name, "name");
        segments = List.copyOf(segments);
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(symbols, "symbols");
    }

    /**
     * The image as a flash programmer writes it: each segment without its zero fill, segments
     * that hold no file bytes (a .bss whose load address is in flash) left out.
     */
    public LoadableImage storedContent() {
        List<Segment> stored = segments.stream().filter(s -> s.stored() > 0).map(Segment::storedPart).toList();
        return new LoadableImage(name, stored, entry, symbols);
    }

    /** Total number of content bytes over all segments. */
    public long totalBytes() {
        long total = 0;
        for (Segment s : segments) total += s.data.length;
        return total;
    }

    /**
     * Bytes to store at {@code address} (an unsigned 32-bit address held in a long). The array is
     * the segment's own storage: loaders hand it over and nobody should modify it afterwards.
     *
     * @param stored how many of the bytes the file holds; the rest are the zeros an ELF segment's
     *               p_memsz adds beyond p_filesz (.bss). A programmer writes only the stored bytes
     *               into flash (OpenOCD's ELF image reader and gdb's {@code load} take the file
     *               contents only), while a RAM image gets the zeros too, as QEMU's loader places them.
     */
    public record Segment(long address, byte[] data, int stored) {
        /** A segment whose every byte comes from the file. */
        public Segment(long address, byte[] data) {
            this(address, data, Objects.requireNonNull(data, "data").length);
        }

        public Segment {
            Objects.requireNonNull(data, "data");
            if (stored < 0 || stored > data.length) {
                throw new IllegalArgumentException("stored bytes " + stored + " outside 0.." + data.length);
            }
            if (address < 0 || address >= ADDRESS_SPACE_END) {
                throw new IllegalArgumentException("segment address outside 32-bit space: 0x" + Long.toHexString(address));
            }
            if (address + data.length > ADDRESS_SPACE_END) {
                throw new IllegalArgumentException(String.format(
                        "segment at 0x%08X of %d bytes wraps past the end of the 4 GiB address space", address, data.length));
            }
        }

        /** First address after the segment (may be exactly 2^32). */
        public long end() {
            return address + data.length;
        }

        public int size() {
            return data.length;
        }

        /** The bytes the file holds, without the zero fill: what a flash programmer writes. */
        public byte[] storedData() {
            return stored == data.length ? data : Arrays.copyOf(data, stored);
        }

        /** This segment without its zero fill: what a flash programmer writes. */
        public Segment storedPart() {
            return stored == data.length ? this : new Segment(address, storedData());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Segment s && s.address == address && s.stored == stored && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(address) * 31 + stored) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("Segment[0x%08X..0x%08X, %d bytes]", address, end(), data.length);
        }
    }
}
