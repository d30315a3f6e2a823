package io.xipkit.cpu.debug;

/**
 * Memory access as a debug probe makes it (the MEM-AP of an ARM Debug Interface, ADIv5): 8, 16
 * and 32-bit and block accesses to the whole system address space, including the Private
 * Peripheral Bus (DHCSR, DCRSR, DCRDR, DEMCR, FPB, DWT, AIRCR ...). Accesses are privileged, not
 * checked by the MPU and not subject to the CoreSight software locks; they go through the same
 * system bus as the core, so they see what the core would see: a read of a QUADSPI window that
 * is not memory-mapped fails, and a write to a flash controller's registers has its effect.
 * Failures throw {@link DebugBusException}. Writes drop the core's decoded copies of the bytes.
 *
 * <p>Everything a debugger does goes through these accesses, exactly as through a probe:
 * <pre>{@code
 * DebugAccess dap = core.debugAccess();
 * // halt: key | C_DEBUGEN | C_HALT (between run() calls this takes effect at once)
 * dap.write32(HaltingDebug.DHCSR, HaltingDebug.DBGKEY | HaltingDebug.C_DEBUGEN | HaltingDebug.C_HALT);
 * // read R0: select it in DCRSR, wait for S_REGRDY, read DCRDR
 * dap.write32(HaltingDebug.DCRSR, 0);
 * while ((dap.read32(HaltingDebug.DHCSR) & HaltingDebug.S_REGRDY) == 0) { }
 * int r0 = dap.read32(HaltingDebug.DCRDR);
 * // hardware breakpoint at 0x90001234 on a Cortex-M7 (FPB v2): FP_CTRL key|enable, FP_COMP0 = address|BE
 * dap.write32(Fpb.BASE + Fpb.FP_CTRL, 3);
 * dap.write32(Fpb.BASE + Fpb.FP_COMP0, 0x90001234 | 1);
 * // resume: key | C_DEBUGEN, then run until the core halts again
 * dap.write32(HaltingDebug.DHCSR, HaltingDebug.DBGKEY | HaltingDebug.C_DEBUGEN);
 * StopReason stop = core.run(Long.MAX_VALUE, Long.MAX_VALUE);   // StopReason.Halted(FpbMatch ...)
 * }</pre>
 * "Reset halt": set DEMCR.VC_CORERESET, then reset the system (AIRCR.SYSRESETREQ, or the board's
 * pin reset); the core is halted on the reset handler's first instruction.
 */
public interface DebugAccess {
    int read8(int address);

    int read16(int address);

    int read32(int address);

    void write8(int address, int value);

    void write16(int address, int value);

    void write32(int address, int value);

    /** Reads {@code length} bytes from {@code address} into {@code into[offset...]}. */
    void read(int address, byte[] into, int offset, int length);

    /** Writes {@code length} bytes of {@code from[offset...]} at {@code address}. */
    void write(int address, byte[] from, int offset, int length);
}
