package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** NVIC registers (DDI 0403E B3.4, Table B3-8). */
class NvicRegistersTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;
    private final Nvic nvic = core.scs.nvic();

    @Test
    void setEnableClearEnableAndPendingRegistersAreBitmaps() {
        rig.write32(0xE000E104, 0x80000001);           // IRQ32 and IRQ63
        assertThat(rig.read32(0xE000E104)).isEqualTo(0x80000001);
        assertThat(rig.read32(0xE000E184)).isEqualTo(0x80000001);
        assertThat(nvic.isEnabled(63)).isTrue();
        rig.write32(0xE000E184, 0x00000001);
        assertThat(rig.read32(0xE000E104)).isEqualTo(0x80000000);

        rig.write32(0xE000E200, 0x00010000);           // ISPR: IRQ16
        assertThat(nvic.isPending(16)).isTrue();
        assertThat(rig.read32(0xE000E280)).isEqualTo(0x00010000);
        rig.write32(0xE000E280, 0x00010000);
        assertThat(nvic.isPending(16)).isFalse();
    }

    @Test
    void interruptCountLimitsTheRegistersAndIctr() {
        nvic.configure(150, 4);                        // STM32H7-sized
        assertThat(rig.read32(0xE000E004)).isEqualTo(4);
        rig.write32(0xE000E110, 0xFFFFFFFF);           // ISER4: IRQs 128..159, only 128..149 exist
        assertThat(rig.read32(0xE000E110)).isEqualTo(0x003FFFFF);
        assertThatThrownBy(() -> nvic.setPending(150)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IRQ 150");
    }

    @Test
    void priorityRegistersKeepOnlyImplementedBits() {
        core.write8(0xE000E400 + 37, 0xFF);
        assertThat(core.read8(0xE000E400 + 37)).isEqualTo(0xF0);
        rig.write32(0xE000E408, 0x12345678);
        assertThat(rig.read32(0xE000E408)).isEqualTo(0x10305070);
        nvic.configure(240, 3);
        assertThat(nvic.priority(37)).isEqualTo(0xE0);
    }

    @Test
    void stirPendsAnInterruptAndActiveBitIsReadable() {
        rig.write32(0xE000E100, 1 << 9);
        core.r[13] = 0x20001000;
        core.pc = 0x2000;
        rig.write32(0xE000EF00, 9);
        assertThat(nvic.isPending(9)).isTrue();
        rig.take();
        assertThat(rig.read32(0xE000E300)).isEqualTo(1 << 9);
        assertThat(nvic.isActive(9)).isTrue();
    }

    @Test
    void clearingPendingOfAnAssertedLevelLinePendsAgain() {
        nvic.setLevel(3, true);
        rig.write32(0xE000E280, 1 << 3);
        assertThat(nvic.isPending(3)).isTrue();
        nvic.setLevel(3, false);
        rig.write32(0xE000E280, 1 << 3);
        assertThat(nvic.isPending(3)).isFalse();
    }

    @Test
    void systemHandlerPrioritiesAndShcsr() {
        rig.write32(0xE000ED18, 0xFFFFFFFF);           // SHPR1: MemManage, BusFault, UsageFault, reserved
        assertThat(rig.read32(0xE000ED18)).isEqualTo(0x00F0F0F0);
        rig.write32(0xE000ED20, 0x80400000);           // SHPR3: PendSV 0x40, SysTick 0x80
        assertThat(core.exceptions.priorityOf(ExceptionNumber.PENDSV)).isEqualTo(0x40);
        assertThat(core.exceptions.priorityOf(ExceptionNumber.SYSTICK)).isEqualTo(0x80);
        rig.write32(0xE000ED24, 0x00070000);
        assertThat(rig.read32(0xE000ED24)).isEqualTo(0x00070000);
        assertThat(core.exceptions.isEnabled(ExceptionNumber.BUS_FAULT)).isTrue();
    }
}
