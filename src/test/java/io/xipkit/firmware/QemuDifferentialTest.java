package io.xipkit.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.xipkit.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test of xipkit's Cortex-M7 model against QEMU: every program of the committed corpus in
 * {@code firmware/elf/generic-m7} runs under {@code qemu-system-arm -M mps2-an500 -semihosting} and under
 * {@code xipkit run --board generic-m7}; standard output bytes and exit status must be identical.
 *
 * <p>Programs named {@code bench-*} are benchmarks and are not run here. Programs named {@code fault_*}
 * deliberately fault and report the fault status registers; they form a second, separately named factory.
 * If QEMU is not installed the tests fail (they are not skipped): the reference is part of the test.
 */
class QemuDifferentialTest {

    private static final Path ELF_DIR = Path.of("firmware", "elf", "generic-m7");
    private static final String QEMU = "qemu-system-arm";
    private static final String QEMU_DEBIAN_PACKAGE = "qemu-system-arm";
    private static final Duration QEMU_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration XIPKIT_TIMEOUT = Duration.ofSeconds(600);
    private static final String MAX_INSTRUCTIONS = "2000000000";

    /** What one run of a program produced: the bytes on standard output and the exit status. */
    record Outcome(byte[] stdout, int exitStatus, String diagnostics) {
        /** Standard output as text, byte for byte (ISO-8859-1 maps every byte to one char). */
        String stdoutText() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }
    }

    @TestFactory
    Stream<DynamicTest> corpusProgramsBehaveAsUnderQemu() throws IOException {
        return differentialTests(name -> !name.startsWith("bench-") && !name.startsWith("fault_"));
    }

    @TestFactory
    Stream<DynamicTest> faultProgramsReportTheSameFaultAsUnderQemu() throws IOException {
        return differentialTests(name -> name.startsWith("fault_"));
    }

    /** The interpreter alone (--no-jit) is the reference the translator is checked against: it must match QEMU too. */
    @TestFactory
    Stream<DynamicTest> everyProgramBehavesAsUnderQemuWithTranslationOff() throws IOException {
        List<Path> elfs = corpus(name -> !name.startsWith("bench-"));
        assertThat(elfs).as("ELF programs in %s", ELF_DIR.toAbsolutePath()).isNotEmpty();
        return elfs.stream().map(elf -> DynamicTest.dynamicTest(elf.getFileName().toString(), elf.toUri(),
                () -> compare(elf, "--no-jit")));
    }

    /**
     * Pins the reference half: QEMU's stdout holds exactly the program's printf output (no monitor banner,
     * no UART), and exit(N) becomes QEMU's exit status. int_arith exits with 11.
     */
    @Test
    void qemuReferenceCapturesOnlyProgramOutputAndExitStatus() {
        Outcome outcome = runQemu(ELF_DIR.resolve("int_arith-O2.elf"));
        assertThat(outcome.stdoutText()).startsWith("int_arith: integer and 64-bit arithmetic\n");
        assertThat(outcome.stdoutText()).endsWith(" exit=11\n");
        assertThat(outcome.exitStatus()).isEqualTo(11);
        assertThat(runQemu(ELF_DIR.resolve("int_arith-O2.elf")).stdoutText())
                .as("a second QEMU run prints the same bytes")
                .isEqualTo(outcome.stdoutText());
    }

    private static Stream<DynamicTest> differentialTests(Predicate<String> include) throws IOException {
        List<Path> elfs = corpus(include);
        assertThat(elfs).as("ELF programs in %s", ELF_DIR.toAbsolutePath()).isNotEmpty();
        return elfs.stream()
                .map(elf -> DynamicTest.dynamicTest(elf.getFileName().toString(), elf.toUri(), () -> compare(elf, "--jit")));
    }

    private static List<Path> corpus(Predicate<String> include) throws IOException {
        if (!Files.isDirectory(ELF_DIR)) {
            fail("firmware corpus directory " + ELF_DIR.toAbsolutePath() + " is missing; run 'make -C firmware'");
        }
        List<Path> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(ELF_DIR)) {
            files.filter(p -> p.getFileName().toString().endsWith(".elf"))
                    .filter(p -> include.test(p.getFileName().toString()))
                    .sorted()
                    .forEach(result::add);
        }
        return result;
    }

    private static void compare(Path elf, String translation) {
        Outcome reference = runQemu(elf);
        assertThat(reference.stdout())
                .as("QEMU printed nothing for %s; its diagnostics: %s", elf, reference.diagnostics())
                .isNotEmpty();
        Outcome actual = assertTimeoutPreemptively(XIPKIT_TIMEOUT, () -> runXipkit(elf, translation),
                "xipkit did not finish " + elf + " within " + XIPKIT_TIMEOUT.toSeconds() + " s");
        assertThat(actual.stdoutText())
                .as("standard output of %s: xipkit %s (actual) vs QEMU (expected); xipkit stderr: %s", elf,
                        translation, actual.diagnostics())
                .isEqualTo(reference.stdoutText());
        assertThat(actual.exitStatus())
                .as("exit status of %s under xipkit %s vs QEMU", elf, translation)
                .isEqualTo(reference.exitStatus());
    }

    /**
     * Runs the program under QEMU. {@code -nographic} alone would connect the board's UART0 and the
     * monitor to standard output; {@code -monitor none -serial none} keep stdout for semihosting output
     * only. Semihosting SYS_WRITE to a ":tt" handle opened for writing lands on QEMU's stdout, and exit(N)
     * through SYS_EXIT_EXTENDED becomes QEMU's exit status N &amp; 0xFF.
     */
    static Outcome runQemu(Path elf) {
        List<String> command = List.of(QEMU, "-M", "mps2-an500", "-nographic", "-monitor", "none", "-serial", "none",
                "-semihosting", "-kernel", elf.toAbsolutePath().toString());
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            fail(QEMU + " could not be started (" + e.getMessage() + "); install the Debian package "
                    + QEMU_DEBIAN_PACKAGE + " (apt-get install " + QEMU_DEBIAN_PACKAGE + ")");
            throw new AssertionError("unreachable");
        }
        try {
            process.getOutputStream().close(); // stdin: empty
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            if (!process.waitFor(QEMU_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("QEMU did not finish " + elf + " within " + QEMU_TIMEOUT.toSeconds() + " s");
            }
            return new Outcome(out.join(), process.exitValue(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running QEMU on " + elf, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Outcome runXipkit(Path elf, String translation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(new String[] {"run", "--board", "generic-m7", "--max-instructions", MAX_INSTRUCTIONS,
                    translation, elf.toString()}, new ByteArrayInputStream(new byte[0]), outStream, errStream);
        }
        return new Outcome(out.toByteArray(), status, err.toString(StandardCharsets.UTF_8));
    }
}
