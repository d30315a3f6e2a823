package io.xipkit.tools.run;

/** Names an address for traces ("main+0x1c"), or returns null. */
@FunctionalInterface
public interface SymbolLookup {
    String describe(int address);

    SymbolLookup NONE = address -> null;

    /** The first non-null answer of {@code this}, then {@code other}. */
    default SymbolLookup or(SymbolLookup other) {
        return address -> {
            String s = describe(address);
            return s != null ? s : other.describe(address);
        };
    }
}
