package io.xipkit.cpu.debug;

/**
 * The DCRSR REGSEL map (DDI 0403E C1.6.3, "Debug Core Register Selector Register, DCRSR"):
 * 0–12 R0–R12, 13 the current SP, 14 LR, 15 DebugReturnAddress, 16 xPSR, 17 MSP, 18 PSP,
 * 20 CONTROL/FAULTMASK/BASEPRI/PRIMASK packed into one word, 33 FPSCR, 64–95 S0–S31 (the last
 * two only with the FP extension). Other values are reserved: reads return 0, writes are ignored
 * (the architecture leaves them UNPREDICTABLE).
 */
public final class CoreRegisterPort {
    public static final int SP = 13, LR = 14, DEBUG_RETURN_ADDRESS = 15, XPSR = 16, MSP = 17, PSP = 18,
            SPECIALS = 20, FPSCR = 33, S0 = 64, S31 = 95;

    private final RegisterFile registers;

    public CoreRegisterPort(RegisterFile registers) {
        this.registers = registers;
    }

    /** True when {@code regsel} names a register this core has. */
    public boolean implemented(int regsel) {
        if (regsel >= 0 && regsel <= PSP || regsel == SPECIALS) return true;
        return registers.hasFpu() && (regsel == FPSCR || (regsel >= S0 && regsel <= S31));
    }

    public int read(int regsel) {
        if (!implemented(regsel)) return 0;
        if (regsel <= LR) return registers.general(regsel);
        if (regsel >= S0) return registers.single(regsel - S0);
        switch (regsel) {
            case DEBUG_RETURN_ADDRESS: return registers.debugReturnAddress();
            case XPSR: return registers.xpsr();
            case MSP: return registers.msp();
            case PSP: return registers.psp();
            case SPECIALS: return registers.specials();
            default: return registers.fpscr();
        }
    }

    public void write(int regsel, int value) {
        if (!implemented(regsel)) return;
        if (regsel <= LR) {
            registers.setGeneral(regsel, value);
        } else if (regsel >= S0) {
            registers.setSingle(regsel - S0, value);
        } else {
            switch (regsel) {
                case DEBUG_RETURN_ADDRESS: registers.setDebugReturnAddress(value); break;
                case XPSR: registers.setXpsr(value); break;
                case MSP: registers.setMsp(value); break;
                case PSP: registers.setPsp(value); break;
                case SPECIALS: registers.setSpecials(value); break;
                default: registers.setFpscr(value); break;
            }
        }
    }
}
