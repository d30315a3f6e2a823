package io.xipkit.peripherals.stm32;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import java.util.Objects;

/**
 * Reset and clock control of the STM32H742/743/750/753 (RM0433 rev 8, chapter 8 "RCC") and of the
 * dual-core STM32H745/747/755/757 as seen from the Cortex-M7 (RM0399 rev 4, chapter 9), at
 * 0x5802_4400. The ready flags follow their enables at once (oscillators and PLLs lock in zero
 * virtual time), so vendor clock set-up loops complete; the system clock switch (SWS) follows SW
 * as soon as the selected source is ready. The model computes the CPU, AHB and APB clocks from the
 * configuration and reports every change to a {@link ClockListener}.
 *
 * <p>The register layout modelled is that of silicon revision V (HSICFGR/CSICFGR at 0x04/0x0C;
 * revision Y had ICSCR there). Peripheral enable, reset and low-power enable registers are stored
 * but gate nothing: models in xipkit are always clocked.
 */
public final class Stm32H7Rcc extends Stm32Rcc<Stm32H7Rcc.ResetKind> {
    /** Base address on the AHB4 bus (RM0433 table 8 "Register boundary addresses"). */
    public static final int BASE = 0x5802_4400;
    public static final int SIZE = 0x400;

    /** Fixed internal oscillators (RM0433 section 8.5.2 "HSI", "CSI", "HSI48", "LSI" oscillators). */
    public static final long HSI_HZ = 64_000_000L;
    public static final long CSI_HZ = 4_000_000L;
    public static final long HSI48_HZ = 48_000_000L;
    public static final long LSI_HZ = 32_000L;
    public static final long LSE_HZ = 32_768L;

    /** Which reference manual's register set to model. */
    public enum Variant {
        /** STM32H742/743/750/753, RM0433. */
        RM0433_SINGLE_CORE,
        /** STM32H745/747/755/757 seen from the Cortex-M7, RM0399 (C1/C2 reset flags, C2_ alias bank). */
        RM0399_DUAL_CORE_CM7,
        /**
         * STM32H7A3/B3/B0, RM0455 chapter 7 "Reset and clock control": the RM0433 register set at the
         * same offsets (ST's CMSIS stm32h7b3xx.h RCC_TypeDef) with the CPU domain (CD) and
         * SmartRun domain (SRD) in place of D1/D2 and D3: CDCFGR1/CDCFGR2/SRDCFGR, CDCCIPR (OCTOSPISEL
         * where QSPISEL was), CDCCIP1R/CDCCIP2R/SRDCCIPR, SRDAMR; RCC_CR CPUCKRDY/CDCKRDY (bits 14/15);
         * no GCR, no C1_ aliases; CKGAENR (0x0B0, clock gating, stored); RSR with CDRSTF (bit 19) and
         * no CPURSTF/D2RSTF.
         */
        RM0455_CD_SRD
    }

    /** Why the board restarted; see {@link #noteReset(ResetKind)}. */
    public enum ResetKind {
        POWER_ON, PIN, SOFTWARE, BROWN_OUT, INDEPENDENT_WATCHDOG, WINDOW_WATCHDOG, LOW_POWER,
        /** Option-byte launch; on the H7 it is a system reset without a flag of its own. */
        OPTION_BYTE_LOAD
    }

    // RCC_RSR flag bits (RM0433 Rev 8 section 8.7.39; RM0399 section 9.7.39).
    private static final int RSR_CPURSTF = 1 << 17;   // RM0399: C1RSTF
    private static final int RSR_C2RSTF = 1 << 18;    // RM0399 only
    private static final int RSR_D1RSTF = 1 << 19;
    private static final int RSR_D2RSTF = 1 << 20;
    private static final int RSR_BORRSTF = 1 << 21;
    private static final int RSR_PINRSTF = 1 << 22;
    private static final int RSR_PORRSTF = 1 << 23;
    private static final int RSR_SFTRSTF = 1 << 24;   // RM0399: SFT1RSTF
    private static final int RSR_IWDG1RSTF = 1 << 26;
    private static final int RSR_WWDG1RSTF = 1 << 28;
    private static final int RSR_LPWRRSTF = 1 << 30;  // RM0399: LPWR1RSTF

    // Clock-source encodings.
    private static final int SRC_HSI = 0, SRC_CSI = 1, SRC_HSE = 2, SRC_PLL1 = 3;

    // Peripheral clock registers: name and offset (RM0433 sections 8.7.22-8.7.53). The C1_ aliases
    // sit 0x60 above (RM0433 Rev 8 8.7.40+, RM0399 9.7.40+); RM0399 adds a C2_ bank 0xC0 above.
    private static final String[] BUS_REG_NAMES = {
            "AHB3RSTR", "AHB1RSTR", "AHB2RSTR", "AHB4RSTR", "APB3RSTR", "APB1LRSTR", "APB1HRSTR", "APB2RSTR", "APB4RSTR",
            "AHB3ENR", "AHB1ENR", "AHB2ENR", "AHB4ENR", "APB3ENR", "APB1LENR", "APB1HENR", "APB2ENR", "APB4ENR",
            "AHB3LPENR", "AHB1LPENR", "AHB2LPENR", "AHB4LPENR", "APB3LPENR", "APB1LLPENR", "APB1HLPENR",
            "APB2LPENR", "APB4LPENR"};
    private static final int[] BUS_REG_OFFSETS = {
            0x07C, 0x080, 0x084, 0x088, 0x08C, 0x090, 0x094, 0x098, 0x09C,
            0x0D4, 0x0D8, 0x0DC, 0x0E0, 0x0E4, 0x0E8, 0x0EC, 0x0F0, 0x0F4,
            0x0FC, 0x100, 0x104, 0x108, 0x10C, 0x110, 0x114, 0x118, 0x11C};
    /** Index in BUS_REG_NAMES of the first register with a C1_ alias (the ENRs; RSTRs have none). */
    private static final int FIRST_ALIASED = 9;

    private final Variant variant;
    private final long hseHz;
    private final RegisterBlock regs;

    private final Field hsion, hsidiv, csion, hsi48on, hseon, pll1on, pll2on, pll3on;
    private final Field sw, sws, d1cpre, hpre, d1ppre, d2ppre1, d2ppre2, d3ppre;
    private final Field pllsrc, divm1, divm2, divm3, bdcr_lseon, csr_lsion;
    private final Register pllcfgr, bdcr;
    private final Register[] pllDivr = new Register[3];
    private final Register[] pllFracr = new Register[3];
    private final Field usart16sel, usart234578sel, qspisel, ckpersel;
    private final Register[] mainBusRegs;
    private final Register[] c1Aliases;

    /**
     * @param variant  which reference manual's register set
     * @param hseHz    frequency of the crystal or external clock on OSC_IN (e.g. 25 MHz); 0 when the
     *                 board has none (HSERDY then never sets)
     * @param listener told of every clock-tree change (also once now, with the reset clocks)
     */
    public Stm32H7Rcc(Variant variant, long hseHz, ClockListener listener) {
        super(listener);
        this.variant = Objects.requireNonNull(variant);
        if (hseHz < 0 || hseHz > 50_000_000L) {
            throw new IllegalArgumentException("HSE frequency must be 0 (none) or up to 50 MHz, was " + hseHz);
        }
        this.hseHz = hseHz;
        boolean dual = variant == Variant.RM0399_DUAL_CORE_CM7;

        RegisterBlock.Builder b = RegisterBlock.builder("RCC", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 Rev 8 8.7.2 RCC_CR, reset 0x0000_0025 (HSION, HSIRDY, HSIDIVF). Ready flags are
                // computed from the enables; D1/D2 domain clocks are always running in this model.
                .register(0x000, "CR", r -> r.reset(0x0000_0025)
                        .bit("HSION", 0, Access.RW)
                        .bit("HSIKERON", 1, Access.RW)
                        .bit("HSIRDY", 2, Access.RO, f -> f.reads(() -> hsiReady() ? 1 : 0))
                        .field("HSIDIV", 3, 2, Access.RW)
                        .bit("HSIDIVF", 5, Access.RO, f -> f.reads(() -> 1))
                        .bit("CSION", 7, Access.RW)
                        .bit("CSIRDY", 8, Access.RO, f -> f.reads(() -> csiReady() ? 1 : 0))
                        .bit("CSIKERON", 9, Access.RW)
                        .bit("HSI48ON", 12, Access.RW)
                        .bit("HSI48RDY", 13, Access.RO, f -> f.reads(() -> hsi48Ready() ? 1 : 0))
                        .bit(named("D1CKRDY"), 14, Access.RO, f -> f.reads(() -> 1))
                        .bit(named("D2CKRDY"), 15, Access.RO, f -> f.reads(() -> 1))
                        .bit("HSEON", 16, Access.RW)
                        .bit("HSERDY", 17, Access.RO, f -> f.reads(() -> hseReady() ? 1 : 0))
                        .bit("HSEBYP", 18, Access.RW)
                        .bit("HSECSSON", 19, Access.W1S)
                        .bit("PLL1ON", 24, Access.RW)
                        .bit("PLL1RDY", 25, Access.RO, f -> f.reads(() -> pllReady(0) ? 1 : 0))
                        .bit("PLL2ON", 26, Access.RW)
                        .bit("PLL2RDY", 27, Access.RO, f -> f.reads(() -> pllReady(1) ? 1 : 0))
                        .bit("PLL3ON", 28, Access.RW)
                        .bit("PLL3RDY", 29, Access.RO, f -> f.reads(() -> pllReady(2) ? 1 : 0))
                        .afterWrite(v -> clockConfigWritten()))
                // RM0433 Rev 8 8.7.4 RCC_HSICFGR (rev V), reset 0x4000_0000 | factory HSICAL (modelled 0).
                .register(0x004, "HSICFGR", r -> r.reset(0x4000_0000)
                        .field("HSICAL", 0, 12, Access.RO)
                        .field("HSITRIM", 24, 7, Access.RW))
                // RM0433 Rev 8 8.7.5 RCC_CRRCR: HSI48 calibration (factory value, modelled 0).
                .register(0x008, "CRRCR", r -> r.field("HSI48CAL", 0, 10, Access.RO))
                // RM0433 Rev 8 8.7.6 RCC_CSICFGR (rev V), reset 0x2000_0000 | factory CSICAL.
                .register(0x00C, "CSICFGR", r -> r.reset(0x2000_0000)
                        .field("CSICAL", 0, 8, Access.RO)
                        .field("CSITRIM", 24, 6, Access.RW))
                // RM0433 Rev 8 8.7.7 RCC_CFGR, reset 0.
                .register(0x010, "CFGR", r -> r
                        .field("SW", 0, 3, Access.RW)
                        .field("SWS", 3, 3, Access.RO)
                        .bit("STOPWUCK", 6, Access.RW)
                        .bit("STOPKERWUCK", 7, Access.RW)
                        .field("RTCPRE", 8, 6, Access.RW)
                        .bit("HRTIMSEL", 14, Access.RW)
                        .bit("TIMPRE", 15, Access.RW)
                        .field("MCO1PRE", 18, 4, Access.RW)
                        .field("MCO1", 22, 3, Access.RW)
                        .field("MCO2PRE", 25, 4, Access.RW)
                        .field("MCO2", 29, 3, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // RM0433 Rev 8 8.7.8 RCC_D1CFGR, reset 0.
                .register(0x018, named("D1CFGR"), r -> r
                        .field("HPRE", 0, 4, Access.RW)
                        .field(named("D1PPRE"), 4, 3, Access.RW)
                        .field(named("D1CPRE"), 8, 4, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // RM0433 Rev 8 8.7.9 RCC_D2CFGR, reset 0.
                .register(0x01C, named("D2CFGR"), r -> r
                        .field(named("D2PPRE1"), 4, 3, Access.RW)
                        .field(named("D2PPRE2"), 8, 3, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // RM0433 Rev 8 8.7.10 RCC_D3CFGR, reset 0.
                .register(0x020, named("D3CFGR"), r -> r
                        .field(named("D3PPRE"), 4, 3, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // RM0433 Rev 8 8.7.11 RCC_PLLCKSELR, reset 0x0202_0200 (DIVMx = 32).
                .register(0x028, "PLLCKSELR", r -> r.reset(0x0202_0200)
                        .field("PLLSRC", 0, 2, Access.RW)
                        .field("DIVM1", 4, 6, Access.RW)
                        .field("DIVM2", 12, 6, Access.RW)
                        .field("DIVM3", 20, 6, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // RM0433 Rev 8 8.7.12 RCC_PLLCFGR, reset 0x01FF_0000 (all dividers enabled).
                .register(0x02C, "PLLCFGR", r -> {
                    r.reset(0x01FF_0000);
                    for (int p = 1; p <= 3; p++) {
                        int base = (p - 1) * 4;
                        r.bit("PLL" + p + "FRACEN", base, Access.RW)
                                .bit("PLL" + p + "VCOSEL", base + 1, Access.RW)
                                .field("PLL" + p + "RGE", base + 2, 2, Access.RW);
                    }
                    for (int p = 1; p <= 3; p++) {
                        int base = 16 + (p - 1) * 3;
                        r.bit("DIVP" + p + "EN", base, Access.RW)
                                .bit("DIVQ" + p + "EN", base + 1, Access.RW)
                                .bit("DIVR" + p + "EN", base + 2, Access.RW);
                    }
                    r.afterWrite(v -> clockConfigWritten());
                });
        // RM0433 Rev 8 8.7.13-8.7.18 RCC_PLLxDIVR (reset 0x0101_0280: N=129, P=Q=R=2) and RCC_PLLxFRACR.
        for (int p = 1; p <= 3; p++) {
            int off = 0x030 + (p - 1) * 8;
            String n = String.valueOf(p);
            b.register(off, "PLL" + n + "DIVR", r -> r.reset(0x0101_0280)
                    .field("DIVN" + n, 0, 9, Access.RW)
                    .field("DIVP" + n, 9, 7, Access.RW)
                    .field("DIVQ" + n, 16, 7, Access.RW)
                    .field("DIVR" + n, 24, 7, Access.RW)
                    .afterWrite(v -> clockConfigWritten()));
            b.register(off + 4, "PLL" + n + "FRACR", r -> r
                    .field("FRACN" + n, 3, 13, Access.RW)
                    .afterWrite(v -> clockConfigWritten()));
        }
        // RM0433 Rev 8 8.7.19 RCC_D1CCIPR, reset 0.
        b.register(0x04C, named("D1CCIPR"), r -> r
                        .field("FMCSEL", 0, 2, Access.RW)
                        .field(named("QSPISEL"), 4, 2, Access.RW)
                        .bit("SDMMCSEL", 16, Access.RW)
                        .field("CKPERSEL", 28, 2, Access.RW))
                // RM0433 Rev 8 8.7.20 RCC_D2CCIP1R, reset 0.
                .register(0x050, named("D2CCIP1R"), r -> r
                        .field("SAI1SEL", 0, 3, Access.RW)
                        .field("SAI23SEL", 6, 3, Access.RW)
                        .field("SPI123SEL", 12, 3, Access.RW)
                        .field("SPI45SEL", 16, 3, Access.RW)
                        .field("SPDIFSEL", 20, 2, Access.RW)
                        .bit("DFSDM1SEL", 24, Access.RW)
                        .field("FDCANSEL", 28, 2, Access.RW)
                        .bit("SWPSEL", 31, Access.RW))
                // RM0433 Rev 8 8.7.21 RCC_D2CCIP2R, reset 0.
                .register(0x054, named("D2CCIP2R"), r -> r
                        .field("USART234578SEL", 0, 3, Access.RW)
                        .field(named("USART16SEL"), 3, 3, Access.RW)
                        .field("RNGSEL", 8, 2, Access.RW)
                        .field("I2C123SEL", 12, 2, Access.RW)
                        .field("USBSEL", 20, 2, Access.RW)
                        .field("CECSEL", 22, 2, Access.RW)
                        .field("LPTIM1SEL", 28, 3, Access.RW))
                // RM0433 Rev 8 8.7.22 RCC_D3CCIPR, reset 0.
                .register(0x058, named("D3CCIPR"), r -> r
                        .field("LPUART1SEL", 0, 3, Access.RW)
                        .field("I2C4SEL", 8, 2, Access.RW)
                        .field("LPTIM2SEL", 10, 3, Access.RW)
                        .field("LPTIM345SEL", 13, 3, Access.RW)
                        .field("ADCSEL", 16, 2, Access.RW)
                        .field("SAI4ASEL", 21, 3, Access.RW)
                        .field("SAI4BSEL", 24, 3, Access.RW)
                        .field("SPI6SEL", 28, 3, Access.RW))
                // RM0433 Rev 8 8.7.23-8.7.25 RCC_CIER / CIFR / CICR. Flags are stored; this model raises
                // no RCC interrupt (oscillators are ready the instant they are enabled).
                .register(0x060, "CIER", r -> readyInterruptBits(r, READY_INTERRUPTS, "IE", Access.RW))
                .register(0x064, "CIFR", r -> readyInterruptBits(r, READY_INTERRUPTS, "F", Access.RO).bit("HSECSSF", 10, Access.RO))
                .register(0x068, "CICR", r -> readyInterruptBits(r, READY_INTERRUPTS, "C", Access.WO).bit("HSECSSC", 10, Access.WO)
                        .afterWrite(w -> clearInterruptFlags(w, 0x7FF)))
                // RM0433 Rev 8 8.7.26 RCC_BDCR: backup domain, kept across system resets.
                .register(0x070, "BDCR", r -> backupDomainBits(r, this::bdcrLseOn))
                // RM0433 Rev 8 8.7.27 RCC_CSR, reset 0.
                .register(0x074, "CSR", r -> r
                        .bit("LSION", 0, Access.RW)
                        .bit("LSIRDY", 1, Access.RO, f -> f.reads(() -> csrLsiOn() ? 1 : 0)));
        for (int i = 0; i < FIRST_ALIASED; i++) {
            // RM0433 Rev 8 8.7.28-8.7.36: peripheral reset registers, reset 0. A bit written 1 holds
            // its peripheral in reset (RM0433 8.5.10 "Peripheral reset"); the peripherals wired with
            // onPeripheralReset are reset when their bit rises.
            final int index = i;
            b.register(BUS_REG_OFFSETS[i], BUS_REG_NAMES[i], r -> r.afterWrite(v -> resetRegisterWritten(index, v)));
        }
        boolean rm0455 = variant == Variant.RM0455_CD_SRD;
        if (rm0455) {
            // RM0455 RCC_CKGAENR (stm32h7b3xx.h: AXICKG bit 0 .. JTAGCKG bit 31), reset 0; stored only.
            b.register(0x0B0, "CKGAENR");
        } else {
            // RM0433 Rev 8 8.7.37 RCC_GCR (WW1RSC); RM0399 9.7.36 adds WW1OE/WW2OE/BOOT_C1/BOOT_C2.
            b.register(0x0A0, "GCR", r -> {
                if (dual) {
                    r.bit("WW1OE", 0, Access.RW).bit("WW2OE", 1, Access.RW).bit("WW1RSC", 2, Access.W1S)
                            .bit("WW2RSC", 3, Access.W1S).bit("BOOT_C1", 4, Access.RW).bit("BOOT_C2", 5, Access.RW);
                } else {
                    r.bit("WW1RSC", 0, Access.W1S);
                }
            });
        }
        // RM0433 Rev 8 8.7.38 RCC_D3AMR (RM0455: SRDAMR), reset 0; stored only.
        b.register(0x0A8, named("D3AMR"));
        // RM0433 Rev 8 8.7.39 RCC_RSR (RM0399 9.7.39): flags survive system resets; RMVF clears them.
        b.register(0x0D0, "RSR", r -> rsrFields(r, dual));
        if (!rm0455) b.register(0x130, "C1_RSR", r -> rsrFields(r, dual));
        for (int i = FIRST_ALIASED; i < BUS_REG_NAMES.length; i++) {
            // RM0433 Rev 8 8.7.40-8.7.57: enable and low-power enable registers, reset 0 (as listed in
            // ST's SVD for the part); C1_ aliases (RM0433 Rev 8 8.7.40+) share their storage (none on RM0455).
            final int index = i - FIRST_ALIASED;
            b.register(BUS_REG_OFFSETS[i], BUS_REG_NAMES[i], r -> r.afterWrite(v -> busRegWritten(index, false)));
            if (!rm0455) b.register(BUS_REG_OFFSETS[i] + 0x60, "C1_" + BUS_REG_NAMES[i], r -> r.afterWrite(v -> busRegWritten(index, true)));
            if (dual) {
                // RM0399 9.7.58+: the Cortex-M4's own enable bank; stored for the CM4's benefit.
                b.register(BUS_REG_OFFSETS[i] + 0xC0, "C2_" + BUS_REG_NAMES[i]);
            }
        }
        if (dual) b.register(0x190, "C2_RSR", r -> rsrFields(r, true));
        regs = b.build();

        hsion = regs.field("CR", "HSION");
        hsidiv = regs.field("CR", "HSIDIV");
        csion = regs.field("CR", "CSION");
        hsi48on = regs.field("CR", "HSI48ON");
        hseon = regs.field("CR", "HSEON");
        pll1on = regs.field("CR", "PLL1ON");
        pll2on = regs.field("CR", "PLL2ON");
        pll3on = regs.field("CR", "PLL3ON");
        sw = regs.field("CFGR", "SW");
        sws = regs.field("CFGR", "SWS");
        d1cpre = regs.field(named("D1CFGR"), named("D1CPRE"));
        hpre = regs.field(named("D1CFGR"), "HPRE");
        d1ppre = regs.field(named("D1CFGR"), named("D1PPRE"));
        d2ppre1 = regs.field(named("D2CFGR"), named("D2PPRE1"));
        d2ppre2 = regs.field(named("D2CFGR"), named("D2PPRE2"));
        d3ppre = regs.field(named("D3CFGR"), named("D3PPRE"));
        pllsrc = regs.field("PLLCKSELR", "PLLSRC");
        divm1 = regs.field("PLLCKSELR", "DIVM1");
        divm2 = regs.field("PLLCKSELR", "DIVM2");
        divm3 = regs.field("PLLCKSELR", "DIVM3");
        pllcfgr = regs.register("PLLCFGR");
        for (int p = 0; p < 3; p++) {
            pllDivr[p] = regs.register("PLL" + (p + 1) + "DIVR");
            pllFracr[p] = regs.register("PLL" + (p + 1) + "FRACR");
        }
        usart16sel = regs.field(named("D2CCIP2R"), named("USART16SEL"));
        usart234578sel = regs.field(named("D2CCIP2R"), "USART234578SEL");
        qspisel = regs.field(named("D1CCIPR"), named("QSPISEL"));
        ckpersel = regs.field(named("D1CCIPR"), "CKPERSEL");
        bdcr = regs.register("BDCR");
        bdcr_lseon = regs.field("BDCR", "LSEON");
        csr_lsion = regs.field("CSR", "LSION");
        int aliased = BUS_REG_NAMES.length - FIRST_ALIASED;
        mainBusRegs = new Register[aliased];
        c1Aliases = new Register[aliased];
        for (int i = 0; i < aliased; i++) {
            mainBusRegs[i] = regs.register(BUS_REG_NAMES[FIRST_ALIASED + i]);
            c1Aliases[i] = rm0455 ? null : regs.register("C1_" + BUS_REG_NAMES[FIRST_ALIASED + i]);
        }
        attach(regs, bdcr, ResetKind.POWER_ON);
        publishClocks(computeClocks());
    }

    /** The ready interrupts of RCC_CIER/CIFR/CICR, bit 0 up. */
    private static final String[] READY_INTERRUPTS = {"LSIRDY", "LSERDY", "HSIRDY", "HSERDY", "CSIRDY", "HSI48RDY", "PLL1RDY", "PLL2RDY", "PLL3RDY"};

    private void rsrFields(RegisterBlock.RegisterSpec r, boolean dual) {
        r.bit("RMVF", 16, Access.RW, f -> f.onWrite((was, now) -> {
            if (now == 1) clearResetFlags();
        }));
        if (dual) {
            String[] names = {"C1RSTF", "C2RSTF", "D1RSTF", "D2RSTF", "BORRSTF", "PINRSTF", "PORRSTF", "SFT1RSTF",
                    "SFT2RSTF", "IWDG1RSTF", "IWDG2RSTF", "WWDG1RSTF", "WWDG2RSTF", "LPWR1RSTF", "LPWR2RSTF"};
            for (int i = 0; i < names.length; i++) flagField(r, names[i], 17 + i);
        } else {
            if (variant == Variant.RM0455_CD_SRD) {
                flagField(r, "CDRSTF", 19); // stm32h7b3xx.h RCC_RSR: CDRSTF 19, no CPURSTF or D2RSTF
            } else {
                flagField(r, "CPURSTF", 17);
                flagField(r, "D1RSTF", 19);
                flagField(r, "D2RSTF", 20);
            }
            flagField(r, "BORRSTF", 21);
            flagField(r, "PINRSTF", 22);
            flagField(r, "PORRSTF", 23);
            flagField(r, "SFTRSTF", 24);
            flagField(r, "IWDG1RSTF", 26);
            flagField(r, "WWDG1RSTF", 28);
            flagField(r, "LPWRRSTF", 30);
        }
    }

    private void flagField(RegisterBlock.RegisterSpec r, String name, int bit) {
        r.bit(name, bit, Access.RO, f -> f.reads(() -> resetFlag(bit)));
    }

    private final java.util.Map<Integer, java.util.List<int[]>> resetLines = new java.util.HashMap<>();
    private final java.util.List<Runnable> resetActions = new java.util.ArrayList<>();

    /**
     * Wires a peripheral's reset line: {@code reset} runs whenever reset register {@code register}
     * (AHB3RSTR .. APB4RSTR) is written with bit {@code bit} set, since the peripheral is held in
     * its reset state while the bit is 1 (ST's HAL MspDeInit functions pulse these bits:
     * FORCE_RESET then RELEASE_RESET).
     */
    public void onPeripheralReset(String register, int bit, Runnable reset) {
        int index = java.util.Arrays.asList(BUS_REG_NAMES).subList(0, FIRST_ALIASED).indexOf(register);
        if (index < 0 || bit < 0 || bit > 31) throw new IllegalArgumentException("no reset register bit " + register + "." + bit);
        resetActions.add(Objects.requireNonNull(reset));
        resetLines.computeIfAbsent(index, k -> new java.util.ArrayList<>()).add(new int[] {bit, resetActions.size() - 1});
    }

    private void resetRegisterWritten(int index, int value) {
        for (int[] line : resetLines.getOrDefault(index, java.util.List.of())) {
            if ((value >>> line[0] & 1) != 0) resetActions.get(line[1]).run();
        }
    }

    private void busRegWritten(int index, boolean fromAlias) {
        if (c1Aliases[index] == null) return;
        if (fromAlias) mainBusRegs[index].set(c1Aliases[index].get());
        else c1Aliases[index].set(mainBusRegs[index].get());
    }

    // ---------------------------------------------------------------- oscillators

    private boolean hsiReady() {
        return hsion.isSet();
    }

    private boolean csiReady() {
        return csion.isSet();
    }

    private boolean hsi48Ready() {
        return hsi48on.isSet();
    }

    private boolean hseReady() {
        return hseon.isSet() && hseHz > 0;
    }

    private boolean bdcrLseOn() {
        return bdcr_lseon.isSet();
    }

    private boolean csrLsiOn() {
        return csr_lsion.isSet();
    }

    private boolean pllOn(int pll) {
        return (pll == 0 ? pll1on : pll == 1 ? pll2on : pll3on).isSet();
    }

    private boolean pllReady(int pll) {
        return pllOn(pll) && pllInputHz(pll) > 0;
    }

    private boolean sourceReady(int source) {
        return switch (source) {
            case SRC_HSI -> hsiReady();
            case SRC_CSI -> csiReady();
            case SRC_HSE -> hseReady();
            case SRC_PLL1 -> pllReady(0);
            default -> false;
        };
    }

    /** HSI after HSIDIV (RM0433 8.7.2: divided by 1, 2, 4 or 8). */
    public long hsiHz() {
        return HSI_HZ >> hsidiv.get();
    }

    /** PLL reference input (after DIVMx), 0 if the PLL has no running source or DIVMx is 0. */
    private long pllInputHz(int pll) {
        long src = switch (pllsrc.get()) {
            case 0 -> hsiReady() ? hsiHz() : 0;
            case 1 -> csiReady() ? CSI_HZ : 0;
            case 2 -> hseReady() ? hseHz : 0;
            default -> 0;
        };
        int m = (pll == 0 ? divm1 : pll == 1 ? divm2 : divm3).get();
        return m == 0 ? 0 : src / m;
    }

    /** VCO output of PLL {@code pll} (0..2): ref × (DIVN + 1 + FRACN/2^13) (RM0433 8.5.5, Rev 8 8.7.13). */
    private long pllVcoHz(int pll) {
        if (!pllReady(pll)) return 0;
        long ref = pllInputHz(pll);
        int divr = pllDivr[pll].get();
        long n = (divr & 0x1FF) + 1L;
        long frac = (pllcfgr.get() >>> (pll * 4) & 1) != 0 ? (pllFracr[pll].get() >>> 3 & 0x1FFF) : 0;
        return ref * (n * 8192 + frac) / 8192;
    }

    /**
     * One PLL output: {@code output} 0 = P, 1 = Q, 2 = R. 0 if the PLL is off or the output's
     * DIVxyEN bit in RCC_PLLCFGR is clear.
     */
    public long pllOutputHz(int pll, int output) {
        if (pll < 0 || pll > 2 || output < 0 || output > 2) throw new IllegalArgumentException("no PLL output " + pll + "/" + output);
        if ((pllcfgr.get() >>> (16 + pll * 3 + output) & 1) == 0) return 0;
        int shift = output == 0 ? 9 : output == 1 ? 16 : 24;
        int div = (pllDivr[pll].get() >>> shift & 0x7F) + 1;
        return pllVcoHz(pll) / div;
    }

    private long sourceHz(int source) {
        return switch (source) {
            case SRC_HSI -> hsiHz();
            case SRC_CSI -> CSI_HZ;
            case SRC_HSE -> hseHz;
            case SRC_PLL1 -> pllOutputHz(0, 0);
            default -> 0;
        };
    }

    // ---------------------------------------------------------------- dividers

    /** D1CPRE/HPRE encoding (RM0433 Rev 8 8.7.8): 0xxx = 1, 1000..1111 = 2, 4, 8, 16, 64, 128, 256, 512. */
    static int ahbDivider(int code) {
        if (code < 8) return 1;
        int k = code - 7;               // 1..8
        return 1 << (k <= 4 ? k : k + 1);
    }

    /** APB prescaler encoding (RM0433 Rev 8 8.7.8-8.7.10): 0xx = 1, 100..111 = 2, 4, 8, 16. */
    static int apbDivider(int code) {
        return code < 4 ? 1 : 1 << (code - 3);
    }

    private ClockListener.BusClocks computeClocks() {
        long sys = sourceHz(sws.get());
        long cpu = sys / ahbDivider(d1cpre.get());
        long hclk = cpu / ahbDivider(hpre.get());
        return new ClockListener.BusClocks(sys, cpu, hclk,
                hclk / apbDivider(d2ppre1.get()), hclk / apbDivider(d2ppre2.get()),
                hclk / apbDivider(d1ppre.get()), hclk / apbDivider(d3ppre.get()));
    }

    /** After any clock configuration write: protect the running source, switch, recompute. */
    @Override
    protected void clockConfigWritten() {
        int current = sws.get();
        // RM0433 8.7.2: an oscillator used (directly or through PLL1) as system clock cannot be stopped.
        if (current == SRC_HSI || current == SRC_PLL1 && pllsrc.get() == 0) hsion.set(1);
        if (current == SRC_CSI || current == SRC_PLL1 && pllsrc.get() == 1) csion.set(1);
        if (current == SRC_HSE || current == SRC_PLL1 && pllsrc.get() == 2) hseon.set(1);
        if (current == SRC_PLL1) pll1on.set(1);
        // RM0433 Rev 8 8.7.7: SWS follows SW once the selected source is ready.
        int requested = sw.get();
        if (requested != current && requested <= SRC_PLL1 && sourceReady(requested)) sws.set(requested);
        publishClocks(computeClocks());
    }

    // ---------------------------------------------------------------- public model API

    /**
     * USART/UART kernel clock (RM0433 Rev 8 8.7.21 RCC_D2CCIP2R): USART1/6 from USART16SEL, the others
     * from USART234578SEL; selection 0 is the APB clock (APB2 for USART1/6, APB1 for the rest).
     */
    @Override
    public long usartKernelHz(int usart) {
        boolean apb2 = usart == 1 || usart == 6;
        if (!apb2 && (usart < 2 || usart > 8)) throw new IllegalArgumentException("no USART" + usart + " on the STM32H7");
        int sel = (apb2 ? usart16sel : usart234578sel).get();
        return switch (sel) {
            case 0 -> apb2 ? clocks().apb2Hz() : clocks().apb1Hz();
            case 1 -> pllOutputHz(1, 1);
            case 2 -> pllOutputHz(2, 1);
            case 3 -> hsiReady() ? hsiHz() : 0;
            case 4 -> csiReady() ? CSI_HZ : 0;
            case 5 -> bdcrLseOn() ? LSE_HZ : 0;
            default -> 0;
        };
    }

    /** QUADSPI kernel clock (RM0433 Rev 8 8.7.19 RCC_D1CCIPR.QSPISEL): HCLK3 by default. */
    public long quadspiKernelHz() {
        return switch (qspisel.get()) {
            case 0 -> clocks().ahbHz();
            case 1 -> pllOutputHz(0, 1);
            case 2 -> pllOutputHz(1, 2);
            default -> perCkHz();
        };
    }

    /** per_ck (RM0433 Rev 8 8.7.19 CKPERSEL): HSI, CSI or HSE. */
    public long perCkHz() {
        return switch (ckpersel.get()) {
            case 0 -> hsiReady() ? hsiHz() : 0;
            case 1 -> csiReady() ? CSI_HZ : 0;
            case 2 -> hseReady() ? hseHz : 0;
            default -> 0;
        };
    }

    /**
     * RCC_RSR flags per reset source (RM0433 table 56 "Reset source identification"; RM0399 table
     * 67). Every system reset also drives NRST, so PINRSTF accompanies the internal sources.
     */
    @Override
    protected int flagsFor(ResetKind kind) {
        int cpu = switch (variant) {
            case RM0399_DUAL_CORE_CM7 -> RSR_CPURSTF | RSR_C2RSTF;
            case RM0433_SINGLE_CORE -> RSR_CPURSTF;
            case RM0455_CD_SRD -> 0; // no CPURSTF on RM0455
        };
        int domains = variant == Variant.RM0455_CD_SRD ? RSR_D1RSTF : RSR_D1RSTF | RSR_D2RSTF; // CDRSTF sits where D1RSTF does
        int system = cpu | RSR_PINRSTF;
        return switch (kind) {
            case POWER_ON -> system | RSR_PORRSTF | RSR_BORRSTF | domains;
            case PIN, OPTION_BYTE_LOAD -> system;
            case SOFTWARE -> system | RSR_SFTRSTF;
            case BROWN_OUT -> system | RSR_BORRSTF;
            case INDEPENDENT_WATCHDOG -> system | RSR_IWDG1RSTF;
            case WINDOW_WATCHDOG -> system | RSR_WWDG1RSTF;
            case LOW_POWER -> system | RSR_LPWRRSTF;
        };
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}). The ready flags HAL_RCC_OscConfig and
     * HAL_RCC_ClockConfig poll (CR's HSERDY/PLLxRDY and the others, CSR.LSIRDY, BDCR.LSERDY) are
     * computed from the enables and the PLL source, not from virtual time: oscillators and PLLs
     * lock in zero time here (silicon sets them after a start-up time, RM0433 Rev 8 8.7.2 RCC_CR).
     * CFGR.SWS moves only in {@link #clockConfigWritten}, after a register write; the RSR flags at
     * a reset or an RMVF write. No RCC register is cleared or changed by a read.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    public Variant variant() {
        return variant;
    }

    /** RM0455 names of the registers and fields RM0433 names after its D1/D2/D3 domains (stm32h7b3xx.h). */
    private String named(String rm0433) {
        if (variant != Variant.RM0455_CD_SRD) return rm0433;
        return switch (rm0433) {
            case "D1CFGR" -> "CDCFGR1";
            case "D2CFGR" -> "CDCFGR2";
            case "D3CFGR" -> "SRDCFGR";
            case "D1CCIPR" -> "CDCCIPR";
            case "D2CCIP1R" -> "CDCCIP1R";
            case "D2CCIP2R" -> "CDCCIP2R";
            case "D3CCIPR" -> "SRDCCIPR";
            case "D3AMR" -> "SRDAMR";
            case "D1CPRE" -> "CDCPRE";
            case "D1PPRE" -> "CDPPRE";
            case "D2PPRE1" -> "CDPPRE1";
            case "D2PPRE2" -> "CDPPRE2";
            case "D3PPRE" -> "SRDPPRE";
            case "QSPISEL" -> "OCTOSPISEL";
            case "D1CKRDY" -> "CPUCKRDY";
            case "D2CKRDY" -> "CDCKRDY";
            case "USART16SEL" -> "USART16910SEL";
            default -> rm0433;
        };
    }
}
