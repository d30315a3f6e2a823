package io.xipkit.cpu.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The debug components' register blocks on their own: reset values, access types, reserved bits. */
class DebugRegisterBlocksTest {
    private final List<String> changes = new ArrayList<>();

    @Test
    void dwtComparatorFieldsFollowC18() {
        DwtComparators d = new DwtComparators(() -> changes.add("changed"));
        assertThat(d.read(0x38, 4)).as("FUNCTION1 resets with LNK1ENA").isEqualTo(1 << 9);
        d.write(0x24, 4, 0xFFFFFFFF);
        assertThat(d.read(0x24, 4)).as("MASK[4:0]").isEqualTo(0x1F);
        d.write(0x28, 4, 0xFFFFFFFF);
        assertThat(d.read(0x28, 4)).as("FUNCTION0: FUNCTION, EMITRANGE, CYCMATCH").isEqualTo(0xAF);
        d.write(0x38, 4, 0xFFFFFFFF);
        assertThat(d.read(0x38, 4)).as("FUNCTION1: value-match fields, MATCHED read-only")
                .isEqualTo(0x000FFF2F);
        assertThat(changes).hasSize(3);
        d.powerOnReset();
        assertThat(d.read(0x28, 4)).isZero();
    }

    @Test
    void dwtRangesAreTheMaskedComparatorAddresses() {
        DwtComparators d = new DwtComparators(() -> { });
        d.write(0x20, 4, 0x20000123);
        d.write(0x24, 4, 4);
        d.write(0x28, 4, 7);
        assertThat(d.watchedRanges()).containsExactly(0x20000120L, 0x20000130L);
        assertThat(d.dataAccess(0x2000011E, 4, true, 0)).as("bytes 0x120, 0x121 are inside").isZero();
        assertThat(d.dataAccess(0x2000011C, 4, false, 0)).isEqualTo(-1);
    }

    @Test
    void fpbVersion2ComparatorsHoldAnyAddress() {
        Fpb f = Fpb.cortexM7(() -> changes.add("changed"));
        f.write(Fpb.FP_COMP0, 4, 0x90001235, true);
        assertThat(f.read(Fpb.FP_COMP0, 4)).isEqualTo(0x90001235);
        f.write(Fpb.FP_CTRL, 4, 3, true);
        assertThat(f.breakpointAt(0x90001234)).isZero();
        assertThat(f.breakpointAt(0x90001236)).isEqualTo(-1);
        assertThat(f.read(Fpb.FP_COMP0 + 4 * 8, 4)).as("no ninth comparator").isZero();
    }

    @Test
    void fpbVersion1RemapTableLivesInSram() {
        Fpb f = Fpb.cortexM4(() -> { });
        f.write(Fpb.FP_REMAP, 4, 0xFFFFFFFF, false);
        assertThat(f.read(Fpb.FP_REMAP, 4)).isEqualTo(0x3FFFFFE0);
        f.write(Fpb.FP_REMAP, 4, 0x20001000, false);
        f.write(Fpb.FP_COMP0 + 4, 4, 0x00000401, false);
        f.write(Fpb.FP_CTRL, 4, 3, false);
        assertThat(f.remapFetch(0x402)).isEqualTo(0x20001006);
        assertThat(f.remapFetch(0x404)).isEqualTo(0x404);
        assertThat(f.remapLiteral(0x400)).as("instruction comparators do not remap data").isEqualTo(0x400);
    }

    @Test
    void reservedRegisterSelectorsReadZeroAndIgnoreWrites() {
        int[] regs = new int[16];
        RegisterFile file = new RegisterFile() {
            @Override public int general(int n) { return regs[n]; }
            @Override public void setGeneral(int n, int value) { regs[n] = value; }
            @Override public int debugReturnAddress() { return regs[15]; }
            @Override public void setDebugReturnAddress(int value) { regs[15] = value; }
            @Override public int xpsr() { return 1 << 24; }
            @Override public void setXpsr(int value) { }
            @Override public int msp() { return 0; }
            @Override public void setMsp(int value) { }
            @Override public int psp() { return 0; }
            @Override public void setPsp(int value) { }
            @Override public int specials() { return 0; }
            @Override public void setSpecials(int value) { }
            @Override public boolean hasFpu() { return false; }
            @Override public int fpscr() { return -1; }
            @Override public void setFpscr(int value) { }
            @Override public int single(int n) { return -1; }
            @Override public void setSingle(int n, int value) { }
        };
        CoreRegisterPort port = new CoreRegisterPort(file);
        port.write(3, 99);
        port.write(CoreRegisterPort.DEBUG_RETURN_ADDRESS, 0x800);
        assertThat(port.read(3)).isEqualTo(99);
        assertThat(port.read(15)).isEqualTo(0x800);
        assertThat(port.read(19)).as("reserved").isZero();
        assertThat(port.read(CoreRegisterPort.FPSCR)).as("no FPU").isZero();
        assertThat(port.read(CoreRegisterPort.S0)).as("no FPU").isZero();
        assertThat(port.implemented(CoreRegisterPort.S31)).isFalse();
    }
}
