package io.xipkit.bus;

import io.xipkit.cpu.ArrayViews;
import io.xipkit.cpu.Bus;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.cpu.CodeChangeListener;
import io.xipkit.cpu.FastPageListener;
import io.xipkit.cpu.QuietReadListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The system bus: a 4 GiB address space divided into 64 KiB pages, each page listing the
 * {@link Mapping}s that overlap it. Addresses no mapping covers answer with a bus error.
 *
 * <p>Fast path: a page lying wholly inside one mapping whose region offers a {@link FastPath}
 * keeps that array and the array index of the page's first byte in flat tables, so a RAM access
 * is two array loads, an add, a bounds compare and one little-endian {@link io.xipkit.cpu.ArrayViews}
 * access. Unaligned accesses are fine for those; one that runs past the region's end fails
 * the bounds compare and takes the slow path, which splits it into bytes so each byte goes to
 * whatever (if anything) lies at its address.
 */
public final class SystemBus implements Bus, RegionContext {
    private static final int PAGE_SHIFT = 16;
    private static final int PAGES = 1 << (32 - PAGE_SHIFT);
    private static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    private static final Mapping[] NONE = new Mapping[0];

    /** Fast read/fetch array per page, or null; {@link #fastIndex} gives the page's first byte in it. */
    private final byte[][] readArray = new byte[PAGES][];
    /** Fast write array per page, or null (ROM, flash windows, peripherals, unmapped). */
    private final byte[][] writeArray = new byte[PAGES][];
    private final int[] fastIndex = new int[PAGES];
    /** Every mapping overlapping each page (usually one; more when regions are smaller than a page). */
    private final Mapping[][] pageMappings = new Mapping[PAGES][];
    private final List<Mapping> mappings = new ArrayList<>();
    private CodeChangeListener[] listeners = new CodeChangeListener[0];
    private QuietReadListener[] quietListeners = new QuietReadListener[0];
    private FastPageListener[] pageListeners = new FastPageListener[0];
    /** Read-only fast paths (flash windows, ROM) are not used: every read reaches its region ({@link #withholdReadOnlyFastPaths}). */
    private boolean withholdReadOnly;

    public SystemBus() {
        Arrays.fill(pageMappings, NONE);
    }

    // ================================================================================================
    // Building the map
    // ================================================================================================

    /**
     * Maps {@code region} at {@code base}. Mapping the same region again at another base makes a
     * mirror (both addresses reach the same bytes).
     *
     * @throws IllegalArgumentException when the range leaves the 4 GiB space or overlaps a mapping
     */
    public Mapping map(long base, Region region) {
        long size = region.size();
        if (base < 0 || size <= 0 || base + size > (1L << 32) || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "%s (%d bytes at 0x%08x) does not fit in the 32-bit address space", region.name(), size, base));
        }
        Mapping m = new Mapping(base, region);
        for (Mapping other : mappings) {
            if (m.base() < other.end() && other.base() < m.end()) {
                throw new IllegalArgumentException(m + " overlaps " + other);
            }
        }
        mappings.add(m);
        for (long p = base >>> PAGE_SHIFT; p <= (m.end() - 1) >>> PAGE_SHIFT; p++) {
            Mapping[] old = pageMappings[(int) p];
            Mapping[] now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = m;
            pageMappings[(int) p] = now;
        }
        refreshFastPath(m);
        region.attached(this, base);
        return m;
    }

    /** Maps a peripheral's register block. */
    public Mapping mapPeripheral(String name, long base, long size, Peripheral peripheral) {
        return map(base, new PeripheralRegion(name, size, peripheral));
    }

    public List<Mapping> mappings() {
        return List.copyOf(mappings);
    }

    /** The mapping covering {@code address}, or null. */
    public Mapping mappingAt(long address) {
        if (address < 0 || address > 0xFFFFFFFFL) return null;
        for (Mapping m : pageMappings[(int) (address >>> PAGE_SHIFT)]) {
            if (m.contains(address)) return m;
        }
        return null;
    }

    /**
     * Whether the bus serves reads of read-only regions (flash windows, ROM) from their arrays. A
     * campaign's reference reboot withholds them, so every read of a flash window reaches the window
     * and is marked in the storage's read tracker ({@link PageReads}) — the page tables, the
     * translated code's inline loads (through {@link #copyFastPages}) and cache line fills all read through the
     * tables this switches; writable memory (RAM) keeps its fast path. Switching it back gives the
     * tables a run that never withheld them would have: they derive from the regions' fast paths.
     */
    public void withholdReadOnlyFastPaths(boolean withhold) {
        if (withhold == withholdReadOnly) return;
        withholdReadOnly = withhold;
        for (Mapping m : mappings) refreshFastPath(m);
    }

    private void refreshFastPath(Mapping m) {
        FastPath fp = m.region().fastPath();
        if (fp != null && withholdReadOnly && !fp.writable()) fp = null;
        if (fp != null && fp.length() > m.size()) {
            throw new IllegalStateException(m.region().name() + ": fast path covers more than the region's size");
        }
        // A fast path may cover only a prefix of the region: pages past its end stay on the slow path.
        long fastEnd = fp == null ? m.base() : m.base() + fp.length();
        for (long p = m.base() >>> PAGE_SHIFT; p <= (m.end() - 1) >>> PAGE_SHIFT; p++) {
            int page = (int) p;
            long pageStart = p << PAGE_SHIFT;
            boolean whole = pageStart >= m.base() && pageStart + PAGE_SIZE <= fastEnd;
            if (fp != null && whole) {
                readArray[page] = fp.array();
                writeArray[page] = fp.writable() ? fp.array() : null;
                fastIndex[page] = fp.arrayOffset() + (int) (pageStart - m.base());
            } else {
                readArray[page] = null;
                writeArray[page] = null;
                fastIndex[page] = 0;
            }
        }
        for (FastPageListener l : pageListeners) l.fastPagesChanged((int) (m.base() >>> PAGE_SHIFT), (int) ((m.end() - 1) >>> PAGE_SHIFT));
    }

    // ================================================================================================
    // RegionContext: what regions may ask
    // ================================================================================================

    @Override
    public void fastPathChanged(Region region) {
        for (Mapping m : mappings) {
            if (m.region() == region) refreshFastPath(m);
        }
    }

    @Override
    public void notifyCodeChanged(int address, int length) {
        for (CodeChangeListener l : listeners) l.codeChanged(address, length);
    }

    @Override
    public void notifyAllCodeChanged() {
        for (CodeChangeListener l : listeners) l.allCodeChanged();
    }

    @Override
    public void addCodeChangeListener(CodeChangeListener listener) {
        CodeChangeListener[] now = Arrays.copyOf(listeners, listeners.length + 1);
        now[listeners.length] = listener;
        listeners = now;
    }

    @Override
    public void addFastPageListener(FastPageListener listener) {
        FastPageListener[] now = Arrays.copyOf(pageListeners, pageListeners.length + 1);
        now[pageListeners.length] = listener;
        pageListeners = now;
    }

    @Override
    public void copyFastPages(int first, int last, byte[][] read, byte[][] write, int[] index) {
        int n = last - first + 1;
        System.arraycopy(readArray, first, read, first, n);
        System.arraycopy(writeArray, first, write, first, n);
        System.arraycopy(fastIndex, first, index, first, n);
    }

    @Override
    public void addQuietReadListener(QuietReadListener listener) {
        QuietReadListener[] now = Arrays.copyOf(quietListeners, quietListeners.length + 1);
        now[quietListeners.length] = listener;
        quietListeners = now;
    }

    @Override
    public boolean quietRead(int a, int size) {
        int p = a >>> PAGE_SHIFT;
        byte[] array = readArray[p];
        if (array != null) return fastIndex[p] + (a & 0xFFFF) <= array.length - size;
        Mapping m = mappingAt(a & 0xFFFFFFFFL);
        if (m == null || !(m.region() instanceof PeripheralRegion pr)) return false;
        long offset = (a & 0xFFFFFFFFL) - m.base();
        return offset + size <= m.size() && pr.quietRead((int) offset, size);
    }

    // ================================================================================================
    // Bus accesses: fast path inline, everything else in slowRead/slowWrite
    // ================================================================================================

    @Override
    public int read8(int a) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = readArray[p];
        if (m != null) return m[fastIndex[p] + (a & 0xFFFF)] & 0xFF;
        return slowRead(a, 1, false);
    }

    @Override
    public int read16(int a) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = readArray[p];
        if (m != null) {
            int i = fastIndex[p] + (a & 0xFFFF);
            if (i <= m.length - 2) return ArrayViews.getShort(m, i) & 0xFFFF;
        }
        return slowRead(a, 2, false);
    }

    @Override
    public int read32(int a) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = readArray[p];
        if (m != null) {
            int i = fastIndex[p] + (a & 0xFFFF);
            if (i <= m.length - 4) return ArrayViews.getInt(m, i);
        }
        return slowRead(a, 4, false);
    }

    @Override
    public int fetch16(int a) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = readArray[p];
        if (m != null) {
            int i = fastIndex[p] + (a & 0xFFFF);
            if (i <= m.length - 2) return ArrayViews.getShort(m, i) & 0xFFFF;
        }
        return slowRead(a, 2, true);
    }

    /**
     * A cache line fill: straight from the page's array when the bus has one, otherwise one
     * wrapping burst to the region that holds the whole line (a window that sees bursts as such,
     * {@link Region#readWrapping}); a line across regions goes word by word.
     */
    @Override
    public void readLine(int line, int critical, int bytes, boolean fetch, byte[] into, int at) {
        int p = line >>> PAGE_SHIFT;
        byte[] arr = readArray[p];
        if (arr != null) {
            int i = fastIndex[p] + (line & 0xFFFF);
            if (i <= arr.length - bytes) {
                System.arraycopy(arr, i, into, at, bytes);
                return;
            }
        }
        long address = line & 0xFFFFFFFFL;
        Mapping m = mappingAt(address);
        if (m == null || address - m.base() + bytes > m.size()) {
            Bus.super.readLine(line, critical, bytes, fetch, into, at);
            return;
        }
        int first = (critical - line) & (bytes - 1) & ~(LINE_FILL_BEAT - 1);
        try {
            m.region().readWrapping((int) (address - m.base()), first, LINE_FILL_BEAT, bytes, fetch, into, at);
        } catch (BusErrorException e) {
            throw new BusErrorException(line + first, false, e.getMessage());
        }
    }

    @Override
    public void write8(int a, int value) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = writeArray[p];
        if (m != null) {
            m[fastIndex[p] + (a & 0xFFFF)] = (byte) value;
            return;
        }
        slowWrite(a, 1, value);
    }

    @Override
    public void write16(int a, int value) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = writeArray[p];
        if (m != null) {
            int i = fastIndex[p] + (a & 0xFFFF);
            if (i <= m.length - 2) {
                ArrayViews.setShort(m, i, (short) value);
                return;
            }
        }
        slowWrite(a, 2, value);
    }

    @Override
    public void write32(int a, int value) {
        int p = a >>> PAGE_SHIFT;
        byte[] m = writeArray[p];
        if (m != null) {
            int i = fastIndex[p] + (a & 0xFFFF);
            if (i <= m.length - 4) {
                ArrayViews.setInt(m, i, value);
                return;
            }
        }
        slowWrite(a, 4, value);
    }

    private int slowRead(int a, int size, boolean fetch) {
        long address = a & 0xFFFFFFFFL;
        Mapping m = mappingAt(address);
        if (m == null) throw unmapped(a, false);
        long offset = address - m.base();
        if (offset + size <= m.size()) {
            try {
                if (fetch) return m.region().fetch16((int) offset);
                int value = m.region().read((int) offset, size);
                if (quietListeners.length != 0 && m.region() instanceof PeripheralRegion pr && pr.quietRead((int) offset, size)) {
                    for (QuietReadListener l : quietListeners) l.quietRead(a, value);
                }
                return value;
            } catch (BusErrorException e) {
                throw new BusErrorException(a, false, e.getMessage());
            }
        }
        // Straddles the end of the region: each byte goes to whatever lies at its address.
        int value = 0;
        for (int i = 0; i < size; i++) value |= slowRead(a + i, 1, false) << (8 * i);
        return value;
    }

    private void slowWrite(int a, int size, int value) {
        long address = a & 0xFFFFFFFFL;
        Mapping m = mappingAt(address);
        if (m == null) throw unmapped(a, true);
        long offset = address - m.base();
        if (offset + size <= m.size()) {
            try {
                m.region().write((int) offset, size, value);
            } catch (BusErrorException e) {
                throw new BusErrorException(a, true, e.getMessage());
            }
            return;
        }
        for (int i = 0; i < size; i++) slowWrite(a + i, 1, value >>> (8 * i));
    }

    private static BusErrorException unmapped(int a, boolean write) {
        return new BusErrorException(a, write, String.format("no memory or peripheral at 0x%08x", a));
    }

    // ================================================================================================
    // Loader / debugger path
    // ================================================================================================

    /**
     * Stores {@code data} at {@code address} as a programmer or debugger would: through any memory
     * region including ROM, bypassing bus write policies. Decoded instructions over the range are
     * dropped.
     *
     * @throws NotMemoryException naming the first address that is in no memory (nothing is written
     *                            then) or that lies in a region that is not memory
     */
    public void loadBytes(long address, byte[] data) {
        forEachChunk(address, data.length, (m, offset, from, length) ->
                m.region().load(offset, data, from, length), true);
        if (data.length > 0) notifyCodeChanged((int) address, data.length);
    }

    /** Reads bytes without side effects (debugger path). */
    public byte[] peekBytes(long address, int length) {
        byte[] out = new byte[length];
        forEachChunk(address, length, (m, offset, from, len) -> m.region().peek(offset, out, from, len), false);
        return out;
    }

    @FunctionalInterface
    private interface ChunkAction {
        void apply(Mapping m, int offset, int from, int length);
    }

    private void forEachChunk(long address, int length, ChunkAction action, boolean checkFirst) {
        if (address < 0 || address + length > (1L << 32)) {
            throw new NotMemoryException(String.format("0x%x..0x%x is outside the 32-bit address space",
                    address, address + length - 1));
        }
        for (int pass = checkFirst ? 0 : 1; pass < 2; pass++) {
            long a = address;
            int done = 0;
            while (done < length) {
                Mapping m = mappingAt(a);
                if (m == null) throw new NotMemoryException(String.format("0x%08x is in no memory", a));
                int n = (int) Math.min(length - done, m.end() - a);
                if (pass == 1) action.apply(m, (int) (a - m.base()), done, n);
                done += n;
                a += n;
            }
        }
    }
}
