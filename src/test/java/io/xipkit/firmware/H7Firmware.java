package io.xipkit.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.xipkit.cli.Main;
import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.LoadableImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared by the H7*Test classes: the committed STM32H7 reference ELFs ({@code firmware/elf/stm32h7},
 * built by {@code firmware/stm32h7/Makefile}), running them in-process through the CLI, and
 * reading values out of the ELFs so expectations follow the committed build instead of being typed in.
 */
final class H7Firmware {
    static final Path ELF_DIR = Path.of("firmware", "elf", "stm32h7");
    static final String H750 = "stm32h750-w25q128";
    static final String H757 = "stm32h757-mt25tl01g";
    /** Generous bound so a board that never answers a ready flag ends the run instead of hanging. */
    static final String MAX_INSTRUCTIONS = "400000000";
    static final Duration TIMEOUT = Duration.ofSeconds(300);
    /** Line prefixes the reference programs print; other stdout lines (board logs) are not theirs. */
    static final List<String> PREFIXES = List.of("boot:", "app:", "pitfall:", "exception ", "summary:");

    private H7Firmware() {}

    static Path elf(String board, String program) {
        return ELF_DIR.resolve(board + "-" + program + ".elf");
    }

    static LoadableImage image(String board, String program) {
        try {
            return ElfImage.load(elf(board, program));
        } catch (ImageFormatException e) {
            throw new AssertionError("cannot read " + elf(board, program) + ": " + e.getMessage(), e);
        }
    }

    static int symbol(String board, String program, String name) {
        return image(board, program).symbols().addressOf(name)
                .orElseThrow(() -> new AssertionError("no symbol " + name + " in " + elf(board, program)));
    }

    /** Little-endian word at {@code address} (an int is taken as unsigned) in the ELF's loadable content. */
    static int word(String board, String program, long signedOrUnsigned) {
        long address = signedOrUnsigned & 0xFFFF_FFFFL;
        for (LoadableImage.Segment s : image(board, program).segments()) {
            if (address >= s.address() && address + 4 <= s.end()) {
                int o = (int) (address - s.address());
                byte[] d = s.data();
                return (d[o] & 0xFF) | (d[o + 1] & 0xFF) << 8 | (d[o + 2] & 0xFF) << 16 | (d[o + 3] & 0xFF) << 24;
            }
        }
        throw new AssertionError(String.format("0x%08X is not in a segment of %s", address, elf(board, program)));
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }

    /** What one run printed and returned. */
    record Run(int status, String stdout, String stderr) {
        /** The lines the reference programs printed (prefixes above), in order. */
        List<String> firmwareLines() {
            List<String> lines = new ArrayList<>();
            for (String line : stdout.split("\n", -1)) {
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (PREFIXES.stream().anyMatch(l::startsWith)) lines.add(l);
            }
            return lines;
        }

        String describe() {
            return "exit status " + status + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** {@code xipkit run --board <board> <elfs...>} in-process. */
    static Run run(String board, Path... elfs) {
        return run(board, List.of(), TIMEOUT, elfs);
    }

    /** {@code xipkit run --board <board> <options...> <elfs...>} in-process, within {@code timeout}. */
    static Run run(String board, List<String> options, Duration timeout, Path... elfs) {
        return assertTimeoutPreemptively(timeout, () -> {
            List<String> args = new ArrayList<>(List.of("run", "--board", board, "--max-instructions", MAX_INSTRUCTIONS));
            args.addAll(options);
            for (Path p : elfs) {
                assertThat(p).as("committed ELF (make -C firmware/stm32h7)").isRegularFile();
                args.add(p.toString());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), o, e);
            }
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }, "xipkit did not finish within " + timeout.toSeconds() + " s");
    }

    /** The asset table's checksum, computed here from its definition (see firmware/stm32h7/app/assets.S). */
    static int assetChecksum() {
        int h = 0x811C9DC5;
        for (int i = 0; i < 16384; i++) {
            int w = i * 0x9E3779B1 + 0x7F4A7C15;
            h = (h ^ w) * 0x01000193;
        }
        return h;
    }
}
