package io.xipkit.cpu;

import io.xipkit.cpu.debug.DwtComparators;
import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;
import io.xipkit.regs.RegisterAccessException;

/**
 * Routes the PPB addresses of the debug components declared with the register DSL (DDI 0403E
 * Table B3-1 and C1.2 "Debug system memory map"): CoreDebug (DHCSR–DEMCR) and DFSR in the SCS,
 * the DWT comparators at 0xE0001020, the FPB at 0xE0002000. A refused access is a bus error.
 */
final class DebugRegisters {
    private final HaltingDebug halting;
    private final Fpb fpb;
    private final Dwt dwt;

    DebugRegisters(HaltingDebug halting, Fpb fpb, Dwt dwt) {
        this.halting = halting;
        this.fpb = fpb;
        this.dwt = dwt;
    }

    boolean owns(int address) {
        return HaltingDebug.owns(address)
                || (address >>> 12) == (Fpb.BASE >>> 12)
                || (address >>> 12) == (Dwt.CTRL >>> 12) && DwtComparators.owns(address & 0xFFF);
    }

    int read(int address, int size) {
        try {
            if (HaltingDebug.owns(address)) return halting.read(address, size);
            if ((address >>> 12) == (Fpb.BASE >>> 12)) return fpb.read(address - Fpb.BASE, size);
            return dwt.comparators().read(address & 0xFFF, size);
        } catch (RegisterAccessException e) {
            throw new BusErrorException(address, false, e.getMessage());
        }
    }

    void write(int address, int size, int value, boolean fromDebugger) {
        try {
            if (HaltingDebug.owns(address)) {
                halting.write(address, size, value, fromDebugger);
            } else if ((address >>> 12) == (Fpb.BASE >>> 12)) {
                fpb.write(address - Fpb.BASE, size, value, fromDebugger);
            } else if (fromDebugger || !dwt.softwareLocked()) {
                dwt.comparators().write(address & 0xFFF, size, value);
            }
        } catch (RegisterAccessException e) {
            throw new BusErrorException(address, true, e.getMessage());
        }
    }
}
