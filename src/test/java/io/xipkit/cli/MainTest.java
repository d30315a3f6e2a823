package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class MainTest {
    @TempDir
    Path dir;

    public record Outcome(int status, String out, String err) {}

    public static Outcome xipkit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exactly one line "xipkit: ..." on stderr, nothing on stdout, exit status 2. */
    static void assertBadInput(Outcome o, String... mentions) {
        assertThat(o.status()).as("exit status; stderr: %s", o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith("xipkit: ").endsWith("\n");
        assertThat(o.err().lines()).hasSize(1);
        for (String m : mentions) assertThat(o.err()).contains(m);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] helloElf() throws IOException {
        try (var in = MainTest.class.getResourceAsStream("/elf/hello.elf")) {
            return in.readAllBytes();
        }
    }

    @Test
    void boardsListsGenericM7() {
        Outcome o = xipkit("boards");
        assertThat(o.status()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).startsWith("generic-m7 ").contains("Cortex-M7 @ 25 MHz");
    }

    @Test
    void missingFile() {
        assertBadInput(xipkit("run", "--board", "generic-m7", dir.resolve("absent.elf").toString()), "absent.elf", "no such file");
    }

    @Test
    void directoryInsteadOfFile() {
        assertBadInput(xipkit("run", "--board", "generic-m7", dir.toString()), "directory");
    }

    @Test
    void notAnElf() throws IOException {
        Path p = write("notes.elf", "just some text\n".getBytes(StandardCharsets.US_ASCII));
        assertBadInput(xipkit("run", "--board", "generic-m7", p.toString()), "notes.elf");
    }

    @Test
    void truncatedElf() throws IOException {
        Path p = write("cut.elf", Arrays.copyOf(helloElf(), 40));
        assertBadInput(xipkit("run", "--board", "generic-m7", p.toString()), "cut.elf");
    }

    @Test
    void elfCutInsideASegment() throws IOException {
        Path p = write("half.elf", Arrays.copyOf(helloElf(), 3000));
        assertBadInput(xipkit("run", "--board", "generic-m7", p.toString()), "half.elf");
    }

    @Test
    void elfForAnotherArchitecture() throws IOException {
        byte[] elf = helloElf();
        elf[18] = 62; // e_machine = EM_X86_64
        elf[19] = 0;
        Path p = write("x86.elf", elf);
        assertBadInput(xipkit("run", "--board", "generic-m7", p.toString()), "x86.elf");
    }

    @Test
    void rawBinaryOutsideMemory() throws IOException {
        Path p = write("app.bin", new byte[4096]);
        assertBadInput(xipkit("run", "--board", "generic-m7", "--address", "0x70000000", p.toString()),
                "segment 0x70000000..0x70000fff (4096 bytes) of app.bin is in no memory of board generic-m7");
    }

    @Test
    void rawBinaryWithoutAddress() throws IOException {
        Path p = write("app.bin", new byte[16]);
        assertBadInput(xipkit("run", "--board", "generic-m7", p.toString()), "app.bin", "--address");
    }

    @Test
    void unknownBoard() throws IOException {
        Path p = write("app.elf", helloElf());
        assertBadInput(xipkit("run", "--board", "pdp-11", p.toString()), "unknown board \"pdp-11\"", "generic-m7");
    }

    @Test
    void badOptions() {
        assertBadInput(xipkit("run", "--board", "generic-m7", "--frobnicate", "x.elf"), "--frobnicate");
        assertBadInput(xipkit("run", "--board", "generic-m7", "--max-instructions", "-5", "x.elf"), "positive");
        assertBadInput(xipkit("run", "--board", "generic-m7", "--address", "0xZZ", "x.bin"), "0xZZ");
        assertBadInput(xipkit("run", "--board", "generic-m7", "--max-time", "soon", "x.elf"), "soon");
        assertBadInput(xipkit("run", "--board", "generic-m7"), "no image file");
        assertBadInput(xipkit("run", "x.elf"), "--board");
        assertBadInput(xipkit("launch"), "launch");
    }

    @Test
    void noCommand() {
        assertBadInput(xipkit(), "no command");
    }

    /** Goes green once the base decoder (B) lands. */
    @Test
    void instructionLimitStopsWithStatus4() throws IOException {
        // An endless loop (b .) at the reset vector: vector table SP=0x20400000, PC=0x41 (Thumb).
        byte[] image = new byte[0x44];
        image[0] = 0x00; image[1] = 0x00; image[2] = 0x40; image[3] = 0x20;
        image[4] = 0x41;
        image[0x40] = (byte) 0xFE; image[0x41] = (byte) 0xE7;
        Path p = write("loop.bin", image);
        Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0", "--max-instructions", "1000", p.toString());
        assertThat(o.status()).as(o.err()).isEqualTo(4);
        assertThat(o.err()).matches("xipkit: instruction limit reached: 1000 instructions, [0-9.]+ s virtual time\n");
    }

    @Test
    void resetVectorInNoMemoryIsAFaultWithStatus3() throws IOException {
        // Initial PC 0x70000001 points at nothing: the first fetch cannot complete.
        byte[] image = {0x00, 0x00, 0x40, 0x20, 0x01, 0x00, 0x00, 0x70};
        Path p = write("nowhere.bin", image);
        Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0", p.toString());
        assertThat(o.status()).as(o.err()).isEqualTo(3);
        assertThat(o.err()).startsWith("xipkit: ").contains("0x70000000");
    }

    /** Goes green once the base decoder lands. QEMU 7.2 (-M mps2-an500 -semihosting) prints the same and exits 7. */
    @Test
    void helloElfPrintsHelloAndExitsWithSeven() throws IOException {
        Path p = write("hello.elf", helloElf());
        Outcome o = xipkit("run", "--board", "generic-m7", "--max-instructions", "10000000", p.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).isEqualTo("hello\n");
        assertThat(o.status()).isEqualTo(7);
    }
}
