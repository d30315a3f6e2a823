package io.xipkit.cpu;

/**
 * MRS/MSR access to the special registers by SYSm number (DDI 0403E B5.1.1, B5.2.2, B5.2.3).
 */
final class SpecialRegisters {
    private SpecialRegisters() {}

    static final int MSP = 8, PSP = 9, PRIMASK = 16, BASEPRI = 17, BASEPRI_MAX = 18, FAULTMASK = 19,
            CONTROL = 20;

    static int read(Core c, int sysm) {
        if ((sysm >>> 3) == 0) {
            int v = 0;
            // EPSR (T and IT bits) always reads as zero through MRS.
            if ((sysm & 1) != 0) v |= c.ipsr;
            if ((sysm & 4) == 0) v |= c.apsr();
            return v;
        }
        boolean priv = c.privileged();
        switch (sysm) {
            case MSP: return priv ? c.msp() : 0;
            case PSP: return priv ? c.psp() : 0;
            case PRIMASK: return c.primask & 1;
            case BASEPRI:
            case BASEPRI_MAX: return c.basepri & 0xFF;
            case FAULTMASK: return c.faultmask & 1;
            case CONTROL: return c.control & (c.variant.hasFpu ? 7 : 3);
            default: return 0;
        }
    }

    static void write(Core c, int sysm, int mask, int value) {
        if ((sysm >>> 3) == 0) {
            if ((sysm & 4) == 0) {
                if ((mask & 2) != 0) {
                    c.n = value < 0;
                    c.z = (value & (1 << 30)) != 0;
                    c.c = (value & (1 << 29)) != 0;
                    c.v = (value & (1 << 28)) != 0;
                    c.q = (value & (1 << 27)) != 0;
                }
                if ((mask & 1) != 0) c.ge = (value >>> 16) & 0xF;
            }
            return;
        }
        if (!c.privileged()) return;
        switch (sysm) {
            case MSP: c.setMsp(value); break;
            case PSP: c.setPsp(value); break;
            case PRIMASK: c.primask = value & 1; c.exceptions.prioritiesChanged(); break;
            case BASEPRI: c.basepri = value & 0xFF; c.exceptions.prioritiesChanged(); break;
            case BASEPRI_MAX: {
                int v = value & 0xFF;
                if (v != 0 && (v < c.basepri || c.basepri == 0)) c.basepri = v;
                c.exceptions.prioritiesChanged();
                break;
            }
            case FAULTMASK:
                // Cannot be set when execution priority is already -1 or -2 (NMI / HardFault).
                if ((value & 1) == 0 || (c.ipsr != ExceptionNumber.NMI && c.ipsr != ExceptionNumber.HARD_FAULT)) {
                    c.faultmask = value & 1;
                }
                c.exceptions.prioritiesChanged();
                break;
            case CONTROL: {
                int newControl = c.control;
                newControl = (newControl & ~1) | (value & 1);
                if (c.ipsr == 0) newControl = (newControl & ~2) | (value & 2);
                if (c.variant.hasFpu) newControl = (newControl & ~4) | (value & 4);
                c.setModeAndControl(c.ipsr, newControl);
                break;
            }
            default:
                break;
        }
    }
}
