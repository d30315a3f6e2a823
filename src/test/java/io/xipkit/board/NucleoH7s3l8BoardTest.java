package io.xipkit.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.peripherals.quadspi.Stm32Xspi;
import io.xipkit.peripherals.stm32.Stm32Usart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NUCLEO-H7S3L8 description: memories, LEDs, console and the MX25UW25645G on XSPI2 at 0x70000000. */
class NucleoH7s3l8BoardTest {
    private final List<String> events = new ArrayList<>();
    private final Board b = OctalBoardFixture.create("nucleo-h7s3l8", events);

    private static final int XSPI2 = 0x5200A000;

    @Test
    void memoriesSitWhereRm0477PutsThem() {
        b.reset();
        assertThat(b.bus().mappingAt(0x08000000L).region().name()).isEqualTo("flash");
        assertThat(b.bus().mappingAt(0x24000000L + 455 * 1024).region().name()).isEqualTo("axi-sram");
        assertThat(b.bus().mappingAt(0x30004000L).region().name()).isEqualTo("sram2");
        assertThat(b.bus().mappingAt(0x40004800L).region().name()).isEqualTo("USART3");
        assertThat(b.model("USART3", Stm32Usart.class)).isNotNull();
        assertThat(b.model("XSPI2", Stm32Xspi.class)).isNotNull();
    }

    @Test
    void theUserLedsAreBoardEvents() {
        b.reset();
        var bus = b.bus();
        bus.write32(0x58020C00, bus.read32(0x58020C00) & ~(3 << 20) | 1 << 20); // GPIOD MODER10 = output
        bus.write32(0x58020400, bus.read32(0x58020400) & ~(3 << 14) | 1 << 14); // GPIOB MODER7 = output
        bus.write32(0x58020C00 + 0x14, 1 << 10); // GPIOD ODR: LD1
        bus.write32(0x58020400 + 0x14, 1 << 7);  // GPIOB ODR: LD3
        assertThat(events).anyMatch(e -> e.startsWith("LED LD1-green (PD10) on"))
                .anyMatch(e -> e.startsWith("LED LD3-red (PB7) on"));
    }

    @Test
    void xspi2ReadsTheChipIdAndItsWindowAt0x70000000IsGatedByMemoryMappedMode() {
        b.reset();
        var bus = b.bus();
        assertThatThrownBy(() -> bus.read32(0x70000000)).isInstanceOf(BusErrorException.class);
        assertThat(OctalBoardFixture.readId(bus, XSPI2, 24, 3)).as("32 MiB, 200 MHz / 4").isEqualTo(0x3981C2);
        OctalBoardFixture.mapWithRead4b(bus, XSPI2); // the erased chip
        assertThat(bus.read32(0x70000000)).isEqualTo(0xFFFFFFFF);
    }

    @Test
    void gpioPortsMToPHoldTheXspimPort2PinsAndPortsIToLAreAbsent() {
        b.reset();
        var bus = b.bus();
        int gpion = 0x58023400;
        assertThat(bus.read32(gpion)).as("GPION_MODER: analog at reset").isEqualTo(0xFFFFFFFF);
        // PN6 (XSPIM_P2_CLK) in alternate function 9, very high speed, as a board set-up does.
        bus.write32(gpion, bus.read32(gpion) & ~(3 << 12) | 2 << 12);
        bus.write32(gpion + 0x08, 3 << 12);
        bus.write32(gpion + 0x20, 9 << 24);
        assertThat(bus.read32(gpion + 0x20)).isEqualTo(9 << 24);
        for (int port : new int[] {0x58023000, 0x58023800, 0x58023C00}) {
            assertThat(b.bus().mappingAt(port).region().name()).startsWith("GPIO");
        }
        assertThat(b.bus().mappingAt(0x58022000L)).as("no GPIOI on the H7R/S").isNull();
    }

    @Test
    void xspimSwappedModeTakesTheChipOnPort2AwayFromXspi2() {
        b.reset();
        var bus = b.bus();
        bus.write32(0x5200B400, 1 << 1);                // XSPIM_CR.MODE: swapped, XSPI2 on the empty port 1
        assertThat(OctalBoardFixture.readId(bus, XSPI2, 24, 3)).as("floating lines").isEqualTo(0xFFFFFF);
        b.reset();
        assertThat(bus.read32(0x5200B400)).as("XSPIM_CR resets to direct mode").isZero();
    }
}
