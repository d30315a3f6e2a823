package io.xipkit.peripherals;

import io.xipkit.bus.Peripheral;
import io.xipkit.cpu.RegisterBus;
import io.xipkit.regs.RegisterBlock;

/**
 * A peripheral whose bus face is exactly its register block: a bus access is the block's access,
 * and one the block refuses (unmapped offset, forbidden size) is a bus error ({@link RegisterBus}).
 * Models with side effects beyond their registers hang them on the block's fields, not here.
 */
public interface RegisterMapped extends Peripheral {
    /** The register block the bus reaches. */
    RegisterBlock registers();

    @Override
    default int read(int offset, int size) {
        return RegisterBus.read(registers(), offset, size);
    }

    @Override
    default void write(int offset, int size, int value) {
        RegisterBus.write(registers(), offset, size, value);
    }
}
