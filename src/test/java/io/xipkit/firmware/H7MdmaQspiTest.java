package io.xipkit.firmware;

import static io.xipkit.firmware.H7Firmware.H750;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.firmware.H7Firmware.Run;
import io.xipkit.tools.state.FlashStateFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our MDMA program (firmware/stm32h7/mdma/mdma_qspi.c) on the STM32H750 board: a W25Q128JV page
 * programmed and read back with the MDMA moving the bytes through QUADSPI_DR on the QUADSPI FIFO
 * threshold trigger, as ST's HAL_QSPI_Transmit_DMA / Receive_DMA do.
 */
class H7MdmaQspiTest {

    @Test
    void aPageProgrammedAndReadBackByMdmaOnTheFifoThresholdTriggerIsInTheFlash(@TempDir Path state) throws Exception {
        Run run = H7Firmware.run(H750, List.of("--state", state.toString()), H7Firmware.TIMEOUT,
                H7Firmware.elf(H750, "mdma_qspi"));
        List<String> lines = Arrays.stream(run.stdout().split("\r?\n")).filter(l -> l.startsWith("mdma:")).toList();
        assertThat(lines).as(run.describe()).containsExactly(
                "mdma: sector 0x200000 erased; QUADSPI FIFO threshold 4 bytes = MDMA trigger 22",
                // CTCIF | BRTIF | BTIF | TCIF: the channel ended after its one block (RM0433 §14.5.2).
                "mdma: page 0x200000 programmed through QUADSPI_DR by MDMA channel 0: CISR=0x1e",
                "mdma: page read back from QUADSPI_DR by MDMA channel 1 (word reads, unpacked): CISR=0x1e, 256 bytes match",
                "mdma: page read by the CPU (03h): CISR=0x00, 256 bytes match",
                // TEIF; CESR.TEA = the failing address's bits 6:0, TED = 0 (a read); EN cleared (§14.3.15).
                "mdma: copy from 0x60000040 (no memory there): CISR=0x01 CESR=0x00000040 EN=0",
                "mdma: all checks passed");
        assertThat(run.status()).as(run.describe()).isZero();

        byte[] chip = FlashStateFile.open(state.resolve("qspi-flash1.flash"), 16 << 20).array();
        byte[] expected = new byte[256];
        for (int i = 0; i < 256; i++) expected[i] = (byte) (i * 29 + 7);
        assertThat(Arrays.copyOfRange(chip, 0x200000, 0x200100)).isEqualTo(expected);
        byte[] restOfSector = Arrays.copyOfRange(chip, 0x200100, 0x201000);
        byte[] erased = new byte[restOfSector.length];
        Arrays.fill(erased, (byte) 0xFF);
        assertThat(restOfSector).as("nothing beyond the page").isEqualTo(erased);
    }
}
