package io.xipkit.bus;

/**
 * Told of every flash operation a model starts, before the model changes its storage, so that an
 * observer (a power-cut campaign in the tools layer) can keep what the operation overwrites. The
 * model calls it synchronously from the simulation and expects no host I/O of it.
 */
@FunctionalInterface
public interface FlashOperationObserver {
    FlashOperationObserver NONE = op -> {};

    void starting(FlashOperation op);
}
