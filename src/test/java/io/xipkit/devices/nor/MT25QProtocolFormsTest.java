package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S2;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MT25QL512ABB commands in the dual (EVCR bit 6 = 0) and quad (EVCR bit 7 = 0) I/O protocols, where
 * instruction, address and data all travel on 2 / 4 lines; most forms are derived from the
 * single-line command set by the entry's protocolForms.
 */
class MT25QProtocolFormsTest {
    ManualClock clock;
    NorPart part;
    NorChip chip;
    SpiHost host;
    /** Lines of every phase of the transactions this test issues after switching protocol. */
    PhaseFormat f = S1;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        part = NorCatalog.standard().part("MT25QL512ABB");
        chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 1);
        host = new SpiHost(chip, clock);
    }

    private void quadProtocol() {
        host.command(0x35);
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        f = S4;
    }

    private void dualProtocol() {
        host.command(0x06);
        host.writeRegister(0x61, 0xBF); // EVCR bit 6 = 0
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.DPI);
        f = S2;
    }

    private void command(int op) {
        chip.select();
        chip.instruction(op, f);
        chip.deselect();
    }

    private void addressCommand(int op, long addr, int addrBytes) {
        chip.select();
        chip.instruction(op, f);
        chip.address(addr, addrBytes, f);
        chip.deselect();
    }

    private int register(int op) {
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(op, f);
        chip.read(b, 0, 1, f);
        chip.deselect();
        return b[0] & 0xFF;
    }

    private byte[] read(int op, long addr, int addrBytes, int dummy, int len) {
        byte[] b = new byte[len];
        chip.select();
        chip.instruction(op, f);
        chip.address(addr, addrBytes, f);
        if (dummy > 0) chip.dummy(dummy);
        chip.read(b, 0, len, f);
        chip.deselect();
        return b;
    }

    private void program(int op, long addr, int addrBytes, byte... data) {
        chip.select();
        chip.instruction(op, f);
        chip.address(addr, addrBytes, f);
        chip.write(data, 0, data.length, f);
        chip.deselect();
    }

    /** Polls READ STATUS REGISTER on the current protocol's lines until WIP clears. */
    private void waitReady() {
        for (int i = 0; (register(0x05) & 1) != 0; i++) {
            clock.advanceMicros(100);
            if (i > 10_000_000) throw new AssertionError("chip never became ready");
        }
    }

    private boolean warned(String text) {
        return chip.warnings().stream().anyMatch(w -> w.message().contains(text));
    }

    @Test
    void quadProtocolSuspendsA64KEraseReadsAnotherSectorAndResumes() {
        host.programAndWait(0x10000, new byte[] {0x11});
        host.programAndWait(0x30000, new byte[] {0x22});
        quadProtocol();
        command(0x06);
        addressCommand(0xD8, 0x10000, 3);
        assertThat(register(0x05) & 1).isEqualTo(1);
        command(0x75);
        clock.advanceMicros(30); // suspend latency
        assertThat(register(0x05) & 1).isZero();
        assertThat(register(0x70) & 0x40).isEqualTo(0x40); // FSR erase suspended
        assertThat(read(0x0B, 0x30000, 3, 10, 1)).containsExactly(0x22);
        command(0x7A);
        assertThat(register(0x05) & 1).isEqualTo(1);
        assertThat(register(0x70) & 0x40).isZero();
        waitReady();
        assertThat(read(0x0B, 0x10000, 3, 10, 1)).containsExactly(0xFF);
        assertThat(chip.counters().suspends()).isEqualTo(1);
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void dualProtocolEntersAndLeavesDeepPowerDown() {
        dualProtocol();
        command(0xB9);
        assertThat(chip.inDeepPowerDown()).isTrue();
        assertThat(register(0x65)).isEqualTo(0xFF); // ignored: lines float high
        assertThat(warned("deep power-down")).isTrue();
        command(0xAB);
        assertThat(chip.inDeepPowerDown()).isFalse();
        clock.advanceMicros(30); // tRDP
        assertThat(register(0x65)).isEqualTo(0xBF);
    }

    @Test
    void quadProtocolErases32KAndWith4ByteAddress() {
        host.programAndWait(0x8000, new byte[] {0x01});
        host.programAndWait(0x10000, new byte[] {0x02});
        host.command(0x06);
        host.addressBytes = 4;
        host.program(0x12, 0x2001000, new byte[] {0x03});
        host.waitReady();
        host.command(0x06);
        host.program(0x12, 0x2002000, new byte[] {0x04});
        host.waitReady();
        quadProtocol();

        command(0x06);
        addressCommand(0x52, 0x8000, 3); // 4-4-0 32 KB subsector erase: 0x8000-0xFFFF
        waitReady();
        assertThat(read(0x0B, 0x8000, 3, 10, 1)).containsExactly(0xFF);
        assertThat(read(0x0B, 0x10000, 3, 10, 1)).containsExactly(0x02);

        command(0x06);
        addressCommand(0x21, 0x2001000, 4); // 4-4-0 4-byte 4 KB subsector erase
        waitReady();
        assertThat(read(0x0C, 0x2001000, 4, 10, 1)).containsExactly(0xFF);
        assertThat(read(0x0C, 0x2002000, 4, 10, 1)).containsExactly(0x04);
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void dualProtocolWriteStatusRegisterChangesTheStatusRegister() {
        dualProtocol();
        command(0x06);
        chip.select();
        chip.instruction(0x01, S2);
        chip.write(new byte[] {0x24}, 0, 1, S2); // BP0 + TB
        chip.deselect();
        waitReady();
        assertThat(register(0x05) & 0xFC).isEqualTo(0x24);
        assertThat(chip.registerValue("SR") & 0xFC).isEqualTo(0x24);
    }

    @Test
    void quadProtocolReadsSfdpWithEightDummyClocks() {
        quadProtocol();
        byte[] sfdp = read(0x5A, 0, 3, 8, 16);
        assertThat(sfdp).containsExactly(Arrays.copyOf(chip.sfdp(), 16));
        assertThat(new String(sfdp, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SFDP");
    }

    @Test
    void quadProtocolIgnoresReadIdButAnswersMultipleIoReadId() {
        quadProtocol();
        byte[] id = new byte[3];
        chip.select();
        chip.instruction(0x9F, S4);
        chip.read(id, 0, 3, S4);
        chip.deselect();
        assertThat(id).containsOnly(0xFF);
        assertThat(warned("unknown instruction 9Fh in QPI mode")).isTrue();
        chip.select();
        chip.instruction(0xAF, S4);
        chip.read(id, 0, 3, S4);
        chip.deselect();
        assertThat(id).containsExactly(0x20, 0xBA, 0x20);
    }

    @Test
    void dualProtocolHasNo4BytePageProgram() {
        dualProtocol();
        command(0x06);
        program(0x12, 0x2000000, 4, (byte) 0x5A);
        assertThat(warned("unknown instruction 12h in DPI mode")).isTrue();
        clock.advanceMicros(5_000);
        assertThat(read(0x0C, 0x2000000, 4, 8, 1)).containsExactly(0xFF); // 4-byte fast read, 2-2-2
        program(0x02, 0x1000, 3, (byte) 0x5A); // WEL still set: the 3-byte page program works
        waitReady();
        assertThat(read(0x0B, 0x1000, 3, 8, 1)).containsExactly(0x5A);
    }

    @Test
    void explicitQuadFastReadKeepsTenDummyClocksOverTheDerivedEight() {
        NorPart.Command fast = part.commands().stream()
                .filter(c -> c.op().equals("0B") && c.proto().equals("4-4-4")).findFirst().orElseThrow();
        assertThat(fast.dummy()).isEqualTo(10);
        assertThat(part.commands().stream().filter(c -> c.op().equals("0B") && c.proto().equals("4-4-4"))).hasSize(1);
        host.programAndWait(0x40, new byte[] {0x3C});
        quadProtocol();
        assertThat(read(0x0B, 0x40, 3, 10, 1)).containsExactly(0x3C);
        assertThat(read(0x0B, 0x40, 3, 8, 1)).doesNotContain(0x3C); // two clocks short: data shifted
        assertThat(read(0x5A, 0, 3, 8, 4)).containsExactly('S', 'F', 'D', 'P'); // derived form keeps its 8
    }

    @Test
    void dualReadsAreNotDerivedIntoTheQuadProtocol() {
        quadProtocol();
        read(0x3B, 0, 3, 8, 1);
        assertThat(warned("unknown instruction 3Bh in QPI mode")).isTrue();
        read(0x6B, 0, 3, 10, 1);
        assertThat(warned("unknown instruction 6Bh in QPI mode")).isFalse();
    }

    @Test
    void twinQuadPackageDiesCarryTheDerivedForms() {
        NorCatalog cat = NorCatalog.standard();
        NorPart die = cat.diePart(cat.part("MT25TL01G"));
        assertThat(die.commands()).anySatisfy(c -> {
            assertThat(c.op()).isEqualTo("75");
            assertThat(c.proto()).isEqualTo("4-0-0");
        });
        assertThat(die.commands()).anySatisfy(c -> {
            assertThat(c.op()).isEqualTo("DC");
            assertThat(c.proto()).isEqualTo("4-4-0");
        });
    }
}
