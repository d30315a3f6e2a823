package io.xipkit.board;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.SystemBus;
import io.xipkit.peripherals.stm32.BoardFileGeometries;
import io.xipkit.peripherals.stm32.H7FlashGeometry;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.L4FlashGeometry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The board files are the one description of a board: the flash models take their bank addresses,
 * bank, sector and page sizes and the factory boot address from them (a file with another geometry
 * builds a model with that geometry), and a file whose values the register map cannot drive, or
 * which contradict each other, is refused naming the file, the line and the key.
 */
class BoardFileGeometryTest {
    private final BoardDescriptionParser parser = new BoardDescriptionParser();

    private static String shipped(String id) throws IOException {
        try (InputStream in = BoardCatalog.class.getResourceAsStream(id + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Board build(String file, String yaml) {
        return TestBoards.of(parser.parse(file, yaml));
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
    void theXspiAndOctospiWindowsAreMappedWhereTheBoardFileSays() throws IOException {
        String xspi = shipped("nucleo-h7s3l8").replace("window: 0x70000000", "window: 0xA0000000");
        Board h7s = build("xspi.yaml", xspi);
        assertThat(h7s.bus().mappingAt(0xA0000000L).region().name()).isEqualTo(h7s.bus().mappingAt(0xAFFFFFFFL).region().name());
        assertThat(h7s.bus().mappingAt(0x70000000L)).isNull();
        String octospi = shipped("stm32h7b3i-dk").replace("window: 0x90000000", "window: 0x70000000");
        Board h7b = build("octospi.yaml", octospi);
        assertThat(h7b.bus().mappingAt(0x70000000L)).isNotNull();
        assertThat(h7b.bus().mappingAt(0x90000000L)).isNull();
    }

    @Test
    void aWindowTheControllerDoesNotDecodeNamesFileLineAndKey() throws IOException {
        String quadspi = shipped("stm32h750-w25q128").replace("window-size: 256MiB", "window-size: 128MiB");
        assertThatThrownBy(() -> build("q.yaml", quadspi)).isInstanceOf(BoardException.class)
                .hasMessage("board file q.yaml: line " + lineOf(quadspi, "window-size: 128MiB") + ": peripherals[20].window-size: "
                        + "128MiB is not the window the controller decodes (256MiB, RM0433 23.3.7)");
        String xspi = shipped("nucleo-h7s3l8").replace("window: 0x70000000", "window: 0x78000000");
        assertThatThrownBy(() -> build("x.yaml", xspi)).isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board file x.yaml: line " + lineOf(xspi, "window: 0x78000000") + ": peripherals[")
                .hasMessageEndingWith("].window: 0x78000000 is not a 256MiB-aligned block of the address space");
        String onFlash = shipped("stm32h7b3i-dk").replace("window: 0x90000000", "window: 0x00000000");
        assertThatThrownBy(() -> build("o.yaml", onFlash)).isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board file o.yaml: line " + lineOf(onFlash, "window: 0x00000000") + ": peripherals[")
                .hasMessageContaining("].window: ");
        String missing = shipped("nucleo-h7s3l8").replace("window: 0x70000000, ", "");
        assertThatThrownBy(() -> build("m.yaml", missing)).isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board file m.yaml: line ").hasMessageEndingWith("].window: missing");
    }

    @Test
    void anH7BoardFileWithOtherBanksAndSectorsBuildsAFlashWithThem() throws IOException {
        String yaml = shipped("stm32h743-w25q128")
                .replace("banks: [0x08000000, 0x08100000], bank-size: 1MiB, sector: 128KiB",
                        "banks: [0x08000000, 0x08080000], bank-size: 512KiB, sector: 64KiB");
        Board b = build("h743-small.yaml", yaml);
        H7FlashMemory flash = (H7FlashMemory) b.models().get("FLASH");
        assertThat(flash.geometry()).isEqualTo(new H7FlashGeometry(List.of(0x0800_0000L, 0x0808_0000L), 512 << 10, 64 << 10, 0x0800_0000L));
        assertThat(b.bus().mappingAt(0x0808_0000L).region()).isSameAs(flash.bankRegion(1));
        assertThat(b.bus().mappingAt(0x0810_0000L)).isNull();
        // The loader finds bank 2 at its new place: the last byte of bank 1 and the first of bank 2.
        flash.load(0x0807_FFFFL, new byte[] {0x11, 0x22});
        assertThat(b.bus().read8(0x0807_FFFF) & 0xFF).isEqualTo(0x11);
        assertThat(b.bus().read8(0x0808_0000) & 0xFF).isEqualTo(0x22);
    }

    @Test
    void anL4BoardFileWithASmallerFlashBuildsAFlashOfThatSize() throws IOException {
        String yaml = shipped("nucleo-l476rg").replace("size: 1MiB, bank-size: 512KiB, page: 2KiB",
                "size: 512KiB, bank-size: 256KiB, page: 4KiB");
        Board b = build("l4-small.yaml", yaml);
        L4Flash flash = (L4Flash) b.models().get("FLASH");
        assertThat(flash.geometry()).isEqualTo(new L4FlashGeometry(0x0800_0000L, 256 << 10, 4 << 10));
        assertThat(b.bus().mappingAt(0x0800_0000L).region().size()).isEqualTo(512 << 10);
        assertThat(b.bus().mappingAt(0x0808_0000L)).isNull();
        // A page of bank 2 is 4 KiB at 0x08040000 + n * 4 KiB: erase page 1 of bank 2.
        flash.memory().load(0x4_0FFC, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
        SystemBus bus = b.bus();
        bus.write32(0x4002_2008, L4Flash.KEY1); // FLASH_KEYR (RM0351 3.7.3)
        bus.write32(0x4002_2008, L4Flash.KEY2);
        bus.write32(0x4002_2014, (1 << 1) | (1 << 3) | (1 << 11) | (1 << 16)); // CR: PER, PNB = 1, BKER, STRT
        assertThat(bus.read32(0x0804_0FFC)).isEqualTo(0x0403_0201);
        assertThat(bus.read32(0x0804_1000)).isEqualTo(-1);
        assertThat(flash.physicalWord(2, 0x1FFC)).isEqualTo(-1);
        assertThat(flash.physicalWord(2, 0x2000)).isEqualTo(-1); // erased from the start: nothing else was there
        assertThat(flash.physicalWord(2, 0x0FFC)).isEqualTo(0x0403_0201);
    }

    @Test
    void theBootAddressIsTheBoardFiles() throws IOException {
        String yaml = shipped("stm32h743-w25q128").replace("boot-add0: 0x08000000", "boot-add0: 0x08100000");
        Board b = build("h743-boot2.yaml", yaml);
        assertThat(((H7FlashMemory) b.models().get("FLASH")).bootAddress(false)).isEqualTo(0x0810_0000L);
    }

    @Test
    void geometriesTheRegistersCannotDriveNameFileLineAndKey() throws IOException {
        String sector = shipped("stm32h750-w25q128").replace("sector: 128KiB", "sector: 96KiB");
        assertThatThrownBy(() -> build("h750.yaml", sector)).isInstanceOf(BoardException.class)
                .hasMessage("board file h750.yaml: line " + lineOf(sector, "sector: 96KiB") + ": peripherals[2].sector: "
                        + "96KiB is not a power of two of whole 256-bit flash words (RM0433 4.3.8)");
        String sectors = shipped("stm32h743-w25q128").replace("sector: 128KiB", "sector: 64KiB");
        assertThatThrownBy(() -> build("h743.yaml", sectors))
                .hasMessage("board file h743.yaml: line " + lineOf(sectors, "sector: 64KiB") + ": peripherals[2].bank-size: "
                        + "1MiB in 64KiB sectors is 16 sectors; FLASH_CR.SNB names at most 8 (RM0433 4.9.4)");
        String pages = shipped("nucleo-l476rg").replace("page: 2KiB", "page: 1KiB");
        assertThatThrownBy(() -> build("l4.yaml", pages))
                .hasMessage("board file l4.yaml: line " + lineOf(pages, "page: 1KiB") + ": peripherals[2].page: "
                        + "a bank of 512KiB in 1KiB pages has 512 pages; FLASH_CR.PNB names at most 256 (RM0351 3.7.6)");
        String bank = shipped("nucleo-l476rg").replace("bank-size: 512KiB", "bank-size: 384KiB");
        assertThatThrownBy(() -> build("l4.yaml", bank))
                .hasMessage("board file l4.yaml: line " + lineOf(bank, "bank-size: 384KiB") + ": peripherals[2].bank-size: "
                        + "384KiB is not a power of two (FB_MODE swaps the banks by one address bit, RM0351 9.2.1)");
    }

    @Test
    void valuesThatContradictEachOtherNameFileLineAndKey() throws IOException {
        String size = shipped("nucleo-l476rg").replace("size: 1MiB", "size: 2MiB");
        assertThatThrownBy(() -> build("l4.yaml", size))
                .hasMessage("board file l4.yaml: line " + lineOf(size, "size: 2MiB") + ": peripherals[2].size: "
                        + "2MiB is not two banks of bank-size 512KiB (the model is the dual-bank organisation, RM0351 3.3.1)");
        String banks = shipped("stm32h743-w25q128").replace("banks: [0x08000000, 0x08100000]", "banks: [0x08000000, 0x08080000]");
        assertThatThrownBy(() -> build("h743.yaml", banks))
                .hasMessage("board file h743.yaml: line " + lineOf(banks, "0x08080000") + ": peripherals[2].banks: "
                        + "banks at 0x08000000 and 0x08080000 overlap (each holds 1MiB)");
        String boot = shipped("stm32h757-mt25tl01g").replace("boot-add0: 0x08000000", "boot-add0: 0x08040000");
        assertThatThrownBy(() -> build("h757.yaml", boot))
                .hasMessage("board file h757.yaml: line " + lineOf(boot, "boot-add0: 0x08040000") + ": peripherals[2].boot-add0: "
                        + "0x08040000 is not the start of a bank (banks at [0x08000000, 0x08100000])");
        String onRam = shipped("nucleo-l476rg").replace("memory: 0x08000000", "memory: 0x20000000");
        assertThatThrownBy(() -> build("l4.yaml", onRam))
                .hasMessage("board file l4.yaml: line " + lineOf(onRam, "memory: 0x20000000") + ": peripherals[2].memory: "
                        + "flash at 0x20000000..0x200fffff overlaps sram1 at 0x20000000..0x20017fff");
        String window = shipped("stm32h750-w25q128").replace("window: 0x90000000", "window: 0x90001000");
        assertThatThrownBy(() -> build("w.yaml", window))
                .hasMessageEndingWith("window: 0x90001000 is not a 256MiB-aligned block of the address space");
    }

    @Test
    void aTypoInAGeometryKeyNamesFileLineAndKey() throws IOException {
        String typo = shipped("nucleo-l476rg").replace("bank-size: 512KiB", "bank-szie: 512KiB");
        assertThatThrownBy(() -> build("l4.yaml", typo))
                .hasMessage("board file l4.yaml: line " + lineOf(typo, "bank-szie") + ": peripherals[2].bank-szie: "
                        + "unknown key (expected one of bank-size, base, irq, memory, name, page, size, type)");
        String missing = shipped("stm32h750-w25q128").replace(", sector: 128KiB", "");
        assertThatThrownBy(() -> build("h750.yaml", missing))
                .hasMessageStartingWith("board file h750.yaml: line ").hasMessageEndingWith(": peripherals[2].sector: missing");
    }

    @Test
    void theTestGeometriesAreTheShippedBoardFiles() throws IOException {
        assertThat(((L4Flash) build("l4", shipped("nucleo-l476rg")).models().get("FLASH")).geometry())
                .isEqualTo(BoardFileGeometries.L476);
        assertThat(((H7FlashMemory) build("h743", shipped("stm32h743-w25q128")).models().get("FLASH")).geometry())
                .isEqualTo(BoardFileGeometries.H743);
        assertThat(((H7FlashMemory) build("h750", shipped("stm32h750-w25q128")).models().get("FLASH")).geometry())
                .isEqualTo(BoardFileGeometries.H750);
        assertThat(((H7FlashMemory) build("h757", shipped("stm32h757-mt25tl01g")).models().get("FLASH")).geometry())
                .isEqualTo(BoardFileGeometries.H757);
        assertThat(((H7FlashMemory) build("h7b3", shipped("stm32h7b3i-dk")).models().get("FLASH")).geometry())
                .isEqualTo(BoardFileGeometries.H7B3);
    }
}
