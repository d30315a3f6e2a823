package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.cpu.CodeChangeListener;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SYSCFG_MEMRMP: MEM_MODE selects the 0x0000_0000 alias, FB_MODE swaps the flash banks (RM0351 9.2.1). */
class Stm32L4SyscfgTest {
    static final int MEMRMP = (int) Stm32L4Syscfg.BASE;
    ArrayNonVolatileMemory nvm = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);
    L4Flash flash;
    Stm32L4Syscfg syscfg;
    MemoryRegion sram1 = MemoryRegion.ram("sram1", 96 * 1024);
    SystemBus bus = new SystemBus();
    List<Integer> changed = new ArrayList<>();
    int allChanged;

    @BeforeEach
    void build() {
        // Bank 1 starts with 0x1111..., bank 2 with 0x2222...
        nvm.array()[0] = 0x11;
        nvm.array()[BoardFileGeometries.L476_BANK] = 0x22;
        flash = new L4Flash(BoardFileGeometries.L476, nvm, new ManualClock(), new Scheduler(), l -> {}, () -> {});
        syscfg = new Stm32L4Syscfg(flash, null, sram1, null);
        bus.map(0, syscfg.bootAlias());
        bus.map(BoardFileGeometries.L476.memoryBase(), flash.memory());
        bus.map(0x2000_0000L, sram1);
        bus.mapPeripheral("flash-regs", L4Flash.BASE, L4Flash.REGISTER_WINDOW, flash);
        bus.mapPeripheral("syscfg", Stm32L4Syscfg.BASE, Stm32L4Syscfg.REGISTER_WINDOW, syscfg);
        bus.addCodeChangeListener(new CodeChangeListener() {
            @Override
            public void codeChanged(int address, int length) {
                changed.add(address);
            }

            @Override
            public void allCodeChanged() {
                allChanged++;
            }
        });
    }

    @Test
    void resetShowsMainFlashBank1AtZeroAndAtFlashBase() {
        assertThat(bus.read32(MEMRMP)).isZero();
        assertThat(bus.read8(0)).isEqualTo(0x11);
        assertThat(bus.read8(0x0800_0000)).isEqualTo(0x11);
        assertThat(bus.read8(0x0008_0000)).isEqualTo(0x22);
    }

    @Test
    void fbModeSwapsBanksAtFlashBaseAndAtTheAlias() {
        bus.write32(MEMRMP, 1 << 8);
        assertThat(flash.bankSwap()).isTrue();
        assertThat(bus.read8(0x0800_0000)).isEqualTo(0x22);
        assertThat(bus.read8(0x0808_0000)).isEqualTo(0x11);
        assertThat(bus.read8(0)).isEqualTo(0x22);
        assertThat(bus.read8(0x0008_0000)).isEqualTo(0x11);
        assertThat(allChanged).as("decoded code dropped on remap").isPositive();
        bus.write32(MEMRMP, 0);
        assertThat(bus.read8(0)).isEqualTo(0x11);
    }

    @Test
    void memModeSram1ShowsSram1AtZero() {
        bus.write32(0x2000_0000, 0xCAFE_F00D);
        bus.write32(MEMRMP, Stm32L4Syscfg.MEM_MODE_SRAM1);
        assertThat(bus.read32(0)).isEqualTo(0xCAFE_F00D);
        assertThatThrownBy(() -> bus.read32(96 * 1024)).as("beyond SRAM1").isInstanceOf(BusErrorException.class);
    }

    @Test
    void memModeWithoutATargetIsBusError() {
        bus.write32(MEMRMP, Stm32L4Syscfg.MEM_MODE_SYSTEM_FLASH);
        assertThatThrownBy(() -> bus.read32(0)).isInstanceOf(BusErrorException.class).hasMessageContaining("MEM_MODE = 1");
    }

    @Test
    void programmingThroughFlashBaseDropsCodeDecodedAtTheAliasToo() {
        bus.write32((int) L4Flash.BASE + 0x08, L4Flash.KEY1);
        bus.write32((int) L4Flash.BASE + 0x08, L4Flash.KEY2);
        bus.write32((int) L4Flash.BASE + 0x14, 1);
        bus.write32(0x0800_0100, 0);
        bus.write32(0x0800_0104, 0);
        assertThat(changed).contains(0x0800_0100, 0x100);
    }

    @Test
    void applyBootSetsMemrmpAndResetRestoresBootMemMode() {
        syscfg.applyBoot(new L4Boot.Start(0, 0x2001_8000, 0x0800_0101, Stm32L4Syscfg.MEM_MODE_MAIN_FLASH, true, 2));
        assertThat(bus.read32(MEMRMP)).isEqualTo(1 << 8);
        assertThat(bus.read8(0)).isEqualTo(0x22);
        syscfg.reset();
        assertThat(bus.read32(MEMRMP)).as("FB_MODE resets to 0").isZero();
        assertThat(flash.bankSwap()).isFalse();
    }

    @Test
    void otherRegistersKeepTheManualsResetValues() {
        assertThat(bus.read32((int) Stm32L4Syscfg.BASE + 0x04)).isEqualTo(0x7C00_0001);
        bus.write32((int) Stm32L4Syscfg.BASE + 0x08, 0x7777);
        assertThat(bus.read32((int) Stm32L4Syscfg.BASE + 0x08)).isEqualTo(0x7777);
    }
}
