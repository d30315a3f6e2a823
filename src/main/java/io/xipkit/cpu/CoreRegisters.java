package io.xipkit.cpu;

/**
 * The architectural register state of an ARMv7-M core (DDI 0403E B1.4 "Registers"): R0–R15, the
 * program status registers, the special-purpose registers, the banked stack pointers and the FP
 * registers, with the flag, condition and mode helpers the ops use. Fields are public because
 * the ops read and write them directly on the hot path. {@link Core} adds the run loop, the
 * memory path and the system around it.
 */
public abstract class CoreRegisters {
    /** R0–R15. R13 is the active stack pointer; R15 holds this instruction's address + 4. */
    public final int[] r = new int[16];
    /** Address of the executing instruction. */
    public int pc;
    /** Where execution continues after the executing instruction; branches overwrite it. */
    public int nextPc;
    public boolean n, z, c, v, q;
    /** APSR.GE[3:0]. */
    public int ge;
    /** ITSTATE for the next instruction (architectural EPSR.IT). */
    public int itState;
    /** ITSTATE of the executing instruction: non-zero inside an IT block. */
    public int curIt;
    /** EPSR.T. Cleared by an interworking branch to an even address: the next instruction faults. */
    public boolean thumb = true;
    /** IPSR: the active exception number, 0 in Thread mode. */
    public int ipsr;
    public int primask, faultmask, basepri;
    /** CONTROL: bit0 nPRIV, bit1 SPSEL, bit2 FPCA. */
    public int control;
    /** The banked stack pointer that is not currently R13 (PSP when MSP is active and vice versa). */
    public int otherSp;

    /** FP registers S0–S31 (D0–D15 are pairs: D[n] = S[2n+1]:S[2n]). */
    public final int[] s = new int[32];
    public int fpscr;

    /** Local exclusive monitor (DDI 0403E A3.4.1). */
    public boolean exclusiveOpen;
    public int exclusiveAddress;

    /** CCR.UNALIGN_TRP and CCR.DIV_0_TRP, mirrored here for the hot path. */
    public boolean unalignTrap, divByZeroTrap;

    /** The register values TakeReset leaves (DDI 0403E B1.5.5) before it reads the vector table; LR reads 0xFFFFFFFF. */
    void resetRegisterFile() {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(s, 0);
        n = z = c = v = q = false;
        ge = 0;
        itState = 0;
        curIt = 0;
        ipsr = 0;
        primask = faultmask = basepri = 0;
        control = 0;
        otherSp = 0;
        fpscr = 0;
        exclusiveOpen = false;
        r[14] = 0xFFFFFFFF;
    }

    // ================================================================================================
    // Flags and conditions
    // ================================================================================================

    /** ConditionPassed for a 4-bit condition code (DDI 0403E A7.3.1). */
    public boolean conditionPassed(int cond) {
        switch (cond & 0xF) {
            case 0x0: return z;
            case 0x1: return !z;
            case 0x2: return c;
            case 0x3: return !c;
            case 0x4: return n;
            case 0x5: return !n;
            case 0x6: return v;
            case 0x7: return !v;
            case 0x8: return c && !z;
            case 0x9: return !c || z;
            case 0xA: return n == v;
            case 0xB: return n != v;
            case 0xC: return !z && n == v;
            case 0xD: return z || n != v;
            default: return true;
        }
    }

    public void setNZ(int result) {
        n = result < 0;
        z = result == 0;
    }

    /** AddWithCarry with flag update (DDI 0403E A2.2.1). */
    public int addWithCarryFlags(int x, int y, boolean carryIn) {
        int ci = carryIn ? 1 : 0;
        int result = x + y + ci;
        n = result < 0;
        z = result == 0;
        long unsignedSum = (x & 0xFFFFFFFFL) + (y & 0xFFFFFFFFL) + ci;
        c = (unsignedSum >>> 32) != 0;
        v = ((x ^ result) & (y ^ result)) < 0;
        return result;
    }

    public int apsr() {
        return (n ? 1 << 31 : 0) | (z ? 1 << 30 : 0) | (c ? 1 << 29 : 0) | (v ? 1 << 28 : 0)
                | (q ? 1 << 27 : 0) | (ge << 16);
    }

    public void setApsrNzcvq(int value) {
        n = value < 0;
        z = (value & (1 << 30)) != 0;
        c = (value & (1 << 29)) != 0;
        v = (value & (1 << 28)) != 0;
        q = (value & (1 << 27)) != 0;
    }

    /** xPSR as stacked on exception entry: APSR | EPSR (IT, T) | IPSR. */
    public int xpsr() {
        int it = itState;
        return apsr() | ((it & 3) << 25) | ((it >>> 2) << 10) | (thumb ? 1 << 24 : 0) | ipsr;
    }

    public void setXpsr(int value) {
        setApsrNzcvq(value);
        ge = (value >>> 16) & 0xF;
        itState = ((value >>> 25) & 3) | (((value >>> 10) & 0x3F) << 2);
        thumb = (value & (1 << 24)) != 0;
        ipsr = value & 0x1FF;
    }

    // ================================================================================================
    // Stack pointers and modes
    // ================================================================================================

    public boolean handlerMode() {
        return ipsr != 0;
    }

    public boolean privileged() {
        return ipsr != 0 || (control & 1) == 0;
    }

    /** True when R13 is the process stack pointer (Thread mode with CONTROL.SPSEL = 1). */
    public boolean usingPsp() {
        return ipsr == 0 && (control & 2) != 0;
    }

    public int msp() {
        return usingPsp() ? otherSp : r[13];
    }

    public int psp() {
        return usingPsp() ? r[13] : otherSp;
    }

    public void setMsp(int value) {
        if (usingPsp()) otherSp = value & ~3;
        else r[13] = value & ~3;
    }

    public void setPsp(int value) {
        if (usingPsp()) r[13] = value & ~3;
        else otherSp = value & ~3;
    }

    /** Changes mode and/or CONTROL, swapping banked stack pointers as the selection changes. */
    public void setModeAndControl(int newIpsr, int newControl) {
        boolean wasPsp = usingPsp();
        ipsr = newIpsr;
        control = newControl;
        if (usingPsp() != wasPsp) {
            int t = r[13];
            r[13] = otherSp;
            otherSp = t;
        }
        privilegeChanged();
    }

    /** The privilege or mode changed: the memory path picks its access context again. */
    abstract void privilegeChanged();
}
