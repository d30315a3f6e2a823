package io.xipkit.regs;

/**
 * Told about a bus write to a register with the written value and the byte lanes written, both
 * in register position: for registers whose write semantics depend on which lanes a narrow access
 * touched, beyond what field listeners see (a write that only acts on the lanes written).
 */
@FunctionalInterface
public interface BusWriteListener {
    void written(int value, int lanes);
}
