package io.xipkit.cpu;

import io.xipkit.cpu.debug.DebuggedCore;
import io.xipkit.cpu.debug.RegisterFile;

/**
 * The core as the debug logic of {@code cpu.debug} sees it: its registers (for DCRSR/DCRDR
 * transfers, DDI 0403E C1.6.3) and the few run-loop and exception controls halting and monitor
 * debug need.
 */
final class CoreDebugPort implements DebuggedCore, RegisterFile {
    private final Core core;

    CoreDebugPort(Core core) {
        this.core = core;
    }

    // ---- DebuggedCore -------------------------------------------------------------------------

    @Override public RegisterFile registers() { return this; }
    @Override public long instructions() { return core.instructions; }
    @Override public boolean sleeping() { return core.sleeping; }
    /** A debugger access always comes between instructions, even if a run ended by an exception. */
    @Override public boolean executing() { return core.executing() && !core.debugAccessInProgress(); }
    @Override public void requestService() { core.requestService(); }

    @Override
    public void setDebugMonitorEnabled(boolean enabled) {
        core.exceptions.setEnabled(ExceptionNumber.DEBUG_MONITOR, enabled);
    }

    @Override
    public void setDebugMonitorPending(boolean pending) {
        if (pending) core.exceptions.setPending(ExceptionNumber.DEBUG_MONITOR);
        else core.exceptions.clearPending(ExceptionNumber.DEBUG_MONITOR);
    }

    @Override
    public boolean debugMonitorPending() {
        return core.exceptions.isPending(ExceptionNumber.DEBUG_MONITOR);
    }

    @Override
    public boolean debugMonitorCanPreempt() {
        return core.exceptions.canPreempt(ExceptionNumber.DEBUG_MONITOR);
    }

    @Override
    public void debugConfigurationChanged() {
        core.debugConfigurationChanged();
    }

    // ---- RegisterFile ---------------------------------------------------------------------------

    @Override
    public int general(int n) {
        return core.r[n];
    }

    @Override
    public void setGeneral(int n, int value) {
        core.r[n] = n == 13 ? value & ~3 : value;
    }

    @Override
    public int debugReturnAddress() {
        return core.pc;
    }

    @Override
    public void setDebugReturnAddress(int value) {
        core.pc = value & ~1;
        core.nextPc = core.pc;
    }

    @Override
    public int xpsr() {
        return core.xpsr();
    }

    @Override
    public void setXpsr(int value) {
        int ipsr = value & 0x1FF;
        core.setXpsr(value & ~0x1FF);
        core.ipsr = 0;
        // IPSR decides which stack pointer R13 is: change it through the mode switch.
        core.setModeAndControl(ipsr, core.control);
        core.requestService();
    }

    @Override public int msp() { return core.msp(); }
    @Override public void setMsp(int value) { core.setMsp(value); }
    @Override public int psp() { return core.psp(); }
    @Override public void setPsp(int value) { core.setPsp(value); }

    @Override
    public int specials() {
        return (core.control << 24) | ((core.faultmask & 1) << 16) | ((core.basepri & 0xFF) << 8) | (core.primask & 1);
    }

    @Override
    public void setSpecials(int value) {
        int controlMask = core.variant.hasFpu ? 7 : 3;
        core.primask = value & 1;
        core.faultmask = (value >>> 16) & 1;
        core.basepri = (value >>> 8) & core.exceptions.priorityMask();
        core.setModeAndControl(core.ipsr, (value >>> 24) & controlMask);
        core.requestService();
    }

    @Override public boolean hasFpu() { return core.variant.hasFpu; }
    @Override public int fpscr() { return core.fpscr; }
    @Override public void setFpscr(int value) { core.fpscr = value & FpMath.FPSCR_MASK; }
    @Override public int single(int n) { return core.s[n]; }
    @Override public void setSingle(int n, int value) { core.s[n] = value; }
}
