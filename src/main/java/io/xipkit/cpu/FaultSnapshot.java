package io.xipkit.cpu;

/**
 * The state of a fault at the moment it was reported: the faulting context's registers, the
 * stacked exception frame and the fault status registers (DDI 0403E B3.2.15–B3.2.18).
 * Arrays are private copies; do not modify them.
 *
 * @param exception    exception number of the handler running (or that locked up)
 * @param cause        one line naming the fault as the model saw it
 * @param registers    R0–R15 of the faulting context (R13 = SP before stacking, R15 = faulting PC)
 * @param xpsr         xPSR of the faulting context
 * @param frameValid   whether {@code frame} holds a stacked frame
 * @param frameAddress address of the stacked frame
 * @param frame        the eight stacked words: R0, R1, R2, R3, R12, LR, ReturnAddress, xPSR
 * @param excReturn    EXC_RETURN value the handler was entered with
 */
public record FaultSnapshot(int exception, String cause, int[] registers, int xpsr,
                            boolean frameValid, int frameAddress, int[] frame, int excReturn,
                            int cfsr, int hfsr, int dfsr, int mmfar, int bfar, int afsr) {

    public int faultingPc() {
        return registers[15];
    }
}
