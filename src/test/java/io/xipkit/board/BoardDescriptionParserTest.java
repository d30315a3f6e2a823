package io.xipkit.board;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.CoreVariant;
import org.junit.jupiter.api.Test;

class BoardDescriptionParserTest {
    private final BoardDescriptionParser parser = new BoardDescriptionParser();

    private static String board(String memories) {
        return "id: t\ncore: cortex-m4\nclock: 16MHz\nmemories:\n" + memories;
    }

    @Test
    void genericM7HasTheMps2An500MemoryMap() {
        BoardDescription d = new BoardCatalog().describe("generic-m7");
        assertThat(d.core()).isEqualTo(CoreVariant.CORTEX_M7);
        assertThat(d.clockHz()).isEqualTo(25_000_000L);
        assertThat(d.memories()).extracting(MemoryDescription::name, MemoryDescription::base, MemoryDescription::size, MemoryDescription::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ssram1", 0x0000_0000L, 4L << 20, MemoryKind.RAM),
                        org.assertj.core.groups.Tuple.tuple("ssram1-mirror", 0x0040_0000L, 4L << 20, MemoryKind.MIRROR),
                        org.assertj.core.groups.Tuple.tuple("ssram23", 0x2000_0000L, 4L << 20, MemoryKind.RAM),
                        org.assertj.core.groups.Tuple.tuple("ssram23-mirror", 0x2040_0000L, 4L << 20, MemoryKind.MIRROR),
                        org.assertj.core.groups.Tuple.tuple("psram", 0x6000_0000L, 16L << 20, MemoryKind.RAM));
    }

    @Test
    void numbersMayBeHexDecimalOrCarryUnits() {
        BoardDescription d = parser.parse("t.yaml", board(
                "  - {name: a, base: 0x0800_0000, size: 64KiB, kind: rom}\n"
                        + "  - {name: b, base: \"536870912\", size: 0x1000, kind: ram}\n"));
        assertThat(d.clockHz()).isEqualTo(16_000_000L);
        assertThat(d.memories().get(0).base()).isEqualTo(0x0800_0000L);
        assertThat(d.memories().get(0).size()).isEqualTo(65536L);
        assertThat(d.memories().get(1).base()).isEqualTo(0x2000_0000L);
        assertThat(d.memories().get(1).size()).isEqualTo(0x1000L);
    }

    @Test
    void malformedYamlIsOneLineNamingTheFileAndLine() {
        assertThatThrownBy(() -> parser.parse("bad.yaml", "id: [unclosed\ncore: x\n"))
                .isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board file bad.yaml: line")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aKeyWrittenTwiceInOneMappingIsAnErrorAtItsSecondLine() {
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - name: a\n    base: 0\n    size: 4\n    kind: ram\n    size: 8\n")))
                .hasMessage("board file t.yaml: line 9: memories[0].size: written twice in one mapping");
        assertThatThrownBy(() -> parser.parse("t.yaml", "id: t\nid: u\ncore: cortex-m4\nclock: 1\nmemories: []\n"))
                .hasMessage("board file t.yaml: line 2: id: written twice in one mapping");
    }

    @Test
    void yesNoOnAndOffAreNamesNotBooleans() {
        BoardDescription d = parser.parse("t.yaml", board("  - {name: on, base: 0, size: 4, kind: ram}\n  - {name: no, base: 16, size: 4, kind: ram}\n"));
        assertThat(d.memories()).extracting(MemoryDescription::name).containsExactly("on", "no");
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - {name: true, base: 0, size: 4, kind: ram}\n")))
                .hasMessage("board file t.yaml: line 5: memories[0].name: expected a non-empty string");
    }

    @Test
    void eachProblemNamesTheKey() {
        assertThatThrownBy(() -> parser.parse("t.yaml", "id: t\ncore: cortex-m7\nclock: 1\nmemories:\n  - {name: a, base: 0, size: lots, kind: ram}\n"))
                .hasMessage("board file t.yaml: line 5: memories[0].size: expected a size such as 4MiB or 0x400000, got \"lots\"");
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - {name: a, base: 0, size: 4, kind: ram, colour: red}\n")))
                .hasMessageContaining("memories[0].colour: unknown key");
        assertThatThrownBy(() -> parser.parse("t.yaml", "id: t\ncore: cortex-a53\nclock: 1\nmemories: []\n"))
                .hasMessageContaining("core: unknown core \"cortex-a53\"");
        assertThatThrownBy(() -> parser.parse("t.yaml", "id: t\ncore: cortex-m7\nmemories:\n  - {name: a, base: 0, size: 4, kind: ram}\n"))
                .hasMessage("board file t.yaml: clock: missing"); // no line: the key is not there
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - {name: a, base: 0, size: 4, kind: flash}\n")))
                .hasMessageContaining("memories[0].kind: unknown kind \"flash\"");
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - {name: m, base: 0x100, kind: mirror, of: nothing}\n")))
                .hasMessageContaining("memories[0].of: \"nothing\" is not a RAM or ROM memory listed before this mirror");
        assertThatThrownBy(() -> parser.parse("t.yaml", "- just\n- a list\n"))
                .hasMessageStartingWith("board file t.yaml: expected a mapping");
    }

    /** A typo in a board file: the message names the file, the line and the key. */
    @Test
    void aTypoNamesTheFileTheLineAndTheKey() {
        String yaml = "id: t\ncore: cortex-m7\nclock: 1MHz\nmemories:\n"
                + "  - name: a\n    base: 0\n    size: 4KiB\n    kind: ram\n"
                + "  - name: b\n    base: 0x1000\n    szie: 4KiB\n    kind: ram\n";
        assertThatThrownBy(() -> parser.parse("t.yaml", yaml))
                .hasMessage("board file t.yaml: line 11: memories[1].szie: unknown key (expected one of base, kind, name, of, size)");
        String peripheral = "id: x\ncore: cortex-m7\nclock: 1MHz\nmemories:\n  - {name: r, base: 0, size: 4KiB, kind: ram}\n"
                + "peripherals:\n  - {type: stm32h7-rcc, name: RCC, base: 0x58024400, hse: 25MHz, variant: rm0433}\n"
                + "  - type: stm32-usart\n    name: USART1\n    base: 0x40011000\n    family: h7\n    idnex: 1\n";
        BoardDescription d = parser.parse("x.yaml", peripheral);
        assertThatThrownBy(() -> TestBoards.of(d))
                .hasMessage("board file x.yaml: line 12: peripherals[1].idnex: unknown key (expected one of base, console, family, index, irq, kernel-clock, name, type)");
    }

    @Test
    void aMissingKeyNamesTheLineOfItsEntry() {
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - {name: a, base: 0, size: 4, kind: ram}\n  - {name: b, size: 4, kind: ram}\n")))
                .hasMessage("board file t.yaml: line 6: memories[1].base: missing");
    }

    @Test
    void overlappingOrOversizedMemoriesAreRefused() {
        assertThatThrownBy(() -> parser.parse("t.yaml", board(
                "  - {name: a, base: 0, size: 1MiB, kind: ram}\n  - {name: b, base: 0x80000, size: 1MiB, kind: ram}\n")))
                .hasMessageContaining("memories[1].base: b (0x00080000..0x0017ffff) overlaps a (0x00000000..0x000fffff)");
        assertThatThrownBy(() -> parser.parse("t.yaml", board("  - {name: a, base: 0xFFFFF000, size: 64KiB, kind: ram}\n")))
                .hasMessageContaining("leaves the 32-bit address space");
    }

    @Test
    void unknownBoardIdListsTheKnownOnes() {
        assertThatThrownBy(() -> new BoardCatalog().describe("stm32-nope"))
                .isInstanceOf(BoardException.class)
                .hasMessage("unknown board \"stm32-nope\" (known boards: generic-m7, nucleo-l476rg, stm32h750-w25q128, "
                        + "stm32h757-mt25tl01g, stm32h743-w25q128, nucleo-h7s3l8, stm32h7b3i-dk)");
    }

    @Test
    void everyListedBoardParses() {
        BoardCatalog catalog = TestBoards.catalog();
        assertThat(catalog.ids()).contains("generic-m7");
        for (String id : catalog.ids()) assertThat(catalog.describe(id).id()).isEqualTo(id);
    }

    @Test
    void sysTickFactsAreBoardDataWithTheCoreDefaultsWhenAbsent() {
        String mem = "  - {name: a, base: 0, size: 4KiB, kind: ram}\n";
        assertThat(parser.parse("t.yaml", board(mem)).sysTick()).isEqualTo(SysTickDescription.DEFAULT);
        SysTickDescription s = parser.parse("t.yaml", board(mem)
                + "systick: {clksource-at-reset: reference, reference: 1MHz, calib: 0x0000270F}\n").sysTick();
        assertThat(s).isEqualTo(new SysTickDescription(false, 1_000_000L, 8, 0x270F));
        assertThat(parser.parse("t.yaml", board(mem) + "systick: {reference: core/8}\n").sysTick())
                .isEqualTo(new SysTickDescription(true, 0, 8, -1));
        assertThatThrownBy(() -> parser.parse("t.yaml", board(mem) + "systick: {clksource-at-reset: hclk}\n"))
                .hasMessageContaining("t.yaml").hasMessageContaining("systick.clksource-at-reset");
        assertThatThrownBy(() -> parser.parse("t.yaml", board(mem) + "systick: {calib: 0x01000000}\n"))
                .hasMessageContaining("systick.calib").hasMessageContaining("reserved");
        assertThatThrownBy(() -> parser.parse("t.yaml", board(mem) + "systick: {tenms: 9999}\n"))
                .hasMessageContaining("systick.tenms");
    }
}
