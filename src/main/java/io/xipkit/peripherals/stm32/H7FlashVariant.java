package io.xipkit.peripherals.stm32;

/**
 * The STM32H7 parts whose embedded flash this package models: their register map (single or dual
 * core) and the option-byte values they leave the factory with. Where the banks are and how large
 * they are is the board description's ({@link H7FlashGeometry}).
 *
 * <p>Factory option bytes (RM0433 section 4.4.2 / RM0399 section 4.4.2 "Option bytes factory
 * values"): read protection level 0 (RDP = 0xAA), software watchdogs, no reset on Stop/Standby
 * entry, IWDG running in Stop/Standby, BOR off, no bank swap; BOOT_ADD0 = 0x0800 (0x0800_0000),
 * BOOT_ADD1 = 0x1FF0 (system memory 0x1FF0_0000); empty PCROP and secure-only areas (start
 * 0x0FF above end 0x000) and no write-protected sector (WPSN = 0xFF).
 */
public enum H7FlashVariant {
    /** STM32H742/743/753 (RM0433). */
    H743(false, 0x0006_AAD0),
    /** STM32H750 value line (RM0433). */
    H750(false, 0x0006_AAD0),
    /**
     * STM32H745/747/755/757 dual core: two banks of 1 MB (RM0399). The OPTSR factory value adds
     * IWDG2_SW, BCM4, BCM7 and the D2 Stop/Standby reset bits (bit positions as
     * RM0399 section 4.9.8 lists them: IWDG2_SW 5, BCM4 22, BCM7 23, NRST_STOP_D2 24, NRST_STBY_D2 25).
     */
    H757(true, 0x03C6_AAF0);

    /** A flash word: the programming unit of 256 bits (RM0433 section 4.3.8 "Flash memory programming"). */
    public static final int FLASH_WORD_BYTES = 32;

    private final boolean dualCore;
    private final int factoryOptsr;

    H7FlashVariant(boolean dualCore, int factoryOptsr) {
        this.dualCore = dualCore;
        this.factoryOptsr = factoryOptsr;
    }

    /** Dual-core part (RM0399): separate Cortex-M4 boot addresses and D2 option bits. */
    public boolean dualCore() {
        return dualCore;
    }

    /** FLASH_OPTSR value of a part as it leaves the factory. */
    public int factoryOptsr() {
        return factoryOptsr;
    }
}
