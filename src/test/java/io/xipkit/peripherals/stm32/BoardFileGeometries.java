package io.xipkit.peripherals.stm32;

import java.util.List;

/**
 * The flash geometries and SRAM windows the committed board files state (nucleo-l476rg.yaml,
 * stm32h743/h750/h757-*.yaml, stm32h7b3i-dk.yaml), for tests that build a model without a board; BoardGeometryTest
 * checks these against the board files, so they cannot drift.
 */
public final class BoardFileGeometries {
    private BoardFileGeometries() {}

    public static final L4FlashGeometry L476 = new L4FlashGeometry(0x0800_0000L, 512 << 10, 2 << 10);
    public static final int L476_SIZE = L476.sizeBytes();
    public static final int L476_BANK = L476.bankBytes();
    /** SRAM1, SRAM2 and SRAM2's alias after SRAM1, as nucleo-l476rg.yaml lists them. */
    public static final List<L4Boot.Sram> L476_SRAMS = List.of(new L4Boot.Sram(0x2000_0000L, 96 << 10),
            new L4Boot.Sram(0x1000_0000L, 32 << 10), new L4Boot.Sram(0x2001_8000L, 32 << 10));

    public static final H7FlashGeometry H743 = new H7FlashGeometry(List.of(0x0800_0000L, 0x0810_0000L), 1 << 20, 128 << 10, 0x0800_0000L);
    public static final H7FlashGeometry H750 = new H7FlashGeometry(List.of(0x0800_0000L), 128 << 10, 128 << 10, 0x0800_0000L);
    public static final H7FlashGeometry H757 = H743;
    /** stm32h7b3i-dk.yaml: two 1 MB banks of 8 KB sectors (RM0455 4.3.4). */
    public static final H7FlashGeometry H7B3 = new H7FlashGeometry(List.of(0x0800_0000L, 0x0810_0000L), 1 << 20, 8 << 10, 0x0800_0000L);

    public static H7FlashGeometry of(H7FlashVariant variant) {
        return switch (variant) {
            case H743 -> H743;
            case H750 -> H750;
            case H757 -> H757;
            case H7B3 -> H7B3;
        };
    }
}
