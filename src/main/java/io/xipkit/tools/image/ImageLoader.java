// TEMPORARY STAND-IN for branch h-loader (io.xipkit.tools.image). Written by h-cli only so that
// tools/run/ImageLoading compiles and its tests run; same public signatures as the h-loader API.
// At merge: take h-loader's version of this file and delete any stand-in it does not have.
// Minimal: ELF32 little-endian ARM executables (PT_LOAD segments by physical address, FUNC/OBJECT
// symbols) and raw binaries at a given address. No Intel HEX.
package io.xipkit.tools.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads program images. */
public final class ImageLoader {
    private ImageLoader() {}

    public static LoadableImage load(Path file, OptionalLong rawAddress) throws ImageFormatException {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new ImageFormatException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (rawAddress.isPresent()) {
            return new LoadableImage(name, List.of(new Segment(rawAddress.getAsLong(), bytes)), OptionalInt.empty(), SymbolTable.empty());
        }
        if (bytes.length < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
            throw new ImageFormatException(name + ": not an ELF file (give --address to load a raw binary)");
        }
        if (bytes.length < 52) throw new ImageFormatException(name + ": truncated ELF header");
        if (bytes[4] != 1 || bytes[5] != 1) throw new ImageFormatException(name + ": not a 32-bit little-endian ELF");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int machine = b.getShort(18) & 0xFFFF;
        if (machine != 40) throw new ImageFormatException(name + ": ELF for machine " + machine + ", not ARM (40)");
        int entry = b.getInt(24);
        long phoff = b.getInt(28) & 0xFFFFFFFFL;
        long shoff = b.getInt(32) & 0xFFFFFFFFL;
        int phentsize = b.getShort(42) & 0xFFFF;
        int phnum = b.getShort(44) & 0xFFFF;
        int shentsize = b.getShort(46) & 0xFFFF;
        int shnum = b.getShort(48) & 0xFFFF;
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 32 > bytes.length) throw new ImageFormatException(name + ": truncated (program header " + i + ")");
            if (b.getInt((int) at) != 1) continue;
            long offset = b.getInt((int) at + 4) & 0xFFFFFFFFL;
            long paddr = b.getInt((int) at + 12) & 0xFFFFFFFFL;
            long filesz = b.getInt((int) at + 16) & 0xFFFFFFFFL;
            if (filesz == 0) continue;
            if (offset + filesz > bytes.length) throw new ImageFormatException(name + ": truncated (segment " + i + ")");
            byte[] data = new byte[(int) filesz];
            System.arraycopy(bytes, (int) offset, data, 0, (int) filesz);
            segments.add(new Segment(paddr, data));
        }
        return new LoadableImage(name, segments, OptionalInt.of(entry), new SymbolTable(symbols(b, shoff, shentsize, shnum)));
    }

    private static Map<Integer, String> symbols(ByteBuffer b, long shoff, int shentsize, int shnum) {
        Map<Integer, String> out = new HashMap<>();
        int n = b.capacity();
        for (int i = 0; i < shnum; i++) {
            long sh = shoff + (long) i * shentsize;
            if (sh + 40 > n || b.getInt((int) sh + 4) != 2) continue;
            long off = b.getInt((int) sh + 16) & 0xFFFFFFFFL;
            long size = b.getInt((int) sh + 20) & 0xFFFFFFFFL;
            int link = b.getInt((int) sh + 24);
            long strSh = shoff + (long) link * shentsize;
            if (off + size > n || strSh + 40 > n) continue;
            long strOff = b.getInt((int) strSh + 16) & 0xFFFFFFFFL;
            for (long s = off; s + 16 <= off + size; s += 16) {
                int type = b.get((int) s + 12) & 0xF;
                if (type != 1 && type != 2) continue;
                long nameAt = strOff + (b.getInt((int) s) & 0xFFFFFFFFL);
                StringBuilder sb = new StringBuilder();
                for (long k = nameAt; k < n && b.get((int) k) != 0; k++) sb.append((char) b.get((int) k));
                int value = b.getInt((int) s + 4) & ~(type == 2 ? 1 : 0);
                if (sb.length() > 0) out.putIfAbsent(value, sb.toString());
            }
        }
        return out;
    }
}
