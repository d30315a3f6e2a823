package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.peripherals.xspi.XspiTarget;
import io.xipkit.regs.Field;

/**
 * Rules for the controller's configuration that the hardware does not enforce (it clocks out
 * whatever its registers say) but that the reference manual and ST's HAL state; a command sent
 * while one is broken is reported to the board's {@link ModelWarnings}, because on silicon the
 * result is wrong data or marginal timing rather than an error flag:
 * <ul>
 *   <li>sample shifting with DDR: RM0433 Rev 8 §23.5.1 QUADSPI_CR.SSHIFT must be 0 in DDR mode
 *       (CCR.DDRM = 1); ST's HAL (stm32h7xx_hal_qspi.h, QSPI_InitTypeDef.SampleShifting) says the
 *       same. RM0477 "XSPI registers", XSPI_TCR.SSHIFT: software keeps it 0 when the data phase is DTR.</li>
 *   <li>DDR hold without DDR: RM0433 §23.5.6 QUADSPI_CCR.DHHC (RM0477 XSPI_TCR.DHQC) acts in DDR
 *       mode only; set without DDR it does nothing the firmware asked for.</li>
 *   <li>FSIZE larger than the memory: RM0433 §23.5.2 DCR.FSIZE gives 2^(FSIZE+1) bytes (in
 *       dual-flash mode both memories together); beyond the memory's size the memory ignores the
 *       high address bits, so the window and indirect accesses alias.</li>
 *   <li>a clock beyond the memory's datasheet limit for the command: CLK = kernel clock /
 *       (PRESCALER + 1) (RM0433 §23.5.1 CR.PRESCALER), compared with
 *       {@link XspiTarget#maxClockHz}.</li>
 * </ul>
 * The memory's own rules (dummy cycles fewer than its configured latency, a command in a
 * protocol it is not in) are the memory model's warnings, reported by the chip itself.
 */
final class CommandRules {
    private final SpiControllerEngine e;
    /** The front-end's SSHIFT and DDR-hold fields, looked up once (the front-end binds its registers after the engine exists). */
    private Field sshift, hold;
    private boolean fieldsResolved;

    CommandRules(SpiControllerEngine engine) {
        this.e = engine;
    }

    /** Checks the command about to go out on the lines. */
    void check(SpiCommand c) {
        if (!fieldsResolved) {
            sshift = e.sampleShiftField();
            hold = e.ddrHoldField();
            fieldsResolved = true;
        }
        ModelWarnings w = e.warnings;
        String src = e.name();
        boolean ddr = doubleRate(c);
        if (ddr && sshift != null && sshift.isSet()) {
            w.warn(src, "SSHIFT with DDR", String.format("%s = 1 with a double-rate command (%02Xh): sample shifting must be"
                    + " off in DDR/DTR mode (RM0433 23.5.1, ST HAL SampleShifting); data is sampled half a cycle late",
                    name(sshift), c.instruction()));
        }
        if (!ddr && hold != null && hold.isSet()) {
            w.warn(src, "DDR hold without DDR", String.format("%s = 1 with a single-rate command (%02Xh): the DDR hold"
                    + " delay acts only in DDR/DTR mode (RM0433 23.5.6)", name(hold), c.instruction()));
        }
        long attached = e.banks.attachedBytes(e.dualFlash(), e.flashSelect());
        if (attached > 0 && e.flashSize() > attached) {
            w.warn(src, "FSIZE larger than the memory", String.format("%s = %d declares %d bytes but the memory %s %d bytes:"
                    + " addresses beyond it wrap onto its start (RM0433 23.5.2)", e.sizeFieldName(), e.fsize.get(),
                    e.flashSize(), e.dualFlash() ? "pair holds" : "holds", attached));
        }
        checkClock(c, ddr, w, src);
    }

    private void checkClock(SpiCommand c, boolean ddr, ModelWarnings w, String src) {
        long kernel = e.kernelClockHz();
        if (kernel <= 0 || !c.hasInstruction()) return;
        long clk = kernel / (e.prescaler.get() + 1);
        for (int bank = 1; bank <= 2; bank++) {
            QuadspiFlash f = e.bankInUse(bank);
            if (f == null) continue;
            long max = f.target().maxClockHz(c.instruction(), ddr);
            if (max != XspiTarget.NO_CLOCK_LIMIT && clk > max) {
                w.warn(src, String.format("clock too fast for %02Xh", c.instruction()), String.format(
                        "command %02Xh%s clocked at %.1f MHz (kernel %.1f MHz / PRESCALER+1 = %d), the memory's datasheet"
                                + " limit is %.1f MHz: raise the prescaler", c.instruction(), ddr ? " (DTR)" : "", clk / 1e6,
                        kernel / 1e6, e.prescaler.get() + 1, max / 1e6));
                return;
            }
        }
    }

    /** Any phase at double rate (QUADSPI: DDRM puts address, alternate and data there; XSPI per phase). */
    private static boolean doubleRate(SpiCommand c) {
        return (c.hasInstruction() && c.instructionFormat().dtr()) || (c.hasAddress() && c.addressFormat().dtr())
                || (c.hasAlternate() && c.alternateFormat().dtr()) || (c.hasData() && c.dataFormat().dtr());
    }

    private static String name(Field f) {
        return f.register().name() + "." + f.name();
    }
}
