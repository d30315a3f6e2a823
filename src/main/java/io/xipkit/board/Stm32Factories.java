package io.xipkit.board;

import java.util.Map;

/** Factories for the STM32 peripheral models (io.xipkit.peripherals.stm32, .quadspi). */
final class Stm32Factories {
    private Stm32Factories() {}

    static void addTo(Map<String, PeripheralFactory> m) {
    }
}
