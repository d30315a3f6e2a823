package io.xipkit.cpu.debug;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The four DWT comparator sets at 0xE0001020 (DDI 0403E C1.8.15–C1.8.17: DWT_COMPn, DWT_MASKn,
 * DWT_FUNCTIONn) and the watchpoint matching they drive (C1.8.7 "Comparator support"):
 * <ul>
 * <li>FUNCTION 0b0100: PC match, a watchpoint on executing the instruction at COMP;</li>
 * <li>FUNCTION 0b0101/0b0110/0b0111: watchpoint on data reads / writes / both whose bytes fall in
 * the range COMP with its low MASK bits ignored;</li>
 * <li>with DATAVMATCH (comparator 1 only, as in the Cortex-M3/M4/M7 implementations): the same
 * functions compare the data value with COMP1 at the size DATAVSIZE, optionally only at
 * addresses matched by the comparators named in DATAVADDR0/DATAVADDR1 (LNK1ENA reads one).</li>
 * </ul>
 * A match sets FUNCTIONn.MATCHED (cleared by reading). Trace-only functions (sampling, ETM
 * triggers, CYCMATCH) are stored and generate no debug event. Matching happens only while
 * DEMCR.TRCENA is set (C1.6.5: the global enable of the DWT).
 */
public final class DwtComparators {
    /** Offsets of this block inside the DWT: COMP0 is at DWT + 0x20. */
    public static final int FIRST = 0x20, SIZE = 0x40;
    public static final int COUNT = 4;
    static final int FN_PC = 4, FN_READ = 5, FN_WRITE = 6, FN_ACCESS = 7;
    /** The comparator with data-value matching. */
    static final int VALUE_COMPARATOR = 1;

    private final RegisterBlock regs;
    private final Register[] comp = new Register[COUNT];
    private final Field[] mask = new Field[COUNT];
    private final Field[] function = new Field[COUNT];
    private final Field[] matched = new Field[COUNT];
    private final Field datavmatch, datavsize, datavaddr0, datavaddr1;
    private final Runnable changed;

    public DwtComparators(Runnable changed) {
        this.changed = changed;
        RegisterBlock.Builder b = RegisterBlock.builder("DWT", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE);
        for (int n = 0; n < COUNT; n++) {
            int base = 0x10 * n;
            final int index = n;
            b.register(base, "COMP" + n, r -> r.afterWrite(v -> changed.run()));
            // MASK[4:0] (C1.8.16): the number of low address bits ignored.
            b.register(base + 4, "MASK" + n, r -> r.field("MASK", 0, 5, Access.RW).afterWrite(v -> changed.run()));
            b.register(base + 8, "FUNCTION" + n, r -> {
                r.field("FUNCTION", 0, 4, Access.RW).bit("EMITRANGE", 5, Access.RW);
                if (index == 0) r.bit("CYCMATCH", 7, Access.RW);
                if (index == VALUE_COMPARATOR) {
                    r.reset(1 << 9)
                            .bit("DATAVMATCH", 8, Access.RW)
                            .bit("LNK1ENA", 9, Access.RO)
                            .field("DATAVSIZE", 10, 2, Access.RW)
                            .field("DATAVADDR0", 12, 4, Access.RW)
                            .field("DATAVADDR1", 16, 4, Access.RW);
                }
                r.bit("MATCHED", 24, Access.RC).afterWrite(v -> changed.run());
            });
        }
        regs = b.build();
        for (int n = 0; n < COUNT; n++) {
            comp[n] = regs.register("COMP" + n);
            mask[n] = regs.field("MASK" + n, "MASK");
            function[n] = regs.field("FUNCTION" + n, "FUNCTION");
            matched[n] = regs.field("FUNCTION" + n, "MATCHED");
        }
        String v = "FUNCTION" + VALUE_COMPARATOR;
        datavmatch = regs.field(v, "DATAVMATCH");
        datavsize = regs.field(v, "DATAVSIZE");
        datavaddr0 = regs.field(v, "DATAVADDR0");
        datavaddr1 = regs.field(v, "DATAVADDR1");
    }

    public void powerOnReset() {
        regs.reset();
    }

    /** @param offset from the DWT base (0x20–0x5F) */
    public int read(int offset, int size) {
        return regs.read(offset - FIRST, size);
    }

    public void write(int offset, int size, int value) {
        regs.write(offset - FIRST, size, value);
    }

    public static boolean owns(int offset) {
        return offset >= FIRST && offset < FIRST + SIZE;
    }

    private boolean valueMatching(int n) {
        return n == VALUE_COMPARATOR && datavmatch.isSet();
    }

    private boolean dataWatch(int n) {
        int f = function[n].get();
        return f >= FN_READ && f <= FN_ACCESS;
    }

    /** The comparator with a PC-match watchpoint on {@code pc}, or -1. */
    public int pcMatchAt(int pc) {
        for (int n = 0; n < COUNT; n++) {
            if (function[n].get() == FN_PC && !valueMatching(n) && addressMatches(n, pc, 2)) return n;
        }
        return -1;
    }

    /** True when some comparator watches PCs (the core marks those instructions when decoding). */
    public boolean watchesPcs() {
        for (int n = 0; n < COUNT; n++) if (function[n].get() == FN_PC && !valueMatching(n)) return true;
        return false;
    }

    /**
     * The address ranges whose data accesses must be checked, as [base, end) pairs; null when a
     * value comparator without address links watches every address.
     */
    public long[] watchedRanges() {
        long[] ranges = new long[0];
        for (int n = 0; n < COUNT; n++) {
            if (!dataWatch(n)) continue;
            if (valueMatching(n)) {
                int[] links = links();
                if (links.length == 0) return null;
                for (int l : links) ranges = append(ranges, l);
            } else {
                ranges = append(ranges, n);
            }
        }
        return ranges;
    }

    private long[] append(long[] ranges, int n) {
        long size = 1L << mask[n].get();
        long base = (comp[n].get() & 0xFFFFFFFFL) & ~(size - 1);
        long[] r = java.util.Arrays.copyOf(ranges, ranges.length + 2);
        r[ranges.length] = base;
        r[ranges.length + 1] = Math.min(base + size, 1L << 32);
        return r;
    }

    /** The address comparators the value comparator is linked to (DATAVADDR0/1 naming itself: none). */
    private int[] links() {
        int a0 = datavaddr0.get(), a1 = datavaddr1.get();
        boolean l0 = a0 != VALUE_COMPARATOR && a0 < COUNT;
        boolean l1 = a1 != VALUE_COMPARATOR && a1 < COUNT && a1 != a0;
        if (l0 && l1) return new int[] {a0, a1};
        if (l0) return new int[] {a0};
        if (l1) return new int[] {a1};
        return new int[0];
    }

    /**
     * A data access by the core. Returns the comparator that matched (its MATCHED bit is set), or -1.
     *
     * @param value the value read or written, right-aligned
     */
    public int dataAccess(int address, int size, boolean write, int value) {
        for (int n = 0; n < COUNT; n++) {
            if (!dataWatch(n)) continue;
            int f = function[n].get();
            if (f == FN_READ && write || f == FN_WRITE && !write) continue;
            boolean hit;
            if (valueMatching(n)) {
                hit = valueMatches(value, size);
                int[] links = links();
                if (hit && links.length > 0) {
                    boolean any = false;
                    for (int l : links) any |= addressMatches(l, address, size);
                    hit = any;
                }
            } else {
                hit = addressMatches(n, address, size);
            }
            if (hit) {
                matched[n].set(1);
                return n;
            }
        }
        return -1;
    }

    /** The access [address, address + size) has a byte in COMPn with its MASK low bits ignored. */
    private boolean addressMatches(int n, int address, int size) {
        long span = 1L << mask[n].get();
        long base = (comp[n].get() & 0xFFFFFFFFL) & ~(span - 1);
        long a = address & 0xFFFFFFFFL;
        return a < base + span && a + size > base;
    }

    /** DATAVSIZE 0/1/2: byte, halfword, word; a wider access matches if any aligned unit of it does. */
    private boolean valueMatches(int value, int size) {
        int unit = 1 << datavsize.get();
        if (unit > size) return false;
        int bits = unit * 8;
        int m = bits == 32 ? -1 : (1 << bits) - 1;
        int want = comp[VALUE_COMPARATOR].get() & m;
        for (int shift = 0; shift < size * 8; shift += bits) if (((value >>> shift) & m) == want) return true;
        return false;
    }

    public RegisterBlock registers() {
        return regs;
    }
}
