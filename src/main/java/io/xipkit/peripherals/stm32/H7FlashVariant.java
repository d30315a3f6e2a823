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
    H757(true, 0x03C6_AAF0),
    /**
     * STM32H7A3/B3/B0 (RM0455 Rev 10 chapter 4 "Embedded flash memory"): the controller of RM0433
     * with a 128-bit flash word, 8 KB sectors (128 a bank), a FLASH_CRx without PSIZE (FW bit 4,
     * START bit 5, SSN bits 12:6), no OPERR, and write protection by groups of four sectors
     * (FLASH_WPSGN_CURxR, 32 bits). Bit positions as ST's CMSIS stm32h7b3xx.h defines them
     * (FLASH_CR_FW_Pos 4, FLASH_CR_START_Pos 5, FLASH_CR_SNB_Msk 0x7F << 6, no FLASH_SR_OPERR,
     * FLASH_NB_32BITWORD_IN_FLASHWORD 4, FLASH_SECTOR_SIZE 8 KB). The factory OPTSR is taken as
     * RM0433's (same fields at the same positions in that header; VDDMMC_HSLV, bit 16, is 0). The
     * field positions also agree with ST's SVD for the STM32H7B3 (OPTSR_CUR/PRG field list as
     * rendered in currentmakers/cmforthlib stm32h7b3/flash.fs); that SVD states a reset value of 0
     * for OPTSR_CUR, as it does for the H743, so it gives no factory value. RM0455's "option bytes
     * factory values" table was not retrieved: the values themselves are unverified.
     */
    H7B3(false, 0x0006_AAD0, ControlLayout.RM0455);

    /**
     * Where the programming controls sit in FLASH_CRx and how wide the programming and
     * protection units are (RM0433 4.9.4 / RM0455 4.9.4).
     *
     * @param flashWordBytes  the programming unit (RM0433 4.3.8: 256 bits; RM0455: 128 bits)
     * @param psize           whether FLASH_CRx has PSIZE (bits 5:4)
     * @param fwBit           FW (force write)
     * @param startBit        START
     * @param snbPos          SNB/SSN, the sector number
     * @param snbBits         its width
     * @param sectorsPerWrpBit sectors one FLASH_WPSN bit protects (RM0455: a group of four)
     * @param factoryWpsn     WPSN as shipped: nothing protected
     * @param operr           whether SRx/CRx/CCRx have OPERR (bit 22)
     */
    public record ControlLayout(int flashWordBytes, boolean psize, int fwBit, int startBit, int snbPos, int snbBits,
                                int sectorsPerWrpBit, int factoryWpsn, boolean operr) {
        /** RM0433 4.9.4 FLASH_CR1: PSIZE 5:4, FW 6, START 7, SNB 10:8; WPSN 8 bits, one a sector. */
        public static final ControlLayout RM0433 = new ControlLayout(32, true, 6, 7, 8, 3, 1, 0x0000_00FF, true);
        /** RM0455 4.9.4 FLASH_CR1: FW 4, START 5, SSN 12:6; WPSGN 32 bits, one a group of four sectors. */
        public static final ControlLayout RM0455 = new ControlLayout(16, false, 4, 5, 6, 7, 4, 0xFFFF_FFFF, false);

        /** The most sectors a bank can have: what the sector-number field can name. */
        public int maxSectors() {
            return 1 << snbBits;
        }
    }

    private final boolean dualCore;
    private final int factoryOptsr;
    private final ControlLayout layout;

    H7FlashVariant(boolean dualCore, int factoryOptsr) {
        this(dualCore, factoryOptsr, ControlLayout.RM0433);
    }

    H7FlashVariant(boolean dualCore, int factoryOptsr, ControlLayout layout) {
        this.dualCore = dualCore;
        this.factoryOptsr = factoryOptsr;
        this.layout = layout;
    }

    public ControlLayout layout() {
        return layout;
    }

    /** The programming unit in bytes. */
    public int flashWordBytes() {
        return layout.flashWordBytes();
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
