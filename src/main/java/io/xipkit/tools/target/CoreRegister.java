package io.xipkit.tools.target;

/**
 * The core registers a debugger transfers through DCRSR/DCRDR, with their REGSEL values
 * (ARMv7-M Architecture Reference Manual, ARM DDI 0403E.b, C1.6.3 "Debug Core Register Selector
 * Register, DCRSR"). The four special registers share one selector and travel packed:
 * CONTROL in bits [31:24], FAULTMASK [23:16], BASEPRI [15:8], PRIMASK [7:0].
 */
public enum CoreRegister {
    R0(0), R1(1), R2(2), R3(3), R4(4), R5(5), R6(6), R7(7), R8(8), R9(9), R10(10), R11(11), R12(12),
    /** The current stack pointer (MSP or PSP by CONTROL.SPSEL and mode). */
    SP(13),
    LR(14),
    /** DebugReturnAddress: where execution resumes. */
    PC(15),
    XPSR(16),
    MSP(17),
    PSP(18),
    /** CONTROL, FAULTMASK, BASEPRI and PRIMASK packed (see the class comment). */
    SPECIAL(20),
    /** Only on a core with the FP extension. */
    FPSCR(0x21);

    /** The DCRSR.REGSEL value. */
    public final int selector;

    CoreRegister(int selector) {
        this.selector = selector;
    }

    /** REGSEL of single-precision register S{@code n} (0b1000000 + n; FP extension only). */
    public static int floatSelector(int n) {
        if (n < 0 || n > 31) throw new IllegalArgumentException("S" + n);
        return 0x40 + n;
    }

    /** R0..R15 by number. */
    public static CoreRegister general(int n) {
        return values()[n];
    }
}
