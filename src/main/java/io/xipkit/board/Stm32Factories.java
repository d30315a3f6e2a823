package io.xipkit.board;

import io.xipkit.cpu.Core;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.H7FlashTiming;
import io.xipkit.peripherals.stm32.H7FlashVariant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Factories for the STM32 peripheral models (io.xipkit.peripherals.stm32, .quadspi). */
final class Stm32Factories {
    private Stm32Factories() {}

    private static final Set<String> COMMON = Set.of("type", "name", "base", "irq");

    private static Set<String> keys(String... extra) {
        java.util.HashSet<String> s = new java.util.HashSet<>(COMMON);
        s.addAll(Set.of(extra));
        return s;
    }

    static void addTo(Map<String, PeripheralFactory> m) {
        m.put("stm32h7-flash", Stm32Factories::h7Flash);
    }

    /**
     * STM32H7 embedded flash: registers at the entry's base (0x52002000), bank 1 at 0x08000000,
     * bank 2 at 0x08100000 on two-bank parts; the core boots from BOOT_ADD0 of the option bytes.
     * Keys: variant (h743, h750, h757).
     */
    private static void h7Flash(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("variant"));
        String v = d.params().text("variant").toUpperCase(Locale.ROOT);
        H7FlashVariant variant;
        try {
            variant = H7FlashVariant.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw d.params().error("variant", "unknown STM32H7 flash variant \"" + v + "\" (expected h743, h750 or h757)");
        }
        Core core = b.core();
        var host = b.host();
        var bank1 = host.nonVolatile("flash-bank1", variant.bankBytes());
        var bank2 = variant.banks() > 1 ? host.nonVolatile("flash-bank2", variant.bankBytes()) : null;
        H7FlashMemory flash = new H7FlashMemory(variant, H7FlashTiming.typical(), core.clock(), core.scheduler,
                b.irq(d), bank1, bank2, bank1);
        b.mapRegisters(d, H7FlashMemory.REGISTER_SIZE, flash.registers());
        b.bus().map(H7FlashMemory.BANK1_BASE, flash.bankRegionAt0x08000000());
        if (flash.bankRegionAt0x08100000() != null) b.bus().map(H7FlashMemory.BANK2_BASE, flash.bankRegionAt0x08100000());
        b.register(d, flash);
        // The Cortex-M7 boots from BOOT_ADD0 (BOOT pin low) of the option bytes (RM0433 "Boot configuration").
        b.onBoot(() -> bootFrom(core, (int) flash.bootAddress(false)));
    }

    /** Starts the core from the vector table at {@code vtor}, as the boot address logic does. */
    static void bootFrom(Core core, int vtor) {
        core.write32(0xE000ED08, vtor); // VTOR
        try {
            int sp = core.bus.read32(vtor);
            int pc = core.bus.read32(vtor + 4);
            core.setMsp(sp);
            core.thumb = (pc & 1) != 0;
            core.pc = pc & ~1;
        } catch (io.xipkit.cpu.BusErrorException e) {
            core.requestStop(new io.xipkit.cpu.StopReason.Lockup(String.format(
                    "boot vector table at 0x%08X is not readable", vtor)));
        }
    }
}
