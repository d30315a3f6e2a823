package io.xipkit.cpu;

/**
 * The special-register instructions (DDI 0403E B5.2): MRS and MSR of the xPSR views, the stack
 * pointers, PRIMASK, BASEPRI, BASEPRI_MAX, FAULTMASK and CONTROL, and CPS. They change the
 * priority masks the {@link ExceptionUnit} preempts by, and tell it when they do.
 */
public final class SpecialRegisters {
    private final Core core;
    private final ExceptionUnit unit;

    SpecialRegisters(Core core, ExceptionUnit unit) {
        this.core = core;
        this.unit = unit;
    }

    /** MRS (B5.2.2): value of the special register selected by SYSm. */
    public int mrs(int sysm) {
        boolean priv = core.privileged();
        switch (sysm >>> 3) {
            case 0: {
                int v = 0;
                if ((sysm & 1) != 0) v |= core.ipsr;                 // IPSR included
                if ((sysm & 4) == 0) v |= core.apsr();               // APSR included; EPSR reads as zero
                return v;
            }
            case 1:
                if (!priv) return 0;
                if ((sysm & 7) == 0) return core.msp();
                if ((sysm & 7) == 1) return core.psp();
                return 0;
            case 2:
                switch (sysm & 7) {
                    case 0: return priv ? core.primask & 1 : 0;
                    case 1:
                    case 2: return priv ? core.basepri & 0xFF : 0;
                    case 3: return priv ? core.faultmask & 1 : 0;
                    case 4: return core.control & (core.variant.hasFpu ? 7 : 3);
                    default: return 0;
                }
            default:
                return 0;
        }
    }

    /** MSR (B5.2.3). {@code mask} is the instruction's mask field (bit 1 = nzcvq, bit 0 = g). */
    public void msr(int sysm, int mask, int value) {
        boolean priv = core.privileged();
        switch (sysm >>> 3) {
            case 0:
                if ((sysm & 4) == 0) {
                    if ((mask & 1) != 0) core.ge = (value >>> 16) & 0xF;
                    if ((mask & 2) != 0) core.setApsrNzcvq(value);
                }
                return;
            case 1:
                if (!priv) return;
                if ((sysm & 7) == 0) core.setMsp(value);
                else if ((sysm & 7) == 1) core.setPsp(value);
                return;
            case 2:
                if (!priv) return;
                switch (sysm & 7) {
                    case 0: core.primask = value & 1; break;
                    case 1: core.basepri = value & unit.priorityMask(); break;
                    case 2: setBasepriMax(value); break;
                    case 3: if (unit.executionPriority() > -1) core.faultmask = value & 1; break;
                    case 4: {
                        int c = (core.control & ~1) | (value & 1);
                        if (core.ipsr == 0) c = (c & ~2) | (value & 2);
                        if (core.variant.hasFpu) c = (c & ~4) | (value & 4);
                        core.setModeAndControl(core.ipsr, c);
                        break;
                    }
                    default: break;
                }
                unit.prioritiesChanged();
                return;
            default:
        }
    }

    /** MSR BASEPRI_MAX (B5.2.3): only raises the boosted priority (a smaller non-zero value). */
    public void setBasepriMax(int value) {
        int v = value & unit.priorityMask();
        if (core.privileged() && v != 0 && (v < (core.basepri & 0xFF) || (core.basepri & 0xFF) == 0)) {
            core.basepri = v;
            unit.prioritiesChanged();
        }
    }

    /** CPSIE/CPSID (B5.2.1). */
    public void cps(boolean disable, boolean affectPrimask, boolean affectFaultmask) {
        if (!core.privileged()) return;
        if (disable) {
            if (affectPrimask) core.primask = 1;
            if (affectFaultmask && unit.executionPriority() > -1) core.faultmask = 1;
        } else {
            if (affectPrimask) core.primask = 0;
            if (affectFaultmask) core.faultmask = 0;
        }
        unit.prioritiesChanged();
    }
}
