package io.xipkit.tools.flashalgo;

import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.ElfSection;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.Symbol;
import java.util.List;

/** What the two ELF-based readers share: parsing, symbol lookup and reading a struct by address. */
final class ElfAlgorithm {
    /** A flash algorithm is a few KiB; refuse blobs that could not fit any MCU's RAM. */
    static final long MAX_CODE_BYTES = 1L << 20;

    final String file;
    final ElfImage.Sections elf;

    private ElfAlgorithm(String file, ElfImage.Sections elf) {
        this.file = file;
        this.elf = elf;
    }

    static ElfAlgorithm parse(String file, byte[] bytes) throws AlgorithmFormatException {
        try {
            return new ElfAlgorithm(file, ElfImage.parseSections(file, bytes));
        } catch (ImageFormatException e) {
            throw new AlgorithmFormatException(e.getMessage());
        }
    }

    AlgorithmFormatException error(String problem) {
        return new AlgorithmFormatException(file + ": " + problem);
    }

    /** The defined symbol called {@code name}, preferring a global one; null if absent. */
    Symbol symbol(String name) {
        Symbol found = null;
        for (Symbol s : elf.image().symbols()) {
            if (s.name().equals(name) && (found == null || (s.global() && !found.global()))) found = s;
        }
        return found;
    }

    /**
     * Offset of a function from {@code base}, with the Thumb bit set as the call needs it (the
     * symbol table gives Thumb functions with bit 0 cleared; IHI 0044 section 5.5.3).
     */
    long entryOffset(Symbol s, long base) throws AlgorithmFormatException {
        if (s.address() < base) {
            throw error(String.format("function %s at 0x%08X lies before the code at 0x%08X", s.name(), s.address(), base));
        }
        return (s.address() - base) | (s.type() == Symbol.Type.FUNC ? 1 : 0);
    }

    /** The functions that lie in [base, end), as offsets from base. */
    List<CodeSymbol> functions(long base, long end) {
        List<CodeSymbol> out = new java.util.ArrayList<>();
        for (Symbol s : elf.image().symbols()) {
            if (s.type() == Symbol.Type.FUNC && s.address() >= base && s.address() < end) {
                out.add(new CodeSymbol(s.name(), s.address() - base, s.size()));
            }
        }
        return out;
    }

    /** {@code len} bytes at {@code address} from the section holding them, preferring {@code preferred}. */
    byte[] read(long address, int len, String what, String preferred) throws AlgorithmFormatException {
        ElfSection holder = null;
        for (ElfSection s : elf.sections()) {
            if (s.holds(address, len) && (holder == null || s.name().equals(preferred))) holder = s;
        }
        if (holder == null) {
            throw error(String.format("%s at 0x%08X (%d bytes) is not inside any section with content", what, address, len));
        }
        int off = (int) (address - holder.address());
        return java.util.Arrays.copyOfRange(holder.data(), off, off + len);
    }

    /** The section holding {@code address} (content or not), or null. */
    /**
     * The allocated section holding {@code address}; one with content first, since initialised
     * data (a descriptor) cannot live in a NOBITS section that shares its address (an IAR-built
     * .stldr puts DevInfo at the address of its bss).
     */
    ElfSection sectionAt(long address) {
        ElfSection noBits = null;
        for (ElfSection s : elf.sections()) {
            if (!s.isAllocated() || address < s.address() || address >= s.end()) continue;
            if (!s.isNoBits()) return s;
            if (noBits == null) noBits = s;
        }
        return noBits;
    }

    List<ElfSection> sections() {
        return elf.sections();
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    /** A NUL-terminated string of at most {@code max} bytes (ISO-8859-1, printable characters only). */
    static String cString(byte[] b, int off, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + max && b[i] != 0; i++) {
            char c = (char) (b[i] & 0xFF);
            sb.append(c >= 0x20 && c != 0x7F ? c : '?');
        }
        return sb.toString().strip();
    }

    /** The file name without directory and extension, lower case (probe-rs target-gen names algorithms so). */
    static String stem(String file) {
        String n = file.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).toLowerCase(java.util.Locale.ROOT);
    }
}
