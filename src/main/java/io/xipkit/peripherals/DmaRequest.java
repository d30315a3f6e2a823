package io.xipkit.peripherals;

/**
 * A peripheral's DMA request output (a flag such as the QUADSPI FIFO threshold, wired to a DMA
 * controller's trigger input). The peripheral drives it level-sensitive: active while its flag is
 * set. {@link #watched()} tells the peripheral whether an enabled DMA channel listens, so a
 * peripheral that computes its flags lazily in virtual time schedules the instants the level
 * changes only when someone waits for them.
 */
public interface DmaRequest {
    void set(boolean active);

    /** Whether an enabled DMA channel is selecting this request now. */
    boolean watched();

    DmaRequest NONE = new DmaRequest() {
        @Override
        public void set(boolean active) {
        }

        @Override
        public boolean watched() {
            return false;
        }
    };
}
