package io.xipkit.cli;

import static io.xipkit.cli.MainTest.assertBadInput;
import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-hour mistakes of issue 11, each one line {@code xipkit: ...} naming the problem and
 * the fix, exit status 2 — never an internal error, never silence.
 */
class RunInputErrorsTest {
    private static final String L476_APP = "firmware/elf/nucleo-l476rg/app-v1.elf";

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** b . at the reset vector of generic-m7: SP=0x20400000, PC=0x41. */
    private static byte[] loopAtReset() {
        byte[] image = new byte[0x44];
        image[2] = 0x40;
        image[3] = 0x20;
        image[4] = 0x41;
        image[0x40] = (byte) 0xFE;
        image[0x41] = (byte) 0xE7;
        return image;
    }

    @Test
    void consolePortOnABoardWithoutAConsoleUart() throws IOException {
        Path p = write("loop.bin", loopAtReset());
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--console-port", "0", "--address", "0", p.toString());
        assertBadInput(o);
        assertThat(o.err()).isEqualTo("xipkit: --console-port: board generic-m7 has no console UART (its programs talk"
                + " through semihosting on this terminal); drop --console-port\n");
    }

    @Test
    void consolePortOutsideTheTcpRange() {
        MainTest.Outcome high = xipkit("run", "--board", "nucleo-l476rg", "--console-port", "70000", L476_APP);
        assertBadInput(high);
        assertThat(high.err()).isEqualTo("xipkit: Invalid value for option '--console-port': expected a TCP port 0..65535"
                + " (0: any free port), got '70000' (see: xipkit run --help)\n");
        assertBadInput(xipkit("run", "--board", "nucleo-l476rg", "--console-port", "-1", L476_APP), "got '-1'");
        assertBadInput(xipkit("run", "--board", "nucleo-l476rg", "--console-port", "telnet", L476_APP), "got 'telnet'");
    }

    @Test
    void stateDirectoryThatIsAFile() throws IOException {
        Path file = write("st", new byte[1]);
        MainTest.Outcome o = xipkit("run", "--board", "nucleo-l476rg", "--state", file.toString(), L476_APP);
        assertBadInput(o);
        assertThat(o.err()).isEqualTo("xipkit: --state " + file + ": is a file, not a directory; give a directory (created if missing)\n");
    }

    @Test
    void stateDirectoryThatCannotBeCreated() throws IOException {
        Path file = write("st", new byte[1]);
        Path under = file.resolve("inner");
        MainTest.Outcome o = xipkit("run", "--board", "nucleo-l476rg", "--state", under.toString(), L476_APP);
        assertBadInput(o, "xipkit: --state " + under + ": cannot write there (", "); give a directory you can write");
    }

    @Test
    void imageLargerThanItsMemoryGivesBothSizes() throws IOException {
        Path p = write("big.bin", new byte[5 << 20]);
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0", p.toString());
        assertBadInput(o);
        assertThat(o.err()).isEqualTo("xipkit: big.bin is too large for ssram1: 5 MiB (5242880 bytes) at 0x00000000,"
                + " but only 4 MiB (4194304 bytes) fit there, up to 0x003fffff; make the image smaller or load it where there is room\n");
    }

    @Test
    void imageLargerThanTheInternalFlashOfAnStm32() throws IOException {
        Path p = write("app.bin", new byte[200 << 10]);
        MainTest.Outcome o = xipkit("run", "--board", "stm32h750-w25q128", "--address", "0x08000000", p.toString());
        assertBadInput(o, "app.bin is too large for ", "200 KiB (204800 bytes) at 0x08000000", "only 128 KiB (131072 bytes) fit there");
    }

    @Test
    void aLoaderNeverWritesThroughAMirror() throws IOException {
        Path p = write("app.bin", loopAtReset());
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0x00400000", p.toString());
        assertBadInput(o);
        assertThat(o.err()).isEqualTo("xipkit: segment 0x00400000..0x00400043 of app.bin is in the mirror of ssram1 at"
                + " 0x00400000..0x007fffff; a loader writes only through a memory's own address: load or link it at 0x00000000\n");
    }

    @Test
    void anAddressInNoMemoryListsTheBoardsMemories() throws IOException {
        Path p = write("app.bin", new byte[16]);
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0x08000000", p.toString());
        assertBadInput(o, "segment 0x08000000..0x0800000f (16 bytes) of app.bin is in no memory of board generic-m7",
                "(its memories: ssram1 0x00000000..0x003fffff, ssram23 0x20000000..0x203fffff, psram 0x60000000..0x60ffffff)");
    }

    @Test
    void aRawFileNotNamedBinLoadsWithAddress() throws IOException {
        Path p = write("loop.img", loopAtReset());
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0", "--max-instructions", "100", p.toString());
        assertThat(o.status()).as(o.err()).isEqualTo(ExitStatus.LIMIT);
        assertThat(o.err()).startsWith("xipkit: instruction limit reached: 100 instructions, ");
        MainTest.Outcome without = xipkit("run", "--board", "generic-m7", p.toString());
        assertBadInput(without, "loop.img: neither an ELF nor an Intel HEX file; give --address to load it as a raw binary");
    }

    @Test
    void maxTimeBeyondTheLimitNamesTheLimit() {
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--max-time", "1e7", "x.elf");
        assertBadInput(o);
        assertThat(o.err()).isEqualTo("xipkit: Invalid value for option '--max-time': '1e7' s is over the limit of 9223372 s"
                + " (about 106 days) of virtual time; give at most 9223372, or no --max-time (see: xipkit run --help)\n");
    }

    @Test
    void oneInstructionIsSingular() throws IOException {
        Path p = write("loop.bin", loopAtReset());
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0", "--max-instructions", "1", p.toString());
        assertThat(o.status()).isEqualTo(ExitStatus.LIMIT);
        assertThat(o.err()).matches("xipkit: instruction limit reached: 1 instruction, [0-9.]+ s virtual time\n");
    }

    @Test
    void aProgramWithoutAVectorTableAtTheBootAddressGetsAHint() throws IOException {
        // What a plain --specs=rdimon.specs program looks like to the board: code at 0x8000, nothing at 0.
        Path p = write("rdimon.bin", new byte[] {(byte) 0xFE, (byte) 0xE7});
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0x8000", p.toString());
        assertThat(o.status()).isEqualTo(ExitStatus.FAULT);
        assertThat(o.err()).startsWith("xipkit: core locked up").endsWith("\nhint: no vector table at 0x00000000: the image starts at"
                + " 0x00008000; link it with its vector table (initial SP, reset handler) at 0x00000000 (see \"Your own firmware\" in README.md)\n");
    }

    @Test
    void anEmptyStateDirectoryGetsAHintThatTheFlashIsErased() {
        MainTest.Outcome o = xipkit("run", "--board", "stm32h750-w25q128", "--state", dir.resolve("st").toString());
        assertThat(o.status()).isEqualTo(ExitStatus.FAULT);
        assertThat(o.err()).endsWith("\nhint: no vector table at 0x08000000 (the flash there is erased): the state directory"
                + " holds no program there; give an image file to load\n");
    }

    @Test
    void aStackingFaultShowsNoStackedFrameAndLrOnce() throws IOException {
        Path p = write("rdimon.bin", new byte[] {(byte) 0xFE, (byte) 0xE7});
        MainTest.Outcome o = xipkit("run", "--board", "generic-m7", "--address", "0x8000", p.toString());
        assertThat(o.err()).contains("STKERR").doesNotContain("stacked frame at").contains("no stacked frame: stacking at 0x");
        assertThat(o.err()).doesNotContain("\n  LR 0x");
    }
}
