package io.xipkit.board;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.stm32.Stm32Mdma;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MDMA of the three RM0433/RM0399 boards: registers at 0x52000000 (RM0433 Table 8), its interrupt
 * on NVIC line 122 (CMSIS MDMA_IRQn), clocked by HCLK, moving data through the board's bus.
 */
class H7MdmaWiringTest {
    static final int MDMA = 0x5200_0000, AXI_SRAM = 0x2400_0000;

    @ParameterizedTest
    @ValueSource(strings = {"stm32h743-w25q128", "stm32h750-w25q128", "stm32h757-mt25tl01g"})
    void aSoftwareCopyEndsWithTheMdmaInterruptPendingOnLine122(String id) {
        Board b = TestBoards.create(id);
        b.reset();
        assertThat(b.model("MDMA", Stm32Mdma.class)).isNotNull();
        assertThat(b.bus().mappingAt(MDMA & 0xFFFF_FFFFL).region().name()).isEqualTo("MDMA");
        b.bus().write32(AXI_SRAM, 0xA5A5_0001);
        int ch = MDMA + 0x40 + 0x40 * 5;
        b.bus().write32(ch + 0x10, 2 | 2 << 2 | 2 << 4 | 2 << 6 | 2 << 8 | 2 << 10 | 3 << 18 | 1 << 28 | 1 << 30); // words, block, SWRM
        b.bus().write32(ch + 0x14, 4);
        b.bus().write32(ch + 0x18, AXI_SRAM);
        b.bus().write32(ch + 0x1C, AXI_SRAM + 0x40);
        b.bus().write32(ch + 0x0C, 1 << 2 | 1);           // CTCIE, EN
        b.bus().write32(ch + 0x0C, 1 << 16 | 1 << 2 | 1); // SWRQ
        assertThat(b.core().systemControl().nvic().isPending(Stm32Mdma.IRQ_NUMBER)).isFalse();
        // Arbitration, then the buffer's end one beat count later (the core is not running: no time passes).
        for (int i = 0; i < 2; i++) b.core().scheduler().runDue(b.core().scheduler().nextDeadline());
        assertThat(b.bus().read32(AXI_SRAM + 0x40)).isEqualTo(0xA5A5_0001);
        assertThat(b.bus().read32(MDMA)).as("GISR0.GIF5").isEqualTo(1 << 5);
        assertThat(b.core().systemControl().nvic().isPending(122)).isTrue();
    }
}
