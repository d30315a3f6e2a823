package io.xipkit.cpu.disasm;

/** Names an address for branch targets and PC-relative comments in disassembly. */
@FunctionalInterface
public interface SymbolResolver {
    /** "name" or "name+0x1c" for an address, or null when nothing is known about it. */
    String describe(int address);

    SymbolResolver NONE = a -> null;
}
