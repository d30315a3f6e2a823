// TEMPORARY STAND-IN for branch h-loader (io.xipkit.tools.image). Written by h-cli only so that
// tools/run/ImageLoading compiles and its tests run; same public signatures as the h-loader API.
// At merge: take h-loader's version of this file and delete any stand-in it does not have.
package io.xipkit.tools.image;

import java.util.Map;
import java.util.TreeMap;

/** Function and object symbols of an image, for traces. */
public final class SymbolTable {
    private final TreeMap<Integer, String> byAddress = new TreeMap<>(Integer::compareUnsigned);

    public SymbolTable(Map<Integer, String> symbols) {
        byAddress.putAll(symbols);
    }

    public static SymbolTable empty() {
        return new SymbolTable(Map.of());
    }

    /** "name+0x1c" for an address at or after a symbol, or null. */
    public String describe(int address) {
        Map.Entry<Integer, String> e = byAddress.floorEntry(address);
        if (e == null) return null;
        int off = address - e.getKey();
        return off == 0 ? e.getValue() : e.getValue() + "+0x" + Integer.toHexString(off);
    }
}
