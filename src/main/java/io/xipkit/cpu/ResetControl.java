package io.xipkit.cpu;

import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;

/**
 * The resets of a {@link Core} and where they start it: power-on and system reset (TakeReset,
 * DDI 0403E B1.5.5), the vector-table boot a part's boot logic does, and when a requested system
 * reset (AIRCR.SYSRESETREQ) or local reset (AIRCR.VECTRESET, B3.2.6) happens: between
 * instructions, or at the end of the debugger's access that asked for it.
 */
final class ResetControl {
    private final Core core;
    private final CoreDebugAccess debugAccess;
    /** What AIRCR.SYSRESETREQ does: by default a core reset; a board resets its peripherals too. */
    private Runnable systemResetHandler;
    /** The VTOR the board booted from at the last system reset (0: none given). */
    private int bootVtor;

    ResetControl(Core core, CoreDebugAccess debugAccess) {
        this.core = core;
        this.debugAccess = debugAccess;
        this.systemResetHandler = core::reset;
    }

    /** The debug components (CoreDebug, FPB, DWT, ITM) to their power-on values; a core reset keeps them (C1.4). */
    void powerOnResetDebug(HaltingDebug debug, Fpb fpb) {
        debug.powerOnReset();
        fpb.powerOnReset();
        core.scs.powerOnReset();
        core.debugConfigurationChanged();
    }

    /**
     * System reset of the core: registers, NVIC and SCB to reset values, then the reset vector is
     * read from VTOR. The debug registers keep their values; with DEMCR.VC_CORERESET and halting
     * debug enabled the core is halted before the reset handler's first instruction.
     */
    void coreReset() {
        bootVtor = 0;
        core.resetRegisterFile();
        core.sleeping = false;
        core.eventRegister = false;
        core.scs.reset();
        core.exceptions.reset();
        MemoryPath memory = core.memory();
        memory.reset(core.scs.scb().icacheEnabled(), core.scs.scb().dcacheEnabled());
        memory.decodeCache.invalidateAll();
        memory.updateAccessContext();
        loadResetVector(core.scs.vtor(), "reset vector");
        core.debug().coreReset();
    }

    /** Starts the core from the vector table at {@code vtor} (a boot address from option bytes): VTOR, SP_main, entry point. */
    void bootFrom(int vtor) {
        bootVtor = vtor;
        core.scs.write(0xE000ED08, 4, vtor, true);   // VTOR (DDI 0403E B3.2.5)
        if (loadResetVector(core.scs.vtor(), "boot vector table")) core.debug().resetVectorMoved();
    }

    /** TakeReset's vector reads (B1.5.5): SP_main from {@code vtor}, the entry point from vtor + 4. */
    private boolean loadResetVector(int vtor, String what) {
        int sp;
        int entry;
        try {
            sp = core.bus.read32(vtor);
            entry = core.bus.read32(vtor + 4);
        } catch (BusErrorException e) {
            core.lockup(new StopReason.Lockup(String.format("%s at 0x%08X is not readable (%s)", what, vtor, e.getMessage())));
            return false;
        }
        core.setMsp(sp);
        core.thumb = (entry & 1) != 0;
        core.pc = entry & ~1;
        core.requestService();
        return true;
    }

    void setSystemResetHandler(Runnable handler) {
        this.systemResetHandler = handler;
    }

    /** SYSRESETREQ: the reset happens between instructions (so the requesting store completes); a debugger's, as its access completes. */
    void requestSystemReset() {
        if (debugAccess.deferResetToEndOfAccess()) return;
        core.scheduler.schedule(core.nowPicos(), now -> systemResetHandler.run());
        core.requestService();
    }

    /** VECTRESET, taken only in Debug state: a local reset at the end of the debugger's access that asked for it. */
    void requestLocalReset() {
        if (debugAccess.deferLocalResetToEndOfAccess()) return;
        core.scheduler.schedule(core.nowPicos(), now -> localReset());
        core.requestService();
    }

    /**
     * The local reset: the core's reset (registers, SCS, NVIC, reset vector, vector catch) with
     * VTOR back at the address the last system reset booted from (the part's INITVTOR), since the
     * board's boot logic (option bytes) runs only on a system reset; the peripherals and memories
     * of the system keep their state.
     */
    void localReset() {
        int vtor = bootVtor;
        coreReset();
        if (vtor != 0) bootFrom(vtor);
    }

    /** A system reset now (between instructions). */
    void systemResetNow() {
        systemResetHandler.run();
    }
}
