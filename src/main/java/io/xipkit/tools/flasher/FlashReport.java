package io.xipkit.tools.flasher;

/**
 * What one programming pass did.
 *
 * @param blocksErased     erase blocks that differed and were erased and rewritten
 * @param blocksProgrammed blocks that were blank and only needed programming
 * @param blocksUnchanged  blocks that already held the data (left alone)
 * @param bytesWritten     bytes sent to the memories
 * @param virtualPicos     the board's time the pass took (erase and program times of the devices)
 */
public record FlashReport(int blocksErased, int blocksProgrammed, int blocksUnchanged, long bytesWritten, long virtualPicos) {
    public FlashReport plus(FlashReport o) {
        return new FlashReport(blocksErased + o.blocksErased, blocksProgrammed + o.blocksProgrammed,
                blocksUnchanged + o.blocksUnchanged, bytesWritten + o.bytesWritten, virtualPicos + o.virtualPicos);
    }

    public static final FlashReport NONE = new FlashReport(0, 0, 0, 0, 0);

    /** One line for the user. */
    public String summary() {
        return String.format("%d block(s) erased and rewritten, %d blank block(s) programmed, %d unchanged, %d bytes written, %.3f s device time",
                blocksErased, blocksProgrammed, blocksUnchanged, bytesWritten, virtualPicos / 1e12);
    }
}
