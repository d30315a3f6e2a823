package io.xipkit.cpu;

/**
 * The most recent fault-handler entry (its stacked frame, R4–R11, EXC_RETURN and cause) and the
 * lockup snapshot, from which {@link FaultSnapshot}s are built for reports and debuggers.
 */
final class FaultRecord {
    private final Core core;
    private final ExceptionUnit unit;
    final int[] lastFrame = new int[8];
    private final int[] lastR4to11 = new int[8];
    private int lastFrameAddress;
    private int lastFrameSp;
    private int lastExcReturn;
    private int lastFaultException;
    private boolean lastFrameValid;
    /** Cause of the fault being taken, reported in the snapshot. */
    String cause = "";
    FaultSnapshot lockupSnapshot;

    FaultRecord(Core core, ExceptionUnit unit) {
        this.core = core;
        this.unit = unit;
    }

    void reset() {
        lastFrameValid = false;
        cause = "";
        lockupSnapshot = null;
    }

    void recordFaultEntry(int e, int frame, int frameSize, int alignBit, int excReturn) {
        lastFrameValid = true;
        lastFaultException = e;
        lastFrameAddress = frame;
        lastFrameSp = frame + frameSize + 4 * alignBit;
        lastExcReturn = excReturn;
        System.arraycopy(core.r, 4, lastR4to11, 0, 8);
    }

    /** The fault state as of the most recent fault-handler entry (or the current state if none). */
    FaultSnapshot faultSnapshot() {
        Scb s = unit.scb();
        if (!lastFrameValid) return snapshotOfCurrentState("no fault handler entry recorded");
        int[] regs = new int[16];
        regs[0] = lastFrame[0];
        regs[1] = lastFrame[1];
        regs[2] = lastFrame[2];
        regs[3] = lastFrame[3];
        System.arraycopy(lastR4to11, 0, regs, 4, 8);
        regs[12] = lastFrame[4];
        regs[13] = lastFrameSp;
        regs[14] = lastFrame[5];
        regs[15] = lastFrame[6];
        return new FaultSnapshot(core.ipsr != 0 ? core.ipsr : lastFaultException, cause, regs, lastFrame[7],
                true, lastFrameAddress, lastFrame.clone(), lastExcReturn,
                s.cfsr(), s.hfsr(), core.debug().dfsr(), s.mmfar(), s.bfar(), s.afsr());
    }

    /** The snapshot taken when the core last locked up, or null. */
    public FaultSnapshot lockupSnapshot() {
        return lockupSnapshot;
    }

    FaultSnapshot snapshotOfCurrentState(String cause) {
        Scb s = unit.scb();
        int[] regs = core.r.clone();
        regs[15] = core.pc;
        return new FaultSnapshot(core.ipsr, cause, regs, core.xpsr(), lastFrameValid, lastFrameAddress,
                lastFrame.clone(), lastExcReturn, s.cfsr(), s.hfsr(), core.debug().dfsr(), s.mmfar(), s.bfar(), s.afsr());
    }
}
