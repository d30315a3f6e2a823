package io.xipkit.tools.report;

import io.xipkit.board.Board;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.quadspi.Stm32Quadspi;
import io.xipkit.peripherals.stm32.H7FlashGeometry;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.L4FlashGeometry;
import io.xipkit.tools.target.BoardMemoryMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a flash memory of the board (a state file: "flash-bank1", "qspi-flash1", ...) appears in
 * the CPU's address space, read from the board's models, so a flash map can place ELF sections
 * and images on it.
 *
 * @param storage    the memory's state name
 * @param title      what the map calls it, e.g. "QUADSPI flash 1 (W25Q128JV)"
 * @param cpuBase    the CPU address of its first byte (of its lane, for dual-flash)
 * @param size       bytes
 * @param eraseUnit  the smallest erase of the memory (a sector of internal flash, the chip's smallest erase)
 * @param interleave 1, or 2 when two chips share a window byte by byte (QUADSPI dual-flash mode:
 *                   even window bytes on flash 1, odd on flash 2, RM0433 23.3.2)
 * @param lane       which of the interleaved chips this is (0 or 1)
 */
public record MappedStorage(String storage, String title, long cpuBase, long size, int eraseUnit, int interleave, int lane) {

    /**
     * The flash memories of a built board where its models put them: the internal flash geometry
     * from the flash model, the controllers' windows and chips as {@link BoardMemoryMap} reads them.
     */
    public static List<MappedStorage> of(Board board) {
        List<MappedStorage> out = new ArrayList<>();
        for (PeripheralDescription p : board.description().peripherals()) {
            Object model = board.models().get(p.name());
            if (model instanceof H7FlashMemory h7) {
                H7FlashGeometry g = h7.geometry();
                for (int i = 0; i < g.banks(); i++) {
                    out.add(new MappedStorage("flash-bank" + (i + 1), "internal flash bank " + (i + 1),
                            g.bankBase(i), g.bankBytes(), g.sectorBytes(), 1, 0));
                }
            } else if (model instanceof L4Flash l4) {
                L4FlashGeometry g = l4.geometry();
                out.add(new MappedStorage("flash", "internal flash (both banks)", g.memoryBase(), g.sizeBytes(), g.pageBytes(), 1, 0));
            } else if (model instanceof Stm32Quadspi) {
                quadspi(p, out);
            } else {
                BoardMemoryMap.OctalChip o = BoardMemoryMap.OctalChip.of(board, p);
                if (o != null) {
                    out.add(new MappedStorage(o.storage(), o.prefix().toUpperCase(Locale.ROOT) + o.instance() + " flash ("
                            + o.part().part() + ")", o.window(), o.part().sizeBytes(), (int) o.part().smallestErase(), 1, 0));
                }
            }
        }
        return out;
    }

    private static void quadspi(PeripheralDescription p, List<MappedStorage> out) {
        BoardMemoryMap.QspiChips c = BoardMemoryMap.QspiChips.of(p);
        NorPart die = c.die();
        long window = BoardMemoryMap.window(p);
        if (c.dual()) {
            for (int lane = 0; lane < 2; lane++) {
                out.add(new MappedStorage("qspi-flash" + (lane + 1), "QUADSPI flash " + (lane + 1) + " (" + die.part()
                        + ", dual-flash: " + (lane == 0 ? "even" : "odd") + " bytes of the window)", window, die.sizeBytes(),
                        (int) die.smallestErase(), 2, lane));
            }
        } else {
            out.add(new MappedStorage("qspi-flash" + c.bank(), "QUADSPI flash " + c.bank() + " (" + die.part() + ")", window,
                    die.sizeBytes(), (int) die.smallestErase(), 1, 0));
        }
    }
}
