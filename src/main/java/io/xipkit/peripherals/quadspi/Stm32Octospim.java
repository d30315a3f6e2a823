package io.xipkit.peripherals.quadspi;

import io.xipkit.regs.Access;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The STM32H7A3/B3 OCTOSPI I/O manager OCTOSPIM (RM0455 chapter 23; registers at 0x5200_B400):
 * per port, which controller drives CLK, DQS, NCS and the two IO nibbles (OCTOSPIM_PnCR), and the
 * multiplexed mode (OCTOSPIM_CR.MUXEN). Reset values: CR 0, P1CR 0x0301_0111 (everything from
 * OCTOSPI1, IO[3:0] and IO[7:4] in order), P2CR 0x0705_0333 (everything from OCTOSPI2), the values
 * ST's SVDs for the STM32H7A3/B3/B0 give; so at reset port n serves OCTOSPIn.
 *
 * <p>A port reaches a controller here when its clock and chip select are enabled and come from that
 * controller, and its enabled IO nibbles carry that controller's IO[3:0] (low) and IO[7:4] (high).
 * Modelling limits: other mixes (nibble swaps, IOs from one controller and CLK from the other) leave
 * the port unreached; MUXEN and REQ2ACK_TIME are stored, the time-multiplexed sharing of one port by
 * both controllers is not modelled; DQS routing is stored (DQS sampling is not modelled).
 */
public final class Stm32Octospim extends IoManager {
    private final Register p1cr, p2cr;

    public Stm32Octospim(PortRouting routing) {
        super(routing);
        RegisterBlock regs = RegisterBlock.builder("OCTOSPIM", REGISTERS_SIZE)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(0x00, "CR", r -> r
                        .bit("MUXEN", 0, Access.RW)
                        .field("REQ2ACK_TIME", 16, 8, Access.RW))
                .register(0x04, "P1CR", r -> portFields(r.reset(0x0301_0111)))
                .register(0x08, "P2CR", r -> portFields(r.reset(0x0705_0333)))
                .build();
        this.p1cr = regs.register("P1CR");
        this.p2cr = regs.register("P2CR");
        bind(regs);
    }

    private void portFields(RegisterBlock.RegisterSpec r) {
        r.bit("CLKEN", 0, Access.RW)
                .bit("CLKSRC", 1, Access.RW)
                .bit("DQSEN", 4, Access.RW)
                .bit("DQSSRC", 5, Access.RW)
                .bit("NCSEN", 8, Access.RW)
                .bit("NCSSRC", 9, Access.RW)
                .bit("IOLEN", 16, Access.RW)
                .field("IOLSRC", 17, 2, Access.RW)
                .bit("IOHEN", 24, Access.RW)
                .field("IOHSRC", 25, 2, Access.RW)
                .afterWrite(v -> updateRouting());
    }

    /** The controller (1 or 2) a port's configuration serves, or 0. */
    static int controllerOf(int pcr) {
        boolean clk = (pcr & 1) != 0, ncs = (pcr >>> 8 & 1) != 0;
        if (!clk || !ncs) return 0;
        int c = pcr >>> 1 & 1;
        if ((pcr >>> 9 & 1) != c) return 0;
        boolean iol = (pcr >>> 16 & 1) != 0, ioh = (pcr >>> 24 & 1) != 0;
        int iolsrc = pcr >>> 17 & 3, iohsrc = pcr >>> 25 & 3;
        // IOxSRC: bit 1 the controller, bit 0 its low (0) or high (1) nibble.
        if (iol && iolsrc != (c << 1)) return 0;
        if (ioh && iohsrc != (c << 1 | 1)) return 0;
        return iol || ioh ? c + 1 : 0;
    }

    @Override
    void updateRouting() {
        int port1 = controllerOf(p1cr.get()), port2 = controllerOf(p2cr.get());
        routing().route(port1 == 1 ? 1 : port2 == 1 ? 2 : 0, port1 == 2 ? 1 : port2 == 2 ? 2 : 0);
    }
}
