package io.xipkit.tools.image;

import java.util.Objects;

/**
 * A named address from a firmware image.
 *
 * @param name    symbol name
 * @param address unsigned 32-bit address (for functions: with the Thumb bit already cleared)
 * @param size    size in bytes, 0 when the image does not say
 * @param type    what the symbol names
 * @param global  true for global/weak binding; used to pick between equal names
 */
public record Symbol(String name, long address, long size, Type type, boolean global) {

    /** The ELF symbol types that are kept (ELF spec, "Symbol Table", st_info STT_*). */
    public enum Type { FUNC, OBJECT, NOTYPE }

    public Symbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (address < 0 || address > 0xFFFF_FFFFL) throw new IllegalArgumentException("address out of range: " + address);
        if (size < 0) throw new IllegalArgumentException("negative size: " + size);
    }
}
