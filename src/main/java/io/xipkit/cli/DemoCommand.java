package io.xipkit.cli;

import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorOperation;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code xipkit demo}: what works today, end to end. Runs reference firmware on the virtual
 * Cortex-M7, shows a fault being reported, and drives a datasheet-modelled NOR chip through the
 * same transactions a QUADSPI controller issues.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the reference firmware and the NOR flash model and show what they do.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> PROGRAMS = List.of("int_arith-O2", "exceptions-O2", "fault_busfault-O2");

    private final Streams streams;

    @picocli.CommandLine.Mixin
    TranslationOption translation;

    DemoCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = streams.out();
        Path elfDir = home().resolve("firmware/elf/generic-m7");
        if (!Files.isDirectory(elfDir)) {
            streams.err().println("xipkit: firmware not found at " + elfDir + " (run from the xipkit checkout)");
            return ExitStatus.BAD_INPUT;
        }
        out.println("== 1. Real arm-none-eabi-gcc firmware on the virtual Cortex-M7 (board generic-m7)");
        for (String name : PROGRAMS) {
            Path elf = elfDir.resolve(name + ".elf");
            Captured c = runCaptured("generic-m7", List.of(elf), 2_000_000_000L);
            if (c == null) return ExitStatus.BAD_INPUT;
            summarise(out, name, c);
            String[] lines = c.console().split("\n");
            int shown = Math.min(lines.length, 4);
            for (int i = 0; i < shown; i++) out.println("   | " + lines[i]);
            if (lines.length > shown) {
                out.printf("   | ... (%d more lines)%n", lines.length - shown - 1);
                out.println("   | " + lines[lines.length - 1]);
            }
        }
        out.println("   (every corpus program prints exactly what qemu-system-arm -M mps2-an500 prints: see QemuDifferentialTest)");
        out.println();
        Path h7 = home().resolve("firmware/elf/stm32h7");
        out.println("== 2. XIP boot: bootloader in internal flash -> QUADSPI memory-mapped -> app at 0x90000000");
        if (!xipBoot(out, "stm32h750-w25q128", h7)) return ExitStatus.FAULT;
        if (!xipBoot(out, "stm32h757-mt25tl01g", h7)) return ExitStatus.FAULT;
        out.println();
        if (!octalBoot(out, home().resolve("firmware/elf/nucleo-h7s3l8"))) return ExitStatus.FAULT;
        out.println();
        out.println("== 3. NUCLEO-L476RG dual-bank update over the console: v1 (bank 1) -> v2 (bank 2, BFB2) -> v1");
        if (!new DualBankDemo(home().resolve("firmware/elf/nucleo-l476rg"), out, translation.translate()).run()) return ExitStatus.FAULT;
        out.println();
        norDemo(out);
        return 0;
    }

    /** Runs a board's bootloader + XIP app and shows the console and the LED activity. */
    private boolean xipBoot(PrintStream out, String board, Path dir) {
        List<Path> files = List.of(dir.resolve(board + "-bootloader.elf"), dir.resolve(board + "-app.elf"));
        Captured c = runCaptured(board, files, 400_000_000L);
        if (c == null) return false;
        summarise(out, board, c);
        for (String line : c.console().split("\n")) out.println("   | " + line);
        long leds = c.events().lines().filter(l -> l.contains("LED")).count();
        out.printf("   (%d LED changes logged as board events)%n", leds);
        return c.result().exitStatus().isPresent() && c.result().exitStatus().getAsInt() == 0;
    }

    /** NUCLEO-H7S3L8: bootloader -> MX25UW25645G in octal DTR on XSPI2 -> blinky at 0x70000000, then flash-test. */
    private boolean octalBoot(PrintStream out, Path dir) {
        out.println("== 2b. NUCLEO-H7S3L8: bootloader -> XSPI2 octal DTR (MX25UW25645G) memory-mapped -> app at 0x70000000");
        Captured boot = runCaptured("nucleo-h7s3l8", List.of(dir.resolve("bootloader.elf"), dir.resolve("blinky.elf")), 400_000_000L);
        if (boot == null) return false;
        summarise(out, "nucleo-h7s3l8 boot chain", boot);
        for (String line : boot.console().split("\n")) out.println("   | " + line);
        out.printf("   (%d LED changes logged as board events)%n", boot.events().lines().filter(l -> l.contains("LED")).count());
        Captured test = runCaptured("nucleo-h7s3l8", List.of(dir.resolve("flash-test.elf")), 2_000_000_000L);
        if (test == null) return false;
        summarise(out, "nucleo-h7s3l8 flash-test", test);
        for (String line : test.console().split("\n")) out.println("   | " + line);
        return boot.result().exitStatus().isPresent() && boot.result().exitStatus().getAsInt() == 0
                && test.result().exitStatus().isPresent() && test.result().exitStatus().getAsInt() == 0;
    }

    /** A run with its console output and board events captured, and the host time it took. */
    private record Captured(RunResult result, String console, String events, long hostNanos) {}

    /** Runs images on a board with captured streams; null (after one error line) for bad input. */
    private Captured runCaptured(String board, List<Path> files, long maxInstructions) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Runner runner = new Runner(new ByteArrayInputStream(new byte[0]),
                new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(events, true, StandardCharsets.UTF_8),
                Path.of("").toAbsolutePath()).translation(translation.translate());
        long t0 = System.nanoTime();
        try {
            RunResult r = runner.run(new RunRequest(board, files, OptionalLong.empty(), maxInstructions, Long.MAX_VALUE,
                    false, files.get(0).toString()));
            return new Captured(r, console.toString(StandardCharsets.UTF_8), events.toString(StandardCharsets.UTF_8),
                    System.nanoTime() - t0);
        } catch (BadInputException e) {
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return null;
        }
    }

    private static void summarise(PrintStream out, String label, Captured c) {
        RunResult r = c.result();
        out.printf("-- %s: exit %s, %,d instructions, %.3f ms virtual, %.2f s host%n", label,
                r.exitStatus().isPresent() ? String.valueOf(r.exitStatus().getAsInt()) : r.stop().toString(),
                r.instructions(), r.virtualPicos() / 1e9, c.hostNanos() / 1e9);
    }

    /** A W25Q128JV driven over single-line SPI transactions, in virtual time. */
    private static void norDemo(PrintStream out) {
        out.println("== 4. Winbond W25Q128JV modelled from its datasheet, driven by SPI transactions");
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 1);
        out.printf("   JEDEC ID %s, %d MiB, %d-byte pages%n", part.jedecId(), part.sizeBytes() >> 20, part.pageSize());
        program(chip, 0x1000, (byte) 0xF0);
        out.printf("   program 0xF0 at 0x1000: status WIP=%d right after CS rises%n", status(chip) & 1);
        clock.advanceMicros(3000);
        out.printf("   3 ms later: WIP=%d, byte = 0x%02X%n", status(chip) & 1, read(chip, 0x1000));
        program(chip, 0x1000, (byte) 0x0F);
        clock.advanceMicros(3000);
        out.printf("   program 0x0F over it: byte = 0x%02X (a program only clears bits)%n", read(chip, 0x1000));
        simple(chip, 0x06);
        chip.select();
        chip.instruction(0x20, PhaseFormat.S1); // sector erase 4 KB
        chip.address(0x1000, 3, PhaseFormat.S1);
        chip.deselect();
        clock.advanceMicros(20_000);
        chip.powerCut();
        chip.powerOn();
        out.printf("   sector erase cut by power loss after 20 ms: byte = 0x%02X (part-erased bits are old or 1)%n",
                read(chip, 0x1000));
        for (NorOperation op : chip.operationLog()) {
            String addr = op.address() < 0 ? "-" : String.format("0x%06X", op.address());
            out.printf("   log #%d %-32s addr %-8s len %-4d %7.3f..%7.3f ms %s%n", op.index(), op.command(),
                    addr, op.length(), op.startPicos() / 1e9, op.endPicos() / 1e9, op.outcome());
        }
    }

    private static void simple(NorChip chip, int opcode) {
        chip.select();
        chip.instruction(opcode, PhaseFormat.S1);
        chip.deselect();
    }

    private static void program(NorChip chip, int address, byte value) {
        simple(chip, 0x06); // write enable
        chip.select();
        chip.instruction(0x02, PhaseFormat.S1); // page program
        chip.address(address, 3, PhaseFormat.S1);
        chip.write(new byte[] {value}, 0, 1, PhaseFormat.S1);
        chip.deselect();
    }

    private static int status(NorChip chip) {
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(0x05, PhaseFormat.S1);
        chip.read(b, 0, 1, PhaseFormat.S1);
        chip.deselect();
        return b[0] & 0xFF;
    }

    private static int read(NorChip chip, int address) {
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(0x03, PhaseFormat.S1);
        chip.address(address, 3, PhaseFormat.S1);
        chip.read(b, 0, 1, PhaseFormat.S1);
        chip.deselect();
        return b[0] & 0xFF;
    }

    /** The checkout the launcher runs from (it passes -Dxipkit.home), else the current directory. */
    static Path home() {
        String h = System.getProperty("xipkit.home");
        return h != null ? Path.of(h) : Path.of("").toAbsolutePath();
    }
}
