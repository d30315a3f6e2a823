package io.xipkit.tools.image;

import java.util.Objects;

/**
 * One section of an ELF file (ELF spec v1.2, Figure 1-8 "Section Header"), for readers that need
 * more than the loadable segments: flash-algorithm formats find their code and descriptors by
 * section name and type.
 *
 * @param name    the section's name from the section-name string table
 * @param type    sh_type (1 PROGBITS, 8 NOBITS, ...)
 * @param flags   sh_flags (bit 1 SHF_ALLOC: occupies memory at run time)
 * @param address sh_addr, unsigned 32-bit
 * @param size    sh_size in bytes
 * @param data    the section's bytes; empty for NOBITS (the section is zero-initialised at run time)
 */
public record ElfSection(String name, int type, long flags, long address, long size, byte[] data) {
    /** sh_type of a section with file content. */
    public static final int SHT_PROGBITS = 1;
    /** sh_type of a section that takes memory but no file space (.bss). */
    public static final int SHT_NOBITS = 8;
    /** sh_flags bit: the section occupies memory during execution. */
    public static final long SHF_ALLOC = 0x2;

    public ElfSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    public boolean isNoBits() {
        return type == SHT_NOBITS;
    }

    public boolean isAllocated() {
        return (flags & SHF_ALLOC) != 0;
    }

    /** First address after the section (may be 2^32). */
    public long end() {
        return address + size;
    }

    /** True if {@code [addr, addr + len)} lies inside this section and the section has file content. */
    public boolean holds(long addr, long len) {
        return !isNoBits() && addr >= address && addr + len <= address + data.length;
    }
}
