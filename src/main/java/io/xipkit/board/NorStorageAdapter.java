package io.xipkit.board;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.devices.nor.NorStorage;

/** A host-provided non-volatile memory seen as a NOR chip's storage (the same contract). */
record NorStorageAdapter(NonVolatileMemory memory) implements NorStorage {
    static NorStorage of(NonVolatileMemory m) {
        return m instanceof NorStorage n ? n : new NorStorageAdapter(m);
    }

    @Override public long size() { return memory.size(); }
    @Override public byte[] array() { return memory.array(); }
    @Override public byte[] registerImage() { return memory.registerImage(); }
    @Override public int[] eraseCounts() { return memory.eraseCounts(); }
    @Override public void arrayChanged(long addr, long len) { memory.arrayChanged(addr, len); }
    @Override public io.xipkit.bus.PageStamps pageStamps() { return memory.pageStamps(); }
    @Override public void metadataChanged() { memory.metadataChanged(); }
}
