package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The SCS registers are register-DSL blocks behind one router and one bus-error adapter. */
class SystemControlSpaceDslTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;

    @Test
    void eachScsRegisterIsDeclaredInItsBlock() {
        assertThat(core.scs.scb().registers().describe(0xD14)).isEqualTo("SCB.CCR");
        assertThat(core.scs.scb().registers().describe(0xF9C)).isEqualTo("SCB.CACR");
        assertThat(core.scs.nvic().registers().describe(0x400)).isEqualTo("NVIC.IPR0");
        assertThat(core.scs.nvic().registers().describe(0xF00)).isEqualTo("NVIC.STIR");
        assertThat(core.scs.sysTick().registers().describe(0x01C)).isEqualTo("SysTick.SYST_CALIB");
        assertThat(core.scs.mpu().registers().describe(0xDB8)).isEqualTo("MPU.MPU_RASR_A3");
    }

    @Test
    void registersAVariantLacksAreReservedAndReadZero() {
        ExceptionTestRig m4 = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        assertThat(m4.core.scs.scb().registers().describe(0xD78)).as("CLIDR is M7 only").isEqualTo("SCB+0xd78");
        assertThat(m4.read32(0xE000ED78)).isZero();
        m4.write32(0xE000EF9C, 7);                                    // CACR: M7 only, write ignored
        assertThat(m4.read32(0xE000EF9C)).isZero();
    }

    @Test
    void aNarrowWriteActsOnlyOnItsByteLanes() {
        rig.write32(0xE000E400, 0x40302010);
        core.write8(0xE000E402, 0x80);                                // IRQ 2's priority byte only
        assertThat(rig.read32(0xE000E400)).isEqualTo(0x40802010);
        core.write16(0xE000ED0E, 0x05FA);                             // AIRCR upper half: key but no PRIGROUP lane
        assertThat((rig.read32(0xE000ED0C) >>> 8) & 7).isZero();
        rig.write32(0xE000ED0C, 0x05FA0300);
        assertThat(rig.read32(0xE000ED0C)).isEqualTo(0xFA050300);
    }

    @Test
    void aMisalignedScsAccessIsABusErrorAtItsAbsoluteAddress() {
        // Unaligned accesses to the PPB are UNPREDICTABLE (DDI 0403E, system address map); the block refuses them.
        BusErrorException e = catchThrowableOfType(() -> core.read32(0xE000ED15), BusErrorException.class);
        assertThat(e.address()).isEqualTo(0xE000ED15);
        assertThat(e.isWrite()).isFalse();
    }

    @Test
    void reservedScsWordsReadZeroAndIgnoreWrites() {
        rig.write32(0xE000E0F0, 0x12345678);
        assertThat(rig.read32(0xE000E0F0)).isZero();
        assertThat(rig.read32(0xE000EDF0)).as("DHCSR: no debugger attached").isZero();
    }
}
