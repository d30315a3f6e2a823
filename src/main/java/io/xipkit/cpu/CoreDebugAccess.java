package io.xipkit.cpu;

import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugBusException;

/**
 * {@link DebugAccess} for one core: PPB addresses go to the core's System Control Space as a
 * debugger access (privileged, no software lock), everything else to the core's system bus with
 * no MPU check and no cache. A system reset requested by the access (AIRCR.SYSRESETREQ) happens
 * when the access completes, as between two instructions.
 */
final class CoreDebugAccess implements DebugAccess {
    private final Core core;
    private int depth;
    private boolean resetRequested;
    /** AIRCR.VECTRESET written by this access: the core's local reset follows it. */
    private boolean localResetRequested;

    CoreDebugAccess(Core core) {
        this.core = core;
    }

    @Override public int read8(int address) { return read(address, 1); }
    @Override public int read16(int address) { return read(address, 2); }
    @Override public int read32(int address) { return read(address, 4); }
    @Override public void write8(int address, int value) { write(address, 1, value); }
    @Override public void write16(int address, int value) { write(address, 2, value); }
    @Override public void write32(int address, int value) { write(address, 4, value); }

    @Override
    public void read(int address, byte[] into, int offset, int length) {
        int i = 0;
        while (i < length) {
            int a = address + i;
            if ((a & 3) == 0 && length - i >= 4) {
                int v = read(a, 4);
                for (int k = 0; k < 4; k++) into[offset + i + k] = (byte) (v >>> (8 * k));
                i += 4;
            } else {
                into[offset + i] = (byte) read(a, 1);
                i++;
            }
        }
    }

    @Override
    public void write(int address, byte[] from, int offset, int length) {
        int i = 0;
        while (i < length) {
            int a = address + i;
            if ((a & 3) == 0 && length - i >= 4) {
                int v = 0;
                for (int k = 3; k >= 0; k--) v = (v << 8) | (from[offset + i + k] & 0xFF);
                write(a, 4, v);
                i += 4;
            } else {
                write(a, 1, from[offset + i]);
                i++;
            }
        }
    }

    private int read(int address, int size) {
        depth++;
        try {
            if (MemoryPath.isPpb(address)) return core.scs.read(address, size, true);
            switch (size) {
                case 1: return core.bus.read8(address);
                case 2: return core.bus.read16(address);
                default: return core.bus.read32(address);
            }
        } catch (BusErrorException e) {
            throw new DebugBusException(address, false, e.getMessage());
        } finally {
            finish();
        }
    }

    private void write(int address, int size, int value) {
        depth++;
        try {
            if (MemoryPath.isPpb(address)) {
                core.scs.write(address, size, size == 4 ? value : value & (size == 1 ? 0xFF : 0xFFFF), true);
                return;
            }
            switch (size) {
                case 1: core.bus.write8(address, value); break;
                case 2: core.bus.write16(address, value); break;
                default: core.bus.write32(address, value); break;
            }
            core.invalidateDecoded(address, size);
        } catch (BusErrorException e) {
            throw new DebugBusException(address, true, e.getMessage());
        } finally {
            finish();
        }
    }

    private void finish() {
        if (--depth == 0 && resetRequested) {
            resetRequested = false;
            localResetRequested = false;
            core.resets().systemResetNow();
        } else if (depth == 0 && localResetRequested) {
            localResetRequested = false;
            core.resets().localReset();
        }
    }

    boolean inProgress() {
        return depth > 0;
    }

    /** True (and the local reset noted) when a VECTRESET written now belongs to a debug access. */
    boolean deferLocalResetToEndOfAccess() {
        if (depth == 0) return false;
        localResetRequested = true;
        return true;
    }

    /** True (and the reset noted) when a system reset requested now belongs to a debug access. */
    boolean deferResetToEndOfAccess() {
        if (depth == 0) return false;
        resetRequested = true;
        return true;
    }
}
