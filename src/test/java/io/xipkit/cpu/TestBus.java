package io.xipkit.cpu;

import java.util.ArrayList;
import java.util.List;

/** A flat little-endian RAM bus for CPU unit tests: 1 MiB at 0 and 1 MiB at 0x20000000. */
public final class TestBus implements Bus {
    public final byte[] code = new byte[1 << 20];
    public final byte[] data = new byte[1 << 20];
    private final List<CodeChangeListener> listeners = new ArrayList<>();

    private byte[] mem(int a) {
        if ((a >>> 20) == 0) return code;
        if ((a >>> 20) == 0x200) return data;
        throw new BusErrorException(a, false, "unmapped");
    }

    @Override public int read8(int a) { return mem(a)[a & 0xFFFFF] & 0xFF; }
    @Override public int read16(int a) { return read8(a) | (read8(a + 1) << 8); }
    @Override public int read32(int a) { return read16(a) | (read16(a + 2) << 16); }
    @Override public void write8(int a, int v) { mem(a)[a & 0xFFFFF] = (byte) v; }
    @Override public void write16(int a, int v) { write8(a, v); write8(a + 1, v >>> 8); }
    @Override public void write32(int a, int v) { write16(a, v); write16(a + 2, v >>> 16); }
    @Override public int fetch16(int a) { return read16(a); }
    @Override public void addCodeChangeListener(CodeChangeListener l) { listeners.add(l); }

    /** Writes Thumb halfwords at an address (a 32-bit instruction is two halfwords, first one first). */
    public void putHalfwords(int address, int... halfwords) {
        for (int i = 0; i < halfwords.length; i++) write16(address + 2 * i, halfwords[i]);
        // Like a debugger write: tell the core its decoded copy of this memory is stale.
        for (CodeChangeListener l : listeners) l.codeChanged(address, halfwords.length * 2);
    }
}
