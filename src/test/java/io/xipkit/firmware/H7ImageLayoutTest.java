package io.xipkit.firmware;

import static io.xipkit.firmware.H7Firmware.H750;
import static io.xipkit.firmware.H7Firmware.H757;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.image.LoadableImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the boards rely on in the committed STM32H7 ELFs, checked without running them: where each
 * program loads (internal flash 0x08000000 for the bootloaders and pitfalls, the QUADSPI window at
 * 0x90000000 for the apps), the vector tables the core and the bootloader read, and the asset table.
 */
class H7ImageLayoutTest {
    private static final long FLASH = 0x0800_0000L, FLASH_END = FLASH + 128 * 1024;
    private static final long XIP = 0x9000_0000L, XIP_END = XIP + 16 * 1024 * 1024;
    private static final int STACK_TOP = 0x2002_0000; // DTCM 0x20000000 + 128 KB

    @Test
    void theCommittedElfsAreExactlyTheProgramsOfBothBoards() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(H7Firmware.ELF_DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "stm32h750-w25q128-app.elf", "stm32h750-w25q128-app_debug.elf", "stm32h750-w25q128-bench_ram.elf",
                    "stm32h750-w25q128-bench_xip.elf", "stm32h750-w25q128-bootloader.elf",
                    "stm32h750-w25q128-bootloader_ram.elf", "stm32h750-w25q128-flash_loop.elf",
                    "stm32h750-w25q128-fresh_after_invalidate.elf", "stm32h750-w25q128-halpoll.elf",
                    "stm32h750-w25q128-mcuboot-app-v1.elf",
                    "stm32h750-w25q128-mcuboot-app-v2-slot1.elf", "stm32h750-w25q128-mcuboot-app-v2.elf",
                    "stm32h750-w25q128-mcuboot-app-v3.elf", "stm32h750-w25q128-mcuboot-directxip.elf",
                    "stm32h750-w25q128-mcuboot-overwrite.elf", "stm32h750-w25q128-mcuboot-swap.elf",
                    "stm32h750-w25q128-mdma_qspi.elf",
                    "stm32h750-w25q128-pitfall_mmap_before_enable.elf",
                    "stm32h750-w25q128-pitfall_stale_dcache.elf", "stm32h750-w25q128-pitfall_wrong_protocol.elf",
                    "stm32h750-w25q128-selfupdate-app-v0.elf", "stm32h750-w25q128-selfupdate-app-v2.elf",
                    "stm32h750-w25q128-selfupdate-app.elf",
                    "stm32h750-w25q128-selfupdate-boot.elf",
                    "stm32h750-w25q128-uartboot.elf",
                    "stm32h750-w25q128-uartboot_app.elf", "stm32h757-mt25tl01g-app.elf",
                    "stm32h757-mt25tl01g-bootloader.elf", "stm32h757-mt25tl01g-mcuboot-app-v1.elf",
                    "stm32h757-mt25tl01g-mcuboot-app-v2-slot1.elf", "stm32h757-mt25tl01g-mcuboot-app-v2.elf",
                    "stm32h757-mt25tl01g-mcuboot-app-v3.elf", "stm32h757-mt25tl01g-mcuboot-directxip.elf",
                    "stm32h757-mt25tl01g-mcuboot-overwrite.elf", "stm32h757-mt25tl01g-mcuboot-swap.elf",
                    "stm32h757-mt25tl01g-xipwrite-app.elf",
                    "stm32h757-mt25tl01g-xipwrite-boot.elf", "stm32h757-mt25tl01g-xipwrite-wrong-inxip.elf",
                    "stm32h757-mt25tl01g-xipwrite-wrong-noinvalidate.elf", "stm32h757-mt25tl01g-xipwrite-wrong-nolocks.elf",
                    "stm32h757-mt25tl01g-xipwrite-wrong-nothumb.elf", "stm32h757-mt25tl01g-xipwrite-wrong-strreentry.elf",
                    "stm32h757-mt25tl01g-xipwrite-wrong-unmasked.elf", "stm32h757-mt25tl01g-xipwrite-wrong-wiponedie.elf");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stm32h750-w25q128-bootloader", "stm32h757-mt25tl01g-bootloader",
            "stm32h750-w25q128-pitfall_mmap_before_enable", "stm32h750-w25q128-pitfall_stale_dcache",
            "stm32h750-w25q128-fresh_after_invalidate", "stm32h750-w25q128-bootloader_ram",
            "stm32h750-w25q128-uartboot", "stm32h750-w25q128-flash_loop", "stm32h750-w25q128-mdma_qspi",
            "stm32h750-w25q128-mcuboot-overwrite",
            "stm32h750-w25q128-mcuboot-directxip", "stm32h757-mt25tl01g-mcuboot-overwrite", "stm32h757-mt25tl01g-mcuboot-directxip",
            "stm32h750-w25q128-mcuboot-swap", "stm32h757-mt25tl01g-mcuboot-swap", "stm32h750-w25q128-pitfall_wrong_protocol",
            "stm32h750-w25q128-selfupdate-boot"})
    void internalFlashProgramsBootFromTheVectorTableAt0x08000000(String name) {
        String board = name.startsWith(H750) ? H750 : H757;
        String program = name.substring(board.length() + 1);
        assertThat(H7Firmware.word(board, program, FLASH)).as("initial SP").isEqualTo(STACK_TOP);
        int reset = H7Firmware.word(board, program, FLASH + 4);
        assertThat(reset & 1).as("Thumb bit of the reset vector").isEqualTo(1);
        assertThat(reset & ~1).isEqualTo(H7Firmware.symbol(board, program, "Reset_Handler"));
        for (LoadableImage.Segment s : H7Firmware.image(board, program).segments()) {
            if (s.size() == 0) continue;
            boolean inFlash = s.address() >= FLASH && s.end() <= FLASH_END;
            boolean testSector = s.address() >= XIP + 0x10000 && s.end() <= XIP + 0x11000;
            assertThat(inFlash || testSector).as("%s in %s", s, name).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {H750, H757})
    void appsLoadEntirelyIntoTheQuadspiWindowWithTheirVectorTableFirst(String board) {
        assertThat(H7Firmware.word(board, "app", XIP)).as("initial SP").isEqualTo(STACK_TOP);
        int reset = H7Firmware.word(board, "app", XIP + 4);
        assertThat(reset & ~1).isEqualTo(H7Firmware.symbol(board, "app", "Reset_Handler"));
        assertThat(reset & 1).isEqualTo(1);
        List<LoadableImage.Segment> segments = H7Firmware.image(board, "app").segments();
        assertThat(segments).isNotEmpty();
        for (LoadableImage.Segment s : segments) {
            if (s.size() == 0) continue;
            assertThat(s.address() >= XIP && s.end() <= XIP_END).as("%s", s).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {H750, H757})
    void theAssetTableIs64KbAndItsStoredChecksumMatchesItsDefinition(String board) {
        int assets = H7Firmware.symbol(board, "app", "assets");
        int end = H7Firmware.symbol(board, "app", "assets_end");
        assertThat(end - assets).isEqualTo(65536);
        assertThat(H7Firmware.word(board, "app", assets)).isEqualTo(0x7F4A7C15);
        assertThat(H7Firmware.word(board, "app", assets + 4)).isEqualTo(0x9E3779B1 + 0x7F4A7C15);
        assertThat(H7Firmware.word(board, "app", H7Firmware.symbol(board, "app", "assets_checksum")))
                .isEqualTo(H7Firmware.assetChecksum());
    }
}
