package io.xipkit.peripherals.stm32;

import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The FLASH register map of {@link H7FlashMemory} (RM0433 Rev 8 section 4.9, "FLASH registers";
 * RM0399 Rev 4 section 4.9 for the dual-core parts' boot and OPTSR bits): offsets, fields, access
 * types and reset values, with the live status bits read from the model.
 */
final class H7FlashRegisterMap {
    private H7FlashRegisterMap() {}

    static RegisterBlock declare(H7FlashMemory flash) {
        RegisterBlock.Builder b = RegisterBlock.builder("FLASH", H7FlashMemory.REGISTER_SIZE)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 4.9.1 FLASH_ACR: wait states and programming delay, stored for the firmware.
                .register(0x000, "ACR", r -> r.reset(0x37)
                        .field("LATENCY", 0, 4, Access.RW)
                        .field("WRHIGHFREQ", 4, 2, Access.RW))
                // RM0433 4.9.3 FLASH_OPTKEYR: write-only key register.
                .register(0x008, "OPTKEYR", r -> r.field("OPTKEYR", 0, 32, Access.WO))
                // RM0433 4.9.7 FLASH_OPTCR (bus writes handled in optionControlWrite).
                .register(0x018, "OPTCR", r -> r.reset(H7FlashMemory.OPTCR_OPTLOCK)
                        .bit("OPTLOCK", 0, Access.RW)
                        .bit("OPTSTART", 1, Access.RW, f -> f.reads(() -> flash.optionChangeBusy() ? 1 : 0))
                        .bit("MER", 4, Access.RW, f -> f.reads(() -> flash.massEraseRunning() ? 1 : 0))
                        .bit("OPTCHANGEERRIE", 30, Access.RW)
                        .bit("SWAP_BANK", 31, Access.RO, f -> f.reads(() -> flash.banksSwapped() ? 1 : 0)))
                // RM0433 4.9.8 FLASH_OPTSR_CUR: option bytes in effect (set from storage).
                .register(0x01C, "OPTSR_CUR", r -> optsrFields(flash, r, true))
                // RM0433 4.9.9 FLASH_OPTSR_PRG: option bytes to program with OPTSTART.
                .register(0x020, "OPTSR_PRG", r -> optsrFields(flash, r, false))
                // RM0433 4.9.10 FLASH_OPTCCR.
                .register(0x024, "OPTCCR", r -> r
                        .bit("CLR_OPTCHANGEERR", 30, Access.WO)
                        .afterWrite(flash::clearOptionFlags));
        if (flash.variant().dualCore()) {
            // RM0399 4.9.17-4.9.20 FLASH_BOOT7_CURR/PRGR and FLASH_BOOT4_CURR/PRGR.
            b.register(0x040, "BOOT7_CURR", r -> bootFields(r, "BOOT_CM7_ADD", Access.RO))
             .register(0x044, "BOOT7_PRGR", r -> bootFields(r, "BOOT_CM7_ADD", Access.RW))
             .register(0x048, "BOOT4_CURR", r -> bootFields(r, "BOOT_CM4_ADD", Access.RO))
             .register(0x04C, "BOOT4_PRGR", r -> bootFields(r, "BOOT_CM4_ADD", Access.RW));
        } else {
            // RM0433 4.9.17/4.9.18 FLASH_BOOT_CURR/PRGR.
            b.register(0x040, "BOOT_CURR", r -> bootFields(r, "BOOT_ADD", Access.RO))
             .register(0x044, "BOOT_PRGR", r -> bootFields(r, "BOOT_ADD", Access.RW));
        }
        // RM0433 4.9.22 FLASH_CRCDATAR: CRC computation not modelled, reads 0.
        b.register(0x05C, "CRCDATAR", r -> r.field("CRC_DATA", 0, 32, Access.RO));
        for (int i = 0; i < 2; i++) bankRegisters(flash, b, i);
        return b.build();
    }

    /** The registers of bank i at base 0x000 / 0x100 (RM0433 4.9.2, 4.9.4-4.9.6, 4.9.11-4.9.16, 4.9.19-4.9.24). */
    private static void bankRegisters(H7FlashMemory flash, RegisterBlock.Builder b, int i) {
        int base = 0x100 * i;
        String n = Integer.toString(i + 1);
        b.register(base + 0x04, "KEYR" + n, r -> r.field("KEY" + n + "R", 0, 32, Access.WO))
         .register(base + 0x0C, "CR" + n, r -> controlFields(flash, r, i, n))
         .register(base + 0x10, "SR" + n, r -> operr(flash, r, "OPERR" + n, Access.RO)
                .bit("BSY" + n, 0, Access.RO, f -> f.reads(() -> flash.bank(i).busy() ? 1 : 0))
                .bit("WBNE" + n, 1, Access.RO, f -> f.reads(() -> flash.bank(i).writeBufferNotEmpty() ? 1 : 0))
                .bit("QW" + n, 2, Access.RO, f -> f.reads(() -> flash.bank(i).busy() ? 1 : 0))
                .bit("CRC_BUSY" + n, 3, Access.RO)
                .bit("EOP" + n, 16, Access.RO)
                .bit("WRPERR" + n, 17, Access.RO)
                .bit("PGSERR" + n, 18, Access.RO)
                .bit("STRBERR" + n, 19, Access.RO)
                .bit("INCERR" + n, 21, Access.RO)
                .bit("RDPERR" + n, 23, Access.RO)
                .bit("RDSERR" + n, 24, Access.RO)
                .bit("SNECCERR" + n, 25, Access.RO)
                .bit("DBECCERR" + n, 26, Access.RO)
                .bit("CRCEND" + n, 27, Access.RO)
                .bit("CRCRDERR" + n, 28, Access.RO))
         .register(base + 0x14, "CCR" + n, r -> operr(flash, r, "CLR_OPERR" + n, Access.WO)
                .bit("CLR_EOP" + n, 16, Access.WO)
                .bit("CLR_WRPERR" + n, 17, Access.WO)
                .bit("CLR_PGSERR" + n, 18, Access.WO)
                .bit("CLR_STRBERR" + n, 19, Access.WO)
                .bit("CLR_INCERR" + n, 21, Access.WO)
                .bit("CLR_RDPERR" + n, 23, Access.WO)
                .bit("CLR_RDSERR" + n, 24, Access.WO)
                .bit("CLR_SNECCERR" + n, 25, Access.WO)
                .bit("CLR_DBECCERR" + n, 26, Access.WO)
                .bit("CLR_CRCEND" + n, 27, Access.WO)
                .bit("CLR_CRCRDERR" + n, 28, Access.WO)
                .afterWrite(v -> flash.bank(i).clearFlags(v)))
         .register(base + 0x28, "PRAR_CUR" + n, r -> areaFields(r, "PROT_AREA", "DMEP", n, Access.RO))
         .register(base + 0x2C, "PRAR_PRG" + n, r -> areaFields(r, "PROT_AREA", "DMEP", n, Access.RW))
         .register(base + 0x30, "SCAR_CUR" + n, r -> areaFields(r, "SEC_AREA", "DMES", n, Access.RO))
         .register(base + 0x34, "SCAR_PRG" + n, r -> areaFields(r, "SEC_AREA", "DMES", n, Access.RW))
         // RM0433 4.9.15/4.9.16 WPSN (8 bits, a sector each); RM0455 4.9.15/4.9.16 WPSGN (32 bits,
         // a group of four sectors each); the model keeps the RM0433 names for both.
         .register(base + 0x38, "WPSN_CUR" + n + "R", r -> r.field("WRPSN" + n, 0, wpsnBits(flash), Access.RO))
         .register(base + 0x3C, "WPSN_PRG" + n + "R", r -> r.field("WRPSN" + n, 0, wpsnBits(flash), Access.RW))
         .register(base + 0x50, "CRCCR" + n, r -> r
                .field("CRC_SECT", 0, 3, Access.RW)
                .bit("ALL_BANK", 7, Access.RW)
                .bit("CRC_BY_SECT", 8, Access.RW)
                .bit("ADD_SECT", 9, Access.RW)
                .bit("CLEAN_SECT", 10, Access.RW)
                .bit("START_CRC", 16, Access.RW)
                .bit("CLEAN_CRC", 17, Access.RW)
                .field("CRC_BURST", 20, 2, Access.RW))
         .register(base + 0x54, "CRCSADD" + n + "R", r -> r.field("CRC_START_ADDR", 2, 18, Access.RW))
         .register(base + 0x58, "CRCEADD" + n + "R", r -> r.field("CRC_END_ADDR", 2, 18, Access.RW))
         .register(base + 0x60, "ECC_FA" + n + "R", r -> r.field("FAIL_ECC_ADDR" + n, 0, 15, Access.RO));
    }

    /**
     * FLASH_CRx (RM0433 4.9.4; RM0455 4.9.4 for the parts without PSIZE, where FW, START and the
     * 7-bit SSN move down): reset value LOCK set with PSIZE = x64 (0x31) on RM0433, LOCK alone
     * on RM0455 (no PSIZE to reset). The interrupt enables keep their places.
     */
    private static void controlFields(H7FlashMemory flash, RegisterBlock.RegisterSpec r, int i, String n) {
        H7FlashVariant.ControlLayout l = flash.variant().layout();
        r.reset(l.psize() ? 0x31 : 0x01)
                .bit("LOCK" + n, 0, Access.RW)
                .bit("PG" + n, 1, Access.RW, f -> f.onChange((was, now) -> flash.bank(i).programEnableChanged(now)))
                .bit("SER" + n, 2, Access.RW)
                .bit("BER" + n, 3, Access.RW);
        if (l.psize()) r.field("PSIZE" + n, 4, 2, Access.RW);
        r.bit("FW" + n, l.fwBit(), Access.RW, f -> f.onWrite((was, now) -> flash.bank(i).forceWriteWritten(now)))
                .bit("START" + n, l.startBit(), Access.RW, f -> f.onWrite((was, now) -> flash.bank(i).startWritten(now)))
                .field("SNB" + n, l.snbPos(), l.snbBits(), Access.RW)
                .bit("CRC_EN", 15, Access.RW)
                .bit("EOPIE" + n, 16, Access.RW)
                .bit("WRPERRIE" + n, 17, Access.RW)
                .bit("PGSERRIE" + n, 18, Access.RW)
                .bit("STRBERRIE" + n, 19, Access.RW)
                .bit("INCERRIE" + n, 21, Access.RW);
        if (l.operr()) r.bit("OPERRIE" + n, 22, Access.RW);
        r.bit("RDPERRIE" + n, 23, Access.RW)
                .bit("RDSERRIE" + n, 24, Access.RW)
                .bit("SNECCERRIE" + n, 25, Access.RW)
                .bit("DBECCERRIE" + n, 26, Access.RW)
                .bit("CRCENDIE" + n, 27, Access.RW)
                .bit("CRCRDERRIE" + n, 28, Access.RW);
    }

    /** OPERR / CLR_OPERR at bit 22 where the part has it (RM0433 4.9.5/4.9.6; not in RM0455's). */
    private static RegisterBlock.RegisterSpec operr(H7FlashMemory flash, RegisterBlock.RegisterSpec r, String name, Access a) {
        return flash.variant().layout().operr() ? r.bit(name, 22, a) : r;
    }

    private static int wpsnBits(H7FlashMemory flash) {
        return Integer.SIZE - Integer.numberOfLeadingZeros(flash.variant().layout().factoryWpsn()); // all-ones as shipped
    }

    private static void optsrFields(H7FlashMemory flash, RegisterBlock.RegisterSpec r, boolean current) {
        Access a = current ? Access.RO : Access.RW;
        if (current) r.bit("OPT_BUSY", 0, Access.RO, f -> f.reads(() -> flash.optionChangeBusy() ? 1 : 0));
        r.field("BOR_LEV", 2, 2, a)
         .bit("IWDG1_SW", 4, a)
         .bit("NRST_STOP_D1", 6, a)
         .bit("NRST_STBY_D1", 7, a)
         .field("RDP", 8, 8, a)
         .bit("FZ_IWDG_STOP", 17, a)
         .bit("FZ_IWDG_SDBY", 18, a)
         .field("ST_RAM_SIZE", 19, 2, a)
         .bit("SECURITY", 21, a)
         .bit("IO_HSLV", 29, a)
         .bit("SWAP_BANK_OPT", 31, a);
        if (flash.variant().dualCore()) {
            // RM0399 4.9.8/4.9.9: second watchdog, core boot enables and D2 domain resets.
            r.bit("IWDG2_SW", 5, a)
             .bit("BCM4", 22, a)
             .bit("BCM7", 23, a)
             .bit("NRST_STOP_D2", 24, a)
             .bit("NRST_STBY_D2", 25, a);
        }
        if (current) r.bit("OPTCHANGEERR", 30, Access.RO);
    }

    private static void bootFields(RegisterBlock.RegisterSpec r, String prefix, Access a) {
        r.field(prefix + "0", 0, 16, a).field(prefix + "1", 16, 16, a);
    }

    private static void areaFields(RegisterBlock.RegisterSpec r, String area, String eraseBit, String n, Access a) {
        r.field(area + "_START" + n, 0, 12, a).field(area + "_END" + n, 16, 12, a).bit(eraseBit + n, 31, a);
    }
}
