package io.xipkit.peripherals.stm32;

/**
 * The STM32H7 parts whose embedded flash this package models, with their bank geometry and the
 * option-byte values they leave the factory with.
 *
 * <p>Geometry: RM0433 Rev 8 section 4.3.4 "Flash memory architecture and usage" (table
 * "Flash memory organization on STM32H742/743/753/750"): each bank of a 2 MB part holds eight
 * 128 KB sectors, bank 1 at 0x0800_0000 and bank 2 at 0x0810_0000; the STM32H750 value line has
 * a single 128 KB sector in bank 1 (RM0433 section 4.2 and DS12556 section 3.3.1 "128 Kbytes of
 * embedded flash"). RM0399 Rev 4 section 4.3.4 gives the same 2 x 1 MB layout for the dual-core
 * STM32H745/747/755/757.
 *
 * <p>Factory option bytes (RM0433 section 4.4.2 / RM0399 section 4.4.2 "Option bytes factory
 * values"): read protection level 0 (RDP = 0xAA), software watchdogs, no reset on Stop/Standby
 * entry, IWDG running in Stop/Standby, BOR off, no bank swap; BOOT_ADD0 = 0x0800 (0x0800_0000),
 * BOOT_ADD1 = 0x1FF0 (system memory 0x1FF0_0000); empty PCROP and secure-only areas (start
 * 0x0FF above end 0x000) and no write-protected sector (WPSN = 0xFF).
 */
public enum H7FlashVariant {
    /** STM32H742/743/753: two banks of 1 MB (RM0433). */
    H743(2, 1 << 20, 8, false, 0x0006_AAD0),
    /** STM32H750 value line: bank 1 only, one 128 KB sector (RM0433). */
    H750(1, 128 << 10, 1, false, 0x0006_AAD0),
    /**
     * STM32H745/747/755/757 dual core: two banks of 1 MB (RM0399). The OPTSR factory value adds
     * IWDG2_SW, BCM4, BCM7 and the D2 Stop/Standby reset bits (bit positions as
     * RM0399 section 4.9.8 lists them: IWDG2_SW 5, BCM4 22, BCM7 23, NRST_STOP_D2 24, NRST_STBY_D2 25).
     */
    H757(2, 1 << 20, 8, true, 0x03C6_AAF0);

    /** Sector size of every STM32H74x/75x part (RM0433 section 4.3.4). */
    public static final int SECTOR_BYTES = 128 << 10;
    /** BOOT_ADD0 as the parts leave the factory (RM0433 / RM0399 section 4.4.2): the start of bank 1. */
    public static final long FACTORY_BOOT_ADD0 = 0x0800_0000L;
    /** A flash word: the programming unit of 256 bits (RM0433 section 4.3.8 "Flash memory programming"). */
    public static final int FLASH_WORD_BYTES = 32;

    private final int banks;
    private final int bankBytes;
    private final int sectorsPerBank;
    private final boolean dualCore;
    private final int factoryOptsr;

    H7FlashVariant(int banks, int bankBytes, int sectorsPerBank, boolean dualCore, int factoryOptsr) {
        this.banks = banks;
        this.bankBytes = bankBytes;
        this.sectorsPerBank = sectorsPerBank;
        this.dualCore = dualCore;
        this.factoryOptsr = factoryOptsr;
    }

    public int banks() {
        return banks;
    }

    public int bankBytes() {
        return bankBytes;
    }

    public int sectorsPerBank() {
        return sectorsPerBank;
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
