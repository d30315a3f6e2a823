package io.xipkit.tools.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loader for Intel HEX files (Intel "Hexadecimal Object File Format Specification", Rev. A, 1988):
 * records {@code :LLAAAATT<data>CC} of type 00 data, 01 end of file, 02 extended segment address,
 * 03 start segment address, 04 extended linear address and 05 start linear address. The checksum
 * is the two's complement of the sum of all other record bytes.
 *
 * <p>Addressing per the specification: with a segment base (02) the offset wraps within the
 * 64 KiB segment; with a linear base (04) addresses run on linearly and must stay below 4 GiB.
 * Data records that abut are merged into one segment; bytes defined twice are an error.
 */
public final class IntelHex {

    private static final int DATA = 0, EOF = 1, EXT_SEGMENT = 2, START_SEGMENT = 3, EXT_LINEAR = 4, START_LINEAR = 5;

    private IntelHex() {
    }

    public static LoadableImage load(Path file) throws ImageFormatException {
        return parse(ElfImage.displayName(file), ElfImage.readFile(file));
    }

    /** Parses HEX text (ASCII); {@code name} is used in messages and as the image name. */
    public static LoadableImage parse(String name, byte[] text) throws ImageFormatException {
        return new Parser(name, text).parse();
    }

    /** A run of bytes from one or more data records, with the line that started it for messages. */
    private record Chunk(long address, byte[] data, int line) {
    }

    private static final class Parser {
        private final String name;
        private final byte[] text;
        private int lineNo;

        Parser(String name, byte[] text) {
            this.name = name;
            this.text = text;
        }

        LoadableImage parse() throws ImageFormatException {
            List<Chunk> chunks = new ArrayList<>();
            long base = 0;
            boolean segmented = false;
            OptionalInt entry = OptionalInt.empty();
            boolean ended = false;
            int pos = 0;
            while (pos < text.length) {
                int end = pos;
                while (end < text.length && text[end] != '\n') end++;
                lineNo++;
                int lineStart = pos;
                int lineEnd = end;
                pos = end + 1;
                while (lineEnd > lineStart && isSpace(text[lineEnd - 1])) lineEnd--;
                while (lineStart < lineEnd && isSpace(text[lineStart])) lineStart++;
                if (lineStart == lineEnd) continue;
                if (ended) throw error("data after the end-of-file record");
                byte[] rec = decode(lineStart, lineEnd);
                int count = rec[0] & 0xFF;
                int offset = (rec[1] & 0xFF) << 8 | (rec[2] & 0xFF);
                int type = rec[3] & 0xFF;
                switch (type) {
                    case DATA -> {
                        if (count == 0) break;
                        byte[] payload = new byte[count];
                        System.arraycopy(rec, 4, payload, 0, count);
                        if (segmented) {
                            // The 16-bit offset wraps inside the segment: split at the wrap.
                            int first = Math.min(count, 0x10000 - offset);
                            addChunk(chunks, base + offset, slice(payload, 0, first));
                            if (first < count) addChunk(chunks, base, slice(payload, first, count));
                        } else {
                            addChunk(chunks, base + offset, payload);
                        }
                    }
                    case EOF -> {
                        expectCount(count, 0, "end-of-file");
                        ended = true;
                    }
                    case EXT_SEGMENT -> {
                        expectCount(count, 2, "extended segment address");
                        base = (long) u16(rec, 4) << 4;
                        segmented = true;
                    }
                    case EXT_LINEAR -> {
                        expectCount(count, 2, "extended linear address");
                        base = (long) u16(rec, 4) << 16;
                        segmented = false;
                    }
                    case START_SEGMENT -> {
                        expectCount(count, 4, "start segment address");
                        entry = OptionalInt.of((u16(rec, 4) << 4) + u16(rec, 6)); // CS:IP
                    }
                    case START_LINEAR -> {
                        expectCount(count, 4, "start linear address");
                        entry = OptionalInt.of(u16(rec, 4) << 16 | u16(rec, 6));
                    }
                    default -> throw error(String.format("unknown record type 0x%02X", type));
                }
            }
            if (!ended) {
                lineNo++;
                throw error("missing end-of-file record (type 01); file truncated?");
            }
            return new LoadableImage(name, merge(chunks), entry, SymbolTable.EMPTY);
        }

        private void addChunk(List<Chunk> chunks, long address, byte[] data) throws ImageFormatException {
            if (address + data.length > LoadableImage.ADDRESS_SPACE_END) {
                throw error(String.format("data at 0x%08X of %d bytes runs past the 4 GiB address space", address, data.length));
            }
            chunks.add(new Chunk(address, data, lineNo));
        }

        private List<LoadableImage.Segment> merge(List<Chunk> chunks) throws ImageFormatException {
            List<Chunk> sorted = new ArrayList<>(chunks);
            sorted.sort(Comparator.comparingLong(Chunk::address));
            List<LoadableImage.Segment> segments = new ArrayList<>();
            int i = 0;
            while (i < sorted.size()) {
                int j = i;
                long end = sorted.get(i).address() + sorted.get(i).data().length;
                while (j + 1 < sorted.size() && sorted.get(j + 1).address() <= end) {
                    Chunk next = sorted.get(j + 1);
                    if (next.address() < end) {
                        Chunk prev = sorted.get(j);
                        throw new ImageFormatException(String.format("%s:%d: data at 0x%08X overlaps data from line %d",
                                name, next.line(), next.address(), prev.line()));
                    }
                    end = next.address() + next.data().length;
                    j++;
                }
                long start = sorted.get(i).address();
                byte[] data = new byte[(int) (end - start)];
                for (int k = i; k <= j; k++) {
                    Chunk c = sorted.get(k);
                    System.arraycopy(c.data(), 0, data, (int) (c.address() - start), c.data().length);
                }
                segments.add(new LoadableImage.Segment(start, data));
                i = j + 1;
            }
            return segments;
        }

        /** Hex digits after ':' to bytes, with length and checksum checks. */
        private byte[] decode(int start, int end) throws ImageFormatException {
            if (text[start] != ':') throw error("record does not start with ':'");
            int digits = end - start - 1;
            if (digits < 10) throw error("record too short");
            if ((digits & 1) != 0) throw error("odd number of hex digits");
            byte[] rec = new byte[digits / 2];
            for (int i = 0; i < rec.length; i++) {
                rec[i] = (byte) (hexDigit(text[start + 1 + 2 * i], 2 + 2 * i) << 4 | hexDigit(text[start + 2 + 2 * i], 3 + 2 * i));
            }
            int count = rec[0] & 0xFF;
            if (rec.length != count + 5) {
                throw error("byte count 0x" + String.format("%02X", count) + " does not match record length ("
                        + (rec.length - 5) + " data bytes)");
            }
            int sum = 0;
            for (int i = 0; i < rec.length - 1; i++) sum += rec[i] & 0xFF;
            int expected = (-sum) & 0xFF;
            int found = rec[rec.length - 1] & 0xFF;
            if (expected != found) throw error(String.format("checksum mismatch (expected 0x%02X, found 0x%02X)", expected, found));
            return rec;
        }

        private int hexDigit(byte c, int column) throws ImageFormatException {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            String shown = c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02X", c & 0xFF);
            throw error("invalid hex digit " + shown + " in column " + column);
        }

        private void expectCount(int count, int expected, String what) throws ImageFormatException {
            if (count != expected) throw error(what + " record must have " + expected + " data bytes, has " + count);
        }

        private ImageFormatException error(String problem) {
            return new ImageFormatException(name + ":" + lineNo + ": " + problem);
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int u16(byte[] rec, int off) {
        return (rec[off] & 0xFF) << 8 | (rec[off + 1] & 0xFF);
    }

    private static byte[] slice(byte[] a, int from, int to) {
        byte[] r = new byte[to - from];
        System.arraycopy(a, from, r, 0, r.length);
        return r;
    }
}
