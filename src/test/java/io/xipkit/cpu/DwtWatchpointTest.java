package io.xipkit.cpu;

import static io.xipkit.cpu.debug.HaltingDebug.C_DEBUGEN;
import static io.xipkit.cpu.debug.HaltingDebug.DBGKEY;
import static io.xipkit.cpu.debug.HaltingDebug.DEMCR;
import static io.xipkit.cpu.debug.HaltingDebug.DFSR;
import static io.xipkit.cpu.debug.HaltingDebug.DHCSR;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugEvent;
import io.xipkit.cpu.debug.DebugEvent.DwtAccess;
import io.xipkit.cpu.debug.HaltingDebug;
import org.junit.jupiter.api.Test;

/** DWT comparators as watchpoints (DDI 0403E C1.8): address ranges, data values, PC matches. */
class DwtWatchpointTest {
    private static final int CODE = ExceptionTestRig.RESET_HANDLER;
    private static final int VAR = 0x20000400;
    private static final int COMP = 0xE0001020, MASK = 0xE0001024, FUNCTION = 0xE0001028;

    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;
    private final DebugAccess dap = core.debugAccess();

    /** LDR r1,=VAR+offset ; MOVS r0,#value ; STR r0,[r1] ; LDR r2,[r1] ; NOP ; B . */
    private void storeThenLoad(int offset, int value) {
        new ThumbCode().ldr(1, VAR + offset).movs(0, value).str(0, 1, 0).ldrImm(2, 1, 0).op(ThumbCode.NOP, ThumbCode.B_SELF)
                .placeAt(rig.bus, CODE);
    }

    private void watch(int n, int address, int mask, int function) {
        dap.write32(COMP + 16 * n, address);
        dap.write32(MASK + 16 * n, mask);
        dap.write32(FUNCTION + 16 * n, function);
    }

    private void debugger() {
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        dap.write32(DEMCR, HaltingDebug.TRCENA);
    }

    private static DebugEvent haltEvent(StopReason stop) {
        assertThat(stop).isInstanceOf(StopReason.Halted.class);
        return ((StopReason.Halted) stop).event();
    }

    @Test
    void aWriteWatchpointStopsAfterTheWritingInstruction() {
        storeThenLoad(0, 0x55);
        debugger();
        watch(0, VAR, 0, 6);
        DebugEvent e = haltEvent(core.run(100, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.DwtMatch(CODE + 6, 0, VAR, DwtAccess.WRITE));
        assertThat(rig.bus.read32(VAR)).isEqualTo(0x55);
        assertThat(dap.read32(DFSR)).isEqualTo(HaltingDebug.DFSR_DWTTRAP);
        assertThat(dap.read32(FUNCTION) & (1 << 24)).as("MATCHED").isNotZero();
        assertThat(dap.read32(FUNCTION) & (1 << 24)).as("cleared by the read").isZero();
    }

    @Test
    void aReadWatchpointIgnoresWritesAndCatchesTheLoad() {
        storeThenLoad(0, 0x55);
        debugger();
        watch(2, VAR, 0, 5);
        DebugEvent e = haltEvent(core.run(100, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.DwtMatch(CODE + 8, 2, VAR, DwtAccess.READ));
        assertThat(core.r[2]).isEqualTo(0x55);
    }

    @Test
    void theMaskWidensTheWatchedRangeAndAnyByteOfAnAccessMatches() {
        storeThenLoad(0x0C, 0x55);                                        // a word at VAR+12
        debugger();
        watch(1, VAR + 0x3, 0, 6);                                       // one byte: VAR+3, not touched
        assertThat(core.run(10, Long.MAX_VALUE)).isInstanceOf(StopReason.InstructionLimit.class);
        core.reset();
        watch(1, VAR, 4, 6);                                             // VAR..VAR+15
        assertThat(haltEvent(core.run(100, Long.MAX_VALUE))).isInstanceOf(DebugEvent.DwtMatch.class);
        core.reset();
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);                          // C_HALT survives the reset: resume
        watch(1, VAR + 0xE, 0, 6);                                       // a byte inside the word written
        assertThat(haltEvent(core.run(100, Long.MAX_VALUE))).isInstanceOf(DebugEvent.DwtMatch.class);
    }

    @Test
    void nothingMatchesWithoutTrcena() {
        storeThenLoad(0, 0x55);
        dap.write32(DHCSR, DBGKEY | C_DEBUGEN);
        watch(0, VAR, 0, 7);
        assertThat(core.run(10, Long.MAX_VALUE)).isInstanceOf(StopReason.InstructionLimit.class);
    }

    @Test
    void comparatorOneMatchesADataValueAtItsLinkedAddress() {
        storeThenLoad(0, 0x55);
        debugger();
        // Comparator 0 gives the address (FUNCTION 0); comparator 1 the value, word-sized, linked to 0.
        watch(0, VAR, 0, 0);
        dap.write32(COMP + 16, 0x66);
        dap.write32(FUNCTION + 16, (1 << 8) | (2 << 10) | (0 << 12) | (0 << 16) | 6);
        assertThat(core.run(10, Long.MAX_VALUE)).as("0x55 is not 0x66").isInstanceOf(StopReason.InstructionLimit.class);
        core.reset();
        dap.write32(COMP + 16, 0x55);
        assertThat(haltEvent(core.run(100, Long.MAX_VALUE))).isEqualTo(new DebugEvent.DwtMatch(CODE + 6, 1, VAR, DwtAccess.WRITE));
        assertThat(dap.read32(FUNCTION + 16) & (1 << 9)).as("LNK1ENA").isNotZero();
    }

    @Test
    void anUnlinkedValueComparatorWatchesEveryAddress() {
        storeThenLoad(0x40, 0x55);
        debugger();
        dap.write32(COMP + 16, 0x55);
        dap.write32(FUNCTION + 16, (1 << 8) | (0 << 10) | (1 << 12) | (1 << 16) | 6);   // byte, links name itself
        assertThat(haltEvent(core.run(100, Long.MAX_VALUE))).isEqualTo(
                new DebugEvent.DwtMatch(CODE + 6, 1, VAR + 0x40, DwtAccess.WRITE));
    }

    @Test
    void onlyComparatorOneHasDataValueMatching() {
        dap.write32(FUNCTION, (1 << 8) | 6);
        assertThat(dap.read32(FUNCTION)).isEqualTo(6);
    }

    @Test
    void aPcMatchStopsAfterTheInstruction() {
        storeThenLoad(0, 0x55);
        debugger();
        watch(3, CODE + 4, 0, 4);
        assertThat(haltEvent(core.run(100, Long.MAX_VALUE))).isEqualTo(
                new DebugEvent.DwtMatch(CODE + 6, 3, CODE + 4, DwtAccess.EXECUTE));
    }

    @Test
    void aWatchpointSetByFirmwareWithTheMonitorEnabledTakesDebugMonitor() {
        // Firmware: DEMCR = MON_EN | TRCENA, unlock the M7 DWT, COMP0 = VAR, FUNCTION0 = write; then write VAR.
        ThumbCode code = new ThumbCode()
                .ldr(1, DEMCR).ldr(0, HaltingDebug.MON_EN | HaltingDebug.TRCENA).str(0, 1, 0)
                .ldr(1, 0xE0001FB0).ldr(0, Dwt.UNLOCK_KEY).str(0, 1, 0)
                .ldr(1, COMP).ldr(0, VAR).str(0, 1, 0).movs(0, 6).str(0, 1, 8)
                .ldr(1, VAR).movs(0, 0x55).str(0, 1, 0);
        int after = CODE + code.offset();
        code.op(ThumbCode.NOP, ThumbCode.B_SELF).placeAt(rig.bus, CODE);
        new ThumbCode().movs(7, 0x4D).op(ThumbCode.B_SELF)
                .placeAt(rig.bus, ExceptionTestRig.handler(ExceptionNumber.DEBUG_MONITOR));
        core.run(40, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.DEBUG_MONITOR);
        assertThat(core.r[7]).isEqualTo(0x4D);
        assertThat(core.read32(DFSR)).isEqualTo(HaltingDebug.DFSR_DWTTRAP);
        assertThat(rig.bus.read32(core.r[13] + 24)).as("stacked PC: after the store").isEqualTo(after);
    }

    @Test
    void aWatchpointWithNeitherHaltingNorMonitorDebugIsIgnored() {
        storeThenLoad(0, 0x55);
        dap.write32(DEMCR, HaltingDebug.TRCENA);
        watch(0, VAR, 0, 6);
        assertThat(core.run(10, Long.MAX_VALUE)).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(core.ipsr).isZero();
        assertThat(core.read32(DFSR)).isZero();
    }
}
