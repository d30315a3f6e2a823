package io.xipkit.cpu;

import static io.xipkit.cpu.debug.HaltingDebug.C_DEBUGEN;
import static io.xipkit.cpu.debug.HaltingDebug.DBGKEY;
import static io.xipkit.cpu.debug.HaltingDebug.DFSR;
import static io.xipkit.cpu.debug.HaltingDebug.DHCSR;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugEvent;
import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;
import org.junit.jupiter.api.Test;

/** The FPB of DDI 0403E C1.11: version 2 on the Cortex-M7, version 1 with remap on the Cortex-M4. */
class FpbBreakpointTest {
    private static final int CODE = ExceptionTestRig.RESET_HANDLER;
    private static final int CTRL = Fpb.BASE + Fpb.FP_CTRL, REMAP = Fpb.BASE + Fpb.FP_REMAP, COMP0 = Fpb.BASE + Fpb.FP_COMP0;

    private static DebugEvent haltEvent(StopReason stop) {
        assertThat(stop).isInstanceOf(StopReason.Halted.class);
        return ((StopReason.Halted) stop).event();
    }

    /** MOVS r0,#1 ; MOVS r1,#2 ; MOVS r2,#3 ; B . */
    private static void threeMoves(ExceptionTestRig rig, int at) {
        new ThumbCode().movs(0, 1).movs(1, 2).movs(2, 3).op(ThumbCode.B_SELF).placeAt(rig.bus, at);
    }

    @Test
    void cortexM7HasFpbVersion2WithEightInstructionComparators() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        int ctrl = rig.core.debugAccess().read32(CTRL);
        assertThat((ctrl >>> 4) & 0xF | ((ctrl >>> 12) & 7) << 4).as("NUM_CODE").isEqualTo(8);
        assertThat((ctrl >>> 8) & 0xF).as("NUM_LIT").isZero();
        assertThat(ctrl >>> 28).as("REV").isEqualTo(1);
        assertThat(rig.core.debugAccess().read32(REMAP)).as("no remap").isZero();
    }

    @Test
    void cortexM4HasFpbVersion1WithSixCodeAndTwoLiteralComparators() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        int ctrl = rig.core.debugAccess().read32(CTRL);
        assertThat((ctrl >>> 4) & 0xF | ((ctrl >>> 12) & 7) << 4).as("NUM_CODE").isEqualTo(6);
        assertThat((ctrl >>> 8) & 0xF).as("NUM_LIT").isEqualTo(2);
        assertThat(ctrl >>> 28).as("REV").isZero();
        assertThat(rig.core.debugAccess().read32(REMAP) & (1 << 29)).as("RMPSPT").isNotZero();
    }

    @Test
    void anFpCtrlWriteWithoutKeyIsIgnored() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        DebugAccess dap = rig.core.debugAccess();
        dap.write32(CTRL, 1);
        assertThat(dap.read32(CTRL) & 1).isZero();
        dap.write32(CTRL, 3);
        assertThat(dap.read32(CTRL) & 1).isOne();
    }

    @Test
    void aVersion2BreakpointHaltsBeforeTheInstructionAtAnyAddress() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        int ram = 0x20000200;
        threeMoves(rig, ram);
        rig.core.pc = ram;
        DebugAccess dap = rig.core.debugAccess();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        rig.core.run(1, Long.MAX_VALUE);                                  // decoded before the comparator is set
        dap.write32(CTRL, 3);
        dap.write32(COMP0 + 4 * 7, (ram + 4) | 1);                      // the last comparator
        DebugEvent e = haltEvent(rig.core.run(100, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.FpbMatch(ram + 4, 7));
        assertThat(rig.core.r[1]).isEqualTo(2);
        assertThat(rig.core.r[2]).as("not executed").isZero();
        assertThat(dap.read32(DFSR)).isEqualTo(HaltingDebug.DFSR_BKPT);
        dap.write32(COMP0 + 4 * 7, 0);                                  // removed: the run goes on
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        rig.core.run(2, Long.MAX_VALUE);
        assertThat(rig.core.r[2]).isEqualTo(3);
    }

    @Test
    void aBreakpointOnMemoryThatCannotBeFetchedStillHits() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        DebugAccess dap = rig.core.debugAccess();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        dap.write32(CTRL, 3);
        dap.write32(COMP0, 0x90000000 | 1);                             // nothing answers there on the test bus
        rig.core.pc = 0x90000000;
        assertThat(haltEvent(rig.core.run(10, Long.MAX_VALUE))).isEqualTo(new DebugEvent.FpbMatch(0x90000000, 0));
    }

    @Test
    void aBreakpointWithoutDebugEscalatesToHardFault() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        threeMoves(rig, CODE);
        rig.write32(0xE0002FB0, Fpb.UNLOCK_KEY);                       // software unlocks the M7 FPB
        rig.write32(CTRL, 3);
        rig.write32(COMP0, (CODE + 2) | 1);
        rig.core.run(3, Long.MAX_VALUE);
        assertThat(rig.core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(DFSR)).isEqualTo(HaltingDebug.DFSR_BKPT);
        assertThat(rig.core.scs.scb().hfsr() & Scb.HFSR_DEBUGEVT).isNotZero();
    }

    @Test
    void theCortexM7SoftwareLockIgnoresSoftwareWritesButNotTheDebugger() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        rig.write32(CTRL, 3);
        assertThat(rig.read32(CTRL) & 1).isZero();
        assertThat(rig.read32(Fpb.BASE + Fpb.FP_LSR)).isEqualTo(3);
        rig.core.debugAccess().write32(CTRL, 3);
        assertThat(rig.read32(CTRL) & 1).isOne();
    }

    @Test
    void version1BreakpointsSelectTheLowerOrUpperHalfwordOfTheWord() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        threeMoves(rig, CODE);
        DebugAccess dap = rig.core.debugAccess();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        dap.write32(CTRL, 3);
        dap.write32(COMP0, (2 << 30) | CODE | 1);                       // REPLACE 10: upper halfword
        assertThat(haltEvent(rig.core.run(100, Long.MAX_VALUE)).pc()).isEqualTo(CODE + 2);
        dap.write32(COMP0, (1 << 30) | (CODE + 4) | 1);                 // REPLACE 01: lower halfword
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        assertThat(haltEvent(rig.core.run(100, Long.MAX_VALUE)).pc()).isEqualTo(CODE + 4);
    }

    @Test
    void version1ComparatorsCannotNameAddressesAboveTheCodeRegion() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        int ram = 0x20000200;
        threeMoves(rig, ram);
        rig.core.pc = ram;
        DebugAccess dap = rig.core.debugAccess();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        dap.write32(CTRL, 3);
        dap.write32(COMP0, (3 << 30) | ram | 1);
        assertThat(dap.read32(COMP0)).isEqualTo((3 << 30) | 0x200 | 1);  // COMP holds bits [28:2]
        assertThat(rig.core.run(10, Long.MAX_VALUE)).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(rig.core.r[2]).isEqualTo(3);
    }

    @Test
    void version1RemapsAnInstructionWordToTheTableInSram() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        threeMoves(rig, CODE);
        int table = 0x20000400;
        // Comparator 1's entry replaces the word at CODE+4 (MOVS r2,#3 ; B .) with MOVS r2,#9 ; B .
        rig.bus.write32(table + 4, (ThumbCode.B_SELF << 16) | 0x2209);
        rig.write32(REMAP, table);
        rig.write32(COMP0 + 4, (CODE + 4) | 1);                          // REPLACE 00: remap
        rig.write32(CTRL, 3);
        rig.core.run(10, Long.MAX_VALUE);
        assertThat(rig.core.r[2]).isEqualTo(9);
    }

    @Test
    void version1LiteralComparatorsRemapDataReads() {
        ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        int constant = 0x800;
        rig.bus.write32(constant, 0x11111111);
        new ThumbCode().ldr(1, constant).ldrImm(0, 1, 0).op(ThumbCode.B_SELF).placeAt(rig.bus, CODE);
        int table = 0x20000400;
        rig.bus.write32(table + 4 * 6, 0x22222222);                      // entry of comparator 6, the first literal one
        rig.write32(REMAP, table);
        rig.write32(COMP0 + 4 * 6, constant | 1);
        rig.write32(CTRL, 3);
        rig.core.run(10, Long.MAX_VALUE);
        assertThat(rig.core.r[0]).isEqualTo(0x22222222);
        rig.write32(CTRL, 2);                                           // FPB off: the flash value again
        assertThat(rig.read32(constant)).isEqualTo(0x11111111);
    }
}
