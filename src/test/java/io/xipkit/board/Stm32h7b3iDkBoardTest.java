package io.xipkit.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.peripherals.quadspi.Stm32Octospi;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.Stm32Usart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The STM32H7B3I-DK description: memories, LEDs, console and the MX25LM51245G on OCTOSPI1 at 0x90000000. */
class Stm32h7b3iDkBoardTest {
    private final List<String> events = new ArrayList<>();
    private final Board b = OctalBoardFixture.create("stm32h7b3i-dk", events);

    private static final int OCTOSPI1 = 0x52005000;

    @Test
    void memoriesAndPeripheralsSitWhereRm0455PutsThem() {
        b.reset();
        assertThat(b.bus().mappingAt(0x08000000L).region().name()).isEqualTo("flash-bank-0x08000000");
        assertThat(b.bus().mappingAt(0x08000000L + (2 << 20) - 1).region().name()).isEqualTo("flash-bank-0x08100000");
        assertThat(b.model("FLASH", H7FlashMemory.class).geometry().sectorBytes()).as("RM0455: 8 KB sectors").isEqualTo(8 << 10);
        assertThat(b.bus().read32(0x5200200C)).as("FLASH_CR1 at its RM0455 place, LOCK set").isEqualTo(1);
        assertThat(b.bus().read32(0x58024400)).as("RCC_CR: HSI on and ready, CPU/CD clocks ready").isEqualTo(0x0000_C025);
        assertThat(b.bus().mappingAt(0x20000000L + (128 << 10) - 1).region().name()).isEqualTo("dtcm");
        assertThat(b.bus().mappingAt(0x24000000L + (1 << 20) - 1).region().name()).isEqualTo("axi-sram");
        assertThat(b.bus().mappingAt(0x30010000L).region().name()).isEqualTo("sram2");
        assertThat(b.bus().mappingAt(0x38000000L).region().name()).isEqualTo("srd-sram");
        assertThat(b.bus().mappingAt(0x40011000L).region().name()).isEqualTo("USART1");
        assertThat(b.model("USART1", Stm32Usart.class)).isNotNull();
        assertThat(b.model("OCTOSPI1", Stm32Octospi.class)).isNotNull();
        assertThat(b.bus().read32(OCTOSPI1 + 0x3FC)).as("the OCTOSPI magic ID OpenOCD probes").isEqualTo(0xA3C5DD01);
        assertThat(b.bus().read32(0x5200B404)).as("OCTOSPIM_P1CR: port 1 on OCTOSPI1").isEqualTo(0x03010111);
    }

    @Test
    void theUserLedsOnPortGAreBoardEvents() {
        b.reset();
        var bus = b.bus();
        bus.write32(0x58021800, bus.read32(0x58021800) & ~(3 << 22 | 3 << 4) | 1 << 22 | 1 << 4); // PG11, PG2 outputs
        bus.write32(0x58021800 + 0x14, 1 << 11 | 1 << 2);
        assertThat(events).anyMatch(e -> e.startsWith("LED LD1-red (PG11) on"))
                .anyMatch(e -> e.startsWith("LED LD2-blue (PG2) on"));
    }

    @Test
    void octospi1ReadsTheChipIdAndItsWindowAt0x90000000IsGatedByMemoryMappedMode() {
        b.reset();
        var bus = b.bus();
        assertThatThrownBy(() -> bus.read32(0x90000000)).isInstanceOf(BusErrorException.class);
        assertThat(OctalBoardFixture.readId(bus, OCTOSPI1, 25, 1)).as("64 MiB, 64 MHz / 2").isEqualTo(0x3A85C2);
        OctalBoardFixture.mapWithRead4b(bus, OCTOSPI1); // the erased chip
        assertThat(bus.read32(0x90000000)).isEqualTo(0xFFFFFFFF);
        assertThatThrownBy(() -> bus.write32(0x90000000, 0)).isInstanceOf(BusErrorException.class);
    }

    /**
     * ST's HAL MspDeInit pulses RCC_AHB3RSTR.OCTOSPI1RST (bit 14, stm32h7b3xx.h): the controller goes
     * back to its reset state, which also ends a memory-mapped transaction whose BUSY would otherwise
     * stay 1 with no timeout (TCEN = 0); ST's MX25LM51245G loader relies on it between its calls.
     */
    @Test
    void rccResetOfOctospi1EndsAMemoryMappedTransactionAndRestoresTheResetState() {
        b.reset();
        var bus = b.bus();
        bus.write32(OCTOSPI1 + 0x08, 25 << 16); // DCR1.DEVSIZE: 64 MiB
        OctalBoardFixture.mapWithRead4b(bus, OCTOSPI1);
        bus.read32(0x90000000);
        assertThat(bus.read32(OCTOSPI1 + 0x20) & 1 << 5).as("SR.BUSY: chip select held after the access").isNotZero();
        int ahb3rstr = 0x5802447C;
        bus.write32(ahb3rstr, 1 << 14);
        bus.write32(ahb3rstr, 0);
        assertThat(bus.read32(OCTOSPI1 + 0x20) & 1 << 5).isZero();
        assertThat(bus.read32(OCTOSPI1)).as("OCTOSPI_CR back to its reset value").isZero();
        assertThatThrownBy(() -> bus.read32(0x90000000)).isInstanceOf(BusErrorException.class);
    }
}
