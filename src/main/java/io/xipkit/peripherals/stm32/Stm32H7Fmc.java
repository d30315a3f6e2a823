package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The register block of the STM32H7 flexible memory controller (RM0433 rev 8, chapter 22 "Flexible
 * memory controller (FMC)", 22.7 register descriptions; RM0399 the same) at 0x5200_4000: every
 * register at its offset with its reset value, stored as written. Only the registers are modelled:
 * no memory bank (NOR/PSRAM at 0x6000_0000, NAND, SDRAM) answers, and the SDRAM status stays
 * "normal mode". Enough for code that configures or disables the FMC on the way to something
 * else, as ST's SystemInit does (it writes FMC_BCR1 to turn off bank 1, which is enabled after
 * reset) and the external loaders built with it.
 */
public final class Stm32H7Fmc implements RegisterMapped, Resettable {
    public static final int BASE = 0x5200_4000;
    public static final int SIZE = 0x1000;

    private final RegisterBlock regs;

    public Stm32H7Fmc() {
        RegisterBlock.Builder b = RegisterBlock.builder("FMC", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE);
        // 22.7.6 FMC_BCRx (0x00 + 8 * (x - 1)): bank 1 enabled after reset (0x0000_30DB), banks 2-4
        // 0x0000_30D2. Bit 7 is reserved and resets to 1 ("keep at reset value"): kept as written.
        // FMCEN, BMAP, WFDIS and CCLKEN exist in FMC_BCR1 only.
        for (int x = 1; x <= 4; x++) {
            boolean first = x == 1;
            b.register(8 * (x - 1), "BCR" + x, r -> {
                r.reset(first ? 0x0000_30DB : 0x0000_30D2)
                        .bit("MBKEN", 0, Access.RW).bit("MUXEN", 1, Access.RW).field("MTYP", 2, 2, Access.RW)
                        .field("MWID", 4, 2, Access.RW).bit("FACCEN", 6, Access.RW).bit("RES7", 7, Access.RW)
                        .bit("BURSTEN", 8, Access.RW).bit("WAITPOL", 9, Access.RW).bit("WAITCFG", 11, Access.RW)
                        .bit("WREN", 12, Access.RW).bit("WAITEN", 13, Access.RW).bit("EXTMOD", 14, Access.RW)
                        .bit("ASYNCWAIT", 15, Access.RW).field("CPSIZE", 16, 3, Access.RW).bit("CBURSTRW", 19, Access.RW);
                if (first) r.bit("CCLKEN", 20, Access.RW).bit("WFDIS", 21, Access.RW).field("BMAP", 24, 2, Access.RW).bit("FMCEN", 31, Access.RW);
            });
            // 22.7.7 FMC_BTRx (0x04 + 8 * (x - 1)), reset 0x0FFF_FFFF.
            b.register(8 * (x - 1) + 4, "BTR" + x, r -> r.reset(0x0FFF_FFFF)
                    .field("ADDSET", 0, 4, Access.RW).field("ADDHLD", 4, 4, Access.RW).field("DATAST", 8, 8, Access.RW)
                    .field("BUSTURN", 16, 4, Access.RW).field("CLKDIV", 20, 4, Access.RW).field("DATLAT", 24, 4, Access.RW)
                    .field("ACCMOD", 28, 2, Access.RW));
            // 22.7.8 FMC_BWTRx (0x104 + 8 * (x - 1)), reset 0x0FFF_FFFF; bits 27:20 reserved at their reset value.
            b.register(0x104 + 8 * (x - 1), "BWTR" + x, r -> r.reset(0x0FFF_FFFF)
                    .field("ADDSET", 0, 4, Access.RW).field("ADDHLD", 4, 4, Access.RW).field("DATAST", 8, 8, Access.RW)
                    .field("BUSTURN", 16, 4, Access.RW).field("RES20", 20, 8, Access.RW).field("ACCMOD", 28, 2, Access.RW));
        }
        b
                // 22.7.9 FMC_PCR (NAND), reset 0x0000_0018 (bit 3 reserved at 1, PWID = 16 bits).
                .register(0x80, "PCR", r -> r.reset(0x18)
                        .bit("PWAITEN", 1, Access.RW).bit("PBKEN", 2, Access.RW).bit("RES3", 3, Access.RW).field("PWID", 4, 2, Access.RW)
                        .bit("ECCEN", 6, Access.RW).field("TCLR", 9, 4, Access.RW).field("TAR", 13, 4, Access.RW).field("ECCPS", 17, 3, Access.RW))
                // 22.7.10 FMC_SR, reset 0x0000_0040: FIFO empty (nothing is ever written to a bank here).
                .register(0x84, "SR", r -> r.reset(0x40)
                        .bit("IRS", 0, Access.RW).bit("ILS", 1, Access.RW).bit("IFS", 2, Access.RW).bit("IREN", 3, Access.RW)
                        .bit("ILEN", 4, Access.RW).bit("IFEN", 5, Access.RW).bit("FEMPT", 6, Access.RO))
                // 22.7.11/12 FMC_PMEM and FMC_PATT, reset 0xFCFC_FCFC.
                .register(0x88, "PMEM", r -> r.reset(0xFCFC_FCFC)
                        .field("MEMSET", 0, 8, Access.RW).field("MEMWAIT", 8, 8, Access.RW).field("MEMHOLD", 16, 8, Access.RW).field("MEMHIZ", 24, 8, Access.RW))
                .register(0x8C, "PATT", r -> r.reset(0xFCFC_FCFC)
                        .field("ATTSET", 0, 8, Access.RW).field("ATTWAIT", 8, 8, Access.RW).field("ATTHOLD", 16, 8, Access.RW).field("ATTHIZ", 24, 8, Access.RW))
                // 22.7.13 FMC_ECCR, read-only, reset 0.
                .register(0x94, "ECCR", r -> r.field("ECC", 0, 32, Access.RO));
        for (int x = 1; x <= 2; x++) {
            // 22.7.14 FMC_SDCRx (0x140, 0x144), reset 0x0000_02D0.
            b.register(0x13C + 4 * x, "SDCR" + x, r -> r.reset(0x2D0)
                    .field("NC", 0, 2, Access.RW).field("NR", 2, 2, Access.RW).field("MWID", 4, 2, Access.RW).bit("NB", 6, Access.RW)
                    .field("CAS", 7, 2, Access.RW).bit("WP", 9, Access.RW).field("SDCLK", 10, 2, Access.RW).bit("RBURST", 12, Access.RW)
                    .field("RPIPE", 13, 2, Access.RW));
            // 22.7.15 FMC_SDTRx (0x148, 0x14C), reset 0x0FFF_FFFF.
            b.register(0x144 + 4 * x, "SDTR" + x, r -> r.reset(0x0FFF_FFFF)
                    .field("TMRD", 0, 4, Access.RW).field("TXSR", 4, 4, Access.RW).field("TRAS", 8, 4, Access.RW).field("TRC", 12, 4, Access.RW)
                    .field("TWR", 16, 4, Access.RW).field("TRP", 20, 4, Access.RW).field("TRCD", 24, 4, Access.RW));
        }
        b
                // 22.7.16 FMC_SDCMR, reset 0 (a command is accepted and completes at once: no SDRAM here).
                .register(0x150, "SDCMR", r -> r
                        .field("MODE", 0, 3, Access.RW).bit("CTB2", 3, Access.RW).bit("CTB1", 4, Access.RW)
                        .field("NRFS", 5, 4, Access.RW).field("MRD", 9, 14, Access.RW))
                // 22.7.17 FMC_SDRTR, reset 0.
                .register(0x154, "SDRTR", r -> r.bit("CRE", 0, Access.RW).field("COUNT", 1, 13, Access.RW).bit("REIE", 14, Access.RW))
                // 22.7.18 FMC_SDSR, reset 0: both SDRAM banks in normal mode, no refresh error.
                .register(0x158, "SDSR", r -> r.bit("RE", 0, Access.RO).field("MODES1", 1, 2, Access.RO).field("MODES2", 3, 2, Access.RO));
        regs = b.build();
    }

    public RegisterBlock registers() {
        return regs;
    }

    @Override
    public void reset() {
        regs.reset();
    }
}
