package io.xipkit.board;

import io.xipkit.peripherals.debug.JtagChain;
import io.xipkit.peripherals.debug.Stm32DebugPorts;
import io.xipkit.peripherals.stm32.Stm32Dbgmcu;

/**
 * The board's JTAG connector: the chip's scan chain on the core's debug access, with nSRST wired
 * to the MCU's NRST pin (a pin reset: debug registers survive it, so VC_CORERESET halts the core at
 * the reset vector; ARMv7-M C1.4). The core does not run while nSRST is held.
 */
public final class BoardDebugPort {
    private BoardDebugPort() {
    }

    /** @throws BoardException when the board's chip has no modelled JTAG port (no STM32 DBGMCU) */
    public static JtagChain jtag(Board board) {
        JtagChain.SystemReset srst = new JtagChain.SystemReset() {
            @Override
            public void asserted() {
                board.reset(Board.ResetCause.PIN);
            }

            @Override
            public void released() {
                // The core restarts from the reset state it was put in when the pin went low.
            }
        };
        for (Object m : board.models().values()) {
            if (m instanceof Stm32Dbgmcu d) {
                return d.family() == Stm32Dbgmcu.Family.H7
                        ? Stm32DebugPorts.stm32h7(board.core().debugAccess(), srst)
                        : Stm32DebugPorts.stm32l47x(board.core().debugAccess(), d, srst);
            }
        }
        throw new BoardException("board " + board.id() + " has no JTAG port model (only the STM32H7 and STM32L4 boards have one)");
    }
}
