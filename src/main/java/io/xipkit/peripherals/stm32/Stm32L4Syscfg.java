package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.bus.Region;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;

/**
 * STM32L476 system configuration controller (RM0351 Rev 9, chapter 9 "System configuration
 * controller (SYSCFG)") at 0x4001_0000. What matters to the memory map is SYSCFG_MEMRMP (9.2.1):
 * MEM_MODE selects what the 0x0000_0000 alias shows ({@link #bootAlias()}), FB_MODE swaps the
 * flash banks ({@link L4Flash#setBankSwap}). The other registers are stored as the manual lays them
 * out; their effects (SRAM2 erase and write protection, FPU interrupts, I2C fast-mode plus,
 * EXTI line routing) belong to other models and are not applied here.
 */
public final class Stm32L4Syscfg implements RegisterMapped, Resettable {
    public static final long BASE = 0x4001_0000L;
    public static final int REGISTER_WINDOW = 0x400;

    /** MEM_MODE encodings (RM0351 9.2.1 SYSCFG_MEMRMP; 100, 101 and 111 are reserved). Field position
     *  MEM_MODE[2:0] and FB_MODE bit 8 as in ST's stm32l476xx.h (SYSCFG_MEMRMP_MEM_MODE_Msk 0x7,
     *  SYSCFG_MEMRMP_FB_MODE_Pos 8). */
    public static final int MEM_MODE_MAIN_FLASH = 0b000, MEM_MODE_SYSTEM_FLASH = 0b001, MEM_MODE_FMC_BANK1 = 0b010,
            MEM_MODE_SRAM1 = 0b011, MEM_MODE_QUADSPI = 0b110;

    private final L4Flash flash;
    private final RegisterBlock regs;
    private final Field memMode, fbMode;
    private final Stm32L4SyscfgAlias alias;
    /** MEM_MODE after reset: "depends on the boot configuration" (BOOT0 pin, nBOOT1, dual-bank boot). */
    private int bootMemMode = MEM_MODE_MAIN_FLASH;

    /**
     * @param flash        the flash whose banks FB_MODE swaps
     * @param systemMemory what MEM_MODE = 001 shows at 0 (the ROM bootloader), or null (accesses then fail)
     * @param sram1        SRAM1 for MEM_MODE = 011, or null
     * @param quadspi      the QUADSPI memory-mapped window for MEM_MODE = 110, or null
     */
    public Stm32L4Syscfg(L4Flash flash, Region systemMemory, Region sram1, Region quadspi) {
        this.flash = flash;
        this.regs = RegisterBlock.builder("SYSCFG", REGISTER_WINDOW)
            // 9.2.1 SYSCFG_MEMRMP
            .register(0x00, "MEMRMP", r -> r
                .field("MEM_MODE", 0, 3, Access.RW, f -> f.onChange((was, now) -> remapChanged()))
                .bit("FB_MODE", 8, Access.RW, f -> f.onChange((was, now) -> bankModeChanged())))
            // 9.2.2 SYSCFG_CFGR1: reset 0x7C00_0001 (FPU_IE[4:0] enabled, inexact disabled, firewall disabled;
            // ST STM32L476 SVD v1.8 resetValue). Other SYSCFG registers reset to 0 (same SVD).
            .register(0x04, "CFGR1", r -> r.reset(0x7C00_0001)
                .bit("FWDIS", 0, Access.W0C)
                .bit("BOOSTEN", 8, Access.RW)
                .field("I2C_PBx_FMP", 16, 4, Access.RW)
                .bit("I2C1_FMP", 20, Access.RW)
                .bit("I2C2_FMP", 21, Access.RW)
                .bit("I2C3_FMP", 22, Access.RW)
                .field("FPU_IE", 26, 6, Access.RW))
            // 9.2.3-9.2.6 SYSCFG_EXTICR1..4: a 3-bit port selection (PA..PH) per EXTI line.
            .register(0x08, "EXTICR1", r -> exti(r, 0))
            .register(0x0C, "EXTICR2", r -> exti(r, 4))
            .register(0x10, "EXTICR3", r -> exti(r, 8))
            .register(0x14, "EXTICR4", r -> exti(r, 12))
            // 9.2.7 SYSCFG_SCSR: SRAM2 erase (not applied), never busy.
            .register(0x18, "SCSR", r -> r.bit("SRAM2ER", 0, Access.W1S).bit("SRAM2BSY", 1, Access.RO))
            // 9.2.8 SYSCFG_CFGR2: lock bits are set-only, SPF is cleared by writing 1.
            .register(0x1C, "CFGR2", r -> r
                .bit("CLL", 0, Access.W1S)
                .bit("SPL", 1, Access.W1S)
                .bit("PVDL", 2, Access.W1S)
                .bit("ECCL", 3, Access.W1S)
                .bit("SPF", 8, Access.W1C))
            // 9.2.9 SYSCFG_SWPR: SRAM2 page write protection, set-only until reset.
            .register(0x20, "SWPR", r -> r.field("PxWP", 0, 32, Access.W1S))
            // 9.2.10 SYSCFG_SKR: SRAM2 erase key.
            .register(0x24, "SKR", r -> r.field("KEY", 0, 8, Access.WO))
            .build();
        this.memMode = regs.field("MEMRMP", "MEM_MODE");
        this.fbMode = regs.field("MEMRMP", "FB_MODE");
        this.alias = new Stm32L4SyscfgAlias(this, flash.memory(), systemMemory, sram1, quadspi);
        flash.memory().addViewer(alias);
    }

    private static void exti(RegisterBlock.RegisterSpec r, int first) {
        for (int i = 0; i < 4; i++) r.field("EXTI" + (first + i), 4 * i, 3, Access.RW);
    }

    /** System reset: MEMRMP returns to the boot configuration's MEM_MODE with FB_MODE = 0. */
    @Override
    public void reset() {
        regs.reset();
        memMode.set(bootMemMode);
        flash.setBankSwap(false);
        alias.remapped();
    }

    /**
     * Applies a boot decision after reset (what the boot pins and the ROM's dual-bank boot leave in
     * MEMRMP): see {@link L4Boot#resolve}.
     */
    public void applyBoot(L4Boot.Start start) {
        bootMemMode = start.memMode();
        memMode.set(start.memMode());
        fbMode.set(start.fbMode() ? 1 : 0);
        flash.setBankSwap(start.fbMode());
        alias.remapped();
    }

    private void remapChanged() {
        alias.remapped();
    }

    private void bankModeChanged() {
        flash.setBankSwap(fbMode.isSet());
    }

    public int memMode() {
        return memMode.get();
    }

    public boolean fbMode() {
        return fbMode.isSet();
    }

    /** The 0x0000_0000 window (1 MB) whose content MEM_MODE selects. */
    public Region bootAlias() {
        return alias;
    }

    public RegisterBlock registers() {
        return regs;
    }
}
