package io.xipkit.firmware;

import static io.xipkit.firmware.H7Firmware.H750;
import static io.xipkit.firmware.H7Firmware.H757;
import static io.xipkit.firmware.H7Firmware.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.firmware.H7Firmware.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7 bootloader in internal flash brings up clocks, USART1 and the QUADSPI NOR flash, maps
 * it at 0x90000000 and starts the application linked there; the application enables the caches,
 * blinks the LED, checks its 64 KB asset table through the window and exits with status 0.
 *
 * <p>The console (USART1) and semihosting output both reach the run's stdout. Only the lines the
 * firmware prints are compared (board logs such as GPIO pin changes may be interleaved). Addresses
 * come from the committed ELFs, the checksum from the table's definition.
 *
 * <p>These need the boards {@code stm32h750-w25q128} and {@code stm32h757-mt25tl01g} with RCC/PWR,
 * FLASH, GPIO, USART1, QUADSPI (+ window) and the M7 caches wired; until then they fail.
 */
class H7BootTest {

    @Test
    void h750BootloaderStartsTheXipAppWhichChecksItsAssetsAndExitsWithZero() {
        Run run = H7Firmware.run(H750, H7Firmware.elf(H750, "bootloader"), H7Firmware.elf(H750, "app"));
        assertThat(run.firmwareLines()).as(run.describe()).containsExactlyElementsOf(List.of(
                "boot: STM32H750, HSE 25 MHz, PLL1 480 MHz (LDO, VOS0)",
                "boot: QUADSPI W25Q128JV, JEDEC ID ef 40 18",
                "boot: W25Q128JV SR2 0x02: QE already set",
                "boot: memory-mapped at 0x90000000, app SP 0x20020000 reset " + appResetVector(H750),
                "app: running from " + hex(H7Firmware.symbol(H750, "app", "main")),
                "app: I-cache 16 KB, D-cache 16 KB enabled",
                "app: blinked LED PE3 3 times",
                "app: assets 65536 bytes at " + hex(H7Firmware.symbol(H750, "app", "assets"))
                        + ", checksum " + hex(H7Firmware.assetChecksum()) + " ok"));
        assertThat(run.status()).as(run.describe()).isZero();
    }

    @Test
    void h757BootloaderUsesBothMicronDiesInDualFlashModeAndStartsTheXipApp() {
        Run run = H7Firmware.run(H757, H7Firmware.elf(H757, "bootloader"), H7Firmware.elf(H757, "app"));
        assertThat(run.firmwareLines()).as(run.describe()).containsExactlyElementsOf(List.of(
                "boot: STM32H757, HSE 25 MHz, PLL1 400 MHz (direct SMPS, VOS1)",
                "boot: QUADSPI MT25TL01G dual-flash, JEDEC ID (dies interleaved) 20 20 ba ba 20 20",
                "boot: MT25TL01G 4-byte addressing, FSR 81 81, VCR ab ab (10 dummy clocks)",
                "boot: memory-mapped at 0x90000000, app SP 0x20020000 reset " + appResetVector(H757),
                "app: running from " + hex(H7Firmware.symbol(H757, "app", "main")),
                "app: I-cache 16 KB, D-cache 16 KB enabled",
                "app: blinked LED PI12 3 times",
                "app: assets 65536 bytes at " + hex(H7Firmware.symbol(H757, "app", "assets"))
                        + ", checksum " + hex(H7Firmware.assetChecksum()) + " ok"));
        assertThat(run.status()).as(run.describe()).isZero();
    }

    @Test
    void bootloaderWithoutAnAppInTheExternalFlashRefusesToJump() {
        Run run = H7Firmware.run(H750, H7Firmware.elf(H750, "bootloader"));
        List<String> lines = run.firmwareLines();
        assertThat(lines).as(run.describe()).hasSize(5);
        assertThat(lines.get(3)).as(run.describe())
                .isEqualTo("boot: memory-mapped at 0x90000000, app SP 0xffffffff reset 0xffffffff");
        assertThat(lines.get(4)).isEqualTo("boot: no application at 0x90000000");
        assertThat(run.status()).as(run.describe()).isEqualTo(1);
    }

    /** Word 1 of the app's vector table at 0x90000004, as the bootloader reads and prints it. */
    private static String appResetVector(String board) {
        int reset = H7Firmware.word(board, "app", 0x9000_0004L);
        assertThat(reset & ~1).isEqualTo(H7Firmware.symbol(board, "app", "Reset_Handler"));
        return hex(reset);
    }
}
