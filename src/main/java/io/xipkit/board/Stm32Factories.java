package io.xipkit.board;

import io.xipkit.bus.Region;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.StopReason;
import io.xipkit.peripherals.stm32.FlashGeometryException;
import io.xipkit.peripherals.stm32.H7FlashGeometry;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Boot;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.L4FlashGeometry;
import io.xipkit.peripherals.stm32.Stm32DeviceInfo;
import io.xipkit.peripherals.stm32.Stm32Dbgmcu;
import io.xipkit.peripherals.stm32.Stm32Gpio;
import io.xipkit.peripherals.stm32.Stm32H7Pwr;
import io.xipkit.peripherals.stm32.Stm32H7Rcc;
import io.xipkit.peripherals.stm32.Stm32H7Fmc;
import io.xipkit.peripherals.stm32.Stm32Mdma;
import io.xipkit.peripherals.quadspi.SpiControllerEngine;
import io.xipkit.peripherals.stm32.Stm32H7Syscfg;
import io.xipkit.peripherals.stm32.Stm32L4Pwr;
import io.xipkit.peripherals.stm32.Stm32Rcc;
import io.xipkit.peripherals.stm32.Stm32L4Rcc;
import io.xipkit.peripherals.stm32.Stm32L4Syscfg;
import io.xipkit.peripherals.stm32.Stm32Usart;
import io.xipkit.peripherals.stm32.H7FlashTiming;
import io.xipkit.peripherals.stm32.H7FlashVariant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Factories for the STM32 peripheral models (io.xipkit.peripherals.stm32; the SPI flash controllers: {@link SpiFlashFactories}). */
final class Stm32Factories {
    private Stm32Factories() {}

    static final Set<String> COMMON = Set.of("type", "name", "base", "irq");

    static Set<String> keys(String... extra) {
        java.util.HashSet<String> s = new java.util.HashSet<>(COMMON);
        s.addAll(Set.of(extra));
        return s;
    }

    static void addTo(Map<String, PeripheralFactory> m) {
        SpiFlashFactories.addTo(m);
        m.put("stm32h7-flash", Stm32Factories::h7Flash);
        m.put("stm32h7-rcc", Stm32Factories::h7Rcc);
        m.put("stm32h7-pwr", Stm32Factories::h7Pwr);
        m.put("stm32h7-syscfg", Stm32Factories::h7Syscfg);
        m.put("stm32h7-fmc", Stm32Factories::h7Fmc);
        m.put("stm32h7-mdma", Stm32Factories::h7Mdma);
        m.put("stm32l4-rcc", Stm32Factories::l4Rcc);
        m.put("stm32l4-pwr", Stm32Factories::l4Pwr);
        m.put("stm32l4-flash", Stm32Factories::l4Flash);
        m.put("stm32l4-syscfg", Stm32Factories::l4Syscfg);
        m.put("stm32-gpio", Stm32Factories::gpio);
        m.put("stm32-usart", Stm32Factories::usart);
        m.put("stm32-dbgmcu", Stm32Factories::dbgmcu);
        m.put("stm32-device-info", Stm32Factories::deviceInfo);
        m.put("stm32h7rs-boot", Stm32Factories::h7rsBoot);
        H7rsFactories.addTo(m);
        m.put("stm32h7ab-boot", Stm32Factories::h7rsBoot);
    }

    /**
     * The STM32H7R/S boot: the core starts from the vector table at {@code base}, the user flash
     * 0x08000000 as shipped (RM0477 "Boot configuration"; the option-byte boot address is not
     * modelled). Maps no registers. Also the STM32H7A3/B3 boot ({@code stm32h7ab-boot}): BOOT0 low
     * starts from BOOT_ADD0, 0x0800 (0x08000000) as shipped (RM0455 "Boot configuration").
     */
    private static void h7rsBoot(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(COMMON);
        Core core = b.core();
        int vtor = (int) d.base();
        b.onBoot(() -> core.bootFrom(vtor));
    }

    private static String family(PeripheralDescription d) {
        String f = d.params().text("family").toLowerCase(Locale.ROOT);
        if (!f.equals("h7") && !f.equals("l4")) throw d.params().error("family", "expected h7 or l4, got \"" + f + "\"");
        return f;
    }

    /** STM32H7 RCC (RM0433 section 8): keys hse (crystal frequency), variant (rm0433 | rm0399 | rm0455). */
    private static void h7Rcc(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("hse", "variant"));
        String v = d.params().text("variant", "rm0433").toLowerCase(Locale.ROOT);
        Stm32H7Rcc.Variant variant = switch (v) {
            case "rm0433" -> Stm32H7Rcc.Variant.RM0433_SINGLE_CORE;
            case "rm0399" -> Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7;
            case "rm0455" -> Stm32H7Rcc.Variant.RM0455_CD_SRD;
            default -> throw d.params().error("variant", "expected rm0433, rm0399 or rm0455");
        };
        Core core = b.core();
        Stm32H7Rcc rcc = new Stm32H7Rcc(variant, d.params().quantity("hse"), c -> core.setClockHz(c.cpuHz()));
        b.mapRegisters(d, Stm32H7Rcc.SIZE, rcc);
        b.register(d, rcc);
        Board board = b.board();
        b.onBoot(() -> rcc.noteReset(h7ResetKind(board.lastResetCause())));
    }

    /** How an H7-family RCC (RM0433, RM0477) records the board's last reset. */
    static Stm32H7Rcc.ResetKind h7ResetKind(Board.ResetCause cause) {
        return switch (cause) {
            case POWER_ON -> Stm32H7Rcc.ResetKind.POWER_ON;
            case PIN -> Stm32H7Rcc.ResetKind.PIN;
            case SOFTWARE -> Stm32H7Rcc.ResetKind.SOFTWARE;
            case OPTION_BYTE_LOAD -> Stm32H7Rcc.ResetKind.OPTION_BYTE_LOAD;
        };
    }

    /** STM32H7 PWR (RM0433 section 6): key variant as for the RCC. */
    private static void h7Pwr(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys());
        Stm32H7Pwr pwr = new Stm32H7Pwr(b.findOne(d, Stm32H7Rcc.class).variant());
        b.mapRegisters(d, Stm32H7Pwr.SIZE, pwr);
        b.register(d, pwr);
    }

    /** STM32H7 FMC register block (RM0433 chapter 22): registers only, no memory bank. No keys beyond the common ones. */
    private static void h7Fmc(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(COMMON);
        Stm32H7Fmc fmc = new Stm32H7Fmc();
        b.mapRegisters(d, Stm32H7Fmc.SIZE, fmc);
        b.register(d, fmc);
    }

    /**
     * STM32H7 MDMA (RM0433 chapter 14), clocked by HCLK. Key triggers: which request outputs of
     * controllers listed before it drive which trigger inputs (CTBR.TSEL), e.g.
     * {@code {22: QUADSPI.fifo-threshold, 23: QUADSPI.transfer-complete}} (ST's HAL
     * stm32h7xx_hal_mdma.h: MDMA_REQUEST_QUADSPI_FIFO_TH = 22, MDMA_REQUEST_QUADSPI_TC = 23).
     */
    private static void h7Mdma(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("triggers"));
        Core core = b.core();
        Stm32H7Rcc rcc = b.findOne(d, Stm32H7Rcc.class);
        var bus = b.bus();
        Stm32Mdma mdma = new Stm32Mdma(bus, core.clock(), core.scheduler(), () -> rcc.clocks().ahbHz(), b.irq(d),
                (address, length, at) -> {
                    bus.notifyCodeChanged(address, length);
                    core.memoryChangingBehindCaches(address, length, at);
                });
        Map<String, io.xipkit.peripherals.DmaRequest[]> bySource = new java.util.TreeMap<>();
        for (Map.Entry<Integer, String> t : new java.util.TreeMap<>(d.params().names("triggers")).entrySet()) {
            String[] parts = t.getValue().split("\\.", 2);
            int signal = parts.length == 2 ? List.of("fifo-threshold", "transfer-complete").indexOf(parts[1]) : -1;
            if (signal < 0) {
                throw d.params().error("triggers", "\"" + t.getValue() + "\" is not CONTROLLER.fifo-threshold or CONTROLLER.transfer-complete");
            }
            if (t.getKey() < 0 || t.getKey() > 63) throw d.params().error("triggers", "trigger " + t.getKey() + " is not 0..63");
            SpiControllerEngine source = b.find(d, parts[0], SpiControllerEngine.class);
            var lines = bySource.computeIfAbsent(parts[0], k -> new io.xipkit.peripherals.DmaRequest[] {
                    io.xipkit.peripherals.DmaRequest.NONE, io.xipkit.peripherals.DmaRequest.NONE});
            lines[signal] = mdma.trigger(t.getKey(), source::dmaRequestsWatched);
            source.connectDmaRequests(lines[0], lines[1]);
        }
        b.mapRegisters(d, Stm32Mdma.SIZE, mdma);
        b.register(d, mdma);
    }

    /** STM32H7 SYSCFG (RM0433 section 12): key package (PKGR code). */
    private static void h7Syscfg(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("package"));
        Stm32H7Syscfg syscfg = new Stm32H7Syscfg((int) d.params().quantity("package", 0));
        b.mapRegisters(d, Stm32H7Syscfg.SIZE, syscfg);
        b.register(d, syscfg);
    }

    /** STM32L4 RCC (RM0351 section 6): key hse. */
    private static void l4Rcc(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("hse"));
        Core core = b.core();
        Stm32L4Rcc rcc = new Stm32L4Rcc(d.params().quantity("hse", 8_000_000L), c -> core.setClockHz(c.cpuHz()));
        b.mapRegisters(d, Stm32L4Rcc.SIZE, rcc);
        b.register(d, rcc);
        Board board = b.board();
        b.onBoot(() -> rcc.noteReset(switch (board.lastResetCause()) {
            case POWER_ON -> Stm32L4Rcc.ResetKind.POWER_ON;
            case PIN -> Stm32L4Rcc.ResetKind.PIN;
            case SOFTWARE -> Stm32L4Rcc.ResetKind.SOFTWARE;
            case OPTION_BYTE_LOAD -> Stm32L4Rcc.ResetKind.OPTION_BYTE_LOAD;
        }));
    }

    private static void l4Pwr(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys());
        Stm32L4Pwr pwr = new Stm32L4Pwr();
        b.mapRegisters(d, Stm32L4Pwr.SIZE, pwr);
        b.register(d, pwr);
    }

    /**
     * STM32L4 embedded flash (RM0351 section 3): registers at the entry's base, the main memory
     * where the board says; OBL_LAUNCH resets the MCU with the option-byte-load cause.
     * Keys (the model is built from them, {@link L4FlashGeometry}): memory (where the main memory
     * is, 0x08000000), size (both banks, 1MiB), bank-size (512KiB), page (2KiB).
     */
    private static void l4Flash(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("memory", "size", "bank-size", "page"));
        L4FlashGeometry geometry = geometry(d, () -> new L4FlashGeometry(d.params().quantity("memory"),
                intQuantity(d, "bank-size"), intQuantity(d, "page")));
        long size = d.params().quantity("size");
        if (size != geometry.sizeBytes()) {
            throw d.params().error("size", sizeText(size) + " is not two banks of bank-size " + sizeText(geometry.bankBytes())
                    + " (the model is the dual-bank organisation, RM0351 3.3.1)");
        }
        Core core = b.core();
        Board board = b.board();
        L4Flash flash = new L4Flash(geometry, b.host().nonVolatile("flash", geometry.sizeBytes()), core.clock(),
                core.scheduler(), b.irq(d), () -> board.requestReset(Board.ResetCause.OPTION_BYTE_LOAD));
        b.mapRegisters(d, L4Flash.REGISTER_WINDOW, flash);
        mapMemory(d, b, "memory", geometry.memoryBase(), flash.memory());
        b.register(d, flash);
    }

    /**
     * STM32L4 SYSCFG (RM0351 section 9) with MEMRMP, and the boot decision of the system memory
     * (AN2606 dual-bank boot): at every reset, before the core reads its vector table through the
     * 0x00000000 alias, the boot logic picks the bank and sets MEM_MODE/FB_MODE.
     * Keys: flash (entry name of the stm32l4-flash), sram1 (memory name), boot0 (pin level).
     */
    private static void l4Syscfg(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("flash", "sram1", "boot0"));
        L4Flash flash = b.find(d, d.params().text("flash", "FLASH"), L4Flash.class);
        Board board = b.board();
        String sram1Name = d.params().text("sram1", "sram1");
        Region sram1;
        try {
            sram1 = board.memory(sram1Name);
        } catch (BoardException e) {
            throw d.params().error("sram1", "no memory \"" + sram1Name + "\" on the board");
        }
        // The boot's stack-pointer check accepts the board's internal SRAM (and its aliases).
        List<L4Boot.Sram> srams = new java.util.ArrayList<>();
        for (MemoryDescription m : board.description().memories()) {
            if (m.kind() == MemoryKind.RAM || m.kind() == MemoryKind.MIRROR) {
                srams.add(new L4Boot.Sram(m.base(), board.memory(m.name()).size()));
            }
        }
        Stm32L4Syscfg syscfg = new Stm32L4Syscfg(flash, null, sram1, null);
        b.mapRegisters(d, Stm32L4Syscfg.REGISTER_WINDOW, syscfg);
        b.bus().map(0, syscfg.bootAlias());
        b.register(d, syscfg);
        boolean boot0 = d.params().flag("boot0", false);
        Core core = b.core();
        b.beforeCoreReset(() -> {
            L4Boot.Decision decision = L4Boot.resolve(flash, boot0, srams);
            if (decision instanceof L4Boot.Start start) {
                syscfg.applyBoot(start);
            } else if (decision instanceof L4Boot.RomBootloader rom) {
                core.requestStop(new StopReason.Lockup("boot: the system-memory bootloader would run: " + rom.why()));
            }
        });
    }

    /**
     * GPIO port: keys family (h7 | h7rs | l4), port (a letter the family has), leds (map pin number → LED name); LED pin
     * changes are reported as board events.
     */
    private static void gpio(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("family", "port", "leds"));
        String f = d.params().text("family").toLowerCase(Locale.ROOT);
        Stm32Gpio.Family family = switch (f) {
            case "h7" -> Stm32Gpio.Family.H7;
            case "h7rs" -> Stm32Gpio.Family.H7RS;
            case "l4" -> Stm32Gpio.Family.L4;
            default -> throw d.params().error("family", "expected h7, h7rs or l4, got \"" + f + "\"");
        };
        String portText = d.params().text("port");
        if (portText.length() != 1 || !family.hasPort(portText.charAt(0))) {
            throw d.params().error("port", "expected a port letter the STM32" + family + " has, got \"" + portText + "\"");
        }
        char port = portText.charAt(0);
        Map<Integer, String> leds = d.params().names("leds");
        BoardHost host = b.host();
        Stm32Gpio gpio = new Stm32Gpio(family, port, b.core().clock(), (p, pin, level, at) -> {
            String led = leds.get(pin);
            if (led != null) {
                host.event(String.format("LED %s (P%c%d) %s at %.6f ms", led, p, pin, level ? "on" : "off", at / 1e9));
            }
        });
        b.mapRegisters(d, Stm32Gpio.SIZE, gpio);
        b.register(d, gpio);
    }

    /**
     * USART: keys family (h7 | l4), index (USARTn, for its kernel clock), console (true: bytes go
     * to and come from the run's console, paced by the receiver as with hardware flow control).
     */
    private static void usart(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("family", "index", "console", "kernel-clock"));
        boolean h7 = family(d).equals("h7");
        int index = (int) d.params().quantity("index");
        java.util.function.LongSupplier kernel;
        if (d.params().has("kernel-clock")) {
            // A board whose RCC is not modelled states the USART kernel clock its firmware runs with.
            long hz = d.params().quantity("kernel-clock");
            kernel = () -> hz;
        } else {
            try {
                kernel = b.findOne(d, Stm32Rcc.class).usartKernelClock(index);
            } catch (IllegalArgumentException e) {
                throw d.params().error("index", e.getMessage());
            }
        }
        boolean console = d.params().flag("console", false);
        BoardHost host = b.host();
        Core core = b.core();
        Stm32Usart usart = new Stm32Usart(d.name(), h7 ? Stm32Usart.Variant.H7 : Stm32Usart.Variant.L4, core.clock(),
                core.scheduler(), kernel, b.irq(d), console ? (data, at) -> host.consoleOutput(data) : (data, at) -> {});
        if (console) {
            ConsoleFeeder feeder = new ConsoleFeeder(usart, host, core);
            usart.onReceiveReady(feeder::feed);
        }
        b.mapRegisters(d, Stm32Usart.SIZE, usart);
        b.register(d, usart);
    }

    /**
     * Feeds console input to a USART: a byte whenever the receiver can take one; when the host
     * has nothing yet (an interactive console), asks again 1 ms of virtual time later.
     */
    private static final class ConsoleFeeder {
        private static final long POLL_PICOS = 1_000_000_000L;
        private final Stm32Usart usart;
        private final BoardHost host;
        private final Core core;
        private io.xipkit.time.Scheduler.Handle poll;

        ConsoleFeeder(Stm32Usart usart, BoardHost host, Core core) {
            this.usart = usart;
            this.host = host;
            this.core = core;
        }

        void feed() {
            if (!usart.canAccept()) return;
            int c = host.consoleInput();
            if (c >= 0) {
                usart.receive(c);
            } else if (c == BoardHost.NO_INPUT_YET && (poll == null || !poll.isPending())) {
                poll = core.scheduler().schedule(core.nowPicos() + POLL_PICOS, now -> feed());
            }
        }
    }

    /** DBGMCU: keys family, dev-id, rev-id (IDCODE fields, RM0433 section 60 / RM0351 section 48). */
    private static void dbgmcu(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("family", "dev-id", "rev-id"));
        Stm32Dbgmcu.Family family = family(d).equals("h7") ? Stm32Dbgmcu.Family.H7 : Stm32Dbgmcu.Family.L4;
        Stm32Dbgmcu dbg = new Stm32Dbgmcu(family, (int) d.params().quantity("dev-id"), (int) d.params().quantity("rev-id"));
        if (family == Stm32Dbgmcu.Family.L4) {
            // At 0xE0042000 on the Cortex-M4's private bus, which the core serves itself; not mapped yet.
            b.register(d, dbg);
            return;
        }
        b.mapRegisters(d, Stm32Dbgmcu.SIZE, dbg);
        b.register(d, dbg);
    }

    /** Unique device ID, flash size and package words: keys family, uid (3 words), flash-kb, package. */
    private static void deviceInfo(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("family", "uid", "flash-kb", "package"));
        java.util.List<Long> uidList = d.params().quantities("uid");
        if (uidList.size() != 3) throw d.params().error("uid", "expected three 32-bit words");
        int[] uid = {uidList.get(0).intValue(), uidList.get(1).intValue(), uidList.get(2).intValue()};
        int flashKb = (int) d.params().quantity("flash-kb");
        Stm32DeviceInfo info = family(d).equals("h7") ? Stm32DeviceInfo.forH7(uid, flashKb)
                : Stm32DeviceInfo.forL4(uid, flashKb, (int) d.params().quantity("package", 0));
        b.mapRegisters(d, Stm32DeviceInfo.SIZE, info);
        b.register(d, info);
    }

    /**
     * STM32H7 embedded flash: registers at the entry's base (0x52002000), the bank windows and the
     * factory boot address where the board says; the core boots from BOOT_ADD0 of the option bytes.
     * Keys: variant (h743, h750, h757, h7b3: register map and factory option bytes); the geometry the
     * model is built from ({@link H7FlashGeometry}): banks (their addresses), bank-size, sector,
     * boot-add0 (BOOT_ADD0 as shipped).
     */
    private static void h7Flash(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("variant", "banks", "bank-size", "sector", "boot-add0"));
        String v = d.params().text("variant").toUpperCase(Locale.ROOT);
        H7FlashVariant variant;
        try {
            variant = H7FlashVariant.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw d.params().error("variant", "unknown STM32H7 flash variant \"" + v + "\" (expected h743, h750, h757 or h7b3)");
        }
        H7FlashGeometry geometry = geometry(d, () -> new H7FlashGeometry(d.params().quantities("banks"),
                intQuantity(d, "bank-size"), intQuantity(d, "sector"), d.params().quantity("boot-add0")).checkedFor(variant));
        if (!geometry.bankBases().contains(geometry.bootAdd0())) {
            throw d.params().error("boot-add0", String.format("0x%08x is not the start of a bank (banks at %s)",
                    geometry.bootAdd0(), hexList(geometry.bankBases())));
        }
        Core core = b.core();
        var host = b.host();
        var bank1 = host.nonVolatile("flash-bank1", geometry.bankBytes());
        var bank2 = geometry.banks() > 1 ? host.nonVolatile("flash-bank2", geometry.bankBytes()) : null;
        H7FlashTiming timing = variant == H7FlashVariant.H7B3 ? H7FlashTiming.rm0455() : H7FlashTiming.typical();
        H7FlashMemory flash = new H7FlashMemory(variant, geometry, timing, core.clock(), core.scheduler(),
                b.irq(d), bank1, bank2, bank1);
        b.mapRegisters(d, H7FlashMemory.REGISTER_SIZE, flash.registers());
        for (int i = 0; i < geometry.banks(); i++) mapMemory(d, b, "banks", geometry.bankBase(i), flash.bankRegion(i));
        b.register(d, flash);
        // The Cortex-M7 boots from BOOT_ADD0 (BOOT pin low) of the option bytes (RM0433 "Boot configuration").
        b.onBoot(() -> core.bootFrom((int) flash.bootAddress(false)));
    }

    /** A flash geometry from the entry's keys; a geometry the model cannot have names its key. */
    private static <G> G geometry(PeripheralDescription d, java.util.function.Supplier<G> build) {
        try {
            return build.get();
        } catch (FlashGeometryException e) {
            throw d.params().error(e.parameter(), e.getMessage());
        }
    }

    private static int intQuantity(PeripheralDescription d, String key) {
        long v = d.params().quantity(key);
        if (v > Integer.MAX_VALUE) throw d.params().error(key, sizeText(v) + " is larger than any flash the model holds");
        return (int) v;
    }

    /** Maps a flash window; a window that collides with another memory names the key that placed it. */
    static void mapMemory(PeripheralDescription d, BoardAssembly b, String key, long base, Region region) {
        try {
            b.bus().map(base, region);
        } catch (IllegalArgumentException e) {
            throw d.params().error(key, e.getMessage());
        }
    }

    private static String hexList(List<Long> values) {
        return values.stream().map(x -> String.format("0x%08x", x)).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    static String sizeText(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : (bytes >> 10) + "KiB";
    }
}
