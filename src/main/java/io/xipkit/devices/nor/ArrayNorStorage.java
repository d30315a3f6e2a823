package io.xipkit.devices.nor;


/** In-memory storage: a fresh, fully erased part that is forgotten when the JVM exits. */
public class ArrayNorStorage extends io.xipkit.bus.ArrayNonVolatileMemory implements NorStorage {
    public ArrayNorStorage(long size) {
        super(size);
    }
}
