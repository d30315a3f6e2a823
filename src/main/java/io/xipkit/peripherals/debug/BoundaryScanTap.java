package io.xipkit.peripherals.debug;

/**
 * The STM32 boundary-scan TAP (IR length 5, RM0433 section 60.4.3 / RM0351 section 46.4.2): only
 * its IDCODE register and BYPASS are modelled. After Test-Logic-Reset it selects IDCODE; any other
 * instruction (SAMPLE, EXTEST... drive the pins, which no board model has) behaves as BYPASS.
 */
public final class BoundaryScanTap extends JtagTap {
    /** STM32H742/743/750/753 boundary-scan IDCODE (RM0433 60.4.3: 0x06450041). */
    public static final int IDCODE_STM32H7 = 0x0645_0041;
    /** STM32L47x/L48x boundary-scan IDCODE (RM0351 46.4.2: 0x06415041). */
    public static final int IDCODE_STM32L47X = 0x0641_5041;
    /** Stands for "IDCODE, as selected by Test-Logic-Reset": no opcode of ours selects it. */
    private static final int IDCODE_BY_RESET = -1;

    private final int idcode;

    public BoundaryScanTap(int idcode) {
        super(5);
        this.idcode = idcode;
    }

    @Override
    protected int resetInstruction() {
        return IDCODE_BY_RESET;
    }

    @Override
    protected int irCapture() {
        return 0b00001;
    }

    @Override
    protected int drLength(int instruction) {
        return instruction == IDCODE_BY_RESET ? 32 : 1;
    }

    @Override
    protected long captureDr(int instruction) {
        return instruction == IDCODE_BY_RESET ? idcode & 0xFFFF_FFFFL : 0;   // BYPASS captures 0 (IEEE 1149.1 10.1.1)
    }

    @Override
    protected void updateDr(int instruction, long value) {
        // IDCODE and BYPASS have no parallel output.
    }

    public int idcode() {
        return idcode;
    }
}
