package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.devices.nor.NorPart.Command;
import io.xipkit.devices.nor.NorPart.Kind;
import io.xipkit.devices.nor.NorPart.ProtocolForm;
import io.xipkit.peripherals.xspi.PhaseFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rule that derives dual/quad protocol forms from a hand-built entry's single-line commands. */
class ProtocolFormsTest {

    private static Command cmd(String op, Kind kind, String proto, int dummy, String dummyField) {
        return new Command(op, "CMD " + op, kind, proto, proto.split("-")[1].equals("0") ? null : "mode", 0, dummy,
                dummyField, false, false, 0, null, null, null, null, false, false);
    }

    private static final List<Command> COMMANDS = List.of(
            cmd("06", Kind.WRITE_ENABLE, "1-0-0", 0, null),
            new Command("05", "READ STATUS", Kind.READ_REGISTER, "1-0-1", null, 0, 0, null, false, false, 0, "SR",
                    null, null, null, false, false),
            new Command("01", "WRITE STATUS", Kind.WRITE_REGISTER, "1-0-1", null, 0, 0, null, false, false, 0, null,
                    List.of("SR"), null, null, false, false),
            new Command("20", "ERASE 4K", Kind.ERASE, "1-1-0", "mode", 0, 0, null, false, false, 4096, null, null,
                    null, null, false, false),
            new Command("B7", "ENTER 4B", Kind.ENTER_4B, "1-0-0", null, 0, 0, null, false, true, 0, null, null, null,
                    null, false, false),
            cmd("0B", Kind.READ, "1-1-1", 8, "DUMMY"),
            new Command("BB", "DUAL IO READ", Kind.READ, "1-2-2", "mode", 4, 4, null, false, false, 0, null, null,
                    null, null, false, false),
            cmd("6B", Kind.READ, "1-1-4", 8, "DUMMY"),
            cmd("0D", Kind.READ, "1-1D-1D", 6, "DUMMY"),
            cmd("0B", Kind.READ, "4-4-4", 10, "DUMMY"),
            new Command("EE11", "OCTAL READ", Kind.READ, "8D-8D-8D", "4", 0, 20, null, false, false, 0, null, null,
                    null, null, false, false));

    private static NorPart part(List<Command> commands, List<ProtocolForm> forms) {
        return new NorPart("TINY", "Test", "none", "tiny test part", "01 02 03", 1 << 20, 256, "3", false, null, null,
                1000, null, null, commands, null, null, null, null, null, null, null, forms, null, null);
    }

    /** Proto string per opcode of the commands whose instruction goes on {@code lines} lines. */
    private static Map<String, Command> onLines(NorPart p, int lines) {
        return p.commands().stream().filter(c -> c.proto().startsWith(lines + "-"))
                .collect(Collectors.toMap(Command::op, c -> c));
    }

    @Test
    void dualFormMovesEveryPresentPhaseToTwoLinesAndSkipsQuadDataDtrAndExceptions() {
        NorPart p = ProtocolForms.apply(part(COMMANDS, List.of(new ProtocolForm(2, List.of("05")))));
        Map<String, Command> dual = onLines(p, 2);
        assertThat(dual.keySet()).containsExactlyInAnyOrder("06", "01", "20", "B7", "0B", "BB");
        assertThat(dual.get("06").proto()).isEqualTo("2-0-0");
        assertThat(dual.get("01").proto()).isEqualTo("2-0-2");
        assertThat(dual.get("20").proto()).isEqualTo("2-2-0");
        assertThat(dual.get("0B").proto()).isEqualTo("2-2-2");
        assertThat(dual.get("BB").proto()).isEqualTo("2-2-2");
    }

    @Test
    void derivedFormKeepsClocksFieldsKindAndRegisters() {
        NorPart p = ProtocolForms.apply(part(COMMANDS, List.of(new ProtocolForm(2, List.of()))));
        Map<String, Command> dual = onLines(p, 2);
        assertThat(dual.get("0B").dummy()).isEqualTo(8);
        assertThat(dual.get("0B").dummyField()).isEqualTo("DUMMY");
        assertThat(dual.get("BB").modeClocks()).isEqualTo(4);
        assertThat(dual.get("BB").dummy()).isEqualTo(4);
        assertThat(dual.get("05").reg()).isEqualTo("SR");
        assertThat(dual.get("01").regs()).containsExactly("SR");
        assertThat(dual.get("20").eraseSize()).isEqualTo(4096);
        assertThat(dual.get("20").kind()).isEqualTo(Kind.ERASE);
        assertThat(dual.get("B7").wel()).isTrue();
        assertThat(dual.get("0B").addr()).isEqualTo("mode");
    }

    @Test
    void quadFormTakesQuadDataCommandsAndAnExplicitEntryWins() {
        NorPart p = ProtocolForms.apply(part(COMMANDS, List.of(new ProtocolForm(4, List.of()))));
        Map<String, Command> quad = onLines(p, 4);
        assertThat(quad.keySet()).containsExactlyInAnyOrder("06", "05", "01", "20", "B7", "0B", "BB", "6B");
        assertThat(quad.get("6B").proto()).isEqualTo("4-4-4");
        assertThat(quad.get("0B").dummy()).isEqualTo(10); // the explicit 4-4-4 entry, not 8 from 1-1-1
        assertThat(p.commands().stream().filter(c -> c.op().equals("0B") && c.proto().equals("4-4-4"))).hasSize(1);
        assertThat(p.commands().stream().filter(c -> c.proto().contains("D") && !c.op().equals("0D")
                && !c.op().equals("EE11"))).isEmpty();
    }

    @Test
    void derivedCommandsFollowTheExplicitOnesAndApplyingTwiceChangesNothing() {
        NorPart once = ProtocolForms.apply(part(COMMANDS, List.of(new ProtocolForm(2, List.of()), new ProtocolForm(4, List.of()))));
        assertThat(once.commands().subList(0, COMMANDS.size())).isEqualTo(COMMANDS);
        assertThat(once.commands()).hasSize(COMMANDS.size() + 7 + 7);
        assertThat(ProtocolForms.apply(once).commands()).isEqualTo(once.commands());
    }

    @Test
    void chipDecodesTheDerivedQuadFormsAfterEnteringQpi() {
        List<Command> cmds = new java.util.ArrayList<>(COMMANDS.subList(0, 8));
        cmds.add(cmd("35", Kind.ENTER_QPI, "1-0-0", 0, null));
        NorPart p = ProtocolForms.apply(new NorPart("TINY", "Test", "none", "tiny", "01 02 03", 1 << 20, 256, "3", false,
                List.of(new NorPart.Erase(4096, "erase4k")), Map.of("erase4k", new NorPart.Timing(10, 20, "test"), "pageProgram", new NorPart.Timing(10, 20, "test"),
                        "chipErase", new NorPart.Timing(10, 20, "test"), "writeStatus", new NorPart.Timing(10, 20, "test")), 1000,
                List.of(new NorPart.Register("SR", 1, "00", "FC", false, null)), Map.of("WIP", "SR.0", "WEL", "SR.1"),
                cmds, null, null, null, null, null, null, null, List.of(new ProtocolForm(4, List.of())), null, null));
        NorChip chip = new NorChip(p, new ArrayNorStorage(p.sizeBytes()), new io.xipkit.time.ManualClock(), 1);
        chip.select();
        chip.instruction(0x35, PhaseFormat.S1);
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        chip.select();
        chip.instruction(0x06, PhaseFormat.S4); // derived 4-0-0
        chip.deselect();
        byte[] sr = new byte[1];
        chip.select();
        chip.instruction(0x05, PhaseFormat.S4); // derived 4-0-4
        chip.read(sr, 0, 1, PhaseFormat.S4);
        chip.deselect();
        assertThat(sr[0] & 0x02).isEqualTo(0x02);
        assertThat(chip.warnings()).isEmpty();
    }

    @Test
    void exceptionNamingNoSingleLineCommandIsAnError() {
        NorPart p = part(COMMANDS, List.of(new ProtocolForm(2, List.of("9F"))));
        assertThatThrownBy(() -> ProtocolForms.apply(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TINY: protocol form with 2 lines excepts 9Fh, which is no single-line command of the entry");
        assertThatThrownBy(() -> ProtocolForms.apply(part(COMMANDS, List.of(new ProtocolForm(4, List.of("XY"))))))
                .hasMessage("TINY: protocol form with 4 lines: except 'XY' is not a 1-byte hex opcode");
    }

    @Test
    void onlyDualAndQuadProtocolFormsExist() {
        assertThatThrownBy(() -> new ProtocolForm(8, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("protocol form: lines must be 2 or 4, not 8");
    }
}
