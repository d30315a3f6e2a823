package io.xipkit.tools.flasher;

import io.xipkit.board.Board;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.tools.target.BoardMemoryMap;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;
import java.util.ArrayList;
import java.util.List;

/** The controller-protocol drivers for every flash region of a board's memory map. */
public final class BoardFlashDrivers {
    private BoardFlashDrivers() {}

    public static List<FlashDriver> of(Board board, DebugTarget target) {
        List<FlashDriver> drivers = new ArrayList<>();
        for (MemoryMap.Region r : target.memoryMap().flashRegions()) {
            PeripheralDescription p = board.description().peripherals().stream()
                    .filter(d -> d.name().equals(r.controller())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no controller " + r.controller() + " for " + r.name()));
            drivers.add(switch (p.type()) {
                case "stm32h7-flash" -> new H7FlashDriver(target, r, p.base());
                case "stm32l4-flash" -> new L4FlashDriver(target, r, p.base());
                case "stm32h7-quadspi" -> {
                    BoardMemoryMap.QspiChips chips = BoardMemoryMap.qspiChips(board, p.name());
                    yield new QuadspiFlashDriver(target, r, p.base(), chips.die(), chips.dual(), chips.bank());
                }
                default -> throw new IllegalStateException("no flash driver for " + p.type());
            });
        }
        return drivers;
    }
}
