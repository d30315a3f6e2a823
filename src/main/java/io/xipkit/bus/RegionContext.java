package io.xipkit.bus;

/** What a mapped region may ask of the bus it is mapped on. */
public interface RegionContext {
    /** The region's {@link Region#fastPath()} changed (switched on or off, or a new array). */
    void fastPathChanged(Region region);

    /**
     * Bytes at bus addresses [address, address + length) may now read differently (a flash
     * program or erase seen through a window): decoded instructions there must be dropped.
     */
    void notifyCodeChanged(int address, int length);

    /** Everything the region maps may have changed. */
    void notifyAllCodeChanged();
}
