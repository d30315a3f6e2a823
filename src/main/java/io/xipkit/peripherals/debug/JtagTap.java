package io.xipkit.peripherals.debug;

/**
 * One TAP of a scan chain: its instruction register and the data register each instruction
 * selects. The chain ({@link JtagChain}) owns the controller state (all TAPs of a chain share TCK
 * and TMS, so they are always in the same state) and calls the capture, shift and update actions
 * of IEEE 1149.1 section 7-10 here.
 */
public abstract class JtagTap {
    /** The mandatory BYPASS instruction is all ones (IEEE 1149.1 section 8.4). */
    private final int irLength;
    private int instruction;
    private long irShift;
    private long drShift;
    private int drLength;

    protected JtagTap(int irLength) {
        if (irLength < 2 || irLength > 31) throw new IllegalArgumentException("IR length " + irLength);
        this.irLength = irLength;
        this.instruction = resetInstruction();
    }

    public final int irLength() {
        return irLength;
    }

    /** The instruction in effect (loaded at Update-IR, or at Test-Logic-Reset). */
    public final int instruction() {
        return instruction;
    }

    protected final int bypass() {
        return (1 << irLength) - 1;
    }

    /** Instruction selected in Test-Logic-Reset: IDCODE when the TAP has one (IEEE 1149.1 8.1.1). */
    protected abstract int resetInstruction();

    /** Value loaded into the IR shift stage in Capture-IR; its two low bits are 01 (IEEE 1149.1 7.1.1). */
    protected abstract int irCapture();

    protected abstract int drLength(int instruction);

    protected abstract long captureDr(int instruction);

    protected abstract void updateDr(int instruction, long value);

    final void testLogicReset() {
        instruction = resetInstruction();
    }

    final void captureIr() {
        irShift = irCapture();
    }

    final void updateIr() {
        instruction = (int) (irShift & bypass());
    }

    final void captureDr() {
        drLength = drLength(instruction);
        drShift = captureDr(instruction) & mask(drLength);
    }

    final void updateDr() {
        updateDr(instruction, drShift & mask(drLength));
    }

    /** The bit this TAP presents on its TDO while shifting. */
    final boolean out(boolean ir) {
        return ((ir ? irShift : drShift) & 1) != 0;
    }

    /** One shift: {@code tdi} enters at the most significant end; returns the bit leaving. */
    final boolean shift(boolean ir, boolean tdi) {
        int len = ir ? irLength : drLength;
        long reg = ir ? irShift : drShift;
        boolean out = (reg & 1) != 0;
        reg = (reg >>> 1) | (tdi ? 1L << (len - 1) : 0);
        if (ir) irShift = reg;
        else drShift = reg;
        return out;
    }

    private static long mask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }
}
