package io.xipkit.cpu;

import io.xipkit.cpu.cache.CachePolicy;
import io.xipkit.cpu.cache.DataCache;
import io.xipkit.cpu.cache.InstructionCache;
import io.xipkit.cpu.debug.DebugEvent;
import io.xipkit.cpu.debug.DwtComparators;
import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;

/**
 * The core's side of every memory access, with the rules the architecture applies before the bus
 * is asked: the PPB served by the core (DDI 0403E B3.1), MPU permission checks (B3.5), the
 * Cortex-M7 L1 caches over coherency-modelled ranges (DDI 0489 "Level 1 Memory System"), DWT
 * watchpoints and FPB literal remaps (C1.8, C1.11); and instruction fetch for the decoder.
 *
 * <p>Speed: every data access looks up one byte per 64 KiB page in the "gate" of the current
 * access context; zero means "plain bus access, nothing to check". Non-zero pages take the slow
 * path: the PPB, coherency-modelled pages while the D-cache is on, pages the MPU does not permit
 * as a whole (or whose summary is not computed yet), and pages with watched data.
 *
 * <p>Translated code makes one lookup per load instead: a table per gate holding, for each page
 * the gate lets through, the array the bus serves it from ({@link Core#loadPages}, {@link
 * Core#storePages}; null where the gate is closed or the bus has no array), kept where the gates and
 * the bus's fast paths change ({@link FastPageListener}).
 */
final class MemoryPath {
    private static final int PAGE_SHIFT = DecodeCache.PAGE_SHIFT;
    private static final int PAGES = DecodeCache.PAGES;
    private static final byte GATE_FAST = 0, GATE_SLOW = 1, GATE_UNKNOWN = 2;

    private final Core core;
    private final Bus bus;
    private final SystemControlSpace scs;
    private final HaltingDebug debug;
    private final Fpb fpb;
    private final DwtComparators dwt;
    final DecodeCache decodeCache;
    /** The decode table stores invalidate, final so that the store path reaches it with one load. */
    private final Op[][] defaultDecoded;

    /** Context 0 (MPU disabled or bypassed): PPB, coherency-modelled (CCR.DC = 1) and watched pages. */
    private final byte[] baseGate = new byte[PAGES];
    /** baseGate with FAST replaced by UNKNOWN: what the MPU gates are reset to after an MPU change. */
    private final byte[] mpuGateTemplate = new byte[PAGES];
    /** Privileged read, privileged write, unprivileged read, unprivileged write; allocated when first needed. */
    private final byte[][] mpuGates = new byte[4][];
    private boolean mpuGatesStale = true;
    private byte[] readGate = baseGate, writeGate = baseGate;
    /**
     * The gates folded with the bus's fast paths: per page, the bus's array where the gate is
     * FAST and the bus has one, else null; for stores also null where a store could overwrite
     * decoded instructions (the page or the one before it holds some: a 32-bit instruction may
     * straddle into the page), which must then be dropped. One pair for context 0, and one table
     * per MPU gate (index as {@link #mpuGates}), allocated with them. Each stays the same array for
     * the core's life (filled in place): translated blocks hold their context's as constants.
     */
    private final byte[][] baseReadPages = new byte[PAGES][], baseWritePages = new byte[PAGES][];
    private final byte[][][] mpuPages = new byte[4][][];
    /** The bus's fast-path tables ({@link Bus#copyFastPages}), copied where it says they changed. */
    private final byte[][] busRead = new byte[PAGES][], busWrite = new byte[PAGES][];
    /** Per page, the index of its first byte in its arrays (the bus's). */
    final int[] pageIndex = new int[PAGES];
    /** Pages whose decoded instructions were dropped since the tables were last refreshed (first > last: none). */
    private int droppedFirst = PAGES, droppedLast = -1;
    /**
     * Who is accessing memory now: 0 = the MPU does not apply (disabled, or HFNMIENA = 0 at a
     * negative execution priority; DDI 0403E B3.5.9 ValidateAddress), 1 = privileged with the MPU,
     * 2 = unprivileged with the MPU.
     */
    int accessContext;
    /** Per page: 0 = not coherency-modelled, 1 = partly (check {@link #coherentRanges}), 2 = wholly. */
    private final byte[] coherentPage = new byte[PAGES];
    /** [base, end) pairs of the coherency-modelled ranges. */
    private long[] coherentRanges = new long[0];
    private boolean dcacheOn, icacheOn;
    private final DataCache dcache;
    private final InstructionCache icache;
    /** DWT data watchpoints (or FPB literal remaps) need the slow path on some pages. */
    private boolean dataWatch, literalRemap;
    /** Pages holding watched data or remapped literals. */
    private final byte[] debugPage = new byte[PAGES];

    MemoryPath(Core core, Bus bus, SystemControlSpace scs, ThumbDecoder decoder, HaltingDebug debug, Fpb fpb) {
        this.core = core;
        this.bus = bus;
        this.scs = scs;
        this.debug = debug;
        this.fpb = fpb;
        this.dwt = scs.dwt().comparators();
        this.decodeCache = new DecodeCache(decoder, this, fpb, debug, dwt);
        this.defaultDecoded = decodeCache.defaultTable;
        boolean m7 = core.variant == CoreVariant.CORTEX_M7;
        // Cortex-M7 L1 geometry (DDI 0489 "Level 1 Memory System"): 4-way D-cache, 2-way I-cache,
        // 32-byte lines; 16 KiB each as on STM32H7 until the board says otherwise.
        this.dcache = new DataCache(m7 ? 16 * 1024 : 0, 4);
        this.icache = new InstructionCache(m7 ? 16 * 1024 : 0, 2);
        dcache.setWriteBackListener(line -> memoryChanged(line, DataCache.LINE_BYTES));
        bus.addFastPageListener(this::busPagesChanged);
        bus.copyFastPages(0, PAGES - 1, busRead, busWrite, pageIndex);
        rebuildBaseGate();
    }

    static boolean isPpb(int address) {
        return (address >>> 20) == 0xE00;
    }

    // ================================================================================================
    // Data accesses (alignment is checked by the core before it calls these)
    // ================================================================================================

    int read8(int a) {
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 1, accessContext, true);
        return bus.read8(a);
    }

    int read16(int a) {
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 2, accessContext, true);
        return bus.read16(a);
    }

    int read32(int a) {
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 4, accessContext, true);
        return bus.read32(a);
    }

    /**
     * Whether a data read at {@code a} in the current access context goes straight to the bus
     * (no PPB, MPU check, modelled cache or watchpoint on its page): what {@link PollingLoop} needs
     * before it trusts the bus's word that the read is quiet.
     */
    boolean plainRead(int a) {
        return readGate[a >>> PAGE_SHIFT] == GATE_FAST && !isPpb(a);
    }

    void write8(int a, int value) {
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 1, value, accessContext, true);
            return;
        }
        bus.write8(a, value);
        noteStore(a);
    }

    void write16(int a, int value) {
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 2, value, accessContext, true);
            return;
        }
        bus.write16(a, value);
        noteStore(a);
    }

    void write32(int a, int value) {
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 4, value, accessContext, true);
            return;
        }
        bus.write32(a, value);
        noteStore(a);
    }

    /**
     * Translated code's read: the aligned item at {@code a} zero-extended, or -1 (nothing done) when
     * anything but a plain bus access applies (an unaligned address, a gated page, a bus page not
     * served from an array); the caller then runs the instruction the ordinary way. The block
     * classes make the same lookup inline ({@code MemoryEmitter}); this is its reference.
     */
    long tryRead(int a, int size) {
        byte[] m = core.loadPages[a >>> PAGE_SHIFT];
        if (m == null || (a & (size - 1)) != 0) return -1;
        int i = pageIndex[a >>> PAGE_SHIFT] + (a & 0xFFFF);
        switch (size) {
            case 1: return m[i] & 0xFF;
            case 2: return ArrayViews.getShort(m, i) & 0xFFFF;
            default: return ArrayViews.getInt(m, i) & 0xFFFFFFFFL;
        }
    }

    /**
     * Translated code's store: true when done as {@link #write32} would with nothing else to do;
     * false (nothing written) when the store may also hit decoded instructions, besides
     * {@link #tryRead}'s cases.
     */
    boolean tryWrite(int a, int size, int value) {
        byte[] m = core.storePages[a >>> PAGE_SHIFT];
        if (m == null || (a & (size - 1)) != 0) return false;
        int i = pageIndex[a >>> PAGE_SHIFT] + (a & 0xFFFF);
        switch (size) {
            case 1: m[i] = (byte) value; break;
            case 2: ArrayViews.setShort(m, i, (short) value); break;
            default: ArrayViews.setInt(m, i, value); break;
        }
        return true;
    }

    /** A read in an explicit access context, not through the gates (unprivileged forms, exception frames). */
    int readIn(int a, int size, int context) {
        return slowRead(a, size, context, false);
    }

    void writeIn(int a, int size, int value, int context) {
        slowWrite(a, size, value, context, false);
    }

    /**
     * The access context the MPU would use for an access by {@code unprivileged} code at the
     * current execution priority (exception stacking, unstacking and lazy FP preservation name
     * their privilege explicitly; B1.5.6, B1.5.8, B1.5.7).
     */
    int accessContextFor(boolean unprivileged) {
        Mpu mpu = scs.mpu();
        if (!mpu.enabled()) return 0;
        if (!mpu.hfnmiena() && core.exceptions.executionPriority() < 0) return 0;
        return unprivileged ? 2 : 1;
    }

    /** Any store by the core: decoded instructions it may have overwritten are dropped. */
    private void noteStore(int a) {
        Op[][] d = defaultDecoded;
        if (d[a >>> PAGE_SHIFT] != null || d[(a - 2) >>> PAGE_SHIFT] != null || decodeCache.mpuTablesExist) {
            decodeCache.noteStore(a);
        }
    }

    // ---- the slow path: PPB, MPU checks, watchpoints, coherency-modelled caches ----------------------

    private int slowRead(int a, int size, int context, boolean gated) {
        if (isPpb(a)) return scs.read(a, size);   // the PPB always uses the default map (B3.5.9)
        if (context != 0) checkData(a, context, false, gated);
        if ((dataWatch || literalRemap) && debugPage[a >>> PAGE_SHIFT] != 0) return watchedRead(a, size, context);
        return cachedRead(a, size, context);
    }

    /** A read on a page with DWT watchpoints or FPB literal remaps (C1.8, C1.11). */
    private int watchedRead(int a, int size, int context) {
        int from = literalRemap ? fpb.remapLiteral(a) : a;
        int v = cachedRead(from, size, context);
        if (dataWatch) watchData(a, size, false, v);
        return v;
    }

    private void watchData(int a, int size, boolean write, int value) {
        int n = dwt.dataAccess(a, size, write, value);
        if (n >= 0) debug.dwtMatch(n, a, write ? DebugEvent.DwtAccess.WRITE : DebugEvent.DwtAccess.READ);
    }

    private int cachedRead(int a, int size, int context) {
        if (dcacheOn && isCoherencyModelled(a)) {
            CachePolicy policy = dataPolicy(a, context);
            if (policy.cacheable()) {
                if ((a & (DataCache.LINE_BYTES - 1)) + size <= DataCache.LINE_BYTES) return dcache.read(a, size, bus);
                int v = 0;                        // an unaligned access across two lines
                for (int i = size - 1; i >= 0; i--) v = (v << 8) | dcache.read(a + i, 1, bus);
                return v;
            }
        }
        switch (size) {
            case 1: return bus.read8(a);
            case 2: return bus.read16(a);
            default: return bus.read32(a);
        }
    }

    private void slowWrite(int a, int size, int value, int context, boolean gated) {
        if (isPpb(a)) {
            scs.write(a, size, size == 4 ? value : value & (size == 1 ? 0xFF : 0xFFFF));
            return;
        }
        if (context != 0) checkData(a, context, true, gated);
        cachedWrite(a, size, value, context);
        if (dataWatch && debugPage[a >>> PAGE_SHIFT] != 0) {
            watchData(a, size, true, size == 4 ? value : value & (size == 1 ? 0xFF : 0xFFFF));
        }
    }

    private void cachedWrite(int a, int size, int value, int context) {
        if (dcacheOn && isCoherencyModelled(a)) {
            CachePolicy policy = dataPolicy(a, context);
            if (policy.cacheable()) {
                if ((a & (DataCache.LINE_BYTES - 1)) + size <= DataCache.LINE_BYTES) {
                    dcache.write(a, size, value, policy, bus);
                } else {
                    for (int i = 0; i < size; i++) dcache.write(a + i, 1, value >>> (8 * i), policy, bus);
                }
                noteStore(a);
                return;
            }
        }
        switch (size) {
            case 1: bus.write8(a, value); break;
            case 2: bus.write16(a, value); break;
            default: bus.write32(a, value); break;
        }
        noteStore(a);
    }

    /**
     * The MPU permission check of a data access (B3.5.9 CheckPermission: DACCVIOL with MMFAR).
     * For accesses through the current gate, an UNKNOWN page also gets its summary computed, so
     * later accesses to a wholly permitted page skip the slow path.
     */
    private void checkData(int a, int context, boolean write, boolean gated) {
        Mpu mpu = scs.mpu();
        boolean privileged = context == 1;
        if (gated) {
            byte[] gate = write ? writeGate : readGate;
            int page = a >>> PAGE_SHIFT;
            if (gate[page] == GATE_UNKNOWN) {
                boolean fast = baseGate[page] == GATE_FAST && mpu.pageUniformlyPermits(page, privileged, write);
                gate[page] = fast ? GATE_FAST : GATE_SLOW;
                if (fast) {
                    mpuPages[(privileged ? 0 : 2) + (write ? 1 : 0)][page] =
                            write ? storeArray(GATE_FAST, busWrite[page], page) : busRead[page];
                }
            }
        }
        if (!mpu.permitsData(a, privileged, write)) throw new CpuFault(FaultKind.DACCVIOL, a, true);
    }

    /** D-cache policy: MPU region attributes when the MPU applies, else the default memory map. */
    private CachePolicy dataPolicy(int a, int context) {
        Scb scb = scs.scb();
        boolean siwt = scb.cacrSiwt(), forceWt = scb.cacrForceWt();
        return context != 0 ? scs.mpu().policyAt(a, siwt, forceWt) : CachePolicy.defaultMap(a, forceWt);
    }

    /** I-cache: any Normal cacheable memory (write-through or write-back alike). */
    private boolean fetchCacheable(int a, int context) {
        return context != 0 ? scs.mpu().policyAt(a, true, false).cacheable()
                : CachePolicy.defaultMap(a, false).cacheable();
    }

    private boolean isCoherencyModelled(int a) {
        byte c = coherentPage[a >>> PAGE_SHIFT];
        if (c == 2) return true;
        if (c == 0) return false;
        long x = a & 0xFFFFFFFFL;
        long[] ranges = coherentRanges;
        for (int i = 0; i < ranges.length; i += 2) if (x >= ranges[i] && x < ranges[i + 1]) return true;
        return false;
    }

    // ================================================================================================
    // Instruction fetch
    // ================================================================================================

    /**
     * Instruction fetch: the default memory map's execute-never regions (DDI 0403E B3.1, Table
     * B3-1) or, with the MPU applying, the region's XN and read permission (B3.5.9: IACCVIOL);
     * through the I-cache for coherency-modelled, cacheable memory while CCR.IC is set.
     */
    int fetch16(int a) {
        int ctx = accessContext;
        if (ctx == 0) {
            if (Mpu.defaultMapExecuteNever(a)) throw new CpuFault(FaultKind.IACCVIOL);
        } else if (!scs.mpu().permitsFetch(a, ctx == 1)) {
            throw new CpuFault(FaultKind.IACCVIOL);
        }
        if (icacheOn && isCoherencyModelled(a) && fetchCacheable(a, ctx)) return icache.fetch16(a, bus);
        return bus.fetch16(a);
    }

    // ================================================================================================
    // Configuration and state changes
    // ================================================================================================

    /** See {@link Core#addCoherencyModelledRange}. */
    void addCoherencyModelledRange(long base, long size) {
        if (base < 0 || size <= 0 || base + size > (1L << 32)) {
            throw new IllegalArgumentException(String.format(
                    "coherency-modelled range 0x%X+0x%X is outside the 32-bit address space", base, size));
        }
        long end = base + size;
        long[] now = java.util.Arrays.copyOf(coherentRanges, coherentRanges.length + 2);
        now[now.length - 2] = base;
        now[now.length - 1] = end;
        coherentRanges = now;
        for (long p = base >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) {
            long ps = p << PAGE_SHIFT;
            boolean whole = ps >= base && ps + (1L << PAGE_SHIFT) <= end;
            if (whole) coherentPage[(int) p] = 2;
            else if (coherentPage[(int) p] == 0) coherentPage[(int) p] = 1;
        }
        rebuildBaseGate();
        dropDecodedInCoherentRanges();
    }

    DataCache dataCache() {
        return dcache;
    }

    InstructionCache instructionCache() {
        return icache;
    }

    /** Reset: cache contents after reset are UNKNOWN architecturally; start them empty. */
    void reset(boolean icacheEnabled, boolean dcacheEnabled) {
        dcache.invalidateAll();
        icache.invalidateAll();
        cacheEnablesChanged(icacheEnabled, dcacheEnabled);
    }

    /** CCR.IC / CCR.DC changed (or reset). */
    void cacheEnablesChanged(boolean icache, boolean dcache) {
        if (icache != icacheOn) {
            icacheOn = icache;
            // Instructions decoded through (or around) the I-cache are re-fetched the other way.
            dropDecodedInCoherentRanges();
        }
        if (dcache != dcacheOn) {
            dcacheOn = dcache;
            rebuildBaseGate();
        }
    }

    /** Scb.setCacheSizes: the caches are rebuilt empty. */
    void cacheSizesChanged(int icacheBytes, int dcacheBytes) {
        icache.resize(icacheBytes);
        dcache.resize(dcacheBytes);
        dropDecodedInCoherentRanges();
    }

    /** A write to a cache maintenance register (DDI 0403E B2.2.7, Table B2-1). */
    void cacheMaintenance(CacheOperation op, int value) {
        switch (op) {
            case ICIALLU:
                icache.invalidateAll();
                dropDecodedInCoherentRanges();
                break;
            case ICIMVAU:
                icache.invalidateByAddress(value);
                decodeCache.invalidate(value & -InstructionCache.LINE_BYTES, InstructionCache.LINE_BYTES);
                break;
            case DCIMVAC: dcache.invalidateByAddress(value); break;
            case DCISW: dcache.bySetWay(value, false, true, bus); break;
            case DCCMVAU:
            case DCCMVAC: dcache.cleanByAddress(value, bus); break;
            case DCCSW: dcache.bySetWay(value, true, false, bus); break;
            case DCCIMVAC: dcache.cleanInvalidateByAddress(value, bus); break;
            case DCCISW: dcache.bySetWay(value, true, true, bus); break;
            default: break;                       // BPIALL: no branch predictor is modelled
        }
    }

    /** Any MPU register write: permission summaries and MPU-context decode tables are stale. */
    void mpuChanged() {
        mpuGatesStale = true;
        decodeCache.mpuChanged();
        updateAccessContext();
    }

    /** FPB or DWT configuration, or DEMCR.TRCENA, changed: re-derive the traps and watched pages. */
    void debugConfigurationChanged() {
        boolean trace = debug.traceEnabled();
        boolean fpbOn = fpb.enabled();
        decodeCache.debugTrapsChanged(fpbOn || (trace && dwt.watchesPcs()), fpbOn && fpb.remapping());
        java.util.Arrays.fill(debugPage, (byte) 0);
        long[] watched = trace ? dwt.watchedRanges() : new long[0];
        dataWatch = watched == null || watched.length > 0;
        if (watched == null) java.util.Arrays.fill(debugPage, (byte) 1);
        else for (int i = 0; i < watched.length; i += 2) markDebugPages(watched[i], watched[i + 1]);
        int[] literals = fpbOn ? fpb.remappedLiteralWords() : new int[0];
        literalRemap = literals.length > 0;
        for (int w : literals) markDebugPages(w & 0xFFFFFFFFL, (w & 0xFFFFFFFFL) + 4);
        rebuildBaseGate();
    }

    private void closeBaseGate(int p) {
        baseGate[p] = GATE_SLOW;
        mpuGateTemplate[p] = GATE_SLOW;
    }

    private void markDebugPages(long base, long end) {
        for (long p = base >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) debugPage[(int) p] = 1;
    }

    private void rebuildBaseGate() {
        // Filled, then closed where needed: a board is made and reset with this run several times
        // before the JVM compiles it, and a page-by-page test of every page costs milliseconds of
        // each start in the bytecode interpreter.
        java.util.Arrays.fill(baseGate, GATE_FAST);
        java.util.Arrays.fill(mpuGateTemplate, GATE_UNKNOWN);
        for (int p = 0xE000; p <= 0xE00F; p++) closeBaseGate(p);   // the PPB
        if (dcacheOn || dataWatch || literalRemap) {
            for (int p = 0; p < PAGES; p++) {
                if ((dcacheOn && coherentPage[p] != 0) || debugPage[p] != 0) closeBaseGate(p);
            }
        }
        mpuGatesStale = true;
        refreshPages(0, PAGES - 1);
        updateAccessContext();
    }

    /** The bus's fast paths changed for pages {@code first} to {@code last}: the folded tables follow. */
    private void busPagesChanged(int first, int last) {
        bus.copyFastPages(first, last, busRead, busWrite, pageIndex);
        refreshPages(first, last);
    }

    /**
     * The folded tables of pages {@code first} to {@code last} made again, after the bus's fast
     * paths, the gates or the decoded pages changed there. The MPU gates' tables need only their
     * FAST pages, which exist only while those gates are not stale (a stale gate's pages are all
     * UNKNOWN or SLOW after the next {@link #updateAccessContext}, its tables all null).
     */
    private void refreshPages(int first, int last) {
        if (first <= droppedFirst && droppedLast <= last) {   // what dropped code awaited is done here
            droppedFirst = PAGES;
            droppedLast = -1;
        }
        for (int p = first; p <= last; p++) {
            byte[] r = busRead[p], w = busWrite[p];
            baseReadPages[p] = baseGate[p] == GATE_FAST ? r : null;
            baseWritePages[p] = storeArray(baseGate[p], w, p);
            if (mpuGatesStale) continue;
            for (int i = 0; i < 4; i++) {
                if (mpuGates[i] == null) continue;
                mpuPages[i][p] = (i & 1) == 0 ? (mpuGates[i][p] == GATE_FAST ? r : null) : storeArray(mpuGates[i][p], w, p);
            }
        }
    }

    /** A store table's entry for page {@code p}: the bus's write array {@code w} unless the gate is closed or decoded code is near. */
    private byte[] storeArray(byte gate, byte[] w, int p) {
        if (gate != GATE_FAST || w == null) return null;
        return decodeCache.pageHasCode(p) || decodeCache.pageHasCode((p - 1) & (PAGES - 1)) ? null : w;
    }

    /** The decode cache made a page for page {@code p}: stores to it, and to the page after it, take the ordinary way. */
    void codePageCreated(int p) {
        for (int q = p; q <= p + 1 && q < PAGES; q++) {
            baseWritePages[q] = null;
            if (mpuPages[1] != null) {
                mpuPages[1][q] = null;
                mpuPages[3][q] = null;
            }
        }
    }

    /**
     * The decode cache dropped pages {@code first} to {@code last} (in some context): their
     * store entries (and the next page's) may open again, at the next {@link #updateAccessContext}
     * (the core's next service), which is soon enough, as a null entry only costs speed.
     */
    void codePagesDropped(int first, int last) {
        droppedFirst = Math.min(droppedFirst, first);
        droppedLast = Math.max(droppedLast, Math.min(last + 1, PAGES - 1));
    }

    /** Chooses the gates and decode table for the current privilege and execution priority. */
    void updateAccessContext() {
        if (core.exceptions == null) return;                      // the core is still being built
        if (droppedFirst <= droppedLast) {
            int first = droppedFirst, last = droppedLast;
            droppedFirst = PAGES;
            droppedLast = -1;
            refreshPages(first, last);
        }
        int ctx = accessContextFor((core.control & 1) != 0 && core.ipsr == 0);
        accessContext = ctx;
        if (ctx == 0) {
            readGate = baseGate;
            writeGate = baseGate;
            core.usePageTables(baseReadPages, baseWritePages);
        } else {
            if (mpuGatesStale) {
                for (int i = 0; i < 4; i++) {
                    if (mpuGates[i] == null) {
                        mpuGates[i] = new byte[PAGES];
                        mpuPages[i] = new byte[PAGES][];
                    }
                    System.arraycopy(mpuGateTemplate, 0, mpuGates[i], 0, PAGES);
                    java.util.Arrays.fill(mpuPages[i], null);   // no page of the template is FAST
                }
                mpuGatesStale = false;
            }
            int read = ctx == 1 ? 0 : 2;
            readGate = mpuGates[read];
            writeGate = mpuGates[read + 1];
            core.usePageTables(mpuPages[read], mpuPages[read + 1]);
        }
        core.decodeTableChanged(decodeCache.table(ctx));
    }

    // ---- memory changed behind the core -------------------------------------------------------------

    /**
     * Bytes changed other than by this core's stores. Decoded instructions are dropped, except
     * those whose line the I-cache still holds: a real core keeps executing those stale
     * instructions until ICIALLU/ICIMVAU, and so does this one.
     */
    /** Above this many bytes a change is handled from the I-cache's held lines, not line by line. */
    private static final long LARGE_CHANGE = 1 << 20;

    void memoryChanged(int address, int length) {
        if (!icacheOn || icache.validLines() == 0) {
            decodeCache.invalidate(address, length);
            return;
        }
        long start = address & 0xFFFFFFFFL;
        long end = Math.min(start + length, 1L << 32);
        if (end - start > LARGE_CHANGE) {
            // A controller announcing a change of its whole window (256 MiB): walking it line by line
            // costs millions of steps per flash command; keeping the held lines costs one per line.
            decodeCache.invalidateKeepingLines(start, end, icache.validLineAddresses(), InstructionCache.LINE_BYTES);
            return;
        }
        for (long line = start & -InstructionCache.LINE_BYTES; line < end; line += InstructionCache.LINE_BYTES) {
            if (icache.holds((int) line)) continue;
            long s = Math.max(line, start);
            long e = Math.min(line + InstructionCache.LINE_BYTES, end);
            decodeCache.invalidate((int) s, (int) (e - s));
        }
    }

    void memoryChangedEverywhere() {
        if (!icacheOn || icache.validLines() == 0) decodeCache.invalidateAll();
        else decodeCache.invalidateAllExcept(icache.validLineAddresses(), InstructionCache.LINE_BYTES);
    }

    private void dropDecodedInCoherentRanges() {
        long[] ranges = coherentRanges;
        for (int i = 0; i < ranges.length; i += 2) decodeCache.dropPages(ranges[i], ranges[i + 1]);
    }
}
