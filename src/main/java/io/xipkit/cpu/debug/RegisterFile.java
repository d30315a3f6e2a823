package io.xipkit.cpu.debug;

/**
 * The core's architectural registers as a debugger reaches them through DCRSR/DCRDR. The core
 * implements it; {@link CoreRegisterPort} maps the DCRSR REGSEL values onto it.
 */
public interface RegisterFile {
    /** R0–R14 (R13 is the current stack pointer). */
    int general(int n);

    void setGeneral(int n, int value);

    /** DebugReturnAddress: the address of the next instruction to execute (C1.6.3). */
    int debugReturnAddress();

    void setDebugReturnAddress(int value);

    int xpsr();

    void setXpsr(int value);

    int msp();

    void setMsp(int value);

    int psp();

    void setPsp(int value);

    /** CONTROL[31:24], FAULTMASK[23:16], BASEPRI[15:8], PRIMASK[7:0] in one word. */
    int specials();

    void setSpecials(int value);

    boolean hasFpu();

    int fpscr();

    void setFpscr(int value);

    int single(int n);

    void setSingle(int n, int value);
}
