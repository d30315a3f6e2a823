package io.xipkit.regs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bus semantics of each {@link Access} type, exercised with word accesses. */
class RegisterAccessTypeTest {

    static RegisterBlock single(Access access, int reset) {
        return RegisterBlock.builder("P", 0x10)
                .register(0x0, "R", r -> r.reset(reset).field("F", 4, 8, access))
                .build();
    }

    @Test
    void rwStoresAndReadsBack() {
        RegisterBlock b = single(Access.RW, 0);
        b.write(0, 4, 0xFFFF_FFFF);
        assertThat(b.read(0, 4)).isEqualTo(0xFF0);
        b.write(0, 4, 0x0000_0A50);
        assertThat(b.read(0, 4)).isEqualTo(0xA50);
    }

    @Test
    void roIgnoresBusWritesButShowsModelSets() {
        RegisterBlock b = single(Access.RO, 0x120);
        b.write(0, 4, 0xFFFF_FFFF);
        assertThat(b.read(0, 4)).isEqualTo(0x120);
        b.field("R", "F").set(0x7E);
        assertThat(b.read(0, 4)).isEqualTo(0x7E0);
    }

    @Test
    void woReadsAsZeroButIsStored() {
        RegisterBlock b = single(Access.WO, 0);
        b.write(0, 4, 0x0000_0330);
        assertThat(b.read(0, 4)).isZero();
        assertThat(b.field("R", "F").get()).isEqualTo(0x33);
    }

    @Test
    void w1cClearsOnlyTheOnesWritten() {
        RegisterBlock b = single(Access.W1C, 0xFF0);
        b.write(0, 4, 0x0000_0A50);
        assertThat(b.read(0, 4)).isEqualTo(0x5A0);
        b.write(0, 4, 0);
        assertThat(b.read(0, 4)).isEqualTo(0x5A0);
    }

    @Test
    void w1sSetsOnlyTheOnesWritten() {
        RegisterBlock b = single(Access.W1S, 0x010);
        b.write(0, 4, 0x0000_0A00);
        assertThat(b.read(0, 4)).isEqualTo(0xA10);
        b.write(0, 4, 0);
        assertThat(b.read(0, 4)).isEqualTo(0xA10);
    }

    @Test
    void w0cClearsOnlyTheZerosWritten() {
        RegisterBlock b = single(Access.W0C, 0xFF0);
        b.write(0, 4, 0xFFFF_F5AF); // field bits 0x5A: zeros at 0xA5 positions
        assertThat(b.read(0, 4)).isEqualTo(0x5A0);
        b.write(0, 4, 0xFFFF_FFFF);
        assertThat(b.read(0, 4)).isEqualTo(0x5A0);
    }

    @Test
    void w1tTogglesTheOnesWritten() {
        RegisterBlock b = single(Access.W1T, 0x0F0);
        b.write(0, 4, 0x0000_0330);
        assertThat(b.read(0, 4)).isEqualTo(0x3C0);
    }

    @Test
    void rcReturnsTheValueOnceThenReadsZeroAndIgnoresWrites() {
        RegisterBlock b = single(Access.RC, 0);
        b.field("R", "F").set(0x81);
        b.write(0, 4, 0);
        assertThat(b.read(0, 4)).isEqualTo(0x810);
        assertThat(b.read(0, 4)).isZero();
        b.write(0, 4, 0xFF0);
        assertThat(b.read(0, 4)).isZero();
    }

    @Test
    void wrcIsWritableAndClearedByRead() {
        RegisterBlock b = single(Access.WRC, 0);
        b.write(0, 4, 0x420);
        assertThat(b.field("R", "F").get()).isEqualTo(0x42);
        assertThat(b.read(0, 4)).isEqualTo(0x420);
        assertThat(b.read(0, 4)).isZero();
    }

    @Test
    void reservedBitsReadZeroAndIgnoreWrites() {
        RegisterBlock b = single(Access.RW, 0);
        b.write(0, 4, 0xFFFF_FFFF);
        assertThat(b.read(0, 4) & ~0xFF0).isZero();
        assertThat(b.register("R").get()).isEqualTo(0xFF0);
    }

    @Test
    void registerWithoutFieldsIsOneReadWriteValue() {
        RegisterBlock b = RegisterBlock.builder("P", 4).register(0, "DATA").build();
        b.write(0, 4, 0xDEAD_BEEF);
        assertThat(b.read(0, 4)).isEqualTo(0xDEAD_BEEF);
    }

    @Test
    void accessTypesReportReadabilityAndWritability() {
        assertThat(Access.WO.readable()).isFalse();
        assertThat(Access.RO.writable()).isFalse();
        assertThat(Access.RC.writable()).isFalse();
        assertThat(Access.WRC.writable()).isTrue();
        assertThat(Access.W1C.readable()).isTrue();
    }
}
