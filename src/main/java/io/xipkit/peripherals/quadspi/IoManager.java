package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.Peripheral;
import io.xipkit.cpu.RegisterBus;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.RegisterBlock;

/**
 * An I/O manager (OCTOSPIM, XSPIM) between two serial-memory controllers and two ports: a register
 * block whose writes set the {@link PortRouting}. A subclass builds the block and computes the
 * routing from it.
 */
public abstract class IoManager implements Peripheral, Resettable {
    public static final int REGISTERS_SIZE = 0x400;
    private final PortRouting routing;
    private RegisterBlock regs;

    IoManager(PortRouting routing) {
        this.routing = routing;
    }

    /** Called once by the subclass's constructor with its block; applies the reset routing. */
    final void bind(RegisterBlock block) {
        this.regs = block;
        updateRouting();
    }

    /** Sets the routing from the registers now. */
    abstract void updateRouting();

    /** The switch it sets. */
    public final PortRouting routing() {
        return routing;
    }

    public final RegisterBlock registers() {
        return regs;
    }

    @Override
    public final int read(int offset, int size) {
        return RegisterBus.read(regs, offset, size);
    }

    @Override
    public final void write(int offset, int size, int value) {
        RegisterBus.write(regs, offset, size, value);
    }

    @Override
    public final void reset() {
        regs.reset();
        updateRouting();
    }
}
