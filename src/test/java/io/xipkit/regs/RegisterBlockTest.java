package io.xipkit.regs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterBlockTest {

    /** A small QUADSPI-like block; the layout is illustrative, not the STM32 one. */
    static RegisterBlock sample(UnmappedPolicy policy) {
        return RegisterBlock.builder("QUADSPI", 0x40)
                .unmapped(policy)
                .register(0x00, "CR", r -> r.reset(0x0000_0300)
                        .bit("EN", 0, Access.RW)
                        .field("FTHRES", 8, 4, Access.RW)
                        .field("PRESCALER", 24, 8, Access.RW))
                .register(0x04, "DR")
                .register(0x08, "SR", r -> r.accessSizes(4)
                        .bit("TCF", 1, Access.RO)
                        .bit("BUSY", 5, Access.RO))
                .register(0x0C, "B8", r -> r.width(8).reset(0x5A))
                .register(0x0E, "H16", r -> r.width(16))
                .build();
    }

    @Test
    void narrowReadsExtractTheirByteLanes() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        b.write(0x04, 4, 0x4433_2211);
        assertThat(b.read(0x04, 1)).isEqualTo(0x11);
        assertThat(b.read(0x05, 1)).isEqualTo(0x22);
        assertThat(b.read(0x06, 1)).isEqualTo(0x33);
        assertThat(b.read(0x07, 1)).isEqualTo(0x44);
        assertThat(b.read(0x04, 2)).isEqualTo(0x2211);
        assertThat(b.read(0x06, 2)).isEqualTo(0x4433);
    }

    @Test
    void narrowWritesMergeIntoTheirByteLanesOnly() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        b.write(0x04, 4, 0x4433_2211);
        b.write(0x06, 1, 0xFFFF_FFAA); // upper bits of the bus value beyond the size are ignored
        assertThat(b.read(0x04, 4)).isEqualTo(0x44AA_2211);
        b.write(0x04, 2, 0xBEEF);
        assertThat(b.read(0x04, 4)).isEqualTo(0x44AA_BEEF);
    }

    @Test
    void narrowWriteToW1cClearsOnlyInItsLane() {
        RegisterBlock b = RegisterBlock.builder("P", 4)
                .register(0, "ISR", r -> r.reset(0x0101).field("A", 0, 8, Access.W1C).field("B", 8, 8, Access.W1C))
                .build();
        b.write(1, 1, 0x01);
        assertThat(b.read(0, 4)).isEqualTo(0x0001);
    }

    @Test
    void narrowReadOfRcClearsOnlyTheLanesRead() {
        RegisterBlock b = RegisterBlock.builder("P", 4)
                .register(0, "EV", r -> r.reset(0x0201).field("A", 0, 8, Access.RC).field("B", 8, 8, Access.RC))
                .build();
        assertThat(b.read(0, 1)).isEqualTo(0x01);
        assertThat(b.read(0, 4)).isEqualTo(0x0200);
    }

    @Test
    void eightAndSixteenBitRegistersSitInsideAWord() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        assertThat(b.read(0x0C, 1)).isEqualTo(0x5A);
        b.write(0x0E, 2, 0x1234);
        b.write(0x0F, 1, 0xAB);
        assertThat(b.read(0x0E, 2)).isEqualTo(0xAB34);
        RegisterAccessException e = catchThrowableOfType(() -> b.read(0x0C, 4), RegisterAccessException.class);
        assertThat(e.kind()).isEqualTo(RegisterAccessException.Kind.SIZE_NOT_ALLOWED);
        assertThat(b.register("B8").accessSizes()).containsExactly(1);
        assertThat(b.register("H16").accessSizes()).containsExactly(1, 2);
    }

    @Test
    void wordOnlyRegisterRefusesNarrowAccess() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        RegisterAccessException e = catchThrowableOfType(() -> b.write(0x08, 1, 0), RegisterAccessException.class);
        assertThat(e.kind()).isEqualTo(RegisterAccessException.Kind.SIZE_NOT_ALLOWED);
        assertThat(e.isWrite()).isTrue();
        assertThat(e.getMessage()).isEqualTo("QUADSPI: byte write at offset 0x8 (QUADSPI.SR): size not allowed (allowed: 4)");
        assertThatThrownBy(() -> b.read(0x0A, 2)).isSameAs(e);
    }

    @Test
    void misalignedAndOddSizedAccessesAreBusErrors() {
        RegisterBlock b = sample(UnmappedPolicy.READ_ZERO_WRITE_IGNORE);
        RegisterAccessException e = catchThrowableOfType(() -> b.read(0x05, 2), RegisterAccessException.class);
        assertThat(e.kind()).isEqualTo(RegisterAccessException.Kind.MISALIGNED);
        assertThat(e.getMessage()).isEqualTo("QUADSPI: halfword read at offset 0x5 (QUADSPI.DR): misaligned");
        e = catchThrowableOfType(() -> b.read(0x04, 3), RegisterAccessException.class);
        assertThat(e.kind()).isEqualTo(RegisterAccessException.Kind.SIZE_NOT_ALLOWED);
    }

    @Test
    void accessSpanningTwoNarrowRegistersIsASizeError() {
        RegisterBlock b = RegisterBlock.builder("P", 4)
                .defaultAccessSizes(1, 2)
                .register(0, "LO", r -> r.width(8))
                .register(1, "HI", r -> r.width(8))
                .build();
        RegisterAccessException e = catchThrowableOfType(() -> b.read(0, 2), RegisterAccessException.class);
        assertThat(e.kind()).isEqualTo(RegisterAccessException.Kind.SIZE_NOT_ALLOWED);
        assertThat(e.getMessage()).isEqualTo("P: halfword read at offset 0x0 (P.LO): size not allowed (allowed: 1)");
    }

    @Test
    void unmappedOffsetsAreBusErrorsUnderThatPolicy() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        RegisterAccessException e = catchThrowableOfType(() -> b.read(0x20, 4), RegisterAccessException.class);
        assertThat(e.kind()).isEqualTo(RegisterAccessException.Kind.UNMAPPED);
        assertThat(e.offset()).isEqualTo(0x20);
        assertThat(e.getMessage()).isEqualTo("QUADSPI: word read at offset 0x20 (QUADSPI+0x20): no register there");
        assertThatThrownBy(() -> b.write(0x40, 4, 1)).isInstanceOf(RegisterAccessException.class);
        assertThatThrownBy(() -> b.write(-4, 4, 1)).isInstanceOf(RegisterAccessException.class);
    }

    @Test
    void unmappedOffsetsReadZeroAndIgnoreWritesUnderThatPolicy() {
        RegisterBlock b = sample(UnmappedPolicy.READ_ZERO_WRITE_IGNORE);
        b.write(0x20, 4, 0xFFFF_FFFF);
        assertThat(b.read(0x20, 4)).isZero();
        assertThat(b.read(0x1000, 4)).isZero();
        assertThat(b.read(0x00, 4)).isEqualTo(0x300);
    }

    @Test
    void failuresReuseOnePreallocatedExceptionWithoutStackTrace() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        RegisterAccessException first = catchThrowableOfType(() -> b.read(0x20, 4), RegisterAccessException.class);
        RegisterAccessException second = catchThrowableOfType(() -> b.write(0x24, 2, 0), RegisterAccessException.class);
        assertThat(second).isSameAs(first);
        assertThat(second.getStackTrace()).isEmpty();
        assertThat(second.offset()).isEqualTo(0x24);
        assertThat(second.size()).isEqualTo(2);
        assertThat(second.block()).isSameAs(b);
    }

    @Test
    void resetRestoresResetValuesWithoutCallingHooks() {
        List<String> calls = new ArrayList<>();
        RegisterBlock b = RegisterBlock.builder("P", 8)
                .register(0, "A", r -> r.reset(0x11).afterWrite(v -> calls.add("write"))
                        .field("X", 0, 8, Access.RW, f -> f.onWrite((o, n) -> calls.add("field"))))
                .register(4, "B", r -> r.reset(0x22))
                .build();
        b.write(0, 4, 0x99);
        b.write(4, 4, 0x77);
        calls.clear();
        b.reset();
        assertThat(b.read(0, 4)).isEqualTo(0x11);
        assertThat(b.read(4, 4)).isEqualTo(0x22);
        assertThat(calls).isEmpty();
    }

    @Test
    void hooksRunInDocumentedOrder() {
        List<String> calls = new ArrayList<>();
        int[] status = {1};
        RegisterBlock b = RegisterBlock.builder("P", 4)
                .register(0, "R", r -> r
                        .beforeRead(() -> calls.add("beforeRead"))
                        .afterWrite(v -> calls.add("afterWrite 0x" + Integer.toHexString(v)))
                        .field("LO", 0, 8, Access.RW, f -> f
                                .onWrite((o, n) -> calls.add("LO.onWrite " + o + "->" + n))
                                .onChange((o, n) -> calls.add("LO.onChange " + o + "->" + n)))
                        .field("HI", 8, 8, Access.RW, f -> f.onWrite((o, n) -> calls.add("HI.onWrite " + o + "->" + n)))
                        .field("ST", 16, 1, Access.RO, f -> f.reads(() -> {
                            calls.add("ST.provider");
                            return status[0];
                        })))
                .build();

        b.write(0, 4, 0x0000_0203);
        assertThat(calls).containsExactly("LO.onWrite 0->3", "LO.onChange 0->3", "HI.onWrite 0->2", "afterWrite 0x203");
        calls.clear();
        b.write(0, 4, 0x0000_0203);
        assertThat(calls).as("onChange only on change").containsExactly("LO.onWrite 3->3", "HI.onWrite 2->2", "afterWrite 0x203");
        calls.clear();
        b.write(1, 1, 0x05);
        assertThat(calls).as("only fields in the written lane; hook sees value in register position")
                .containsExactly("HI.onWrite 2->5", "afterWrite 0x500");
        calls.clear();
        assertThat(b.read(0, 4)).isEqualTo(0x1_0503);
        assertThat(calls).containsExactly("beforeRead", "ST.provider");
    }

    @Test
    void listenersSeeTheEffectiveValueForW1cAndAreNotCalledForReadOnlyFields() {
        List<String> calls = new ArrayList<>();
        RegisterBlock b = RegisterBlock.builder("P", 4)
                .register(0, "R", r -> r.reset(0x3)
                        .field("FLAGS", 0, 2, Access.W1C, f -> f.onChange((o, n) -> calls.add(o + "->" + n)))
                        .field("RO", 2, 1, Access.RO, f -> f.onWrite((o, n) -> calls.add("RO"))))
                .build();
        b.write(0, 4, 0x5);
        assertThat(calls).containsExactly("3->2");
    }

    @Test
    void valueProviderComputesReadsFromModelState() {
        boolean[] busy = {false};
        RegisterBlock b = RegisterBlock.builder("P", 4)
                .register(0, "SR", r -> r.bit("BUSY", 5, Access.RO, f -> f.reads(() -> busy[0] ? 1 : 0)))
                .build();
        Field flag = b.field("SR", "BUSY");
        assertThat(b.read(0, 4)).isZero();
        assertThat(flag.isSet()).isFalse();
        busy[0] = true;
        assertThat(b.read(0, 4)).isEqualTo(1 << 5);
        assertThat(flag.get()).isEqualTo(1);
        assertThat(b.register("SR").get()).isEqualTo(1 << 5);
    }

    @Test
    void modelHandlesBypassAccessRules() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        Field tcf = b.field("SR", "TCF");
        tcf.set(true);
        assertThat(tcf.isSet()).isTrue();
        assertThat(b.read(0x08, 4)).isEqualTo(0x2);
        tcf.set(0b10); // wider than the field: dropped
        assertThat(tcf.isSet()).isFalse();
        Register cr = b.register("CR");
        cr.set(0xFFFF_FFFF);
        assertThat(cr.get()).isEqualTo(0xFFFF_FFFF);
        assertThat(b.read(0, 4)).as("reserved bits still read 0 over the bus").isEqualTo(0xFF00_0F01);
        assertThatThrownBy(() -> b.register("NOPE")).isInstanceOf(IllegalArgumentException.class).hasMessage("QUADSPI has no register NOPE");
        assertThatThrownBy(() -> b.field("CR", "NOPE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QUADSPI.CR has no field NOPE");
    }

    @Test
    void describeNamesRegistersForTraces() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        assertThat(b.describe(0x00)).isEqualTo("QUADSPI.CR");
        assertThat(b.describe(0x07)).isEqualTo("QUADSPI.DR");
        assertThat(b.describe(0x0F)).isEqualTo("QUADSPI.H16");
        assertThat(b.describe(0x1C)).isEqualTo("QUADSPI+0x1c");
        assertThat(b.describe(0x00)).isSameAs(b.describe(0x01));
    }

    @Test
    void declarationViewListsRegistersAndFields() {
        RegisterBlock b = sample(UnmappedPolicy.BUS_ERROR);
        assertThat(b.registers()).extracting(Register::name).containsExactly("CR", "DR", "SR", "B8", "H16");
        assertThat(b.registers()).extracting(Register::offset).containsExactly(0x00, 0x04, 0x08, 0x0C, 0x0E);
        Register cr = b.register("CR");
        assertThat(cr.resetValue()).isEqualTo(0x300);
        assertThat(cr.widthBits()).isEqualTo(32);
        assertThat(cr.fields()).extracting(Field::name).containsExactly("EN", "FTHRES", "PRESCALER");
        Field pre = b.field("CR", "PRESCALER");
        assertThat(pre.lsb()).isEqualTo(24);
        assertThat(pre.width()).isEqualTo(8);
        assertThat(pre.mask()).isEqualTo(0xFF00_0000);
        assertThat(pre.access()).isEqualTo(Access.RW);
        assertThat(pre.toString()).isEqualTo("QUADSPI.CR.PRESCALER[31:24] RW");
        assertThat(b.registerAt(0x0A)).isSameAs(b.register("SR"));
        assertThat(b.registerAt(0x30)).isNull();
        assertThat(b.dump()).contains("0x000 CR", "31:24  PRESCALER", "0x008 SR", "sizes [4]");
    }

    @Test
    void declarationMistakesAreRejectedAtBuild() {
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(0, "A").register(2, "B", r -> r.width(16)).build())
                .hasMessage("P.B overlaps another register");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(0, "A").register(4, "A").build())
                .hasMessage("P: duplicate register A");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(2, "A").build())
                .hasMessage("P.A: offset not aligned to the register width");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(8, "A").build())
                .hasMessage("P.A: offset 0x8 outside the block");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8)
                .register(0, "A", r -> r.field("X", 0, 4, Access.RW).field("Y", 3, 2, Access.RW)).build())
                .hasMessage("P.A.Y overlaps another field");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8)
                .register(0, "A", r -> r.width(16).field("X", 12, 8, Access.RW)).build())
                .hasMessage("P.A.X: bits outside the register");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8)
                .register(0, "A", r -> r.reset(0x10).field("X", 0, 4, Access.RW)).build())
                .hasMessage("P.A: reset value 0x00000010 sets reserved bits 0x00000010");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(0, "A", r -> r.width(8).accessSizes(4)).build())
                .hasMessage("P.A: access size wider than the register");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(0, "A", r -> r.width(12)).build())
                .hasMessage("P.A: width must be 8, 16 or 32 bits, not 12");
        assertThatThrownBy(() -> RegisterBlock.builder("P", 8).register(0, "A", r -> r.accessSizes(3)))
                .hasMessage("A: access size must be 1, 2 or 4, not 3");
    }

    @Test
    void aLockedRegisterChecksTheAccessThenIgnoresTheWriteAndCallsNoHook() {
        boolean[] locked = {true};
        List<Integer> written = new ArrayList<>();
        RegisterBlock b = RegisterBlock.builder("FLASH", 0x10)
                .register(0x00, "CR", r -> r.accessSizes(4).ignoreWritesWhen(() -> locked[0])
                        .field("PNB", 0, 8, Access.RW, f -> f.onWrite((was, now) -> written.add(now)))
                        .afterWrite(written::add))
                .build();
        b.write(0x00, 4, 0x12);
        assertThat(b.read(0x00, 4)).isZero();
        assertThat(written).isEmpty();
        assertThatThrownBy(() -> b.write(0x00, 1, 0x12)).as("size rule still applies").isInstanceOf(RegisterAccessException.class);
        locked[0] = false;
        b.write(0x00, 4, 0x12);
        assertThat(b.read(0x00, 4)).isEqualTo(0x12);
        assertThat(written).containsExactly(0x12, 0x12);
    }

    @Test
    void aLockedFieldKeepsItsValueWhileTheRestOfTheRegisterIsWritten() {
        boolean[] locked = {true};
        RegisterBlock b = RegisterBlock.builder("FLASH", 0x10)
                .register(0x00, "ACR", r -> r
                        .field("LATENCY", 0, 3, Access.RW)
                        .bit("RUN_PD", 13, Access.RW, f -> f.ignoreWritesWhen(() -> locked[0])))
                .build();
        b.write(0x00, 4, (1 << 13) | 4);
        assertThat(b.read(0x00, 4)).isEqualTo(4);
        locked[0] = false;
        b.write(0x00, 4, (1 << 13) | 2);
        assertThat(b.read(0x00, 4)).isEqualTo((1 << 13) | 2);
    }

    @Test
    void afterBusWriteSeesTheValueAndTheByteLanesWritten() {
        List<int[]> seen = new ArrayList<>();
        RegisterBlock b = RegisterBlock.builder("SCB", 0x10)
                .register(0x00, "SHPR", r -> r.field("PRI", 0, 32, Access.RW)
                        .afterBusWrite((value, lanes) -> seen.add(new int[] {value, lanes})))
                .build();
        b.write(0x02, 1, 0xA5);
        b.write(0x00, 4, 0x11223344);
        assertThat(seen).containsExactly(new int[] {0x00A5_0000, 0x00FF_0000}, new int[] {0x11223344, -1});
    }
}
