package io.xipkit.tools.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loader for 32-bit little-endian ARM ELF executables, the output of arm-none-eabi-gcc.
 *
 * <p>Layouts and constants follow the System V ABI "ELF" chapter (Tool Interface Standard ELF
 * specification v1.2: Figure 1-3 ELF header, Figure 2-1 program header, Figure 1-8 section header,
 * Figure 1-16 symbol table entry) and Arm's "ELF for the Arm Architecture" (IHI 0044): EM_ARM = 40,
 * section 5.5.3 (bit 0 of a Thumb function's st_value is the Thumb bit, not part of the address),
 * section 5.5.5 (mapping symbols $a, $t, $d, optionally followed by ".suffix").
 *
 * <p>Loading mirrors QEMU's ELF loader for bare-metal images: every PT_LOAD segment goes to its
 * <em>physical</em> address p_paddr (the load address; initialised data sits in flash there and is
 * copied to its RAM run address by the startup code), p_filesz bytes from the file followed by
 * zeros up to p_memsz.
 *
 * <p>The entry point is e_entry as stored, Thumb bit included (0x08000013 for a Thumb reset handler
 * at 0x08000012); a Cortex-M core starts from its vector table anyway.
 *
 * <p>Every malformation of what is loaded (headers, program headers, segments, the section header
 * table's place in the file) is reported as an {@link ImageFormatException}; the parser checks each
 * offset and size against the file before reading, so no other exception escapes. Symbols are
 * optional, as they are to QEMU (its ELF loader skips a symbol table it cannot read and loads the
 * program from its segments): a damaged symbol or string table, or a bad section-name index, gives
 * {@link SymbolTable#unusable} with the reason instead of refusing the program.
 */
public final class ElfImage {

    /** Refuse segments larger than this; no STM32 memory is near it and it bounds allocation. */
    static final long MAX_SEGMENT_BYTES = 256L << 20;

    // ELF header (Figure 1-3) and e_ident indexes (Figure 1-4).
    private static final int EHDR_SIZE = 52;
    private static final int EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6;
    private static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    private static final int ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    private static final int EM_ARM = 40;
    private static final int PHDR_SIZE = 32, SHDR_SIZE = 40, SYM_SIZE = 16;
    private static final int PT_LOAD = 1;
    private static final int SHT_SYMTAB = 2, SHT_STRTAB = 3;
    private static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xFF00, SHN_ABS = 0xFFF1;
    private static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2;
    private static final int STB_LOCAL = 0;

    private final String name;
    private final byte[] b;
    /**
     * Whether segments may overlap: formats placed by section read the sections, not this image,
     * and ST's IAR-built external loaders put their read-only DevInfo segment over the bss.
     */
    private boolean overlapAllowed;

    private ElfImage(String name, byte[] bytes) {
        this.name = name;
        this.b = bytes;
    }

    /** Reads and parses {@code file}. */
    public static LoadableImage load(Path file) throws ImageFormatException {
        return parse(displayName(file), readFile(file));
    }

    /** Parses ELF bytes; {@code name} is used in messages and as the image name. */
    public static LoadableImage parse(String name, byte[] bytes) throws ImageFormatException {
        return new ElfImage(name, bytes).parse();
    }

    /**
     * Parses ELF bytes (everything {@link #parse} checks) and also returns every section with its
     * name and content, for formats that are found by section (CMSIS FLM: PrgCode, PrgData).
     */
    public static Sections parseSections(String name, byte[] bytes) throws ImageFormatException {
        ElfImage elf = new ElfImage(name, bytes);
        elf.overlapAllowed = true;
        LoadableImage image = elf.parse();
        return new Sections(image, elf.readSections());
    }

    /** An ELF file's loadable image and its sections in section-header order. */
    public record Sections(LoadableImage image, List<ElfSection> sections) {
        public Sections {
            sections = List.copyOf(sections);
        }
    }

    /** True if {@code bytes} start with the ELF magic number 0x7F 'E' 'L' 'F'. */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    static String displayName(Path file) {
        Path fn = file.getFileName();
        return fn == null ? file.toString() : fn.toString();
    }

    static byte[] readFile(Path file) throws ImageFormatException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(file + ": file not found");
        } catch (IOException e) {
            throw new ImageFormatException(file + ": cannot read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ImageFormatException(file + ": file too large to load");
        }
    }

    private LoadableImage parse() throws ImageFormatException {
        if (!hasMagic(b)) throw error("not an ELF file (bad magic number)");
        if (b.length < 7) throw error("truncated ELF header (file is " + b.length + " bytes)");
        int elfClass = b[EI_CLASS] & 0xFF;
        if (elfClass == ELFCLASS64) throw error("64-bit ELF (ELFCLASS64); expected a 32-bit ARM executable");
        if (elfClass != ELFCLASS32) throw error("invalid ELF class " + elfClass);
        int data = b[EI_DATA] & 0xFF;
        if (data == ELFDATA2MSB) throw error("big-endian ELF; expected little-endian ARM");
        if (data != ELFDATA2LSB) throw error("invalid ELF data encoding " + data);
        if ((b[EI_VERSION] & 0xFF) != 1) throw error("unsupported ELF version " + (b[EI_VERSION] & 0xFF));
        if (b.length < EHDR_SIZE) {
            throw error("truncated ELF header (file is " + b.length + " bytes, header needs " + EHDR_SIZE + ")");
        }
        int type = u16(16);
        int machine = u16(18);
        if (machine != EM_ARM) throw error("wrong machine " + machineName(machine) + "; expected ARM (40)");
        if (type != ET_EXEC) throw error("not an executable: " + typeName(type) + "; link it first");
        long entry = u32(24);
        long phoff = u32(28);
        long shoff = u32(32);
        int ehsize = u16(40);
        int phentsize = u16(42);
        int phnum = u16(44);
        int shentsize = u16(46);
        int shnum = u16(48);
        int shstrndx = u16(50);
        if (ehsize < EHDR_SIZE) throw error("ELF header size " + ehsize + " is smaller than " + EHDR_SIZE);

        List<LoadableImage.Segment> segments = loadSegments(phoff, phentsize, phnum);
        SymbolTable symbols;
        if (shnum != 0 && shentsize == SHDR_SIZE) checkTable("section header table", shoff, (long) shnum * SHDR_SIZE);
        try {
            symbols = readSymbols(shoff, shentsize, shnum, shstrndx);
        } catch (ImageFormatException e) {
            symbols = SymbolTable.unusable(e.getMessage().substring(name.length() + 2));
        }
        return new LoadableImage(name, segments, OptionalInt.of((int) entry), symbols);
    }

    private List<LoadableImage.Segment> loadSegments(long phoff, int phentsize, int phnum) throws ImageFormatException {
        if (phnum == 0) throw error("no program headers (nothing to load)");
        if (phentsize != PHDR_SIZE) throw error("program header entry size " + phentsize + ", expected " + PHDR_SIZE);
        checkTable("program header table", phoff, (long) phnum * PHDR_SIZE);

        List<LoadableImage.Segment> segments = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * PHDR_SIZE);
            if (u32(ph) != PT_LOAD) continue;
            long offset = u32(ph + 4);
            long paddr = u32(ph + 12);
            long filesz = u32(ph + 16);
            long memsz = u32(ph + 20);
            if (memsz == 0 && filesz == 0) continue; // empty segment: nothing to place
            String what = "segment " + i;
            if (filesz > memsz) {
                throw error(what + ": file size 0x" + Long.toHexString(filesz) + " exceeds memory size 0x" + Long.toHexString(memsz));
            }
            if (memsz > MAX_SEGMENT_BYTES) {
                throw error(what + ": absurd memory size 0x" + Long.toHexString(memsz) + " (limit " + (MAX_SEGMENT_BYTES >> 20) + " MiB)");
            }
            if (offset + filesz > b.length) {
                throw error(what + ": data (offset 0x" + Long.toHexString(offset) + ", size 0x" + Long.toHexString(filesz)
                        + ") extends past end of file (" + b.length + " bytes); file truncated?");
            }
            if (paddr + memsz > LoadableImage.ADDRESS_SPACE_END) {
                throw error(String.format("%s: load address 0x%08X + size 0x%X wraps past the 4 GiB address space", what, paddr, memsz));
            }
            byte[] content = new byte[(int) memsz]; // zero fill beyond filesz, as for .bss
            System.arraycopy(b, (int) offset, content, 0, (int) filesz);
            LoadableImage.Segment seg = new LoadableImage.Segment(paddr, content, (int) filesz);
            for (int k = 0; k < segments.size() && !overlapAllowed; k++) {
                LoadableImage.Segment other = segments.get(k);
                if (seg.address() < other.end() && other.address() < seg.end()) {
                    throw error(String.format("segments %d and %d overlap at load address 0x%08X",
                            indexes.get(k), i, Math.max(seg.address(), other.address())));
                }
            }
            segments.add(seg);
            indexes.add(i);
        }
        if (segments.isEmpty()) throw error("no loadable (PT_LOAD) segments");
        return segments;
    }

    private SymbolTable readSymbols(long shoff, int shentsize, int shnum, int shstrndx) throws ImageFormatException {
        if (shnum == 0) return SymbolTable.EMPTY; // stripped image: loadable but without symbols
        if (shentsize != SHDR_SIZE) throw error("section header entry size " + shentsize + ", expected " + SHDR_SIZE);
        checkTable("section header table", shoff, (long) shnum * SHDR_SIZE);
        if (shstrndx != SHN_UNDEF && shstrndx >= shnum) {
            throw error("section name table index " + shstrndx + " out of range (" + shnum + " sections)");
        }
        int symtab = -1;
        for (int i = 0; i < shnum; i++) {
            if (u32(section(shoff, i) + 4) == SHT_SYMTAB) {
                symtab = i;
                break;
            }
        }
        if (symtab < 0) return SymbolTable.EMPTY;
        int sh = section(shoff, symtab);
        long symOff = u32(sh + 16), symSize = u32(sh + 20), link = u32(sh + 24), entsize = u32(sh + 36);
        if (entsize != SYM_SIZE) throw error("symbol table entry size " + entsize + ", expected " + SYM_SIZE);
        checkRange("symbol table", symOff, symSize);
        if (link == SHN_UNDEF || link >= shnum) throw error("symbol table links to invalid string table section " + link);
        int strSh = section(shoff, (int) link);
        if (u32(strSh + 4) != SHT_STRTAB) throw error("symbol table links to section " + link + ", which is not a string table");
        long strOff = u32(strSh + 16), strSize = u32(strSh + 20);
        checkRange("string table", strOff, strSize);

        List<Symbol> located = new ArrayList<>();
        List<Symbol> nameOnly = new ArrayList<>();
        long count = symSize / SYM_SIZE;
        for (long k = 1; k < count; k++) { // entry 0 is the reserved undefined symbol
            int e = (int) (symOff + k * SYM_SIZE);
            long nameIdx = u32(e);
            long value = u32(e + 4);
            long size = u32(e + 8);
            int info = b[e + 12] & 0xFF;
            int shndx = u16(e + 14);
            int symType = info & 0xF;
            boolean global = (info >>> 4) != STB_LOCAL;
            Symbol.Type t;
            switch (symType) {
                case STT_FUNC -> t = Symbol.Type.FUNC;
                case STT_OBJECT -> t = Symbol.Type.OBJECT;
                case STT_NOTYPE -> t = Symbol.Type.NOTYPE;
                default -> { continue; } // sections, files, TLS, ...
            }
            if (shndx == SHN_UNDEF || nameIdx == 0) continue;
            String symName = string(strOff, strSize, nameIdx, "symbol " + k);
            if (symName.isEmpty() || isMappingSymbol(symName)) continue;
            if (t == Symbol.Type.FUNC) value &= ~1L; // Thumb bit (IHI 0044 section 5.5.3)
            Symbol s = new Symbol(symName, value, size, t, global);
            // Absolute symbols (linker constants such as stack sizes) are not locations in memory.
            if (shndx == SHN_ABS || (shndx >= SHN_LORESERVE && shndx != SHN_ABS)) nameOnly.add(s);
            else located.add(s);
        }
        return new SymbolTable(located, nameOnly);
    }

    private List<ElfSection> readSections() throws ImageFormatException {
        long shoff = u32(32);
        int shnum = u16(48);
        int shstrndx = u16(50);
        List<ElfSection> out = new ArrayList<>();
        if (shnum == 0) return out;
        if (u16(46) != SHDR_SIZE) throw error("section header entry size " + u16(46) + ", expected " + SHDR_SIZE);
        checkTable("section header table", shoff, (long) shnum * SHDR_SIZE);
        if (shstrndx == SHN_UNDEF || shstrndx >= shnum) throw error("no section name table (index " + shstrndx + ")");
        int strSh = section(shoff, shstrndx);
        if (u32(strSh + 4) != SHT_STRTAB) throw error("section name table (section " + shstrndx + ") is not a string table");
        long strOff = u32(strSh + 16), strSize = u32(strSh + 20);
        checkRange("section name table", strOff, strSize);
        for (int i = 1; i < shnum; i++) { // section 0 is the reserved null section
            int sh = section(shoff, i);
            String secName = string(strOff, strSize, u32(sh), "section " + i);
            int type = (int) u32(sh + 4);
            long flags = u32(sh + 8), addr = u32(sh + 12), off = u32(sh + 16), size = u32(sh + 20);
            if (size > MAX_SEGMENT_BYTES) throw error("section " + secName + ": absurd size 0x" + Long.toHexString(size));
            if (addr + size > LoadableImage.ADDRESS_SPACE_END) {
                throw error(String.format("section %s: address 0x%08X + size 0x%X wraps past the 4 GiB address space", secName, addr, size));
            }
            byte[] data = new byte[0];
            if (type != ElfSection.SHT_NOBITS && type != 0) {
                checkRange("section " + secName, off, size);
                data = java.util.Arrays.copyOfRange(b, (int) off, (int) (off + size));
            }
            out.add(new ElfSection(secName, type, flags, addr, size, data));
        }
        return out;
    }

    /** $a, $t, $d (and $x for AArch64), alone or followed by ".anything" (IHI 0044 section 5.5.5). */
    static boolean isMappingSymbol(String n) {
        if (n.length() < 2 || n.charAt(0) != '$') return false;
        char c = n.charAt(1);
        if (c != 'a' && c != 't' && c != 'd' && c != 'x') return false;
        return n.length() == 2 || n.charAt(2) == '.';
    }

    private int section(long shoff, int index) {
        return (int) (shoff + (long) index * SHDR_SIZE);
    }

    private String string(long tableOff, long tableSize, long index, String owner) throws ImageFormatException {
        if (index >= tableSize) throw error(owner + ": name offset 0x" + Long.toHexString(index) + " outside string table");
        int start = (int) (tableOff + index);
        int end = (int) (tableOff + tableSize);
        int p = start;
        while (p < end && b[p] != 0) p++;
        if (p == end) throw error(owner + ": name not terminated within string table");
        return new String(b, start, p - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A header table must lie inside the file and must not overlap the ELF header. */
    private void checkTable(String what, long offset, long size) throws ImageFormatException {
        if (offset < EHDR_SIZE) {
            throw error(what + " at offset 0x" + Long.toHexString(offset) + " overlaps the ELF header");
        }
        checkRange(what, offset, size);
    }

    private void checkRange(String what, long offset, long size) throws ImageFormatException {
        if (offset + size > b.length) {
            throw error(what + " (offset 0x" + Long.toHexString(offset) + ", size 0x" + Long.toHexString(size)
                    + ") extends past end of file (" + b.length + " bytes); file truncated?");
        }
    }

    private int u16(int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private long u32(int off) {
        return ((b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24);
    }

    private ImageFormatException error(String problem) {
        return new ImageFormatException(name + ": " + problem);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0 -> "no file type (ET_NONE)";
            case ET_REL -> "relocatable object (ET_REL)";
            case ET_DYN -> "shared object (ET_DYN)";
            case ET_CORE -> "core file (ET_CORE)";
            default -> "file type " + type;
        };
    }

    /** Names of machines a user might plausibly feed us by mistake (ELF spec e_machine, gABI list). */
    static String machineName(int machine) {
        String n = switch (machine) {
            case 0 -> "none";
            case 2 -> "SPARC";
            case 3 -> "Intel 80386";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 83 -> "AVR";
            case 94 -> "Xtensa";
            case 105 -> "TI MSP430";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            default -> null;
        };
        return n == null ? "machine " + machine : n + " (" + machine + ")";
    }
}
