package io.xipkit.tools.flashalgo;

import java.util.List;
import java.util.Optional;

/**
 * The register blocks a reference manual places where flash algorithms reach (the AHB3 block of
 * the STM32H7, the FMC/QUADSPI register block of the STM32L4), so that a bus fault there can be
 * named even when the board model has no peripheral at that address: then the model, not the
 * algorithm, is at fault.
 */
final class ChipAddressMap {
    record Block(String name, long base, long size) {
        boolean contains(long a) {
            return a >= base && a < base + size;
        }
    }

    /** STM32H7 (RM0433 2.3.2 Table 8 "Register boundary addresses", AHB3 in the D1 domain; RM0399 the same). */
    private static final List<Block> H7 = List.of(
            new Block("MDMA", 0x5200_0000L, 0x1000), new Block("DMA2D", 0x5200_1000L, 0x1000),
            new Block("FLASH", 0x5200_2000L, 0x1000), new Block("JPEG", 0x5200_3000L, 0x1000),
            new Block("FMC", 0x5200_4000L, 0x1000), new Block("QUADSPI", 0x5200_5000L, 0x1000),
            new Block("DLYB QUADSPI", 0x5200_6000L, 0x1000), new Block("SDMMC1", 0x5200_7000L, 0x1000),
            new Block("DLYB SDMMC1", 0x5200_8000L, 0x1000), new Block("RAMECC1", 0x5200_9000L, 0x1000));

    /** STM32L4x5/L4x6 (RM0351 2.2.2 Table 1 "STM32L4x5/L4x6 memory map and peripheral register boundary addresses"). */
    private static final List<Block> L4 = List.of(
            new Block("FMC", 0xA000_0000L, 0x1000), new Block("QUADSPI", 0xA000_1000L, 0x1000),
            new Block("FLASH", 0x4002_2000L, 0x400), new Block("RCC", 0x4002_1000L, 0x400));

    private ChipAddressMap() {}

    /** The register block the manual of the core's chip family places at {@code address}. */
    static Optional<String> blockAt(String coreName, long address) {
        List<Block> blocks = coreName.equals("Cortex-M7") ? H7 : coreName.equals("Cortex-M4") ? L4 : List.of();
        for (Block b : blocks) if (b.contains(address)) return Optional.of(b.name());
        return Optional.empty();
    }
}
