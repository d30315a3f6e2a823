package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S2;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.time.Clock;
import io.xipkit.time.ManualClock;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Semantics of the Winbond W25Q128JV model, each pinned to the datasheet behaviour it models. */
class W25Q128JVTest {
    ManualClock clock;
    NorChip chip;
    SpiHost host;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 42);
        host = new SpiHost(chip, clock);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void erasedArrayReadsFF() {
        assertThat(host.read(0x123456, 4)).containsExactly(bytes(0xFF, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void programOnlyClearsBits() {
        host.programAndWait(0x1000, bytes(0xF0, 0x0F));
        host.programAndWait(0x1000, bytes(0x3C, 0xFF));
        assertThat(host.read(0x1000, 2)).containsExactly(bytes(0x30, 0x0F));
    }

    @Test
    void programWrapsWithinThePage() {
        byte[] d = new byte[8];
        Arrays.fill(d, (byte) 0x00);
        host.programAndWait(0x10FC, d);
        assertThat(host.read(0x10FC, 4)).containsOnly(0x00);
        assertThat(host.read(0x1100, 4)).containsOnly(0xFF); // next page untouched
        assertThat(host.read(0x1000, 4)).containsOnly(0x00); // wrapped to the page start
        assertThat(host.read(0x1004, 1)).containsOnly(0xFF);
    }

    @Test
    void programWithoutWriteEnableIsIgnoredAndWarned() {
        host.program(0x02, 0, bytes(0x00));
        assertThat(chip.isBusy()).isFalse();
        assertThat(host.read(0, 1)).containsExactly(0xFF);
        assertThat(chip.warnings()).anyMatch(w -> w.message().contains("WEL=0"));
    }

    @Test
    void welIsSetByWrenAndClearedAfterProgramEraseAndStatusWrite() {
        host.command(0x06);
        assertThat(host.status(0x05) & 2).isEqualTo(2);
        host.program(0x02, 0, bytes(0x00));
        host.waitReady();
        assertThat(host.status(0x05) & 2).isZero();
        host.eraseAndWait(0x20, 0);
        assertThat(host.status(0x05) & 2).isZero();
        host.command(0x06);
        host.writeRegister(0x01, 0x00);
        host.waitReady();
        assertThat(host.status(0x05) & 2).isZero();
        host.command(0x06);
        host.command(0x04);
        assertThat(host.status(0x05) & 2).isZero();
    }

    @Test
    void wipStaysSetForTypicalPageProgramTimeInVirtualTime() {
        host.command(0x06);
        host.program(0x02, 0, new byte[256]);
        assertThat(host.status(0x05) & 1).isEqualTo(1);
        clock.advanceMicros(399); // tPP typ 0.4 ms (datasheet §9.6)
        assertThat(host.status(0x05) & 1).isEqualTo(1);
        clock.advanceMicros(1);
        assertThat(host.status(0x05) & 1).isZero();
        assertThat(host.read(0, 1)).containsExactly(0x00);
    }

    @Test
    void aShortProgramTakesTheByteProgramTimesNotAWholePage() {
        // tBP1 30 µs + 15 x tBP2 2.5 µs = 67.5 µs for a 16-byte record (typical).
        host.command(0x06);
        host.program(0x02, 0, new byte[16]);
        assertThat(chip.busyUntilPicos() - clock.nowPicos()).isEqualTo(67_500_000L);
        host.waitReady();
        // One byte: tBP1 alone.
        host.command(0x06);
        long start = clock.nowPicos();
        host.program(0x02, 0x100, bytes(0x00));
        assertThat(chip.busyUntilPicos() - start).isEqualTo(30 * Clock.PICOS_PER_MICRO);
        host.waitReady();
        // 200 bytes would take 527.5 µs by the byte formula: a page program never exceeds tPP.
        host.command(0x06);
        start = clock.nowPicos();
        host.program(0x02, 0x200, new byte[200]);
        assertThat(chip.busyUntilPicos() - start).isEqualTo(400 * Clock.PICOS_PER_MICRO);
        host.waitReady();
        // Maximum timing: tBP1 max 50 µs + 15 x tBP2 max 12 µs = 230 µs.
        chip.setTimingMode(TimingMode.MAXIMUM);
        host.command(0x06);
        start = clock.nowPicos();
        host.program(0x02, 0x300, new byte[16]);
        assertThat(chip.busyUntilPicos() - start).isEqualTo(230 * Clock.PICOS_PER_MICRO);
    }

    @Test
    void maximumTimingModeUsesDatasheetMaximum() {
        chip.setTimingMode(TimingMode.MAXIMUM);
        host.command(0x06);
        host.erase(0x20, 0);
        clock.advancePicos(400 * Clock.PICOS_PER_MILLI - 1); // tSE max 400 ms
        assertThat(host.status(0x05) & 1).isEqualTo(1);
        clock.advancePicos(1);
        assertThat(host.status(0x05) & 1).isZero();
    }

    @Test
    void randomTimingStaysWithinTypicalAndMaximumAndIsReproducible() {
        long[] first = new long[5];
        for (int run = 0; run < 2; run++) {
            setUp();
            chip.setTimingMode(TimingMode.RANDOM);
            for (int i = 0; i < first.length; i++) {
                host.command(0x06);
                long start = clock.nowPicos();
                host.program(0x02, i * 256L, new byte[256]);
                long d = chip.busyUntilPicos() - start;
                assertThat(d).isBetween(400 * Clock.PICOS_PER_MICRO, 3000 * Clock.PICOS_PER_MICRO);
                if (run == 0) first[i] = d;
                else assertThat(d).isEqualTo(first[i]);
                host.waitReady();
            }
        }
    }

    @Test
    void readWhileProgramInProgressIsIgnoredAndFloatsHigh() {
        host.programAndWait(0x2000, bytes(0x00));
        host.command(0x06);
        host.program(0x02, 0x2001, bytes(0x12));
        assertThat(host.read(0x2000, 2)).containsExactly(0xFF, 0xFF); // instruction ignored: bus floats
        assertThat(chip.warnings()).anyMatch(w -> w.message().contains("while busy"));
        host.waitReady();
        assertThat(host.read(0x2000, 2)).containsExactly(0x00, 0x12);
    }

    @Test
    void statusRegisterCanBeReadWhileBusy() {
        host.command(0x06);
        host.erase(0xD8, 0);
        assertThat(host.status(0x05)).isEqualTo(0x03); // BUSY and WEL
    }

    @Test
    void eraseSetsTheWholeSectorToFF() {
        host.programAndWait(0x3000, bytes(0, 0, 0));
        host.programAndWait(0x3FFF, bytes(0));
        host.programAndWait(0x4000, bytes(0));
        host.eraseAndWait(0x20, 0x3ABC);
        assertThat(host.read(0x3000, 3)).containsOnly(0xFF);
        assertThat(host.read(0x3FFF, 1)).containsOnly(0xFF);
        assertThat(host.read(0x4000, 1)).containsOnly(0x00);
        assertThat(chip.eraseCount(0x3000)).isEqualTo(1);
    }

    @Test
    void blockAndChipEraseCoverTheirGranularity() {
        host.programAndWait(0x8000, bytes(0));
        host.programAndWait(0x10000, bytes(0));
        host.eraseAndWait(0x52, 0x0);
        assertThat(host.read(0x8000, 1)).containsOnly(0x00);
        host.eraseAndWait(0xD8, 0x0);
        assertThat(host.read(0x8000, 1)).containsOnly(0xFF);
        assertThat(host.read(0x10000, 1)).containsOnly(0x00);
        chip.setTimingMode(TimingMode.TYPICAL);
        host.command(0x06);
        host.command(0xC7);
        clock.advancePicos(40 * Clock.PICOS_PER_SECOND); // tCE typ 40 s
        assertThat(host.status(0x05) & 1).isZero();
        assertThat(host.read(0x10000, 1)).containsOnly(0xFF);
    }

    @Test
    void blockProtectionRejectsProgramInProtectedTopRange() {
        host.command(0x06);
        host.writeRegister(0x01, 0x04); // BP0=1: upper 1/64 = 256 KB protected (§7.1.12)
        host.waitReady();
        host.command(0x06);
        host.program(0x02, 0xFC0000, bytes(0));
        assertThat(chip.isBusy()).isFalse();
        assertThat(host.read(0xFC0000, 1)).containsOnly(0xFF);
        host.programAndWait(0xFBFFFF, bytes(0));
        assertThat(host.read(0xFBFFFF, 1)).containsOnly(0x00);
    }

    @Test
    void protectionWithTbSecAndCmpFollowsTheTable() {
        host.command(0x06);
        host.writeRegister(0x01, 0x04 | 0x20 | 0x40); // BP0, TB=1, SEC=1: lower 4 KB
        host.waitReady();
        host.command(0x06);
        host.erase(0x20, 0x0000);
        assertThat(chip.isBusy()).isFalse();
        host.eraseAndWait(0x20, 0x1000);
        host.command(0x06);
        host.writeRegister(0x01, 0x04 | 0x20 | 0x40, 0x02 | 0x40); // plus CMP=1: all but lower 4 KB
        host.waitReady();
        host.command(0x06);
        host.erase(0x20, 0x1000);
        assertThat(chip.isBusy()).isFalse();
        host.eraseAndWait(0x20, 0x0000);
        assertThat(chip.eraseCount(0)).isEqualTo(1);
    }

    @Test
    void chipEraseIsRefusedWhileAnyBlockIsProtected() {
        host.command(0x06);
        host.writeRegister(0x01, 0x1C);
        host.waitReady();
        host.command(0x06);
        host.command(0xC7);
        assertThat(chip.isBusy()).isFalse();
    }

    @Test
    void statusWriteTakesTwAndPersistsAcrossPowerCycle() {
        host.command(0x06);
        host.writeRegister(0x01, 0x08);
        assertThat(host.status(0x05) & 1).isEqualTo(1);
        clock.advanceMicros(10_000); // tW typ 10 ms
        assertThat(host.status(0x05) & 1).isZero();
        chip.powerCut();
        chip.powerOn();
        assertThat(host.status(0x05)).isEqualTo(0x08);
    }

    @Test
    void volatileStatusWriteNeedsNoWelIsImmediateAndIsLostAtPowerCycle() {
        host.command(0x50);
        host.writeRegister(0x01, 0x08);
        assertThat(host.status(0x05)).isEqualTo(0x08);
        chip.powerCut();
        chip.powerOn();
        assertThat(host.status(0x05)).isZero();
    }

    @Test
    void quadOutputReadWhileQeClearedIsIgnored() {
        host.programAndWait(0, bytes(0x5A));
        assertThat(host.read(0x6B, 0, 8, 1, S1, S4)).containsExactly(0x5A);
        host.command(0x06);
        host.writeRegister(0x31, 0x00); // QE=0
        host.waitReady();
        assertThat(host.read(0x6B, 0, 8, 1, S1, S4)).containsExactly(0xFF);
        assertThat(chip.warnings()).anyMatch(w -> w.message().contains("QE=0"));
        assertThat(host.read(0x3B, 0, 8, 1, S1, S2)).containsExactly(0x5A); // dual needs no QE
    }

    @Test
    void commandOnTheWrongNumberOfLinesIsIgnored() {
        byte[] b = new byte[3];
        chip.select();
        chip.instruction(0x9F, S4); // no QPI on this part
        chip.read(b, 0, 3, S4);
        chip.deselect();
        assertThat(b).containsOnly(0xFF);
        assertThat(chip.counters().ignoredCommands()).isEqualTo(1);
    }

    @Test
    void unknownOpcodeIsIgnoredAndCountedAsWarning() {
        host.command(0xA5);
        assertThat(chip.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("unknown instruction A5h"));
    }

    @Test
    void tooFewDummyCyclesShiftTheDataAsOnTheWire() {
        host.programAndWait(0, bytes(0x12, 0x34, 0x56));
        // Fast read 0Bh needs 8 dummy clocks; with 4, the controller samples 4 clocks early (Hi-Z = 1).
        assertThat(host.read(0x0B, 0, 4, 2, S1, S1)).containsExactly(0xF1, 0x23);
    }

    @Test
    void continuousReadModeSkipsTheInstructionAndSurvivesUntilModeBitsEndIt() {
        host.programAndWait(0x100, bytes(0xAB, 0xCD));
        byte[] b = new byte[2];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(0x100, 3, S4);
        chip.alternate(0x20, 1, S4); // M5-4 = 10: continuous read
        chip.dummy(4);
        chip.read(b, 0, 2, S4);
        chip.deselect();
        assertThat(b).containsExactly(0xAB, 0xCD);
        assertThat(chip.continuousReadActive()).isTrue();
        // An MCU reset does not reach the flash: the next transaction starts with the address.
        chip.select();
        chip.address(0x101, 3, S4);
        chip.alternate(0xFF, 1, S4); // mode bits not 10: leave continuous mode after this read
        chip.dummy(4);
        chip.read(b, 0, 1, S4);
        chip.deselect();
        assertThat(b[0]).isEqualTo((byte) 0xCD);
        assertThat(chip.continuousReadActive()).isFalse();
    }

    @Test
    void bootCodeSendingAnInstructionInContinuousModeIsMisreadAsAddress() {
        host.programAndWait(0, bytes(0x11));
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(0, 3, S4);
        chip.alternate(0x20, 1, S4);
        chip.dummy(4);
        chip.read(b, 0, 1, S4);
        chip.deselect();
        // A plain 03h read now: the part takes 03h and the address bytes as address + mode bits.
        assertThat(host.read(0, 1)).isNotEqualTo(bytes(0x11));
        assertThat(chip.continuousReadActive()).isFalse(); // mode byte 00h (address LSB) ended it
    }

    @Test
    void softwareResetEndsContinuousReadMode() {
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(0, 3, S4);
        chip.alternate(0x20, 1, S4);
        chip.dummy(4);
        chip.read(b, 0, 1, S4);
        chip.deselect();
        assertThat(chip.continuousReadActive()).isTrue();
        // Per §8.2.43 (and common practice) the host first ends continuous mode with FFh mode
        // bits, then 66h/99h; here 66h/99h arrive as address bits, so it needs the mode reset.
        chip.select();
        chip.address(0xFFFFFF, 3, S4);
        chip.alternate(0xFF, 1, S4);
        chip.deselect();
        host.command(0x66);
        host.command(0x99);
        assertThat(chip.continuousReadActive()).isFalse();
    }

    @Test
    void resetRequiresEnableResetImmediatelyBefore() {
        host.command(0x50);
        host.writeRegister(0x01, 0x08);
        host.command(0x99);
        assertThat(host.status(0x05)).isEqualTo(0x08);
        host.command(0x66);
        host.command(0x99);
        clock.advanceMicros(30);
        assertThat(host.status(0x05)).isZero(); // volatile value replaced by the non-volatile one
    }

    @Test
    void eraseSuspendAllowsReadsAndProgramsElsewhereThenResumes() {
        host.programAndWait(0x0, bytes(0x00));
        host.command(0x06);
        host.erase(0x20, 0x0);
        clock.advanceMicros(1000);
        host.command(0x75);
        assertThat(host.status(0x05) & 1).isEqualTo(1); // within tSUS
        clock.advanceMicros(20);
        assertThat(host.status(0x05) & 1).isZero();
        assertThat(host.status(0x35) & 0x80).isEqualTo(0x80); // SUS
        host.programAndWait(0x10000, bytes(0x42));
        assertThat(host.read(0x10000, 1)).containsExactly(0x42);
        host.command(0x7A);
        assertThat(host.status(0x35) & 0x80).isZero();
        host.waitReady();
        assertThat(host.read(0x0, 1)).containsExactly(0xFF);
    }

    @Test
    void deepPowerDownIgnoresEverythingButRelease() {
        host.command(0xB9);
        assertThat(host.readNoAddr(0x9F, 3)).containsOnly(0xFF);
        assertThat(chip.inDeepPowerDown()).isTrue();
        byte[] id = host.readNoAddr(0xAB, 4); // 3 dummy bytes then device ID 17h
        assertThat(id[3]).isEqualTo((byte) 0x17);
        clock.advanceMicros(3); // tRES1
        assertThat(host.readNoAddr(0x9F, 3)).containsExactly(0xEF, 0x40, 0x18);
    }

    @Test
    void directReadIsOfferedOnlyWhileReadsComeStraightFromTheArray() {
        ReadCommand quadIo = ReadCommand.of(0xEB, S1, 3, S4, 4, S4).withAlternate(0xF0, 1, S4);
        DirectRead d = chip.directRead(quadIo);
        assertThat(d).isNotNull();
        assertThat(d.size()).isEqualTo(16L << 20);
        assertThat(chip.directRead(ReadCommand.of(0xEB, S1, 3, S4, 6, S4).withAlternate(0xF0, 1, S4))).isNull(); // wrong dummy
        long g = chip.generation();
        host.command(0x06);
        host.program(0x02, 0, bytes(0x00));
        assertThat(chip.generation()).isNotEqualTo(g);
        assertThat(chip.directRead(quadIo)).isNull(); // busy
        host.waitReady();
        DirectRead after = chip.directRead(quadIo);
        assertThat(after).isNotNull();
        assertThat(after.array()[0]).isEqualTo((byte) 0);
        assertThat(chip.directRead(quadIo.withAlternate(0x20, 1, S4))).isNull(); // would enter continuous mode
    }

    @Test
    void operationLogRecordsCommandAddressLengthAndVirtualTimes() {
        clock.advanceMicros(5);
        host.command(0x06);
        host.program(0x02, 0x1234, bytes(1, 2, 3));
        NorOperation op = chip.operationLog().get(chip.operationLog().size() - 1);
        assertThat(op.command()).isEqualTo("Page Program");
        assertThat(op.address()).isEqualTo(0x1234);
        assertThat(op.length()).isEqualTo(3);
        assertThat(op.startPicos()).isEqualTo(5 * Clock.PICOS_PER_MICRO);
        assertThat(op.endPicos()).isEqualTo(40 * Clock.PICOS_PER_MICRO); // 5 µs + tBP1 30 + 2 x tBP2 2.5
        assertThat(chip.counters().programs()).isEqualTo(1);
    }
}
