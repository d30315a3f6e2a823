package io.xipkit.board;

import io.xipkit.bus.Region;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.StopReason;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.devices.nor.NorStorage;
import io.xipkit.peripherals.quadspi.QuadspiFlash;
import io.xipkit.peripherals.quadspi.Stm32Quadspi;
import io.xipkit.peripherals.quadspi.Stm32Xspi;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.quadspi.UndrivenLines;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Boot;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.Stm32DeviceInfo;
import io.xipkit.peripherals.stm32.Stm32Dbgmcu;
import io.xipkit.peripherals.stm32.Stm32Gpio;
import io.xipkit.peripherals.stm32.Stm32H7Pwr;
import io.xipkit.peripherals.stm32.Stm32H7Rcc;
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

/** Factories for the STM32 peripheral models (io.xipkit.peripherals.stm32, .quadspi). */
final class Stm32Factories {
    private Stm32Factories() {}

    private static final Set<String> COMMON = Set.of("type", "name", "base", "irq");

    private static Set<String> keys(String... extra) {
        java.util.HashSet<String> s = new java.util.HashSet<>(COMMON);
        s.addAll(Set.of(extra));
        return s;
    }

    static void addTo(Map<String, PeripheralFactory> m) {
        m.put("stm32h7-flash", Stm32Factories::h7Flash);
        m.put("stm32h7-rcc", Stm32Factories::h7Rcc);
        m.put("stm32h7-pwr", Stm32Factories::h7Pwr);
        m.put("stm32h7-syscfg", Stm32Factories::h7Syscfg);
        m.put("stm32l4-rcc", Stm32Factories::l4Rcc);
        m.put("stm32l4-pwr", Stm32Factories::l4Pwr);
        m.put("stm32l4-flash", Stm32Factories::l4Flash);
        m.put("stm32l4-syscfg", Stm32Factories::l4Syscfg);
        m.put("stm32-gpio", Stm32Factories::gpio);
        m.put("stm32-usart", Stm32Factories::usart);
        m.put("stm32-dbgmcu", Stm32Factories::dbgmcu);
        m.put("stm32-device-info", Stm32Factories::deviceInfo);
        m.put("stm32h7-quadspi", Stm32Factories::h7Quadspi);
        m.put("stm32h7rs-xspi", Stm32Factories::h7rsXspi);
        m.put("stm32h7rs-boot", Stm32Factories::h7rsBoot);
    }

    /**
     * STM32H7 QUADSPI with its memory-mapped window at 0x90000000 and the NOR chip(s) on it.
     * Keys: flash (catalog part, e.g. W25Q128JV or MT25TL01G), dual (true: the part's two dies in
     * dual-flash mode, one per QUADSPI bank), bank (1 or 2: where a single chip is wired),
     * undriven (pull-up, the default, pull-down or bus-keeper: what the controller samples on IO
     * lines nobody drives, a fact of the board's schematic), window (where the memory-mapped window
     * is, 0x90000000 on the H7), window-size (256MiB, checked).
     * Chip contents live in the host's "qspi-flash1"/"qspi-flash2" memories.
     */
    private static void h7Quadspi(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("flash", "dual", "bank", "undriven", "window", "window-size"));
        long window = d.params().quantity("window", Stm32Quadspi.WINDOW_BASE);
        if (window % Stm32Quadspi.WINDOW_SIZE != 0 || window + Stm32Quadspi.WINDOW_SIZE > (1L << 32)) {
            throw d.params().error("window", String.format("0x%08x is not a 256MiB-aligned block of the address space", window));
        }
        expect(d, "window-size", Stm32Quadspi.WINDOW_SIZE, "the QUADSPI memory-mapped window is 256MiB (RM0433 23.3.7)");
        NorCatalog catalog = NorCatalog.standard();
        NorPart part;
        try {
            part = catalog.part(d.params().text("flash"));
        } catch (IllegalArgumentException e) { // unknown part only: any other exception is a bug, not a bad parameter
            throw d.params().error("flash", e.getMessage());
        }
        boolean dual = d.params().flag("dual", false);
        Core core = b.core();
        QuadspiFlash flash1 = null;
        QuadspiFlash flash2 = null;
        if (dual) {
            if (NorCatalog.dies(part) != 2) throw d.params().error("dual", part.part() + " is not a two-die package");
            NorPart die = catalog.diePart(part);
            flash1 = chip(b, die, "qspi-flash1", 1);
            flash2 = chip(b, die, "qspi-flash2", 2);
        } else {
            long bank = d.params().quantity("bank", 1);
            if (bank == 1) flash1 = chip(b, part, "qspi-flash1", 1);
            else if (bank == 2) flash2 = chip(b, part, "qspi-flash2", 2);
            else throw d.params().error("bank", "expected 1 or 2");
        }
        Stm32H7Rcc rcc = b.findOne(d, Stm32H7Rcc.class);
        Stm32Quadspi q = new Stm32Quadspi(core.clock(), core.scheduler(), rcc::quadspiKernelHz, b.irq(d),
                flash1, flash2, dual);
        try {
            q.setUndrivenLines(UndrivenLines.parse(d.params().text("undriven", "pull-up")));
        } catch (IllegalArgumentException e) {
            throw d.params().error("undriven", e.getMessage());
        }
        b.mapRegisters(d, Stm32Quadspi.REGISTERS_SIZE, q);
        b.bus().map(window, q.window());
        // The flash can change behind the CPU (indirect-mode program/erase): the L1 caches are
        // modelled over the window so stale lines show, as on silicon.
        core.addCoherencyModelledRange(window, Stm32Quadspi.WINDOW_SIZE);
        b.register(d, q);
    }

    /**
     * STM32H7R/S XSPI1 or XSPI2 (RM0477 chapter 27) with one NOR chip on the XSPIM port routed to it.
     * Keys: instance (1 or 2: sets the window, 0x90000000 or 0x70000000), flash (catalog part),
     * kernel-clock (the XSPI kernel clock: no H7R/S RCC is modelled yet, so the board states the
     * clock its firmware sets up), irq (optional: without it the interrupt is not wired).
     * The XSPIM I/O manager is not modelled: the chip is wired to this controller directly, as
     * XSPIM's reset routing (port n to XSPIn) does. Chip contents live in the host's "xspiN-flash".
     */
    private static void h7rsXspi(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("instance", "flash", "kernel-clock"));
        NorPart part;
        try {
            part = NorCatalog.standard().part(d.params().text("flash"));
        } catch (RuntimeException e) {
            throw d.params().error("flash", e.getMessage());
        }
        long instance = d.params().quantity("instance");
        if (instance != 1 && instance != 2) throw d.params().error("instance", "expected 1 or 2");
        long window = instance == 1 ? Stm32Xspi.XSPI1_WINDOW_BASE : Stm32Xspi.XSPI2_WINDOW_BASE;
        long kernelHz = d.params().quantity("kernel-clock");
        Core core = b.core();
        QuadspiFlash flash = chip(b, part, "xspi" + instance + "-flash", instance);
        Stm32Xspi x = new Stm32Xspi(d.name(), core.clock(), core.scheduler(), () -> kernelHz,
                d.irq() < 0 ? IrqLine.NONE : b.irq(d), flash);
        b.mapRegisters(d, Stm32Xspi.REGISTERS_SIZE, x);
        b.bus().map(window, x.window());
        core.addCoherencyModelledRange(window, Stm32Xspi.WINDOW_SIZE);
        b.register(d, x);
    }

    /**
     * The STM32H7R/S boot: the core starts from the vector table at {@code base}, the user flash
     * 0x08000000 as shipped (RM0477 "Boot configuration"; the option-byte boot address is not
     * modelled). Maps no registers.
     */
    private static void h7rsBoot(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(COMMON);
        Core core = b.core();
        int vtor = (int) d.base();
        b.onBoot(() -> core.bootFrom(vtor));
    }

    private static QuadspiFlash chip(BoardAssembly b, NorPart part, String storageName, long seed) {
        NorStorage storage = NorStorageAdapter.of(b.host().nonVolatile(storageName, part.sizeBytes()));
        NorChip chip = new NorChip(part, storage, b.core().clock(), seed);
        b.registerPart(storageName, chip);
        return new QuadspiFlash(chip, storage);
    }

    private static String family(PeripheralDescription d) {
        String f = d.params().text("family").toLowerCase(Locale.ROOT);
        if (!f.equals("h7") && !f.equals("l4")) throw d.params().error("family", "expected h7 or l4, got \"" + f + "\"");
        return f;
    }

    /** STM32H7 RCC (RM0433 section 8): keys hse (crystal frequency), variant (rm0433 | rm0399). */
    private static void h7Rcc(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("hse", "variant"));
        String v = d.params().text("variant", "rm0433").toLowerCase(Locale.ROOT);
        Stm32H7Rcc.Variant variant = switch (v) {
            case "rm0433" -> Stm32H7Rcc.Variant.RM0433_SINGLE_CORE;
            case "rm0399" -> Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7;
            default -> throw d.params().error("variant", "expected rm0433 or rm0399");
        };
        Core core = b.core();
        Stm32H7Rcc rcc = new Stm32H7Rcc(variant, d.params().quantity("hse"), c -> core.setClockHz(c.cpuHz()));
        b.mapRegisters(d, Stm32H7Rcc.SIZE, rcc);
        b.register(d, rcc);
        Board board = b.board();
        b.onBoot(() -> rcc.noteReset(switch (board.lastResetCause()) {
            case POWER_ON -> Stm32H7Rcc.ResetKind.POWER_ON;
            case PIN -> Stm32H7Rcc.ResetKind.PIN;
            case SOFTWARE -> Stm32H7Rcc.ResetKind.SOFTWARE;
            case OPTION_BYTE_LOAD -> Stm32H7Rcc.ResetKind.OPTION_BYTE_LOAD;
        }));
    }

    /** STM32H7 PWR (RM0433 section 6): key variant as for the RCC. */
    private static void h7Pwr(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys());
        Stm32H7Pwr pwr = new Stm32H7Pwr(b.findOne(d, Stm32H7Rcc.class).variant());
        b.mapRegisters(d, Stm32H7Pwr.SIZE, pwr);
        b.register(d, pwr);
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
     * STM32L4 embedded flash (RM0351 section 3): 1 MB as two 512 KB banks at 0x08000000, registers
     * at the entry's base; OBL_LAUNCH resets the MCU with the option-byte-load cause.
     * Keys (the part's facts, checked against the model): memory (0x08000000), size (1MiB),
     * bank-size (512KiB), page (2KiB).
     */
    private static void l4Flash(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("memory", "size", "bank-size", "page"));
        expect(d, "memory", L4Flash.MAIN_MEMORY_BASE, "the STM32L4 main flash is at 0x08000000 (RM0351 2.2.2)");
        expect(d, "size", L4Flash.SIZE, "the STM32L476 flash model has 1MiB (RM0351 3.3.1)");
        expect(d, "bank-size", L4Flash.BANK_SIZE, "the STM32L476 flash model has two banks of 512KiB (RM0351 3.3.1)");
        expect(d, "page", L4Flash.PAGE_SIZE, "the STM32L476 flash model has 2KiB pages (RM0351 3.3.1)");
        Core core = b.core();
        Board board = b.board();
        L4Flash flash = new L4Flash(b.host().nonVolatile("flash", L4Flash.SIZE), core.clock(), core.scheduler(),
                b.irq(d), () -> board.requestReset(Board.ResetCause.OPTION_BYTE_LOAD));
        b.mapRegisters(d, L4Flash.REGISTER_WINDOW, flash);
        b.bus().map(d.params().quantity("memory", L4Flash.MAIN_MEMORY_BASE), flash.memory());
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
        Region sram1 = board.memory(d.params().text("sram1", "sram1"));
        Stm32L4Syscfg syscfg = new Stm32L4Syscfg(flash, null, sram1, null);
        b.mapRegisters(d, Stm32L4Syscfg.REGISTER_WINDOW, syscfg);
        b.bus().map(0, syscfg.bootAlias());
        b.register(d, syscfg);
        boolean boot0 = d.params().flag("boot0", false);
        Core core = b.core();
        b.beforeCoreReset(() -> {
            L4Boot.Decision decision = L4Boot.resolve(flash, boot0);
            if (decision instanceof L4Boot.Start start) {
                syscfg.applyBoot(start);
            } else if (decision instanceof L4Boot.RomBootloader rom) {
                core.requestStop(new StopReason.Lockup("boot: the system-memory bootloader would run: " + rom.why()));
            }
        });
    }

    /**
     * GPIO port: keys family (h7 | l4), port (A..K), leds (map pin number → LED name); LED pin
     * changes are reported as board events.
     */
    private static void gpio(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("family", "port", "leds"));
        Stm32Gpio.Family family = family(d).equals("h7") ? Stm32Gpio.Family.H7 : Stm32Gpio.Family.L4;
        String portText = d.params().text("port");
        if (portText.length() != 1 || portText.charAt(0) < 'A' || portText.charAt(0) > 'K') {
            throw d.params().error("port", "expected a port letter A..K");
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
     * STM32H7 embedded flash: registers at the entry's base (0x52002000), bank 1 at 0x08000000,
     * bank 2 at 0x08100000 on two-bank parts; the core boots from BOOT_ADD0 of the option bytes.
     * Keys: variant (h743, h750, h757); the variant's facts, checked against the model: banks (their
     * addresses), bank-size, sector (128KiB), boot-add0 (BOOT_ADD0 as shipped, 0x08000000).
     */
    private static void h7Flash(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("variant", "banks", "bank-size", "sector", "boot-add0"));
        String v = d.params().text("variant").toUpperCase(Locale.ROOT);
        H7FlashVariant variant;
        try {
            variant = H7FlashVariant.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw d.params().error("variant", "unknown STM32H7 flash variant \"" + v + "\" (expected h743, h750 or h757)");
        }
        String part = "the " + variant.name() + " flash";
        if (d.params().has("banks")) {
            List<Long> banks = d.params().quantities("banks");
            List<Long> modelled = variant.banks() == 1 ? List.of(H7FlashMemory.BANK1_BASE)
                    : List.of(H7FlashMemory.BANK1_BASE, H7FlashMemory.BANK2_BASE);
            if (!banks.equals(modelled)) {
                throw d.params().error("banks", part + " has its banks at " + hexList(modelled)
                        + " (RM0433 4.3.4), the board file says " + hexList(banks));
            }
        }
        expect(d, "bank-size", variant.bankBytes(), part + " has " + sizeText(variant.bankBytes()) + " banks (RM0433 4.3.4)");
        expect(d, "sector", H7FlashVariant.SECTOR_BYTES, part + " has 128KiB sectors (RM0433 4.3.4)");
        expect(d, "boot-add0", H7FlashVariant.FACTORY_BOOT_ADD0,
                part + " leaves the factory with BOOT_ADD0 = 0x08000000 (RM0433 4.4.2)");
        Core core = b.core();
        var host = b.host();
        var bank1 = host.nonVolatile("flash-bank1", variant.bankBytes());
        var bank2 = variant.banks() > 1 ? host.nonVolatile("flash-bank2", variant.bankBytes()) : null;
        H7FlashMemory flash = new H7FlashMemory(variant, H7FlashTiming.typical(), core.clock(), core.scheduler(),
                b.irq(d), bank1, bank2, bank1);
        b.mapRegisters(d, H7FlashMemory.REGISTER_SIZE, flash.registers());
        b.bus().map(H7FlashMemory.BANK1_BASE, flash.bankRegionAt0x08000000());
        if (flash.bankRegionAt0x08100000() != null) b.bus().map(H7FlashMemory.BANK2_BASE, flash.bankRegionAt0x08100000());
        b.register(d, flash);
        // The Cortex-M7 boots from BOOT_ADD0 (BOOT pin low) of the option bytes (RM0433 "Boot configuration").
        b.onBoot(() -> core.bootFrom((int) flash.bootAddress(false)));
    }

    /**
     * A board-file key stating a fact the model is built for (a window base, a flash geometry, a
     * boot address): absent is fine (the model's value), a different value is an error naming the
     * file, line and key, so a board file never describes a part other than the one modelled.
     */
    private static void expect(PeripheralDescription d, String key, long modelled, String why) {
        if (!d.params().has(key)) return;
        long stated = d.params().quantity(key);
        if (stated != modelled) {
            throw d.params().error(key, why + ", not " + (modelled >= 256 ? String.format("0x%x", stated) : String.valueOf(stated)));
        }
    }

    private static String hexList(List<Long> values) {
        return values.stream().map(x -> String.format("0x%08x", x)).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String sizeText(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : (bytes >> 10) + "KiB";
    }
}
