package io.xipkit.peripherals.stm32;

import io.xipkit.bus.NonVolatileMemory;

/**
 * The option bytes of {@link L4Flash} (RM0351 3.4 "FLASH option bytes"): the nine option words as
 * the last option-byte load left them, where they are kept (the register image of the flash's
 * {@link NonVolatileMemory}) and the values of a virgin part.
 */
final class L4FlashOptionBytes {
    /** Factory option values of a virgin part (RM0351 3.4.1 "Option bytes description"): RDP level 0 (AA),
     *  BFB2 = 0, no WRP or PCROP area (start above end). These are the field values; FLASH_OPTR's reserved
     *  bits (11, 15, 22, 26-31 on the L47x) read as 1 on top of them ({@link #OPTR_RESERVED_ONES}), so a
     *  virgin STM32L476 reads FLASH_OPTR = 0xFFEF_F8AA (the L47x factory default also listed by the
     *  Black Magic Probe and OpenOCD-era tooling; docs/FACTS-STM32L4.md). */
    static final int[] FACTORY = {
        0x03AF_70AA, // OPTR fields: RDP=AA, BOR_LEV=0, nRST_*=1, IWDG/WWDG software, BFB2=0, DUALBANK=1, nBOOT1=1, SRAM2_PE=1, SRAM2_RST=1
        0x0000_FFFF, 0x0000_0000, // PCROP1SR, PCROP1ER
        0x0000_00FF, 0x0000_00FF, // WRP1AR, WRP1BR: STRT=FF > END=00
        0x0000_FFFF, 0x0000_0000, // PCROP2SR, PCROP2ER
        0x0000_00FF, 0x0000_00FF, // WRP2AR, WRP2BR
    };
    /** FLASH_OPTR bits with no function on the STM32L47x (no nSWBOOT0/nBOOT0, which are L49x/L4Ax only:
     *  the ST CMSIS header stm32l476xx.h defines no bit there); they read as 1, which is why a virgin part
     *  reads 0xFFEF_F8AA rather than the field value 0x03AF_70AA. */
    static final int OPTR_RESERVED_ONES = 0xFC40_8800;
    /** The option registers of FLASH, in the order of {@link #FACTORY} and of the register image. */
    static final String[] REGISTERS = {"OPTR", "PCROP1SR", "PCROP1ER", "WRP1AR", "WRP1BR",
        "PCROP2SR", "PCROP2ER", "WRP2AR", "WRP2BR"};
    /** Register image layout: magic word, then the nine option registers. All zero = factory state. */
    private static final int IMAGE_MAGIC = 0x4C34_4F42; // "BO4L"

    /** The values in effect; shared (not copied) with {@link L4FlashProtection}, so loading updates both. */
    private final int[] loaded = new int[REGISTERS.length];

    int[] loaded() {
        return loaded;
    }

    /** Option-byte loading (power-on, OBL_LAUNCH): the values programmed become the ones in effect. */
    void load(NonVolatileMemory nvm) {
        byte[] image = nvm.registerImage();
        if (getInt(image, 0) == IMAGE_MAGIC) {
            for (int i = 0; i < loaded.length; i++) loaded[i] = getInt(image, 4 + 4 * i);
        } else {
            System.arraycopy(FACTORY, 0, loaded, 0, loaded.length);
        }
    }

    /** OPTSTRT: {@code values} (in {@link #REGISTERS} order) become the stored option bytes; loaded at the next load. */
    static void store(NonVolatileMemory nvm, int[] values) {
        byte[] image = nvm.registerImage();
        putInt(image, 0, IMAGE_MAGIC);
        for (int i = 0; i < values.length; i++) putInt(image, 4 + 4 * i, values[i]);
    }

    /** FLASH_OPTR in effect, as the register reads: with the reserved bits at 1. */
    int optr() {
        return loaded[0] | OPTR_RESERVED_ONES;
    }

    /** BFB2 (RM0351 3.7.8 FLASH_OPTR bit 20; stm32l476xx.h FLASH_OPTR_BFB2_Pos = 20). */
    boolean bfb2() {
        return (loaded[0] & (1 << 20)) != 0;
    }

    /** nBOOT1 (RM0351 3.7.8 FLASH_OPTR bit 23; stm32l476xx.h FLASH_OPTR_nBOOT1_Pos = 23). */
    boolean nBoot1() {
        return (loaded[0] & (1 << 23)) != 0;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
