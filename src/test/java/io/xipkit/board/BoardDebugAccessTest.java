package io.xipkit.board;

import io.xipkit.TestBoards;
import static io.xipkit.cpu.debug.HaltingDebug.C_DEBUGEN;
import static io.xipkit.cpu.debug.HaltingDebug.C_HALT;
import static io.xipkit.cpu.debug.HaltingDebug.DBGKEY;
import static io.xipkit.cpu.debug.HaltingDebug.DCRDR;
import static io.xipkit.cpu.debug.HaltingDebug.DCRSR;
import static io.xipkit.cpu.debug.HaltingDebug.DEMCR;
import static io.xipkit.cpu.debug.HaltingDebug.DHCSR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.board.Board.ResetCause;
import io.xipkit.cpu.StopReason;
import io.xipkit.cpu.ThumbCode;
import io.xipkit.cpu.debug.CoreRegisterPort;
import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugBusException;
import io.xipkit.cpu.debug.DebugEvent;
import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;
import org.junit.jupiter.api.Test;

/** A debugger on a whole board: the probe's view of memory, reset halt, breakpoints in XIP code. */
class BoardDebugAccessTest {
    private static final int QSPI = 0x52005000, WINDOW = 0x90000000, RAM = 0x24000000;
    private final BoardCatalog catalog = TestBoards.catalog();

    /** A board whose vector table (flash) starts the core at {@code entry}, with code placed there. */
    private Board h750(ThumbCode code) {
        Board b = catalog.create("stm32h750-w25q128");
        b.loadSegment("vectors", 0x08000000, words(0x20020000, RAM | 1));
        b.loadSegment("code", RAM, code.bytes(RAM));
        b.reset();
        return b;
    }

    private static byte[] words(int... w) {
        byte[] b = new byte[4 * w.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (w[i / 4] >>> (8 * (i % 4)));
        return b;
    }

    /** QUADSPI memory-mapped mode with READ (03h) on one line (RM0433 QUADSPI_CR/DCR/CCR). */
    private static void memoryMapped(DebugAccess dap) {
        dap.write32(QSPI + 0x04, 23 << 16);                                 // DCR.FSIZE: 16 MiB
        dap.write32(QSPI + 0x00, (1 << 24) | 1);                            // CR: prescaler 1, EN
        dap.write32(QSPI + 0x14, 0x03 | (1 << 8) | (1 << 10) | (2 << 12) | (1 << 24) | (3 << 26));
    }

    private static DebugEvent haltEvent(StopReason stop) {
        assertThat(stop).isInstanceOf(StopReason.Halted.class);
        return ((StopReason.Halted) stop).event();
    }

    @Test
    void theFpbHasTheComparatorsOfTheCore() {
        DebugAccess m7 = catalog.create("stm32h750-w25q128").core().debugAccess();
        DebugAccess m4 = catalog.create("nucleo-l476rg").core().debugAccess();
        int ctrl7 = m7.read32(Fpb.BASE), ctrl4 = m4.read32(Fpb.BASE);
        assertThat((ctrl7 >>> 4) & 0xF).isEqualTo(8);
        assertThat((ctrl7 >>> 8) & 0xF).isZero();
        assertThat(ctrl7 >>> 28).as("FPB v2").isEqualTo(1);
        assertThat((ctrl4 >>> 4) & 0xF).isEqualTo(6);
        assertThat((ctrl4 >>> 8) & 0xF).isEqualTo(2);
        assertThat(ctrl4 >>> 28).as("FPB v1").isZero();
    }

    @Test
    void aDebugReadOfTheQuadspiWindowFailsUntilTheControllerMapsIt() {
        Board b = catalog.create("stm32h750-w25q128");
        b.loadSegment("app", WINDOW & 0xFFFFFFFFL, words(0xCAFEF00D, 0x12345678));
        b.reset();
        DebugAccess dap = b.core().debugAccess();
        assertThatThrownBy(() -> dap.read32(WINDOW)).isInstanceOf(DebugBusException.class)
                .hasMessageContaining("0x90000000");
        memoryMapped(dap);                                                  // register writes take effect
        byte[] got = new byte[8];
        dap.read(WINDOW, got, 0, 8);
        assertThat(got).isEqualTo(words(0xCAFEF00D, 0x12345678));
        assertThat(dap.read16(WINDOW + 2)).isEqualTo(0xCAFE);
    }

    @Test
    void debugWritesReachRamAndTheCoreRunsWhatWasWritten() {
        Board b = h750(new ThumbCode().op(ThumbCode.B_SELF));
        DebugAccess dap = b.core().debugAccess();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        b.core().run(1, Long.MAX_VALUE);
        dap.write(RAM, new ThumbCode().movs(3, 42).op(ThumbCode.B_SELF).bytes(RAM), 0, 4);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        b.core().run(5, Long.MAX_VALUE);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        dap.write32(DCRSR, 3);
        assertThat(dap.read32(DCRDR)).isEqualTo(42);
    }

    @Test
    void resetHaltStopsOnTheResetHandlersFirstInstruction() {
        Board b = h750(new ThumbCode().adds(0, 1).branchBack(1));
        DebugAccess dap = b.core().debugAccess();
        b.core().run(100, Long.MAX_VALUE);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        dap.write32(DEMCR, HaltingDebug.VC_CORERESET);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        b.reset(ResetCause.PIN);
        assertThat(haltEvent(b.core().run(100, Long.MAX_VALUE))).isEqualTo(new DebugEvent.VectorCatch(RAM, 1));
        dap.write32(DCRSR, CoreRegisterPort.DEBUG_RETURN_ADDRESS);
        assertThat(dap.read32(DCRDR)).isEqualTo(RAM);
        dap.write32(DCRSR, CoreRegisterPort.MSP);
        assertThat(dap.read32(DCRDR)).isEqualTo(0x20020000);
        // The same through AIRCR.SYSRESETREQ written by the debugger: a software reset of the board.
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        b.core().run(100, Long.MAX_VALUE);
        dap.write32(0xE000ED0C, 0x05FA0004);
        assertThat(b.lastResetCause()).isEqualTo(ResetCause.SOFTWARE);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_HALT).isNotZero();
        assertThat(haltEvent(b.core().run(100, Long.MAX_VALUE))).isEqualTo(new DebugEvent.VectorCatch(RAM, 1));
    }

    /**
     * AIRCR.VECTRESET written by a debugger while the core is halted (DDI 0403E B3.2.6): a local
     * reset of the core only. The registers go back to their reset values and the reset vector
     * catch halts on the Reset_Handler again, while a peripheral (GPIOI's ODR, RM0433 11.4.6) keeps
     * what the program wrote; SYSRESETREQ resets it. Written by software (not halted) it does nothing.
     */
    @Test
    void vectresetResetsTheCoreButNotThePeripheralsAndOnlyInDebugState() {
        final int gpioiOdr = 0x58022000 + 0x14, aircr = 0xE000ED0C;
        Board b = h750(new ThumbCode().ldr(0, gpioiOdr).movs(1, 0x5A).op(0x6001).movs(4, 99).op(ThumbCode.B_SELF));
        DebugAccess dap = b.core().debugAccess();
        dap.write32(0x580244E0, 1 << 8);                                      // RCC_AHB4ENR.GPIOIEN
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        b.core().run(100, Long.MAX_VALUE);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        assertThat(dap.read32(gpioiOdr)).isEqualTo(0x5A);
        dap.write32(DCRSR, 4);
        assertThat(dap.read32(DCRDR)).isEqualTo(99);
        dap.write32(DEMCR, HaltingDebug.VC_CORERESET);
        dap.read32(DHCSR);                                                    // clears S_RESET_ST
        dap.write32(aircr, 0x05FA0001);
        assertThat(b.lastResetCause()).as("no system reset").isEqualTo(ResetCause.POWER_ON);
        assertThat(dap.read32(DHCSR) & (HaltingDebug.S_RESET_ST | HaltingDebug.S_HALT)).isEqualTo(HaltingDebug.S_RESET_ST | HaltingDebug.S_HALT);
        dap.write32(DCRSR, 4);
        assertThat(dap.read32(DCRDR)).as("r4 after the local reset").isZero();
        dap.write32(DCRSR, CoreRegisterPort.DEBUG_RETURN_ADDRESS);
        assertThat(dap.read32(DCRDR)).isEqualTo(RAM);
        assertThat(dap.read32(gpioiOdr)).as("the GPIO keeps its output").isEqualTo(0x5A);

        // Not halted: the program's own VECTRESET write is ignored (UNPREDICTABLE, reserved for debug use).
        Board c = h750(new ThumbCode().ldr(0, aircr).ldr(1, 0x05FA0001).op(0x6001).movs(4, 7).op(ThumbCode.B_SELF));
        c.core().run(100, Long.MAX_VALUE);
        c.core().debugAccess().write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        c.core().debugAccess().write32(DCRSR, 4);
        assertThat(c.core().debugAccess().read32(DCRDR)).as("the program went on past its write").isEqualTo(7);

        // SYSRESETREQ resets the peripherals too.
        dap.write32(aircr, 0x05FA0004);
        assertThat(b.lastResetCause()).isEqualTo(ResetCause.SOFTWARE);
        assertThat(dap.read32(gpioiOdr)).isZero();
    }

    @Test
    void aBreakpointInTheQuadspiWindowHitsWhateverTheControllerMode() {
        // RAM code jumps into the window: LDR r0,=0x90000101 ; BX r0.
        Board b = h750(new ThumbCode().ldr(0, WINDOW + 0x101).op(0x4700));
        b.loadSegment("xip", (WINDOW + 0x100) & 0xFFFFFFFFL, new ThumbCode().movs(5, 7).op(ThumbCode.B_SELF).bytes(WINDOW + 0x100));
        DebugAccess dap = b.core().debugAccess();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        dap.write32(Fpb.BASE, 3);
        dap.write32(Fpb.BASE + Fpb.FP_COMP0, (WINDOW + 0x100) | 1);
        // Indirect mode (the window is not readable): the breakpoint still hits.
        assertThat(haltEvent(b.core().run(100, Long.MAX_VALUE))).isEqualTo(new DebugEvent.FpbMatch(WINDOW + 0x100, 0));
        // Memory-mapped mode: hits, and after removing it the XIP code runs.
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        b.reset(ResetCause.PIN);
        memoryMapped(dap);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        assertThat(haltEvent(b.core().run(100, Long.MAX_VALUE))).isEqualTo(new DebugEvent.FpbMatch(WINDOW + 0x100, 0));
        dap.write32(Fpb.BASE + Fpb.FP_COMP0, 0);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        b.core().run(10, Long.MAX_VALUE);
        assertThat(b.core().r[5]).isEqualTo(7);
    }
}
