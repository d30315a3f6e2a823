package io.xipkit.peripherals;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.regs.RegisterAccessException;
import io.xipkit.regs.RegisterBlock;

/**
 * A register block answering bus accesses: an access the block refuses (unmapped offset,
 * forbidden size) is a bus error, which the core turns into a BusFault (the bus puts the absolute
 * address in BFAR).
 */
public final class RegisterBus {
    private RegisterBus() {}

    public static int read(RegisterBlock regs, int offset, int size) {
        try {
            return regs.read(offset, size);
        } catch (RegisterAccessException e) {
            throw new BusErrorException(offset, false, e.getMessage());
        }
    }

    public static void write(RegisterBlock regs, int offset, int size, int value) {
        try {
            regs.write(offset, size, value);
        } catch (RegisterAccessException e) {
            throw new BusErrorException(offset, true, e.getMessage());
        }
    }
}
