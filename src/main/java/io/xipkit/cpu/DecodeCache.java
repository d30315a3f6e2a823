package io.xipkit.cpu;

import io.xipkit.cpu.debug.DwtComparators;
import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;

/**
 * Instructions decoded once per address into {@link Op}s, kept in two-level tables (64 KiB pages
 * of halfword slots) indexed by address; the run loop looks an instruction up with two array loads.
 *
 * <p>One table per fetch context ({@link MemoryPath#accessContext}): whether an instruction may be
 * fetched is checked once, when it is decoded, so instructions decoded under one set of MPU
 * permissions must not be reused under another. Tables 1 and 2 exist once the MPU is used.
 *
 * <p>With debug features on, decoding also wraps the ops at FPB breakpoints and DWT PC matches
 * (the wrapping ops are cached like any other, so breakpoints cost nothing elsewhere) and reads
 * FPB-remapped instructions (not cached: the remap table is ordinary SRAM).
 */
final class DecodeCache {
    static final int PAGE_SHIFT = 16;
    static final int PAGES = 1 << (32 - PAGE_SHIFT);
    private static final int SLOTS_PER_PAGE = 1 << (PAGE_SHIFT - 1);

    private final Op[][][] tables = new Op[3][][];
    /** tables[0], final so that the store path reaches it with one load. */
    final Op[][] defaultTable = new Op[PAGES][];
    /** tables[1] and [2] exist (the MPU has been enabled at least once). */
    boolean mpuTablesExist;
    /** MPU configuration changed: the MPU contexts' tables are dropped before the next instruction. */
    private boolean mpuStale;

    private final ThumbDecoder decoder;
    private final MemoryPath memory;
    private final Fpb fpb;
    private final HaltingDebug debug;
    private final DwtComparators dwt;
    /** Decoding must look for FPB breakpoints/remaps and DWT PC matches. */
    private boolean debugTraps;
    /** FPB instruction remapping is on. */
    private boolean fetchRemap;
    /** Translated blocks are built from these tables and dropped with them; null without translation. */
    CodeTranslator translator;

    DecodeCache(ThumbDecoder decoder, MemoryPath memory, Fpb fpb, HaltingDebug debug, DwtComparators dwt) {
        this.decoder = decoder;
        this.memory = memory;
        this.fpb = fpb;
        this.debug = debug;
        this.dwt = dwt;
        tables[0] = defaultTable;
    }

    // ---- tables per fetch context ------------------------------------------------------------------

    /** The table of fetch context {@code ctx} (0: no MPU, 1: privileged, 2: unprivileged). */
    Op[][] table(int ctx) {
        if (ctx != 0) {
            if (mpuStale) dropMpuTables();
            if (tables[ctx] == null) {
                tables[1] = new Op[PAGES][];
                tables[2] = new Op[PAGES][];
                mpuTablesExist = true;
            }
        }
        return tables[ctx];
    }

    /** Any MPU register write: the MPU contexts' tables are stale. */
    void mpuChanged() {
        mpuStale = true;
    }

    /** Drops the MPU contexts' tables if the MPU changed since they were filled. */
    void dropMpuTablesIfStale() {
        if (mpuStale) dropMpuTables();
    }

    private void dropMpuTables() {
        mpuStale = false;
        if (translator != null) translator.allCodeInvalidated();
        for (int t = 1; t < 3; t++) if (tables[t] != null) java.util.Arrays.fill(tables[t], null);
        memory.codePagesDropped(0, PAGES - 1);
    }

    /** Whether any fetch context's table holds decoded instructions on page {@code p}. */
    boolean pageHasCode(int p) {
        for (Op[][] table : tables) if (table != null && table[p] != null) return true;
        return false;
    }

    // ---- invalidation --------------------------------------------------------------------------------

    /** A store by the core at {@code a}: drops decoded instructions it may have overwritten. */
    void noteStore(int a) {
        Op[][] d = defaultTable;
        if (d[a >>> PAGE_SHIFT] != null || d[(a - 2) >>> PAGE_SHIFT] != null
                || (mpuTablesExist && storeHitsMpuTables(a))) {
            invalidate(a, 4);
        }
    }

    private boolean storeHitsMpuTables(int a) {
        for (int t = 1; t < 3; t++) {
            Op[][] d = tables[t];
            if (d[a >>> PAGE_SHIFT] != null || d[(a - 2) >>> PAGE_SHIFT] != null) return true;
        }
        return false;
    }

    /**
     * Drops decoded instructions overlapping [address, address + length). Works a page at a time:
     * a page the range covers is dropped whole (the run loop loads the page afresh for every
     * instruction, so nothing holds on to it), the slots of a partly covered page are cleared, and
     * pages never decoded cost one load. A flash controller announcing a change of its whole
     * 256 MiB window therefore costs 4,096 loads, not a walk of every halfword.
     */
    void invalidate(int address, int length) {
        long start = Math.max(0, (address & 0xFFFFFFFFL) - 2) & ~1L;
        long end = Math.min((address & 0xFFFFFFFFL) + Math.max(length, 1), 1L << 32);
        if (start >= end) return;
        if (translator != null) translator.codeInvalidated(start, end);
        for (Op[][] table : tables) {
            if (table == null) continue;
            for (long p = start >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) {
                Op[] page = table[(int) p];
                if (page == null) continue;
                long base = p << PAGE_SHIFT;
                int from = (int) ((Math.max(start, base) - base) >>> 1);
                int to = (int) ((Math.min(end, base + (1L << PAGE_SHIFT)) - base + 1) >>> 1);
                if (from == 0 && to == SLOTS_PER_PAGE) {
                    table[(int) p] = null;
                    memory.codePagesDropped((int) p, (int) p);
                } else {
                    java.util.Arrays.fill(page, from, to, null);
                }
            }
        }
    }

    /**
     * Drops decoded instructions in [start, end) except those of the given cache lines (what the
     * I-cache still holds), with exactly the result of invalidating every line not held one by one
     * ({@code invalidate(max(line, start), ...)} per such line): a held line keeps its slots, except
     * its last halfword when the next line is in the range and not held (an instruction straddling
     * into a changed line), and the halfword before {@code start} survives when the first line is
     * held.
     */
    void invalidateKeepingLines(long start, long end, int[] heldLines, int lineBytes) {
        long[] held = new long[heldLines.length];   // unsigned addresses, sorted
        for (int i = 0; i < held.length; i++) held[i] = heldLines[i] & 0xFFFFFFFFL;
        java.util.Arrays.sort(held);
        long firstLine = start & -lineBytes;
        int from = lowerBound(held, firstLine), to = lowerBound(held, end);
        int slots = lineBytes / 2;
        Op[][] saved = new Op[tables.length][];
        for (int t = 0; t < tables.length; t++) {
            Op[][] table = tables[t];
            if (table == null || to == from) continue;
            saved[t] = new Op[(to - from) * slots + 1];
            for (int i = from; i < to; i++) {
                long line = held[i];
                Op[] page = table[(int) (line >>> PAGE_SHIFT)];
                if (page != null) System.arraycopy(page, (int) ((line & 0xFFFF) >>> 1), saved[t], (i - from) * slots, slots);
                long next = line + lineBytes;
                if (next < end && java.util.Arrays.binarySearch(held, next) < 0) saved[t][(i - from) * slots + slots - 1] = null;
            }
            if (held[from] == firstLine && start >= 2) {
                Op[] page = table[(int) ((start - 2) >>> PAGE_SHIFT)];
                if (page != null) saved[t][(to - from) * slots] = page[(int) (((start - 2) & 0xFFFF) >>> 1)];
            }
        }
        invalidate((int) start, (int) Math.min(end - start, Integer.MAX_VALUE));
        if (end - start > Integer.MAX_VALUE) invalidate((int) (start + Integer.MAX_VALUE), (int) (end - start - Integer.MAX_VALUE));
        for (int t = 0; t < tables.length; t++) {
            if (saved[t] == null) continue;
            for (int i = from; i < to; i++) {
                for (int k = 0; k < slots; k++) {
                    Op op = saved[t][(i - from) * slots + k];
                    if (op != null) store(tables[t], (int) (held[i] + 2 * k), op);
                }
            }
            Op before = saved[t][(to - from) * slots];
            if (before != null) store(tables[t], (int) (start - 2), before);
        }
    }

    /** The first index of sorted {@code a} whose value is at least {@code value}. */
    private static int lowerBound(long[] a, long value) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    void invalidateAll() {
        if (translator != null) translator.allCodeInvalidated();
        for (Op[][] table : tables) if (table != null) java.util.Arrays.fill(table, null);
        memory.codePagesDropped(0, PAGES - 1);
    }

    /** Drops whole pages [base, end). */
    void dropPages(long base, long end) {
        if (translator != null) translator.codeInvalidated(base, end);
        for (long p = base >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) {
            for (Op[][] table : tables) if (table != null) table[(int) p] = null;
        }
        memory.codePagesDropped((int) (base >>> PAGE_SHIFT), (int) ((end - 1) >>> PAGE_SHIFT));
    }

    /**
     * Drops everything except the instructions of the given lines (what the I-cache still holds:
     * a real core keeps executing those until they are invalidated).
     */
    void invalidateAllExcept(int[] lines, int lineBytes) {
        int slots = lineBytes / 2;
        Op[][] saved = new Op[tables.length][lines.length * slots];
        for (int t = 0; t < tables.length; t++) {
            Op[][] table = tables[t];
            if (table == null) continue;
            for (int i = 0; i < lines.length; i++) {
                Op[] page = table[lines[i] >>> PAGE_SHIFT];
                if (page != null) System.arraycopy(page, (lines[i] & 0xFFFF) >>> 1, saved[t], i * slots, slots);
            }
        }
        invalidateAll();
        for (int t = 0; t < tables.length; t++) {
            Op[][] table = tables[t];
            if (table == null) continue;
            for (int i = 0; i < lines.length; i++) {
                for (int k = 0; k < slots; k++) {
                    Op op = saved[t][i * slots + k];
                    if (op != null) store(table, lines[i] + 2 * k, op);
                }
            }
        }
    }

    private void store(Op[][] table, int pc, Op op) {
        Op[] page = table[pc >>> PAGE_SHIFT];
        if (page == null) {
            page = new Op[SLOTS_PER_PAGE];
            table[pc >>> PAGE_SHIFT] = page;
            memory.codePageCreated(pc >>> PAGE_SHIFT);
        }
        page[(pc & 0xFFFF) >>> 1] = op;
    }

    // ---- decoding ------------------------------------------------------------------------------------

    /** FPB or DWT configuration changed: which decodes need the debug checks. */
    void debugTrapsChanged(boolean traps, boolean remap) {
        debugTraps = traps;
        fetchRemap = remap;
        invalidateAll();
    }

    /** Decodes the instruction at {@code pc} into {@code table} (the current fetch context's). */
    Op decodeAt(Op[][] table, int pc) {
        if (debugTraps) return decodeWithDebugTraps(table, pc);
        return decodeFresh(table, pc, true);
    }

    /**
     * Decoding with FPB breakpoints and remaps and DWT PC matches (C1.11, C1.8): the op at a
     * breakpoint is wrapped so it stops before executing, whatever memory it is in (even a
     * QUADSPI window that cannot be read now); remapped instructions are not cached.
     */
    private Op decodeWithDebugTraps(Op[][] table, int pc) {
        boolean remapped = fetchRemap && (fpb.remapFetch(pc) != pc || fpb.remapFetch(pc + 2) != pc + 2);
        Op op = decodeFresh(table, pc, false);
        boolean cacheable = !remapped && !(op instanceof FaultOp);
        int bp = fpb.breakpointAt(pc);
        if (bp >= 0) {
            op = new DebugTrapOps.FpbBreakpoint(op, bp);
        } else if (debug.traceEnabled()) {
            int w = dwt.pcMatchAt(pc);
            if (w >= 0) op = new DebugTrapOps.PcWatch(op, w);
        }
        if (cacheable) store(table, pc, op);
        return op;
    }

    private Op decodeFresh(Op[][] table, int pc, boolean store) {
        Op op;
        int hw1;
        try {
            hw1 = fetch16(pc);
        } catch (CpuFault f) {
            return new FaultOp(2, f.kind);
        } catch (BusErrorException e) {
            return new FaultOp(2, FaultKind.IBUSERR);
        }
        if (ThumbDecoder.is32Bit(hw1)) {
            int hw2;
            try {
                hw2 = fetch16(pc + 2);
            } catch (CpuFault f) {
                return new FaultOp(4, f.kind);
            } catch (BusErrorException e) {
                return new FaultOp(4, FaultKind.IBUSERR);
            }
            op = decoder.decode32(pc, hw1, hw2);
        } else {
            op = decoder.decode16(pc, hw1);
        }
        if (store) store(table, pc, op);
        return op;
    }

    private int fetch16(int a) {
        return memory.fetch16(fetchRemap ? fpb.remapFetch(a) : a);
    }

    /** An op standing for an instruction that could not be fetched. Not cached: the memory may
     *  become readable later (e.g. when a flash controller enters memory-mapped mode). */
    static final class FaultOp extends Op {
        final FaultKind kind;

        FaultOp(int size, FaultKind kind) {
            super(size);
            this.kind = kind;
        }

        @Override
        public void exec(Core c) {
            throw new CpuFault(kind);
        }
    }
}
