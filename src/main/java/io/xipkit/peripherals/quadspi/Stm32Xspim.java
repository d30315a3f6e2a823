package io.xipkit.peripherals.quadspi;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The STM32H7R/S XSPI I/O manager XSPIM (RM0477 "XSPI I/O manager (XSPIM)"; XSPIM_CR at 0x5200_B400, reset 0):
 * MODE selects direct mode (XSPI1 on port 1, XSPI2 on port 2, the reset routing) or swapped mode
 * (XSPI1 on port 2, XSPI2 on port 1); MUXEN multiplexes both controllers over one port;
 * CSSEL_OVR_EN/O1/O2 override the controllers' chip-select choice; REQ2ACK_TIME paces the
 * multiplexed arbitration. Field positions agree with ST's STM32H7R/S SVD (stm32-rs) and ST's
 * STM32CubeH7RS XSPIM swapped-mode example.
 *
 * <p>Modelling limits: MUXEN, CSSEL_OVR_* and REQ2ACK_TIME are stored; the time-multiplexed sharing
 * of one port is not modelled (routing follows MODE alone).
 */
public final class Stm32Xspim extends IoManager {
    private final Field mode;

    public Stm32Xspim(PortRouting routing) {
        super(routing);
        RegisterBlock regs = RegisterBlock.builder("XSPIM", REGISTERS_SIZE)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(0x00, "CR", r -> r
                        .bit("MUXEN", 0, Access.RW)
                        .bit("MODE", 1, Access.RW)
                        .bit("CSSEL_OVR_EN", 4, Access.RW)
                        .bit("CSSEL_OVR_O1", 5, Access.RW)
                        .bit("CSSEL_OVR_O2", 6, Access.RW)
                        .field("REQ2ACK_TIME", 16, 8, Access.RW)
                        .afterWrite(v -> updateRouting()))
                .build();
        this.mode = regs.field("CR", "MODE");
        bind(regs);
    }

    @Override
    void updateRouting() {
        if (mode.isSet()) routing().route(2, 1);
        else routing().route(1, 2);
    }
}
