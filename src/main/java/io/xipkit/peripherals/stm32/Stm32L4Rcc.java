package io.xipkit.peripherals.stm32;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * Reset and clock control of the STM32L475/476/486 (RM0351 rev 9, chapter 6 "RCC") at 0x4002_1000.
 * Ready flags follow their enables at once; SWS follows SW as soon as the selected source is ready.
 * The model computes SYSCLK, HCLK (= CPU clock) and PCLK1/PCLK2 and reports every change to a
 * {@link ClockListener}. Peripheral enable/reset registers are stored but gate nothing.
 *
 * <p>Offsets, bit positions and reset values were cross-checked against ST's CMSIS header
 * stm32l476xx.h (cmsis_device_l4 v1.7.4, RCC_TypeDef and RCC_* bit definitions) and ST's STM32L476
 * SVD (v1.8, resetValue of each register); see docs/FACTS-STM32L4.md.
 */
public final class Stm32L4Rcc extends Stm32Rcc<Stm32L4Rcc.ResetKind> {
    /** Base address on AHB1 (RM0351 table 1 "STM32L4x5/L4x6 memory map and peripheral register boundary addresses"). */
    public static final int BASE = 0x4002_1000;
    public static final int SIZE = 0x400;

    public static final long HSI16_HZ = 16_000_000L;
    public static final long LSI_HZ = 32_000L;
    public static final long LSE_HZ = 32_768L;

    /** MSI ranges 0..11 (RM0351 6.4.1 RCC_CR.MSIRANGE; the same table is MSIRangeTable in ST's
     *  system_stm32l4xx.c and the LL_RCC_MSIRANGE_x definitions of stm32l4xx_ll_rcc.h). */
    private static final long[] MSI_HZ = {
            100_000, 200_000, 400_000, 800_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000,
            16_000_000, 24_000_000, 32_000_000, 48_000_000};

    /** Why the board restarted; see {@link #noteReset(ResetKind)}. */
    public enum ResetKind {
        POWER_ON, PIN, SOFTWARE, BROWN_OUT, INDEPENDENT_WATCHDOG, WINDOW_WATCHDOG, LOW_POWER,
        OPTION_BYTE_LOAD, FIREWALL
    }

    // RCC_CSR flag bits (RM0351 6.4.30 RCC_CSR; stm32l476xx.h RCC_CSR_*RSTF_Pos 24..31).
    private static final int CSR_FWRSTF = 1 << 24;
    private static final int CSR_OBLRSTF = 1 << 25;
    private static final int CSR_PINRSTF = 1 << 26;
    private static final int CSR_BORRSTF = 1 << 27;
    private static final int CSR_SFTRSTF = 1 << 28;
    private static final int CSR_IWDGRSTF = 1 << 29;
    private static final int CSR_WWDGRSTF = 1 << 30;
    private static final int CSR_LPWRRSTF = 1 << 31;

    private static final int SRC_MSI = 0, SRC_HSI = 1, SRC_HSE = 2, SRC_PLL = 3;

    private final long hseHz;
    private final RegisterBlock regs;
    private final Field msion, msirgsel, msirange, hsion, hseon, pllon, pllsai1on, pllsai2on;
    private final Field sw, sws, hpreField, ppre1, ppre2, msisrange, lsion, lseon;
    private final Register pllcfgr, bdcr, ccipr;

    /**
     * @param hseHz    frequency on OSC_IN (4..48 MHz), or 0 when the board has no HSE
     * @param listener told of every clock-tree change (also once now, with the reset clocks)
     */
    public Stm32L4Rcc(long hseHz, ClockListener listener) {
        super(listener);
        if (hseHz < 0 || hseHz > 48_000_000L) {
            throw new IllegalArgumentException("HSE frequency must be 0 (none) or up to 48 MHz, was " + hseHz);
        }
        this.hseHz = hseHz;
        RegisterBlock.Builder b = RegisterBlock.builder("RCC", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0351 6.4.1 RCC_CR, reset 0x0000_0063 (MSION, MSIRDY, MSIRANGE = 6: 4 MHz).
                .register(0x00, "CR", r -> r.reset(0x0000_0063)
                        .bit("MSION", 0, Access.RW)
                        .bit("MSIRDY", 1, Access.RO, f -> f.reads(() -> msiReady() ? 1 : 0))
                        .bit("MSIPLLEN", 2, Access.RW)
                        .bit("MSIRGSEL", 3, Access.W1S)
                        .field("MSIRANGE", 4, 4, Access.RW)
                        .bit("HSION", 8, Access.RW)
                        .bit("HSIKERON", 9, Access.RW)
                        .bit("HSIRDY", 10, Access.RO, f -> f.reads(() -> hsiReady() ? 1 : 0))
                        .bit("HSIASFS", 11, Access.RW)
                        .bit("HSEON", 16, Access.RW)
                        .bit("HSERDY", 17, Access.RO, f -> f.reads(() -> hseReady() ? 1 : 0))
                        .bit("HSEBYP", 18, Access.RW)
                        .bit("CSSON", 19, Access.W1S)
                        .bit("PLLON", 24, Access.RW)
                        .bit("PLLRDY", 25, Access.RO, f -> f.reads(() -> pllReady() ? 1 : 0))
                        .bit("PLLSAI1ON", 26, Access.RW)
                        .bit("PLLSAI1RDY", 27, Access.RO, f -> f.reads(() -> pllSaiReady(1) ? 1 : 0))
                        .bit("PLLSAI2ON", 28, Access.RW)
                        .bit("PLLSAI2RDY", 29, Access.RO, f -> f.reads(() -> pllSaiReady(2) ? 1 : 0))
                        .afterWrite(v -> clockConfigWritten()))
                // RM0351 6.4.2 RCC_ICSCR, reset 0x1000_0000 | factory calibration (modelled 0).
                .register(0x04, "ICSCR", r -> r.reset(0x1000_0000)
                        .field("MSICAL", 0, 8, Access.RO)
                        .field("MSITRIM", 8, 8, Access.RW)
                        .field("HSICAL", 16, 8, Access.RO)
                        .field("HSITRIM", 24, 5, Access.RW))
                // RM0351 6.4.3 RCC_CFGR, reset 0.
                .register(0x08, "CFGR", r -> r
                        .field("SW", 0, 2, Access.RW)
                        .field("SWS", 2, 2, Access.RO)
                        .field("HPRE", 4, 4, Access.RW)
                        .field("PPRE1", 8, 3, Access.RW)
                        .field("PPRE2", 11, 3, Access.RW)
                        .bit("STOPWUCK", 15, Access.RW)
                        .field("MCOSEL", 24, 3, Access.RW)
                        .field("MCOPRE", 28, 3, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // RM0351 6.4.4 RCC_PLLCFGR, reset 0x0000_1000 (PLLN = 16).
                .register(0x0C, "PLLCFGR", r -> r.reset(0x0000_1000)
                        .field("PLLSRC", 0, 2, Access.RW)
                        .field("PLLM", 4, 3, Access.RW)
                        .field("PLLN", 8, 7, Access.RW)
                        .bit("PLLPEN", 16, Access.RW)
                        .bit("PLLP", 17, Access.RW)
                        .bit("PLLQEN", 20, Access.RW)
                        .field("PLLQ", 21, 2, Access.RW)
                        .bit("PLLREN", 24, Access.RW)
                        .field("PLLR", 25, 2, Access.RW)
                        // Bits 31:27 (PLLPDIV) exist only on the STM32L49x/L4Ax: ST's stm32l476xx.h has no
                        // RCC_PLLCFGR_PLLPDIV (stm32l496xx.h does), so they are reserved here and read 0.
                        .afterWrite(v -> clockConfigWritten()))
                // RM0351 6.4.5 RCC_PLLSAI1CFGR, reset 0x0000_1000 (no PLLSAI1PDIV on the L47x, as for PLLCFGR).
                .register(0x10, "PLLSAI1CFGR", r -> r.reset(0x0000_1000)
                        .field("PLLSAI1N", 8, 7, Access.RW)
                        .bit("PLLSAI1PEN", 16, Access.RW)
                        .bit("PLLSAI1P", 17, Access.RW)
                        .bit("PLLSAI1QEN", 20, Access.RW)
                        .field("PLLSAI1Q", 21, 2, Access.RW)
                        .bit("PLLSAI1REN", 24, Access.RW)
                        .field("PLLSAI1R", 25, 2, Access.RW))
                // RM0351 6.4.6 RCC_PLLSAI2CFGR, reset 0x0000_1000 (no PLLSAI2Q output, no PLLSAI2PDIV on the L47x).
                .register(0x14, "PLLSAI2CFGR", r -> r.reset(0x0000_1000)
                        .field("PLLSAI2N", 8, 7, Access.RW)
                        .bit("PLLSAI2PEN", 16, Access.RW)
                        .bit("PLLSAI2P", 17, Access.RW)
                        .bit("PLLSAI2REN", 24, Access.RW)
                        .field("PLLSAI2R", 25, 2, Access.RW))
                // RM0351 6.4.7-6.4.9 RCC_CIER / CIFR / CICR: stored; no RCC interrupt is raised
                // (oscillators are ready the instant they are enabled).
                .register(0x18, "CIER", r -> readyInterruptBits(r, READY_INTERRUPTS, "IE", Access.RW))
                .register(0x1C, "CIFR", r -> readyInterruptBits(r, READY_INTERRUPTS, "F", Access.RO).bit("CSSF", 8, Access.RO))
                .register(0x20, "CICR", r -> readyInterruptBits(r, READY_INTERRUPTS, "C", Access.WO).bit("CSSC", 8, Access.WO)
                        .afterWrite(w -> clearInterruptFlags(w, 0x3FF)))
                // RM0351 6.4.10-6.4.15 peripheral reset registers, reset 0.
                .register(0x28, "AHB1RSTR").register(0x2C, "AHB2RSTR").register(0x30, "AHB3RSTR")
                .register(0x38, "APB1RSTR1").register(0x3C, "APB1RSTR2").register(0x40, "APB2RSTR")
                // RM0351 6.4.16-6.4.21 clock enables; AHB1ENR resets with FLASHEN (bit 8) set.
                .register(0x48, "AHB1ENR", r -> r.reset(0x0000_0100))
                .register(0x4C, "AHB2ENR").register(0x50, "AHB3ENR")
                .register(0x58, "APB1ENR1").register(0x5C, "APB1ENR2").register(0x60, "APB2ENR")
                // RM0351 6.4.22-6.4.27 Sleep/Stop-mode clock enables, reset values per the RM.
                .register(0x68, "AHB1SMENR", r -> r.reset(0x0001_1303))
                .register(0x6C, "AHB2SMENR", r -> r.reset(0x0005_32FF))
                .register(0x70, "AHB3SMENR", r -> r.reset(0x0000_0101))
                .register(0x78, "APB1SMENR1", r -> r.reset(0xF2FE_CA3F))
                .register(0x7C, "APB1SMENR2", r -> r.reset(0x0000_0025))
                .register(0x80, "APB2SMENR", r -> r.reset(0x0167_7C01))
                // RM0351 6.4.28 RCC_CCIPR, reset 0.
                .register(0x88, "CCIPR", r -> {
                    String[] two = {"USART1SEL", "USART2SEL", "USART3SEL", "UART4SEL", "UART5SEL", "LPUART1SEL",
                            "I2C1SEL", "I2C2SEL", "I2C3SEL", "LPTIM1SEL", "LPTIM2SEL", "SAI1SEL", "SAI2SEL",
                            "CLK48SEL", "ADCSEL"};
                    for (int i = 0; i < two.length; i++) r.field(two[i], i * 2, 2, Access.RW);
                    r.bit("SWPMI1SEL", 30, Access.RW).bit("DFSDM1SEL", 31, Access.RW);
                })
                // RM0351 6.4.29 RCC_BDCR: backup domain, kept across system resets.
                .register(0x90, "BDCR", r -> backupDomainBits(r, this::lseOn)
                        .bit("LSCOEN", 24, Access.RW)
                        .bit("LSCOSEL", 25, Access.RW))
                // RM0351 6.4.30 RCC_CSR, reset 0x0C00_0600: PINRSTF and BORRSTF after power-on,
                // MSISRANGE = 6 (4 MHz). The flags survive system resets; RMVF clears them.
                .register(0x94, "CSR", r -> r.reset(0x0C00_0600)
                        .bit("LSION", 0, Access.RW)
                        .bit("LSIRDY", 1, Access.RO, f -> f.reads(() -> lsiOn() ? 1 : 0))
                        .field("MSISRANGE", 8, 4, Access.RW, f -> f.onChange((was, now) -> clockConfigWritten()))
                        .bit("RMVF", 23, Access.RW, f -> f.onWrite((was, now) -> {
                            if (now == 1) clearResetFlags();
                        }))
                        .bit("FWRSTF", 24, Access.RO, f -> f.reads(() -> resetFlag(24)))
                        .bit("OBLRSTF", 25, Access.RO, f -> f.reads(() -> resetFlag(25)))
                        .bit("PINRSTF", 26, Access.RO, f -> f.reads(() -> resetFlag(26)))
                        .bit("BORRSTF", 27, Access.RO, f -> f.reads(() -> resetFlag(27)))
                        .bit("SFTRSTF", 28, Access.RO, f -> f.reads(() -> resetFlag(28)))
                        .bit("IWDGRSTF", 29, Access.RO, f -> f.reads(() -> resetFlag(29)))
                        .bit("WWDGRSTF", 30, Access.RO, f -> f.reads(() -> resetFlag(30)))
                        .bit("LPWRRSTF", 31, Access.RO, f -> f.reads(() -> resetFlag(31))));
        regs = b.build();
        msion = regs.field("CR", "MSION");
        msirgsel = regs.field("CR", "MSIRGSEL");
        msirange = regs.field("CR", "MSIRANGE");
        hsion = regs.field("CR", "HSION");
        hseon = regs.field("CR", "HSEON");
        pllon = regs.field("CR", "PLLON");
        pllsai1on = regs.field("CR", "PLLSAI1ON");
        pllsai2on = regs.field("CR", "PLLSAI2ON");
        sw = regs.field("CFGR", "SW");
        sws = regs.field("CFGR", "SWS");
        hpreField = regs.field("CFGR", "HPRE");
        ppre1 = regs.field("CFGR", "PPRE1");
        ppre2 = regs.field("CFGR", "PPRE2");
        msisrange = regs.field("CSR", "MSISRANGE");
        lsion = regs.field("CSR", "LSION");
        lseon = regs.field("BDCR", "LSEON");
        pllcfgr = regs.register("PLLCFGR");
        bdcr = regs.register("BDCR");
        ccipr = regs.register("CCIPR");
        attach(regs, bdcr, ResetKind.POWER_ON);
        publishClocks(computeClocks());
    }

    /** The ready interrupts of RCC_CIER/CIFR/CICR, bit 0 up. */
    private static final String[] READY_INTERRUPTS = {"LSIRDY", "LSERDY", "MSIRDY", "HSIRDY", "HSERDY", "PLLRDY", "PLLSAI1RDY", "PLLSAI2RDY"};

    // ---------------------------------------------------------------- oscillators and PLL

    private boolean pllSaiReady(int which) {
        return (which == 1 ? pllsai1on : pllsai2on).isSet() && pllInputHz() > 0;
    }

    private boolean lseOn() {
        return lseon.isSet();
    }

    private boolean lsiOn() {
        return lsion.isSet();
    }

    private boolean msiReady() {
        return msion.isSet();
    }

    private boolean hsiReady() {
        return hsion.isSet();
    }

    private boolean hseReady() {
        return hseon.isSet() && hseHz > 0;
    }

    /**
     * MSI frequency: the CR.MSIRANGE table once MSIRGSEL is set, before that CSR.MSISRANGE
     * (RM0351 6.4.1, 6.4.30; MSISRANGE only encodes 4..7).
     */
    public long msiHz() {
        int range = msirgsel.isSet() ? msirange.get() : msisrange.get();
        return range < MSI_HZ.length ? MSI_HZ[range] : 0;
    }

    private long pllInputHz() {
        int cfg = pllcfgr.get();
        long src = switch (cfg & 3) {
            case 1 -> msiReady() ? msiHz() : 0;
            case 2 -> hsiReady() ? HSI16_HZ : 0;
            case 3 -> hseReady() ? hseHz : 0;
            default -> 0;
        };
        return src / ((cfg >>> 4 & 7) + 1);
    }

    private boolean pllReady() {
        return pllon.isSet() && pllInputHz() > 0;
    }

    /** Main PLL VCO: input / (PLLM + 1) × PLLN (RM0351 6.4.4; the same as ST's __LL_RCC_CALC_PLLCLK_FREQ). */
    private long pllVcoHz() {
        return pllReady() ? pllInputHz() * (pllcfgr.get() >>> 8 & 0x7F) : 0;
    }

    /** PLLCLK (R output, the one SYSCLK can use): VCO / (2, 4, 6, 8); 0 unless PLLREN. */
    public long pllRHz() {
        int cfg = pllcfgr.get();
        if ((cfg >>> 24 & 1) == 0) return 0;
        return pllVcoHz() / (((cfg >>> 25 & 3) + 1) * 2L);
    }

    /** PLL48M1CLK (Q output): VCO / (2, 4, 6, 8); 0 unless PLLQEN. */
    public long pllQHz() {
        int cfg = pllcfgr.get();
        if ((cfg >>> 20 & 1) == 0) return 0;
        return pllVcoHz() / (((cfg >>> 21 & 3) + 1) * 2L);
    }

    private boolean sourceReady(int source) {
        return switch (source) {
            case SRC_MSI -> msiReady();
            case SRC_HSI -> hsiReady();
            case SRC_HSE -> hseReady();
            default -> pllReady();
        };
    }

    private long sourceHz(int source) {
        return switch (source) {
            case SRC_MSI -> msiHz();
            case SRC_HSI -> HSI16_HZ;
            case SRC_HSE -> hseHz;
            default -> pllRHz();
        };
    }

    private ClockListener.BusClocks computeClocks() {
        long sys = sourceHz(sws.get());
        long hclk = sys / Stm32H7Rcc.ahbDivider(hpreField.get());   // same HPRE encoding, RM0351 6.4.3
        return new ClockListener.BusClocks(sys, hclk, hclk,
                hclk / Stm32H7Rcc.apbDivider(ppre1.get()), hclk / Stm32H7Rcc.apbDivider(ppre2.get()), 0, 0);
    }

    @Override
    protected void clockConfigWritten() {
        int current = sws.get();
        int pllSource = pllcfgr.get() & 3;
        // RM0351 6.4.1: the oscillator feeding SYSCLK (directly or through the PLL) cannot be stopped.
        if (current == SRC_MSI || current == SRC_PLL && pllSource == 1) msion.set(1);
        if (current == SRC_HSI || current == SRC_PLL && pllSource == 2) hsion.set(1);
        if (current == SRC_HSE || current == SRC_PLL && pllSource == 3) hseon.set(1);
        if (current == SRC_PLL) pllon.set(1);
        int requested = sw.get();
        if (requested != current && sourceReady(requested)) sws.set(requested);
        publishClocks(computeClocks());
    }

    // ---------------------------------------------------------------- public model API

    /**
     * USART kernel clock (RM0351 6.4.28 RCC_CCIPR.USARTxSEL): 0 = PCLK (PCLK2 for USART1, PCLK1 for
     * USART2/3 and UART4/5), 1 = SYSCLK, 2 = HSI16, 3 = LSE.
     */
    @Override
    public long usartKernelHz(int usart) {
        if (usart < 1 || usart > 5) throw new IllegalArgumentException("no USART/UART" + usart + " on the STM32L476");
        int sel = ccipr.get() >>> ((usart - 1) * 2) & 3;
        return switch (sel) {
            case 0 -> usart == 1 ? clocks().apb2Hz() : clocks().apb1Hz();
            case 1 -> clocks().sysclkHz();
            case 2 -> hsiReady() ? HSI16_HZ : 0;
            default -> lseOn() ? LSE_HZ : 0;
        };
    }

    /** QUADSPI kernel clock: HCLK on the STM32L476 (RM0351 6.2, figure 15: no QUADSPI clock mux). */
    public long quadspiKernelHz() {
        return clocks().ahbHz();
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}). The ready flags HAL polls (CR's
     * MSIRDY/HSIRDY/HSERDY/PLLRDY/PLLSAInRDY, CSR.LSIRDY, BDCR.LSERDY) are computed from the enables
     * and the PLL source, not from virtual time: the model starts oscillators and locks PLLs in zero
     * time (silicon sets the flags after a start-up time, RM0351 6.4.1 RCC_CR). CFGR.SWS moves only in
     * {@link #clockConfigWritten}, after a register write; the CSR reset flags at a reset or an RMVF
     * write. No RCC register is cleared or changed by a read.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /**
     * RCC_CSR flags per reset source (RM0351 6.3.2-6.3.4 and 6.4.30). Internal system resets also
     * pulse NRST, so PINRSTF accompanies them.
     */
    @Override
    protected int flagsFor(ResetKind kind) {
        return CSR_PINRSTF | switch (kind) {
            case POWER_ON, BROWN_OUT -> CSR_BORRSTF;
            case PIN -> 0;
            case SOFTWARE -> CSR_SFTRSTF;
            case INDEPENDENT_WATCHDOG -> CSR_IWDGRSTF;
            case WINDOW_WATCHDOG -> CSR_WWDGRSTF;
            case LOW_POWER -> CSR_LPWRRSTF;
            case OPTION_BYTE_LOAD -> CSR_OBLRSTF;
            case FIREWALL -> CSR_FWRSTF;
        };
    }
}
