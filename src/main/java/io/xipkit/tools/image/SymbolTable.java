package io.xipkit.tools.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Symbols of an image, indexed for address-to-name lookups during instruction tracing: the
 * addresses live in a sorted {@code long[]} searched by binary search, so {@link #indexOf(int)}
 * allocates nothing.
 *
 * <p>Symbols that carry no location in the target's memory (absolute symbols such as
 * {@code _Min_Heap_Size}) can be added as name-only: {@link #addressOf(String)} finds them but
 * {@link #describe(int)} never uses them.
 */
public final class SymbolTable implements Iterable<Symbol> {

    /**
     * How far past a symbol of unknown size (size 0, typically an assembler label) an address is
     * still described relative to it.
     */
    public static final long UNSIZED_REACH = 0x1000;

    public static final SymbolTable EMPTY = new SymbolTable(List.of(), List.of());

    /** Why the file's symbols could not be read (this table is then empty), or null. */
    private final String unusable;

    /**
     * An empty table standing for symbols the file has but that cannot be read (a damaged ELF
     * symbol table): the program still loads, as QEMU loads it, and the user is told why no
     * symbol shows.
     */
    public static SymbolTable unusable(String why) {
        return new SymbolTable(List.of(), List.of(), why);
    }

    /** Why the file's symbols are unusable, or null when they were read (or there were none). */
    public String unusableReason() {
        return unusable;
    }

    private final Symbol[] all;          // every symbol, input order
    private final long[] addresses;      // located symbols, sorted by address
    private final Symbol[] byAddress;    // parallel to addresses
    private final Map<String, Symbol> byName;

    /**
     * @param located  symbols with a place in target memory (used for both directions)
     * @param nameOnly symbols found only by name
     */
    public SymbolTable(Collection<Symbol> located, Collection<Symbol> nameOnly) {
        this(located, nameOnly, null);
    }

    private SymbolTable(Collection<Symbol> located, Collection<Symbol> nameOnly, String unusable) {
        this.unusable = unusable;
        List<Symbol> everything = new ArrayList<>(located);
        everything.addAll(nameOnly);
        this.all = everything.toArray(Symbol[]::new);

        Symbol[] sorted = located.toArray(Symbol[]::new);
        // At equal addresses the best description comes first: sized before unsized, functions
        // before objects before plain labels, globals before locals. describe() uses the last
        // entry <= address, so the order is reversed within an address run below.
        Comparator<Symbol> preference = Comparator.<Symbol>comparingLong(s -> s.size() > 0 ? 0 : 1)
                .thenComparingInt(s -> s.type().ordinal())
                .thenComparingInt(s -> s.global() ? 0 : 1)
                .thenComparing(Symbol::name);
        Arrays.sort(sorted, Comparator.comparingLong(Symbol::address).thenComparing(preference.reversed()));
        this.byAddress = sorted;
        this.addresses = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) addresses[i] = sorted[i].address();

        Map<String, Symbol> names = new HashMap<>();
        for (Symbol s : everything) {
            names.merge(s.name(), s, (a, b) -> !a.global() && b.global() ? b : a);
        }
        this.byName = Map.copyOf(names);
    }

    public SymbolTable(Collection<Symbol> located) {
        this(located, List.of());
    }

    /** Number of symbols (located and name-only). */
    public int size() {
        return all.length;
    }

    public boolean isEmpty() {
        return all.length == 0;
    }

    /** Address of the named symbol, preferring a global one when a name occurs more than once. */
    public OptionalInt addressOf(String name) {
        Symbol s = byName.get(name);
        return s == null ? OptionalInt.empty() : OptionalInt.of((int) s.address());
    }

    /**
     * Index (for {@link #symbolAt(int)}) of the symbol that covers {@code address}: the nearest
     * symbol at or below it, if the address lies within its size, or within
     * {@link #UNSIZED_REACH} when its size is unknown. -1 if none. Allocation-free.
     *
     * @param address unsigned 32-bit address
     */
    public int indexOf(int address) {
        long a = Integer.toUnsignedLong(address);
        int i = Arrays.binarySearch(addresses, a);
        if (i < 0) {
            i = -i - 2; // insertion point - 1: last entry below a
        } else {
            // binarySearch may land anywhere in a run of equal addresses; the preferred one is last.
            while (i + 1 < addresses.length && addresses[i + 1] == a) i++;
        }
        if (i < 0) return -1;
        Symbol s = byAddress[i];
        long reach = s.size() > 0 ? s.size() : UNSIZED_REACH;
        if (s.size() == 0 && a == s.address()) return i;
        return a - s.address() < reach ? i : -1;
    }

    /** Symbol by an index from {@link #indexOf(int)}. */
    public Symbol symbolAt(int index) {
        return byAddress[index];
    }

    /**
     * Text for traces: {@code "name"} for the start of a symbol, {@code "name+0x1c"} inside it, or
     * {@code "0x0800001c"} when no symbol covers the address.
     */
    public String describe(int address) {
        int i = indexOf(address);
        if (i < 0) return String.format("0x%08x", address);
        Symbol s = byAddress[i];
        long offset = Integer.toUnsignedLong(address) - s.address();
        return offset == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(offset);
    }

    @Override
    public Iterator<Symbol> iterator() {
        return List.of(all).iterator();
    }

    @Override
    public String toString() {
        return "SymbolTable[" + all.length + " symbols]";
    }
}
