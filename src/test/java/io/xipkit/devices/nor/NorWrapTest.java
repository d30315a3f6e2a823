package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.time.ManualClock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Burst reads with wrap-around: Winbond/GigaDevice Set Burst with Wrap (77h) for the 1-4-4 EBh
 * read, their QPI Burst Read with Wrap (0Ch) with the Set Read Parameters length, and the ISSI read
 * register wrap bits written volatile (C0h/63h) or non-volatile (65h). Sources are cited in the
 * catalog entries. The page at {@link #PAGE} holds its own address low bytes, so every byte read
 * tells where it came from.
 */
class NorWrapTest {
    static final long PAGE = 0x1000;
    final ManualClock clock = new ManualClock();

    NorChip chip(String name) {
        NorPart part = NorCatalog.standard().part(name);
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 11);
        byte[] page = new byte[256];
        for (int i = 0; i < page.length; i++) page[i] = (byte) i;
        new SpiHost(chip, clock).programAndWait(PAGE, page);
        return chip;
    }

    /** What a read of {@code n} bytes from {@code start} returns when it wraps in {@code len}-byte windows. */
    static int[] wrapped(long start, int len, int n) {
        long base = start & ~(long) (len - 1);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = (int) ((base + ((start + i) & (len - 1))) & 0xFF);
        return r;
    }

    static int[] linear(long start, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = (int) ((start + i) & 0xFF);
        return r;
    }

    // ------------------------------------------------------------------ Winbond / GigaDevice 77h

    @ParameterizedTest(name = "{0}: W6-W5 = {1} wraps in {2} bytes")
    @CsvSource({"W25Q128JV,0,8", "W25Q128JV,1,16", "W25Q128JV,2,32", "W25Q128JV,3,64",
                "W25Q128JV-IM,0,8", "W25Q128JV-IM,3,64", "GD25Q128,1,16", "GD25Q128,2,32"})
    void setBurstWithWrapMakesQuadIoReadsWrapAtTheWindowEnd(String name, int code, int len) {
        NorChip chip = chip(name);
        quadEnable(chip);
        setBurstWithWrap(chip, code << 5); // W4 = 0: wrap on
        long start = PAGE + 2L * len + len - 3; // three bytes before the end of a window
        int[] got = quadIoRead(chip, start, 2 * len + 5);
        assertThat(got).containsExactly(wrapped(start, len, 2 * len + 5));
        assertThat(got[3]).as("fourth byte comes from the window start").isEqualTo((int) ((PAGE + 2L * len) & 0xFF));
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void wrappingContinuesAcrossDataPhasesWhileChipSelectStaysLow() {
        NorChip chip = chip("W25Q128JV");
        setBurstWithWrap(chip, 1 << 5); // 16 bytes
        long start = PAGE + 0x2C;
        byte[] a = new byte[5];
        byte[] b = new byte[40];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(start, 3, S4);
        chip.alternate(0xFF, 1, S4);
        chip.dummy(4);
        chip.read(a, 0, a.length, S4);
        chip.read(b, 0, b.length, S4);
        chip.deselect();
        int[] all = wrapped(start, 16, 45);
        assertThat(unsigned(a)).containsExactly(Arrays.copyOfRange(all, 0, 5));
        assertThat(unsigned(b)).containsExactly(Arrays.copyOfRange(all, 5, 45));
    }

    @Test
    void withW4SetQuadIoReadsRunLinearly() {
        NorChip chip = chip("W25Q128JV");
        setBurstWithWrap(chip, 0x70); // W6-W5 = 11 but W4 = 1: off
        assertThat(quadIoRead(chip, PAGE + 0x3D, 20)).containsExactly(linear(PAGE + 0x3D, 20));
    }

    @Test
    void fastRead0BhNeverWraps() {
        NorChip chip = chip("W25Q128JV");
        SpiHost host = new SpiHost(chip, clock);
        setBurstWithWrap(chip, 0x00); // 8 bytes
        assertThat(unsigned(host.read(0x0B, PAGE + 6, 8, 12, S1, S1))).containsExactly(linear(PAGE + 6, 12));
        assertThat(quadIoRead(chip, PAGE + 6, 12)).containsExactly(wrapped(PAGE + 6, 8, 12));
    }

    @Test
    void wrapIsOffAfterSoftwareResetAndAfterPowerCycle() {
        NorChip chip = chip("W25Q128JV");
        SpiHost host = new SpiHost(chip, clock);
        setBurstWithWrap(chip, 0x20);
        host.command(0x66);
        host.command(0x99);
        clock.advanceMicros(30); // tRST
        assertThat(chip.registerValue("BW")).isEqualTo(0x10);
        assertThat(quadIoRead(chip, PAGE + 0x0E, 8)).containsExactly(linear(PAGE + 0x0E, 8));
        setBurstWithWrap(chip, 0x20);
        assertThat(quadIoRead(chip, PAGE + 0x0E, 8)).containsExactly(wrapped(PAGE + 0x0E, 16, 8));
        chip.powerCut();
        chip.powerOn();
        assertThat(quadIoRead(chip, PAGE + 0x0E, 8)).containsExactly(linear(PAGE + 0x0E, 8));
    }

    @Test
    void setBurstWithWrapTakesItsDontCareBitsAsDummyClocksToo() {
        NorChip chip = chip("W25Q128JV");
        chip.select();
        chip.instruction(0x77, S1);
        chip.dummy(6); // 24 don't-care bits on four lines, as ESP-IDF sends them
        chip.write(new byte[] {0x40}, 0, 1, S4);
        chip.deselect();
        assertThat(chip.warnings()).isEmpty();
        assertThat(quadIoRead(chip, PAGE + 0x5F, 4)).containsExactly(wrapped(PAGE + 0x5F, 32, 4));
    }

    @Test
    void setBurstWithWrapIsIgnoredWhileQuadEnableIsClear() {
        NorChip chip = chip("W25Q128JV");
        SpiHost host = new SpiHost(chip, clock);
        host.command(0x06);
        host.writeRegister(0x31, 0x00); // SR2: QE = 0
        host.waitReady();
        setBurstWithWrap(chip, 0x00);
        assertThat(chip.registerValue("BW")).isEqualTo(0x10);
        assertThat(chip.warnings()).anyMatch(w -> w.message().contains("QE=0"));
    }

    @Test
    void aShiftedQuadIoReadShiftsTheWrappedStream() {
        NorChip chip = chip("W25Q128JV");
        setBurstWithWrap(chip, 0x00); // 8 bytes
        long start = PAGE + 0x45;
        byte[] b = new byte[10];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(start, 3, S4);
        chip.alternate(0xFF, 1, S4);
        chip.dummy(5); // one clock too many: the part has already driven 4 bits
        chip.read(b, 0, b.length, S4);
        chip.deselect();
        int[] s = wrapped(start, 8, 11);
        int[] expected = new int[10];
        for (int i = 0; i < 10; i++) expected[i] = ((s[i] << 4) | (s[i + 1] >>> 4)) & 0xFF;
        assertThat(unsigned(b)).containsExactly(expected);
    }

    @Test
    void quadIoFastPathIsRefusedWhileItWrapsAndOfferedAgainWhenWrapEnds() {
        NorChip chip = chip("W25Q128JV");
        ReadCommand quadIo = ReadCommand.of(0xEB, S1, 3, S4, 4, S4).withAlternate(0xF0, 1, S4);
        ReadCommand fast = ReadCommand.of(0x0B, S1, 3, S1, 8, S1);
        assertThat(chip.directRead(quadIo)).isNotNull();
        long g = chip.generation();
        setBurstWithWrap(chip, 0x60);
        assertThat(chip.generation()).as("a fast path handed out before is invalidated").isNotEqualTo(g);
        assertThat(chip.directRead(quadIo)).isNull();
        assertThat(chip.directRead(fast)).as("0Bh stays linear").isNotNull();
        g = chip.generation();
        setBurstWithWrap(chip, 0x10);
        assertThat(chip.generation()).isNotEqualTo(g);
        DirectRead d = chip.directRead(quadIo);
        assertThat(d).isNotNull();
        assertThat(d.array()[(int) PAGE + 7]).isEqualTo((byte) 7);
    }

    @Test
    void continuousQuadIoReadKeepsWrappingAndGetsNoFastPath() {
        NorChip chip = chip("W25Q128JV");
        setBurstWithWrap(chip, 0x00);
        byte[] b = new byte[6];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(PAGE + 0x26, 3, S4);
        chip.alternate(0x20, 1, S4); // M5-4 = 10: continuous read
        chip.dummy(4);
        chip.read(b, 0, b.length, S4);
        chip.deselect();
        assertThat(unsigned(b)).containsExactly(wrapped(PAGE + 0x26, 8, 6));
        chip.select();
        chip.address(PAGE + 0x7F, 3, S4);
        chip.alternate(0x20, 1, S4);
        chip.dummy(4);
        chip.read(b, 0, b.length, S4);
        chip.deselect();
        assertThat(unsigned(b)).containsExactly(wrapped(PAGE + 0x7F, 8, 6));
        ReadCommand xip = ReadCommand.of(0xEB, S1, 3, S4, 4, S4).withAlternate(0x20, 1, S4).withoutInstruction();
        assertThat(chip.directRead(xip)).isNull();
    }

    @Test
    void qpiQuadIoReadOfTheDtrWinbondRunsLinearlyWhatever77hSet() {
        NorChip chip = chip("W25Q128JV-IM");
        quadEnable(chip);
        setBurstWithWrap(chip, 0x00);
        new SpiHost(chip, clock).command(0x38);
        assertThat(qpiRead(chip, 0xEB, PAGE + 0x1D, 0, 8)).containsExactly(linear(PAGE + 0x1D, 8));
    }

    // ------------------------------------------------------------------ QPI Burst Read with Wrap (0Ch)

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GD25Q128,4", "W25Q128JV-IM,2"})
    void qpiBurstReadWithWrapTakesItsLengthFromSetReadParameters(String name, int defaultDummy) {
        NorChip chip = chip(name);
        quadEnable(chip);
        new SpiHost(chip, clock).command(0x38);
        int[] lengths = {8, 16, 32, 64};
        for (int code = 0; code < 4; code++) {
            qpiWrite(chip, 0xC0, code); // P1-P0; P5-P4 = 00 keeps the default clocks
            int len = lengths[code];
            long start = PAGE + 2L * len - 2; // two bytes before the end of its window
            assertThat(qpiRead(chip, 0x0C, start, defaultDummy, len + 4)).as("P1-P0 = %d", code)
                    .containsExactly(wrapped(start, len, len + 4));
            assertThat(qpiRead(chip, 0x0B, start, defaultDummy, len + 4)).as("0Bh linear").containsExactly(linear(start, len + 4));
        }
        qpiWrite(chip, 0xC0, 0x31); // P5-P4 = 11: 8 clocks; P1-P0 = 01: 16 bytes
        assertThat(qpiRead(chip, 0x0C, PAGE + 0x1E, 8, 4)).containsExactly(wrapped(PAGE + 0x1E, 16, 4));
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void qpiBurstReadWithWrapNeverGetsTheFastPath() {
        NorChip chip = chip("GD25Q128");
        quadEnable(chip);
        new SpiHost(chip, clock).command(0x38);
        assertThat(chip.directRead(ReadCommand.of(0x0C, S4, 3, S4, 4, S4))).isNull();
        assertThat(chip.directRead(ReadCommand.of(0x0B, S4, 3, S4, 4, S4))).isNotNull();
    }

    // ------------------------------------------------------------------ ISSI read register

    @ParameterizedTest(name = "bits 1:0 = {0}: {1} bytes")
    @CsvSource({"0,8", "1,16", "2,32", "3,64"})
    void issiReadRegisterWrapBitsMakeTheFastReadsWrap(int code, int len) {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        issiQuadEnable(host);
        host.writeRegister(0xC0, 0x04 | code); // volatile: wrap on, burst length
        long start = PAGE + len + len / 2;
        assertThat(unsigned(host.read(0x0B, start, 8, len + 3, S1, S1))).containsExactly(wrapped(start, len, len + 3));
        assertThat(quadIoRead(chip, start, len + 3)).containsExactly(wrapped(start, len, len + 3));
        assertThat(unsigned(host.read(0x03, start, 0, len + 3, S1, S1))).as("03h linear").containsExactly(linear(start, len + 3));
        host.writeRegister(0xC0, code); // bit 2 = 0: off
        assertThat(quadIoRead(chip, start, len + 3)).containsExactly(linear(start, len + 3));
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void issiQpiFastReadsWrapToo() {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        issiQuadEnable(host);
        host.command(0x35); // QPI
        qpiWrite(chip, 0x63, 0x05); // SRPV alias: wrap on, 16 bytes
        assertThat(qpiRead(chip, 0x0B, PAGE + 0x4C, 6, 8)).containsExactly(wrapped(PAGE + 0x4C, 16, 8));
        assertThat(qpiRead(chip, 0xEB, PAGE + 0x4C, 4, 8)).containsExactly(wrapped(PAGE + 0x4C, 16, 8));
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void issiNonVolatileSetReadParametersNeedsNoWriteEnableButIsBusyForTw() {
        // ufprog (vendor-issi.c) issues 65h without WREN and then polls WIP.
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        host.writeRegister(0x65, 0x06);
        assertThat(host.status(0x05) & 0x03).as("WIP set, WEL never set").isEqualTo(0x01);
        clock.advanceMicros(2000); // tW typ 2 ms (entry)
        assertThat(host.status(0x05) & 0x01).isZero();
        assertThat(host.status(0x61)).isEqualTo(0x06);
        chip.powerCut();
        chip.powerOn();
        assertThat(host.status(0x61)).as("non-volatile").isEqualTo(0x06);
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void issiNonVolatileSetReadParametersTakesTwAndSurvivesPowerCycleAndReset() {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        host.command(0x06);
        host.writeRegister(0x65, 0x05); // wrap on, 16 bytes
        assertThat(host.status(0x05) & 0x03).as("WIP and WEL").isEqualTo(0x03);
        clock.advanceMicros(1999); // tW typ 2 ms (entry)
        assertThat(host.status(0x05) & 1).isEqualTo(1);
        clock.advanceMicros(1);
        assertThat(host.status(0x05) & 0x03).isZero();
        assertThat(host.status(0x61)).isEqualTo(0x05);
        assertThat(unsigned(host.read(0x0B, PAGE + 0x2E, 8, 4, S1, S1))).containsExactly(wrapped(PAGE + 0x2E, 16, 4));
        chip.powerCut();
        chip.powerOn();
        assertThat(host.status(0x61)).isEqualTo(0x05);
        host.writeRegister(0xC0, 0x00); // volatile: off until the next reset
        assertThat(unsigned(host.read(0x0B, PAGE + 0x2E, 8, 4, S1, S1))).containsExactly(linear(PAGE + 0x2E, 4));
        host.command(0x66);
        host.command(0x99);
        clock.advanceMicros(100);
        assertThat(host.status(0x61)).as("reset reloads the non-volatile value").isEqualTo(0x05);
        assertThat(unsigned(host.read(0x0B, PAGE + 0x2E, 8, 4, S1, S1))).containsExactly(wrapped(PAGE + 0x2E, 16, 4));
    }

    @Test
    void issiFastPathIsRefusedWhileTheReadRegisterWraps() {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        ReadCommand fast = ReadCommand.of(0x0B, S1, 3, S1, 8, S1);
        ReadCommand normal = ReadCommand.of(0x03, S1, 3, S1, 0, S1);
        assertThat(chip.directRead(fast)).isNotNull();
        long g = chip.generation();
        host.writeRegister(0xC0, 0x04);
        assertThat(chip.generation()).isNotEqualTo(g);
        assertThat(chip.directRead(fast)).isNull();
        assertThat(chip.directRead(normal)).isNotNull();
        host.writeRegister(0xC0, 0x00);
        assertThat(chip.directRead(fast)).isNotNull();
    }

    // ------------------------------------------------------------------ helpers

    private void quadEnable(NorChip chip) {
        SpiHost host = new SpiHost(chip, clock);
        host.command(0x50); // volatile SR write enable
        host.writeRegister(0x31, 0x02); // SR2: QE
    }

    private void issiQuadEnable(SpiHost host) {
        host.command(0x06);
        host.writeRegister(0x01, 0x40); // SR: QE
        host.waitReady();
    }

    /** 77h: instruction, 24 don't-care bits as an address phase on four lines, the wrap byte on four lines. */
    private static void setBurstWithWrap(NorChip chip, int w) {
        chip.select();
        chip.instruction(0x77, S1);
        chip.address(0, 3, S4);
        chip.write(new byte[] {(byte) w}, 0, 1, S4);
        chip.deselect();
    }

    /** 1-4-4 EBh with mode byte FFh (no continuous read) and 4 dummy clocks. */
    private static int[] quadIoRead(NorChip chip, long addr, int n) {
        byte[] b = new byte[n];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(addr, 3, S4);
        chip.alternate(0xFF, 1, S4);
        chip.dummy(4);
        chip.read(b, 0, n, S4);
        chip.deselect();
        return unsigned(b);
    }

    /** A 4-4-4 read; EBh gets a mode byte FFh before the dummy clocks. */
    private static int[] qpiRead(NorChip chip, int op, long addr, int dummy, int n) {
        byte[] b = new byte[n];
        chip.select();
        chip.instruction(op, S4);
        chip.address(addr, 3, S4);
        if (op == 0xEB) chip.alternate(0xFF, 1, S4);
        if (dummy > 0) chip.dummy(dummy);
        chip.read(b, 0, n, S4);
        chip.deselect();
        return unsigned(b);
    }

    private static void qpiWrite(NorChip chip, int op, int value) {
        chip.select();
        chip.instruction(op, S4);
        chip.write(new byte[] {(byte) value}, 0, 1, S4);
        chip.deselect();
    }

    private static int[] unsigned(byte[] b) {
        int[] r = new int[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] & 0xFF;
        return r;
    }
}
