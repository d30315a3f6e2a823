package io.xipkit.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The board files state the memory windows, flash geometry and boot addresses; the factories map
 * what the file says and refuse a file that describes a part other than the one modelled, naming
 * the file, the line and the key.
 */
class BoardFileGeometryTest {
    private final BoardDescriptionParser parser = new BoardDescriptionParser();

    private static String shipped(String id) throws IOException {
        try (InputStream in = BoardCatalog.class.getResourceAsStream(id + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Board build(String file, String yaml) {
        return new Board(parser.parse(file, yaml), BoardHost.inMemory(), PeripheralFactories.standard());
    }

    private static int lineOf(String yaml, String text) {
        return (int) yaml.substring(0, yaml.indexOf(text)).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void theQuadspiWindowIsMappedWhereTheBoardFileSaysAndNowhereElse() throws IOException {
        String yaml = shipped("stm32h750-w25q128").replace("window: 0x90000000", "window: 0x70000000");
        Board b = build("moved.yaml", yaml);
        assertThat(b.bus().mappingAt(0x70000000L).region().name()).isEqualTo("quadspi-window");
        assertThat(b.bus().mappingAt(0x90000000L)).isNull();
    }

    @Test
    void aFlashGeometryOtherThanTheModelledPartNamesFileLineAndKey() throws IOException {
        String yaml = shipped("stm32h750-w25q128").replace("bank-size: 128KiB", "bank-size: 1MiB");
        assertThatThrownBy(() -> build("h750.yaml", yaml)).isInstanceOf(BoardException.class)
                .hasMessage("board file h750.yaml: line " + lineOf(yaml, "bank-size: 1MiB") + ": peripherals[2].bank-size: "
                        + "the H750 flash has 128KiB banks (RM0433 4.3.4), not 0x100000");
        String l4 = shipped("nucleo-l476rg").replace("page: 2KiB", "page: 4KiB");
        assertThatThrownBy(() -> build("l4.yaml", l4))
                .hasMessage("board file l4.yaml: line " + lineOf(l4, "page: 4KiB") + ": peripherals[2].page: "
                        + "the STM32L476 flash model has 2KiB pages (RM0351 3.3.1), not 0x1000");
    }

    @Test
    void bankAddressesAndBootAddressAreCheckedToo() throws IOException {
        String banks = shipped("stm32h743-w25q128").replace("banks: [0x08000000, 0x08100000]", "banks: [0x08000000, 0x08080000]");
        assertThatThrownBy(() -> build("h743.yaml", banks))
                .hasMessageEndingWith("banks: the H743 flash has its banks at [0x08000000, 0x08100000] (RM0433 4.3.4), "
                        + "the board file says [0x08000000, 0x08080000]");
        String boot = shipped("stm32h757-mt25tl01g").replace("boot-add0: 0x08000000", "boot-add0: 0x08100000");
        assertThatThrownBy(() -> build("h757.yaml", boot))
                .hasMessageContaining(": line " + lineOf(boot, "boot-add0: 0x08100000") + ": ")
                .hasMessageEndingWith("boot-add0: the H757 flash leaves the factory with BOOT_ADD0 = 0x08000000 (RM0433 4.4.2), not 0x8100000");
        String window = shipped("stm32h750-w25q128").replace("window: 0x90000000", "window: 0x90001000");
        assertThatThrownBy(() -> build("w.yaml", window))
                .hasMessageEndingWith("window: 0x90001000 is not a 256MiB-aligned block of the address space");
    }

    @Test
    void everyShippedStm32BoardStatesItsWindowsGeometryAndBootAddress() throws IOException {
        for (String id : new String[] {"stm32h750-w25q128", "stm32h743-w25q128", "stm32h757-mt25tl01g"}) {
            assertThat(shipped(id)).contains("window: 0x90000000", "window-size: 256MiB", "banks: [", "bank-size: ",
                    "sector: 128KiB", "boot-add0: 0x08000000");
        }
        assertThat(shipped("nucleo-l476rg")).contains("memory: 0x08000000", "size: 1MiB", "bank-size: 512KiB", "page: 2KiB");
    }
}
