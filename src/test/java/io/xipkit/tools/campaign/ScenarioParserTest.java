package io.xipkit.tools.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.FlashOperation;
import io.xipkit.time.Clock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
    private static final String MINIMAL = """
            name: t
            board: nucleo-l476rg
            images: [firmware/elf/nucleo-l476rg/app-v1.elf]
            stimulus:
              - {after: "ready", text: "hi"}
              - {at: 5ms, file: firmware/elf/nucleo-l476rg/app-v2.bin, frame: length-crc32}
            run: 2s
            invariant: {within: 250us, must: ["running"], must-not: ["FAULT"]}
            cuts: {operations: [erase], positions: [middle], seed: 7}
            """;

    private static Scenario parse(String yaml) {
        return ScenarioParser.parse(yaml, Path.of(""), "t.yaml");
    }

    @Test
    void readsDurationsStimulusFramesAndCutSelection() {
        Scenario s = parse(MINIMAL);
        assertThat(s.runPicos()).isEqualTo(2000 * Clock.PICOS_PER_MILLI);
        assertThat(s.invariant().withinPicos()).isEqualTo(250 * Clock.PICOS_PER_MICRO);
        assertThat(s.stimulus().get(0).after()).isEqualTo("ready");
        assertThat(s.stimulus().get(0).bytes()).containsExactly('h', 'i');
        assertThat(s.stimulus().get(1).atPicos()).isEqualTo(5 * Clock.PICOS_PER_MILLI);
        byte[] framed = s.stimulus().get(1).bytes();
        assertThat(framed).hasSize(2104 + 8);
        assertThat(framed[0] & 0xFF | (framed[1] & 0xFF) << 8).as("little-endian length").isEqualTo(2104);
        assertThat(s.operations()).containsExactly(FlashOperation.Kind.ERASE);
        assertThat(s.positions()).containsExactly(CutPosition.MIDDLE);
        assertThat(s.seed()).isEqualTo(7);
    }

    @Test
    void lengthCrc32FrameEndsWithTheZlibCrcOfTheImage() {
        byte[] f = ScenarioParser.lengthCrc32("123456789".getBytes());
        // CRC-32/ISO-HDLC check value of "123456789" is CBF43926 (the catalogue's check value).
        assertThat(f).endsWith((byte) 0x26, (byte) 0x39, (byte) 0xF4, (byte) 0xCB);
    }

    @Test
    void badScenariosAreOneLineUserErrors() {
        for (String[] c : List.of(
                new String[] {MINIMAL.replace("run: 2s", "run: soon"), "run wants a duration"},
                new String[] {MINIMAL.replace("name: t", "nmae: t"), "unknown key \"nmae\""},
                new String[] {MINIMAL.replace("app-v1.elf", "nope.elf"), "image firmware/elf/nucleo-l476rg/nope.elf not found"},
                new String[] {MINIMAL.replace("[erase]", "[burn]"), "unknown value \"burn\""},
                new String[] {MINIMAL.replace("must: [\"running\"], must-not: [\"FAULT\"]", "must: []"), "checks nothing"},
                new String[] {MINIMAL.replace("frame: length-crc32", "frame: cobs"), "unknown frame"},
                new String[] {"- a list", "expected a mapping"},
                new String[] {"a: [", "not YAML"})) {
            assertThatThrownBy(() -> parse(c[0])).isInstanceOf(CampaignException.class).hasMessageContaining(c[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
