package io.xipkit.peripherals.stm32;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import java.util.function.LongSupplier;

/**
 * Reset and clock control of the STM32H7R3/R7/S3/S7 (RM0477 chapter "Reset and clock control
 * (RCC)") at 0x5802_4400. Register offsets and bit positions as in ST's CMSIS device header
 * stm32h7s3xx.h (RCC_TypeDef and the RCC_* bit definitions); reset values as ST's HAL restores
 * them in HAL_RCC_DeInit (PLLCKSELR 0x0202_0200, PLLxDIVR1 0x0101_0280, PLLxDIVR2 0x0000_0101).
 *
 * <p>The layout differs from the STM32H743's ({@link Stm32H7Rcc}): the CPU prescaler sits in
 * CDCFGR.CPRE, the bus-matrix (AXI/AHB) prescaler in BMCFGR.BMPRE, the four APB prescalers in
 * APBCFGR, each PLL has S (and PLL2 T) outputs in PLLxDIVR2, and the enables of all PLL outputs
 * are in PLLCFGR. The prescaler encodings are those of the H743 ({@link Stm32H7Rcc#ahbDivider},
 * {@link Stm32H7Rcc#apbDivider}). As in the H743 model, oscillators and PLLs are ready the
 * instant they are enabled and SWS follows SW once the source is ready; peripheral enable and
 * reset registers are stored but gate nothing.
 */
public final class Stm32H7rsRcc extends Stm32Rcc<Stm32H7Rcc.ResetKind> {
    /** RM0477 memory map: RCC on AHB4 at 0x5802_4400 (stm32h7s3xx.h RCC_BASE). */
    public static final int BASE = 0x5802_4400;
    public static final int SIZE = 0x400;

    private static final int SRC_HSI = 0, SRC_CSI = 1, SRC_HSE = 2, SRC_PLL1 = 3;
    /** P, Q, R, S, T: the output letters, in the order of their PLLCFGR enable bits. */
    private static final String OUTPUTS = "PQRST";
    /** PLLCFGR: FRACEN bit and first output-enable bit (PxEN) of each PLL (stm32h7s3xx.h RCC_PLLCFGR_*). */
    private static final int[] FRACEN_BIT = {0, 11, 22}, PEN_BIT = {5, 16, 27};
    /** RCC_RSR flags (stm32h7s3xx.h RCC_RSR_*_Pos). */
    private static final int RSR_OBLRSTF = 1 << 17, RSR_BORRSTF = 1 << 21, RSR_PINRSTF = 1 << 22,
            RSR_PORRSTF = 1 << 23, RSR_SFTRSTF = 1 << 24, RSR_IWDGRSTF = 1 << 26, RSR_WWDGRSTF = 1 << 28,
            RSR_LPWRRSTF = 1 << 30;
    private static final String[] READY_INTERRUPTS = {"LSIRDY", "LSERDY", "HSIRDY", "HSERDY", "CSIRDY", "HSI48RDY", "PLL1RDY", "PLL2RDY", "PLL3RDY"};
    /** Peripheral reset, enable and low-power enable registers (RCC_TypeDef offsets); stored only. */
    private static final String[] BUS_REG_NAMES = {"AHB5RSTR", "AHB1RSTR", "AHB2RSTR", "AHB4RSTR", "APB5RSTR", "APB1RSTR1",
            "APB1RSTR2", "APB2RSTR", "APB4RSTR", "AHB3RSTR", "CKGDISR",
            "AHB5ENR", "AHB1ENR", "AHB2ENR", "AHB4ENR", "APB5ENR", "APB1ENR1", "APB1ENR2", "APB2ENR", "APB4ENR", "AHB3ENR",
            "AHB5LPENR", "AHB1LPENR", "AHB2LPENR", "AHB4LPENR", "AHB3LPENR", "APB1LPENR1", "APB1LPENR2", "APB2LPENR",
            "APB4LPENR", "APB5LPENR"};
    private static final int[] BUS_REG_OFFSETS = {0x07C, 0x080, 0x084, 0x088, 0x08C, 0x090, 0x094, 0x098, 0x09C, 0x0A4, 0x0B0,
            0x134, 0x138, 0x13C, 0x140, 0x144, 0x148, 0x14C, 0x150, 0x154, 0x158,
            0x15C, 0x160, 0x164, 0x168, 0x16C, 0x170, 0x174, 0x178, 0x17C, 0x180};

    private final long hseHz;
    private final RegisterBlock regs;
    private final Field hsion, hsidiv, csion, hsi48on, hseon, sw, sws, cpre, bmpre, ppre1, ppre2, ppre4, ppre5;
    private final Field pllsrc, lseon, lsion, xspi1sel, xspi2sel, usart234578sel, usart1sel;
    private final Field[] pllOn = new Field[3], divm = new Field[3];
    private final Register pllcfgr;
    private final Register[] divr1 = new Register[3], divr2 = new Register[3], fracr = new Register[3];

    /**
     * @param hseHz    the crystal or external clock on OSC_IN, 0 when the board has none
     * @param listener told of every clock-tree change (also once now, with the reset clocks)
     */
    public Stm32H7rsRcc(long hseHz, ClockListener listener) {
        super(listener);
        if (hseHz < 0 || hseHz > 50_000_000L) throw new IllegalArgumentException("HSE frequency must be 0 (none) or up to 50 MHz, was " + hseHz);
        this.hseHz = hseHz;
        RegisterBlock.Builder b = RegisterBlock.builder("RCC", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RCC_CR: HSI on and ready out of reset (the part starts on HSI 64 MHz).
                .register(0x000, "CR", r -> r.reset(0x0000_0025)
                        .bit("HSION", 0, Access.RW)
                        .bit("HSIKERON", 1, Access.RW)
                        .bit("HSIRDY", 2, Access.RO, f -> f.reads(this::hsiReadyBit))
                        .field("HSIDIV", 3, 2, Access.RW)
                        .bit("HSIDIVF", 5, Access.RO, f -> f.reads(() -> 1))
                        .bit("CSION", 7, Access.RW)
                        .bit("CSIRDY", 8, Access.RO, f -> f.reads(this::csiReadyBit))
                        .bit("CSIKERON", 9, Access.RW)
                        .bit("HSI48ON", 12, Access.RW)
                        .bit("HSI48RDY", 13, Access.RO, f -> f.reads(this::hsi48ReadyBit))
                        .bit("HSEON", 16, Access.RW)
                        .bit("HSERDY", 17, Access.RO, f -> f.reads(() -> hseReady() ? 1 : 0))
                        .bit("HSEBYP", 18, Access.RW)
                        .bit("HSEEXT", 19, Access.RW)
                        .bit("HSECSSON", 20, Access.W1S)
                        .bit("PLL1ON", 24, Access.RW)
                        .bit("PLL1RDY", 25, Access.RO, f -> f.reads(() -> pllReady(0) ? 1 : 0))
                        .bit("PLL2ON", 26, Access.RW)
                        .bit("PLL2RDY", 27, Access.RO, f -> f.reads(() -> pllReady(1) ? 1 : 0))
                        .bit("PLL3ON", 28, Access.RW)
                        .bit("PLL3RDY", 29, Access.RO, f -> f.reads(() -> pllReady(2) ? 1 : 0))
                        .afterWrite(v -> clockConfigWritten()))
                .register(0x004, "HSICFGR", r -> r.field("HSICAL", 0, 12, Access.RO).field("HSITRIM", 24, 7, Access.RW))
                .register(0x008, "CRRCR", r -> r.field("HSI48CAL", 0, 10, Access.RO))
                .register(0x00C, "CSICFGR", r -> r.field("CSICAL", 0, 8, Access.RO).field("CSITRIM", 24, 6, Access.RW))
                .register(0x010, "CFGR", r -> r
                        .field("SW", 0, 3, Access.RW)
                        .field("SWS", 3, 3, Access.RO)
                        .bit("STOPWUCK", 6, Access.RW)
                        .bit("STOPKERWUCK", 7, Access.RW)
                        .field("RTCPRE", 8, 6, Access.RW)
                        .bit("TIMPRE", 15, Access.RW)
                        .field("MCO1PRE", 18, 4, Access.RW)
                        .field("MCO1SEL", 22, 3, Access.RW)
                        .field("MCO2PRE", 25, 4, Access.RW)
                        .field("MCO2SEL", 29, 3, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                // CPU clock prescaler, bus-matrix prescaler, APB1/2/4/5 prescalers.
                .register(0x018, "CDCFGR", r -> r.field("CPRE", 0, 4, Access.RW).afterWrite(v -> clockConfigWritten()))
                .register(0x01C, "BMCFGR", r -> r.field("BMPRE", 0, 4, Access.RW).afterWrite(v -> clockConfigWritten()))
                .register(0x020, "APBCFGR", r -> r.field("PPRE1", 0, 3, Access.RW).field("PPRE2", 4, 3, Access.RW)
                        .field("PPRE4", 8, 3, Access.RW).field("PPRE5", 12, 3, Access.RW).afterWrite(v -> clockConfigWritten()))
                .register(0x028, "PLLCKSELR", r -> r.reset(0x0202_0200)
                        .field("PLLSRC", 0, 2, Access.RW)
                        .field("DIVM1", 4, 6, Access.RW)
                        .field("DIVM2", 12, 6, Access.RW)
                        .field("DIVM3", 20, 6, Access.RW)
                        .afterWrite(v -> clockConfigWritten()))
                .register(0x02C, "PLLCFGR", r -> {
                    for (int p = 0; p < 3; p++) {
                        String n = String.valueOf(p + 1);
                        int f = FRACEN_BIT[p];
                        r.bit("PLL" + n + "FRACEN", f, Access.RW).bit("PLL" + n + "VCOSEL", f + 1, Access.RW)
                                .bit("PLL" + n + "SSCGEN", f + 2, Access.RW).field("PLL" + n + "RGE", f + 3, 2, Access.RW);
                        int outputs = p == 1 ? 5 : 4;
                        for (int o = 0; o < outputs; o++) r.bit("PLL" + n + OUTPUTS.charAt(o) + "EN", PEN_BIT[p] + o, Access.RW);
                    }
                    r.afterWrite(v -> clockConfigWritten());
                });
        for (int p = 0; p < 3; p++) {
            String n = String.valueOf(p + 1);
            boolean t = p == 1;
            b.register(0x030 + 8 * p, "PLL" + n + "DIVR1", r -> r.reset(0x0101_0280)
                    .field("DIVN", 0, 9, Access.RW).field("DIVP", 9, 7, Access.RW)
                    .field("DIVQ", 16, 7, Access.RW).field("DIVR", 24, 7, Access.RW)
                    .afterWrite(v -> clockConfigWritten()));
            b.register(0x034 + 8 * p, "PLL" + n + "FRACR", r -> r.field("FRACN", 3, 13, Access.RW).afterWrite(v -> clockConfigWritten()));
            b.register(0x0C0 + 4 * p, "PLL" + n + "DIVR2", r -> {
                r.reset(t ? 0x0000_0101 : 0x0000_0001).field("DIVS", 0, 3, Access.RW); // bit 8 (DIVT) exists on PLL2 only
                if (t) r.field("DIVT", 8, 3, Access.RW);
                r.afterWrite(v -> clockConfigWritten());
            });
            b.register(0x0CC + 4 * p, "PLL" + n + "SSCGR");
        }
        // Kernel clock selections: XSPI1SEL/XSPI2SEL (0 HCLK, 1 PLL2 S, 2 PLL2 T), UART234578SEL.
        b.register(0x04C, "CCIPR1", r -> r.field("FMCSEL", 0, 2, Access.RW).field("SDMMC12SEL", 2, 1, Access.RW)
                        .field("XSPI1SEL", 4, 2, Access.RW).field("XSPI2SEL", 6, 2, Access.RW)
                        .field("ADCSEL", 24, 2, Access.RW).field("CKPERSEL", 28, 2, Access.RW))
                .register(0x050, "CCIPR2", r -> r.field("UART234578SEL", 0, 3, Access.RW).field("SPI23SEL", 4, 3, Access.RW)
                        .field("I2C23SEL", 8, 2, Access.RW).field("LPTIM1SEL", 16, 3, Access.RW))
                .register(0x054, "CCIPR3", r -> r.field("USART1SEL", 0, 3, Access.RW))
                .register(0x058, "CCIPR4")
                .register(0x060, "CIER", r -> readyInterruptBits(r, READY_INTERRUPTS, "IE", Access.RW))
                .register(0x064, "CIFR", r -> readyInterruptBits(r, READY_INTERRUPTS, "F", Access.RO).bit("HSECSSF", 10, Access.RO))
                .register(0x068, "CICR", r -> readyInterruptBits(r, READY_INTERRUPTS, "C", Access.WO).bit("HSECSSC", 10, Access.WO)
                        .afterWrite(w -> clearInterruptFlags(w, 0x7FF)))
                // RCC_BDCR (its bit 16 is VSWRST in RM0477, the backup-domain reset BDRST names elsewhere).
                .register(0x070, "BDCR", r -> backupDomainBits(r, this::lseOn))
                .register(0x074, "CSR", r -> r.bit("LSION", 0, Access.RW)
                        .bit("LSIRDY", 1, Access.RO, f -> f.reads(this::lsiReadyBit)))
                .register(0x100, "CKPROTR")
                .register(0x130, "RSR", r -> {
                    r.bit("RMVF", 16, Access.RW, f -> f.onWrite((was, now) -> {
                        if (now == 1) clearResetFlags();
                    }));
                    String[] names = {"OBLRSTF", null, null, null, "BORRSTF", "PINRSTF", "PORRSTF", "SFTRSTF", null,
                            "IWDGRSTF", null, "WWDGRSTF", null, "LPWRRSTF"};
                    for (int i = 0; i < names.length; i++) {
                        final int bit = 17 + i;
                        if (names[i] != null) r.bit(names[i], bit, Access.RO, f -> f.reads(() -> resetFlag(bit)));
                    }
                });
        for (int i = 0; i < BUS_REG_NAMES.length; i++) b.register(BUS_REG_OFFSETS[i], BUS_REG_NAMES[i]);
        regs = b.build();

        hsion = regs.field("CR", "HSION");
        hsidiv = regs.field("CR", "HSIDIV");
        csion = regs.field("CR", "CSION");
        hsi48on = regs.field("CR", "HSI48ON");
        hseon = regs.field("CR", "HSEON");
        sw = regs.field("CFGR", "SW");
        sws = regs.field("CFGR", "SWS");
        cpre = regs.field("CDCFGR", "CPRE");
        bmpre = regs.field("BMCFGR", "BMPRE");
        ppre1 = regs.field("APBCFGR", "PPRE1");
        ppre2 = regs.field("APBCFGR", "PPRE2");
        ppre4 = regs.field("APBCFGR", "PPRE4");
        ppre5 = regs.field("APBCFGR", "PPRE5");
        pllsrc = regs.field("PLLCKSELR", "PLLSRC");
        pllcfgr = regs.register("PLLCFGR");
        for (int p = 0; p < 3; p++) {
            pllOn[p] = regs.field("CR", "PLL" + (p + 1) + "ON");
            divm[p] = regs.field("PLLCKSELR", "DIVM" + (p + 1));
            divr1[p] = regs.register("PLL" + (p + 1) + "DIVR1");
            divr2[p] = regs.register("PLL" + (p + 1) + "DIVR2");
            fracr[p] = regs.register("PLL" + (p + 1) + "FRACR");
        }
        xspi1sel = regs.field("CCIPR1", "XSPI1SEL");
        xspi2sel = regs.field("CCIPR1", "XSPI2SEL");
        usart234578sel = regs.field("CCIPR2", "UART234578SEL");
        usart1sel = regs.field("CCIPR3", "USART1SEL");
        lseon = regs.field("BDCR", "LSEON");
        lsion = regs.field("CSR", "LSION");
        attach(regs, regs.register("BDCR"), Stm32H7Rcc.ResetKind.POWER_ON);
        publishClocks(computeClocks());
    }

    // Ready flags follow their enables (read through methods: the fields are bound after the block is built).
    private int hsiReadyBit() {
        return hsion.get();
    }

    private int csiReadyBit() {
        return csion.get();
    }

    private int hsi48ReadyBit() {
        return hsi48on.get();
    }

    private int lsiReadyBit() {
        return lsion.get();
    }

    private boolean lseOn() {
        return lseon.isSet();
    }

    private boolean hseReady() {
        return hseon.isSet() && hseHz > 0;
    }

    private boolean pllReady(int pll) {
        return pllOn[pll].isSet() && pllInputHz(pll) > 0;
    }

    /** HSI after HSIDIV (divided by 1, 2, 4 or 8). */
    public long hsiHz() {
        return Stm32H7Rcc.HSI_HZ >> hsidiv.get();
    }

    /** PLL reference after DIVMx (PLLSRC 0 HSI, 1 CSI, 2 HSE, 3 none); 0 without a running source or with DIVMx 0. */
    private long pllInputHz(int pll) {
        long src = switch (pllsrc.get()) {
            case 0 -> hsion.isSet() ? hsiHz() : 0;
            case 1 -> csion.isSet() ? Stm32H7Rcc.CSI_HZ : 0;
            case 2 -> hseReady() ? hseHz : 0;
            default -> 0;
        };
        int m = divm[pll].get();
        return m == 0 ? 0 : src / m;
    }

    /** VCO: reference x (DIVN + 1 + FRACN / 2^13), as ST's SystemCoreClockUpdate computes it. */
    private long pllVcoHz(int pll) {
        if (!pllReady(pll)) return 0;
        long n = (divr1[pll].get() & 0x1FF) + 1L;
        long frac = (pllcfgr.get() >>> FRACEN_BIT[pll] & 1) != 0 ? fracr[pll].get() >>> 3 & 0x1FFF : 0;
        return pllInputHz(pll) * (n * 8192 + frac) / 8192;
    }

    /**
     * One PLL output ({@code pll} 0..2 for PLL1..3; {@code output} 0..4 for P, Q, R, S, T; T on
     * PLL2 only): VCO / (divider + 1), 0 while the PLL is off or the output's PLLCFGR enable is clear.
     */
    public long pllOutputHz(int pll, int output) {
        if (pll < 0 || pll > 2 || output < 0 || output > (pll == 1 ? 4 : 3)) {
            throw new IllegalArgumentException("no PLL" + (pll + 1) + " output " + output);
        }
        if ((pllcfgr.get() >>> (PEN_BIT[pll] + output) & 1) == 0) return 0;
        int div = switch (output) {
            case 0 -> divr1[pll].get() >>> 9 & 0x7F;
            case 1 -> divr1[pll].get() >>> 16 & 0x7F;
            case 2 -> divr1[pll].get() >>> 24 & 0x7F;
            case 3 -> divr2[pll].get() & 0x7;
            default -> divr2[pll].get() >>> 8 & 0x7;
        };
        return pllVcoHz(pll) / (div + 1);
    }

    private boolean sourceReady(int source) {
        return switch (source) {
            case SRC_HSI -> hsion.isSet();
            case SRC_CSI -> csion.isSet();
            case SRC_HSE -> hseReady();
            case SRC_PLL1 -> pllReady(0);
            default -> false;
        };
    }

    private long sourceHz(int source) {
        return switch (source) {
            case SRC_HSI -> hsiHz();
            case SRC_CSI -> Stm32H7Rcc.CSI_HZ;
            case SRC_HSE -> hseHz;
            case SRC_PLL1 -> pllOutputHz(0, 0);
            default -> 0;
        };
    }

    /**
     * sys_ck → CPRE → CPU clock; → BMPRE → HCLK (AXI/AHB); HCLK → PPRE1/2/4/5 → PCLK1/2/4/5
     * (RM0477 "Clock tree"). The listener's apb3Hz slot carries PCLK5 (the H7R/S has no APB3).
     */
    private ClockListener.BusClocks computeClocks() {
        long sys = sourceHz(sws.get());
        long cpu = sys / Stm32H7Rcc.ahbDivider(cpre.get());
        long hclk = sys / Stm32H7Rcc.ahbDivider(bmpre.get());
        return new ClockListener.BusClocks(sys, cpu, hclk, hclk / Stm32H7Rcc.apbDivider(ppre1.get()),
                hclk / Stm32H7Rcc.apbDivider(ppre2.get()), hclk / Stm32H7Rcc.apbDivider(ppre5.get()),
                hclk / Stm32H7Rcc.apbDivider(ppre4.get()));
    }

    @Override
    protected void clockConfigWritten() {
        int current = sws.get();
        // An oscillator feeding the system clock (directly or through PLL1) cannot be stopped.
        if (current == SRC_HSI || current == SRC_PLL1 && pllsrc.get() == 0) hsion.set(1);
        if (current == SRC_CSI || current == SRC_PLL1 && pllsrc.get() == 1) csion.set(1);
        if (current == SRC_HSE || current == SRC_PLL1 && pllsrc.get() == 2) hseon.set(1);
        if (current == SRC_PLL1) pllOn[0].set(1);
        int requested = sw.get();
        if (requested != current && requested <= SRC_PLL1 && sourceReady(requested)) sws.set(requested);
        publishClocks(computeClocks());
    }

    /**
     * Kernel clock of XSPI{@code instance} (CCIPR1.XSPInSEL: 0 HCLK, 1 PLL2 S, 2 PLL2 T; the
     * recovery position HCLK/4 of CKPROTR is not modelled).
     */
    public long xspiKernelHz(int instance) {
        if (instance != 1 && instance != 2) throw new IllegalArgumentException("no XSPI" + instance + " on the STM32H7R/S");
        return switch ((instance == 1 ? xspi1sel : xspi2sel).get()) {
            case 0 -> clocks().ahbHz();
            case 1 -> pllOutputHz(1, 3);
            case 2 -> pllOutputHz(1, 4);
            default -> 0;
        };
    }

    /** XSPI{@code instance}'s kernel clock, following later RCC changes. */
    public LongSupplier xspiKernelClock(int instance) {
        xspiKernelHz(instance);
        return () -> xspiKernelHz(instance);
    }

    /**
     * USART/UART kernel clock: USART1 from CCIPR3.USART1SEL on PCLK2, USART2/3, UART4/5/7/8 from
     * CCIPR2.UART234578SEL on PCLK1 (0 PCLK, 1 PLL2 Q, 2 PLL3 Q, 3 HSI, 4 CSI, 5 LSE: the
     * RCC_USART234578CLKSOURCE_* encodings of ST's HAL).
     */
    @Override
    public long usartKernelHz(int usart) {
        boolean apb2 = usart == 1;
        if (!apb2 && (usart < 2 || usart > 8 || usart == 6)) throw new IllegalArgumentException("no USART" + usart + " on the STM32H7R/S");
        return switch ((apb2 ? usart1sel : usart234578sel).get()) {
            case 0 -> apb2 ? clocks().apb2Hz() : clocks().apb1Hz();
            case 1 -> pllOutputHz(1, 1);
            case 2 -> pllOutputHz(2, 1);
            case 3 -> hsion.isSet() ? hsiHz() : 0;
            case 4 -> csion.isSet() ? Stm32H7Rcc.CSI_HZ : 0;
            case 5 -> lseon.isSet() ? Stm32H7Rcc.LSE_HZ : 0;
            default -> 0;
        };
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}): as in {@link Stm32H7Rcc}, the ready
     * flags HAL polls (CR's HSERDY/PLLxRDY, CSR.LSIRDY) follow their enables in zero virtual time,
     * CFGR.SWS moves only in {@link #clockConfigWritten} after a register write and the RSR flags at
     * a reset or an RMVF write; no read clears or changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /** RCC_RSR flags per reset source; as on the H743, every system reset also drives NRST (PINRSTF). */
    @Override
    protected int flagsFor(Stm32H7Rcc.ResetKind kind) {
        return switch (kind) {
            case POWER_ON -> RSR_PINRSTF | RSR_PORRSTF | RSR_BORRSTF;
            case PIN -> RSR_PINRSTF;
            case OPTION_BYTE_LOAD -> RSR_PINRSTF | RSR_OBLRSTF;
            case SOFTWARE -> RSR_PINRSTF | RSR_SFTRSTF;
            case BROWN_OUT -> RSR_PINRSTF | RSR_BORRSTF;
            case INDEPENDENT_WATCHDOG -> RSR_PINRSTF | RSR_IWDGRSTF;
            case WINDOW_WATCHDOG -> RSR_PINRSTF | RSR_WWDGRSTF;
            case LOW_POWER -> RSR_PINRSTF | RSR_LPWRRSTF;
        };
    }
}
