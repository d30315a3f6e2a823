package io.xipkit.cpu;

import io.xipkit.regs.RegisterAccessException;
import io.xipkit.regs.RegisterBlock;

/**
 * The one adapter between register blocks and the bus: an access a block refuses (unmapped
 * offset, forbidden size, misalignment) is a bus error, which the core turns into a BusFault.
 * Peripherals on the system bus report their offset (the bus puts the absolute address in BFAR);
 * the core's System Control Space passes its base so the error carries the absolute address.
 */
public final class RegisterBus {
    private RegisterBus() {}

    public static int read(RegisterBlock regs, int offset, int size) {
        return read(regs, 0, offset, size);
    }

    public static void write(RegisterBlock regs, int offset, int size, int value) {
        write(regs, 0, offset, size, value);
    }

    /** A read of the block mapped at {@code base}; a refusal is a bus error at {@code base + offset}. */
    public static int read(RegisterBlock regs, int base, int offset, int size) {
        try {
            return regs.read(offset, size);
        } catch (RegisterAccessException e) {
            throw busError(base, e);
        }
    }

    /** A write to the block mapped at {@code base}; a refusal is a bus error at {@code base + offset}. */
    public static void write(RegisterBlock regs, int base, int offset, int size, int value) {
        try {
            regs.write(offset, size, value);
        } catch (RegisterAccessException e) {
            throw busError(base, e);
        }
    }

    /**
     * The bus error for an access refused by a block mapped at {@code base}, for models whose one
     * bus access makes several calls into their block (key sequences, aliases).
     */
    public static BusErrorException busError(int base, RegisterAccessException refused) {
        return new BusErrorException(base + refused.offset(), refused.isWrite(), refused.getMessage());
    }
}
