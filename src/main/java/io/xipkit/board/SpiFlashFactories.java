package io.xipkit.board;

import static io.xipkit.board.Stm32Factories.keys;
import static io.xipkit.board.Stm32Factories.mapMemory;
import static io.xipkit.board.Stm32Factories.sizeText;

import io.xipkit.cpu.Core;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.devices.nor.NorStorage;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.quadspi.IoManager;
import io.xipkit.peripherals.quadspi.PortRouting;
import io.xipkit.peripherals.quadspi.QuadspiFlash;
import io.xipkit.peripherals.quadspi.SpiControllerEngine;
import io.xipkit.peripherals.quadspi.Stm32Octospi;
import io.xipkit.peripherals.quadspi.Stm32Octospim;
import io.xipkit.peripherals.quadspi.Stm32Quadspi;
import io.xipkit.peripherals.quadspi.Stm32Xspi;
import io.xipkit.peripherals.quadspi.Stm32Xspim;
import io.xipkit.peripherals.quadspi.UndrivenLines;
import io.xipkit.peripherals.quadspi.WindowChangeTracker;
import io.xipkit.peripherals.stm32.Stm32H7Rcc;
import io.xipkit.peripherals.stm32.Stm32H7rsRcc;
import java.util.Map;

/**
 * Factories for the STM32 memory-mapped SPI flash controllers (QUADSPI, XSPI, OCTOSPI and their I/O
 * managers) and the NOR chips on them; each controller's window is where its board-file entry puts it.
 */
final class SpiFlashFactories {
    private SpiFlashFactories() {}

    static void addTo(Map<String, PeripheralFactory> m) {
        m.put("stm32h7-quadspi", SpiFlashFactories::h7Quadspi);
        m.put("stm32h7rs-xspi", SpiFlashFactories::h7rsXspi);
        m.put("stm32h7ab-octospi", SpiFlashFactories::h7abOctospi);
        m.put("stm32h7rs-xspim", SpiFlashFactories::h7rsXspim);
        m.put("stm32h7ab-octospim", SpiFlashFactories::h7abOctospim);
    }

    /**
     * STM32H7 QUADSPI with its memory-mapped window and the NOR chip(s) on it.
     * Keys: flash (catalog part, e.g. W25Q128JV or MT25TL01G), dual (true: the part's two dies in
     * dual-flash mode, one per QUADSPI bank), bank (1 or 2: where a single chip is wired),
     * undriven (pull-up, the default, pull-down or bus-keeper: what the controller samples on IO
     * lines nobody drives, a fact of the board's schematic), window and window-size (see {@link #mapWindow}:
     * 0x90000000, 256MiB on the H7, RM0433 23.3.7).
     * Chip contents live in the host's "qspi-flash1"/"qspi-flash2" memories; the chips are board
     * models by the same names.
     */
    private static void h7Quadspi(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("flash", "dual", "bank", "undriven", "window", "window-size"));
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
        q.reportWarningsTo(b.warnings());
        q.stallReadsWith(core::stallUntil);
        b.mapRegisters(d, Stm32Quadspi.REGISTERS_SIZE, q);
        mapWindow(d, b, q, "RM0433 23.3.7");
        // A program or erase makes the D-cache lines held for it older than the flash: a read that
        // hits one is a model warning (the firmware gets the old bytes, as on silicon).
        long window = d.params().quantity("window");
        QuadspiFlash[] banks = {flash1, flash2};
        for (int n = 1; n <= 2; n++) {
            if (banks[n - 1] != null && banks[n - 1].target() instanceof NorChip chip) {
                chip.setOperationObserver(WindowChangeTracker.forChip(window, dual, n, banks[n - 1].memory(),
                        core::memoryChangingBehindCaches));
            }
        }
        core.onStaleCacheRead(StaleCacheWarning.reportingTo(b.warnings()));
        b.register(d, q);
    }

    /**
     * STM32H7R/S XSPI1 or XSPI2 (RM0477 "Extended-SPI interface (XSPI)"). Keys: instance (1 or 2), window and
     * window-size (XSPI1: 0x90000000, XSPI2: 0x70000000, 256MiB each, RM0477 2.3), kernel-clock (a fixed XSPI kernel
     * clock; without it the clock is the board's {@code stm32h7rs-rcc} CCIPR1.XSPInSEL selection), irq (optional: without it the interrupt
     * is not wired), flash (a catalog part wired to this controller directly; without it the
     * controller reaches the memories through the board's XSPIM, listed before it).
     */
    private static void h7rsXspi(PeripheralDescription d, BoardAssembly b) {
        octalController(d, b, "xspi", "RM0477 2.3", Stm32Xspi.REGISTERS_SIZE, Stm32Xspi::new, Stm32Xspim.class,
                instance -> b.findOne(d, Stm32H7rsRcc.class).xspiKernelClock(instance), null);
    }

    /**
     * STM32H7A3/B3 OCTOSPI1 or OCTOSPI2 (RM0455 chapter 24). Keys as for {@code stm32h7rs-xspi}
     * (OCTOSPI1: window 0x90000000, OCTOSPI2: 0x70000000, 256MiB each, RM0455 2.3; without kernel-clock the board's
     * H7 RCC gives it, RM0455 CDCCIPR.OCTOSPISEL at the QSPISEL place, and resets it through AHB3RSTR;
     * without flash, the memories come through the board's OCTOSPIM).
     */
    private static void h7abOctospi(PeripheralDescription d, BoardAssembly b) {
        octalController(d, b, "octospi", "RM0455 2.3", Stm32Octospi.REGISTERS_SIZE, Stm32Octospi::new, Stm32Octospim.class,
                instance -> b.findOne(d, Stm32H7Rcc.class)::quadspiKernelHz,
                // RM0455 AHB3RSTR: OCTOSPI1RST bit 14, OCTOSPI2RST bit 19 (stm32h7b3xx.h RCC_AHB3RSTR_OSPIxRST).
                (instance, reset) -> b.findOne(d, Stm32H7Rcc.class).onPeripheralReset("AHB3RSTR", instance == 1 ? 14 : 19, reset));
    }

    /** Wires a controller to the RCC reset line of its instance. */
    private interface ResetLine {
        void wire(int instance, Runnable reset);
    }

    /** Builds an OCTOSPI or XSPI front-end around the engine. */
    private interface OctalController {
        SpiControllerEngine build(String name, io.xipkit.time.Clock clock, io.xipkit.time.Scheduler scheduler,
                                  java.util.function.LongSupplier kernelClockHz, IrqLine irq, QuadspiFlash flash);
    }

    private static void octalController(PeripheralDescription d, BoardAssembly b, String storagePrefix, String windowSource,
                                        int registersSize, OctalController factory, Class<? extends IoManager> manager,
                                        java.util.function.IntFunction<java.util.function.LongSupplier> rccKernelClock,
                                        ResetLine resetLine) {
        d.params().allowOnly(keys("instance", "flash", "kernel-clock", "window", "window-size"));
        long instance = d.params().quantity("instance");
        if (instance != 1 && instance != 2) throw d.params().error("instance", "expected 1 or 2");
        java.util.function.LongSupplier kernelClock;
        if (d.params().has("kernel-clock") || rccKernelClock == null) {
            long kernelHz = d.params().quantity("kernel-clock");
            kernelClock = () -> kernelHz;
        } else {
            kernelClock = rccKernelClock.apply((int) instance);
        }
        Core core = b.core();
        PortRouting routing = null;
        QuadspiFlash flash;
        if (d.params().has("flash")) {
            flash = chip(b, part(d, "flash"), storagePrefix + instance + "-flash", instance);
        } else {
            routing = b.findOne(d, manager).routing();
            flash = routing.controllerFlash((int) instance);
            if (flash == null) {
                throw d.params().error("instance", "the I/O manager has no memory on port " + instance
                        + ", the port it routes to this controller at reset");
            }
        }
        SpiControllerEngine x = factory.build(d.name(), core.clock(), core.scheduler(), kernelClock,
                d.irq() < 0 ? IrqLine.NONE : b.irq(d), flash);
        if (routing != null) routing.onRouteChange((int) instance, x::flashStateChanged);
        if (resetLine != null && !d.params().has("kernel-clock")) resetLine.wire((int) instance, x::reset);
        x.reportWarningsTo(b.warnings());
        x.stallReadsWith(core::stallUntil);
        b.mapRegisters(d, registersSize, x);
        mapWindow(d, b, x, windowSource);
        b.register(d, x);
    }

    private static java.util.function.LongSupplier constant(long hz) {
        return () -> hz;
    }

    private static NorPart part(PeripheralDescription d, String key) {
        try {
            return NorCatalog.standard().part(d.params().text(key));
        } catch (RuntimeException e) {
            throw d.params().error(key, e.getMessage());
        }
    }

    /**
     * STM32H7R/S XSPIM (RM0477 "XSPI I/O manager (XSPIM)") with the memories on its ports. Keys: port1, port2
     * (catalog parts, each optional). Chip contents live in the host's "xspiN-flash" (N: the port).
     */
    private static void h7rsXspim(PeripheralDescription d, BoardAssembly b) {
        Stm32Xspim m = new Stm32Xspim(ports(d, b, "xspi"));
        b.mapRegisters(d, Stm32Xspim.REGISTERS_SIZE, m);
        b.register(d, m);
    }

    /**
     * STM32H7A3/B3 OCTOSPIM (RM0455 chapter 23) with the memories on its ports. Keys as for
     * {@code stm32h7rs-xspim}; contents in the host's "octospiN-flash" (N: the port).
     */
    private static void h7abOctospim(PeripheralDescription d, BoardAssembly b) {
        Stm32Octospim m = new Stm32Octospim(ports(d, b, "octospi"));
        b.mapRegisters(d, Stm32Octospim.REGISTERS_SIZE, m);
        b.register(d, m);
    }

    private static PortRouting ports(PeripheralDescription d, BoardAssembly b, String storagePrefix) {
        d.params().allowOnly(keys("port1", "port2"));
        QuadspiFlash[] ports = new QuadspiFlash[2];
        for (int p = 1; p <= 2; p++) {
            if (d.params().has("port" + p)) ports[p - 1] = chip(b, part(d, "port" + p), storagePrefix + p + "-flash", p);
        }
        return new PortRouting(ports[0], ports[1]);
    }

    /**
     * Maps the controller's memory-mapped window where the board file says: keys window (its base)
     * and window-size (what the controller decodes, checked against the model; {@code source}: the
     * manual that says so). The base must be a window-size-aligned block of the 32-bit space and
     * must not collide with another memory. The flash can change behind the CPU (indirect-mode
     * program/erase): the L1 caches are modelled over the window so stale lines show, as on silicon.
     */
    private static void mapWindow(PeripheralDescription d, BoardAssembly b, SpiControllerEngine controller, String source) {
        long decoded = controller.window().size();
        long size = d.params().quantity("window-size");
        if (size != decoded) {
            throw d.params().error("window-size", sizeText(size) + " is not the window the controller decodes ("
                    + sizeText(decoded) + ", " + source + ")");
        }
        long base = d.params().quantity("window");
        if (base % size != 0 || base + size > (1L << 32)) {
            throw d.params().error("window", String.format("0x%08x is not a %s-aligned block of the address space", base, sizeText(size)));
        }
        mapMemory(d, b, "window", base, controller.window());
        b.core().addCoherencyModelledRange(base, size);
    }

    private static QuadspiFlash chip(BoardAssembly b, NorPart part, String storageName, long seed) {
        NorStorage storage = NorStorageAdapter.of(b.host().nonVolatile(storageName, part.sizeBytes()));
        NorChip chip = new NorChip(part, storage, b.core().clock(), seed);
        b.registerPart(storageName, chip);
        chip.reportWarningsTo(b.warnings(), storageName + " " + part.part());
        return new QuadspiFlash(chip, storage);
    }
}
