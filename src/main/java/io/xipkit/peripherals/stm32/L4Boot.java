package io.xipkit.peripherals.stm32;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Where an STM32L476 starts after a reset: the boot pins and option bits of RM0351 2.6 "Boot
 * configuration" (table "Boot modes") together with the dual-bank boot of the system-memory
 * bootloader (AN2606 Rev 69, section "STM32L47xxx/48xxx devices", Figure 98 "Dual bank boot
 * implementation for STM32L47xxx/48xxx bootloader V10.x" and Figure 100, the same for V9.x: with
 * BOOT0 = 0 the ROM checks the first word of bank 2, then of bank 1, against "int. SRAM"; AN2606
 * Table 169 V10.3: "support the case when user stack is mapped in SRAM2"). The ROM is not executed: its decision is computed here and
 * the board applies it (MEMRMP through {@link Stm32L4Syscfg#applyBoot}, then a core reset, which
 * reads SP and PC through the 0x0000_0000 alias).
 *
 * <ul>
 *   <li>BOOT0 = 0, BFB2 = 0: main flash; bank 1 at 0x0800_0000 and at 0.</li>
 *   <li>BOOT0 = 0, BFB2 = 1: the device boots the system memory, whose bootloader checks the first
 *       word of bank 2, then of bank 1, and jumps to the first bank whose initial stack pointer is
 *       "within int. SRAM address"; for bank 2 it first sets FB_MODE so bank 2 runs at
 *       0x0800_0000. If neither is valid the bootloader stays and waits for a host.</li>
 *   <li>BOOT0 = 1, nBOOT1 = 1: system memory (the bootloader; not modelled).</li>
 *   <li>BOOT0 = 1, nBOOT1 = 0: SRAM1 aliased at 0.</li>
 * </ul>
 */
public final class L4Boot {
    private L4Boot() {}

    /**
     * An internal SRAM window the boot's stack-pointer check accepts, from the board description
     * (NUCLEO-L476RG: SRAM1 96 KB at 0x2000_0000; SRAM2 32 KB at 0x1000_0000, also seen at
     * 0x2001_8000; RM0351 2.4 "Embedded SRAM", stm32l476xx.h SRAM1_BASE, SRAM1_SIZE_MAX 0x18000,
     * SRAM2_BASE, SRAM2_SIZE 0x8000). The exact bounds the ROM compares against (is the top
     * address itself accepted?) are not published: see docs/FACTS-STM32L4.md.
     */
    public record Sram(long base, long size) {
        /** In the window or one past its top (a full-descending stack's initial SP). */
        boolean holdsStackTop(long address) {
            return address >= base && address <= base + size;
        }
    }

    /** What the board does after reset. */
    public sealed interface Decision permits Start, RomBootloader {}

    /**
     * Start executing: MEMRMP gets {@code memMode}/{@code fbMode}, VTOR is {@code vtor}, and the core
     * starts with {@code sp}/{@code pc} (the first two words of the vector table at VTOR through the
     * alias; the board may let the core's own reset read them).
     *
     * @param bank the physical flash bank booted (1 or 2), or 0 for SRAM1
     */
    public record Start(int vtor, int sp, int pc, int memMode, boolean fbMode, int bank) implements Decision {}

    /** The system-memory bootloader keeps control (no valid user code, or BOOT0 selects it). */
    public record RomBootloader(String why) implements Decision {}

    /**
     * The dual-bank boot's validity rule: the initial SP must lie in internal SRAM. AN2606 says
     * "within int. SRAM address"; its V10.3 notes add SRAM2 ("support the case when user stack is
     * mapped in SRAM2"). The top address itself counts, since a full-descending stack starts one
     * past its highest byte (the usual {@code _estack = 0x2001_8000}).
     */
    public static boolean validInitialStackPointer(int sp, List<Sram> srams) {
        long a = sp & 0xFFFF_FFFFL;
        for (Sram m : srams) if (m.holdsStackTop(a)) return true;
        return false;
    }

    /**
     * The decision for the flash's loaded options and the BOOT0 pin.
     *
     * @param sram1Word reads a word of SRAM1 at an offset, for BOOT0 = 1 with nBOOT1 = 0
     */
    public static Decision resolve(L4Flash flash, boolean boot0, List<Sram> srams, IntUnaryOperator sram1Word) {
        if (boot0) {
            if (flash.nBoot1()) return new RomBootloader("BOOT0 = 1 and nBOOT1 = 1 select the system-memory bootloader");
            return new Start(0, sram1Word.applyAsInt(0), sram1Word.applyAsInt(4), Stm32L4Syscfg.MEM_MODE_SRAM1, false, 0);
        }
        if (!flash.bfb2()) return bankStart(flash, 1, false);
        int sp2 = flash.physicalWord(2, 0);
        if (validInitialStackPointer(sp2, srams)) return bankStart(flash, 2, true);
        int sp1 = flash.physicalWord(1, 0);
        if (validInitialStackPointer(sp1, srams)) return bankStart(flash, 1, false);
        return new RomBootloader(String.format(
                "BFB2 = 1 but neither bank holds an initial stack pointer in SRAM (bank 2: 0x%08X, bank 1: 0x%08X);"
                        + " the system-memory bootloader keeps control", sp2, sp1));
    }

    /** The same for a board without SRAM boot. */
    public static Decision resolve(L4Flash flash, boolean boot0, List<Sram> srams) {
        return resolve(flash, boot0, srams, offset -> {
            throw new IllegalStateException("SRAM1 boot needs a reader of SRAM1");
        });
    }

    private static Decision bankStart(L4Flash flash, int bank, boolean fbMode) {
        // MEM_MODE = main flash once the ROM has jumped (the alias then shows the booted bank, as the
        // Cortex-M reset sequence at VTOR = 0 expects); FB_MODE as the bootloader set it.
        return new Start(0, flash.physicalWord(bank, 0), flash.physicalWord(bank, 4), Stm32L4Syscfg.MEM_MODE_MAIN_FLASH,
                fbMode, bank);
    }
}
