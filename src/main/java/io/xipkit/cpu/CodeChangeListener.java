package io.xipkit.cpu;

/**
 * Told when bytes that the core may have decoded change other than by the core's own stores:
 * a flash program or erase, a memory-mapped mode change, a debugger write, DMA.
 */
@FunctionalInterface
public interface CodeChangeListener {
    /** {@code length} bytes starting at {@code address} may now read differently. */
    void codeChanged(int address, int length);

    /** Everything may have changed (for example the controller left memory-mapped mode). */
    default void allCodeChanged() {
        codeChanged(0, -1);
    }
}
