package io.xipkit.tools.report;

import io.xipkit.board.BoardDescription;
import io.xipkit.board.BoardException;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.tools.target.BoardMemoryMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a flash memory of the board (a state file: "flash-bank1", "qspi-flash1", ...) appears in
 * the CPU's address space, read from the board description, so a flash map can place ELF sections
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

    /** The flash memories of a board as its description places them (unknown kinds are left out). */
    public static List<MappedStorage> of(BoardDescription board) {
        List<MappedStorage> out = new ArrayList<>();
        for (PeripheralDescription p : board.peripherals()) {
            try {
                switch (p.type()) {
                    case "stm32h7-flash" -> {
                        List<Long> banks = p.params().quantities("banks");
                        long bankSize = p.params().quantity("bank-size");
                        int sector = (int) p.params().quantity("sector");
                        for (int i = 0; i < banks.size(); i++) {
                            out.add(new MappedStorage("flash-bank" + (i + 1), "internal flash bank " + (i + 1),
                                    banks.get(i), bankSize, sector, 1, 0));
                        }
                    }
                    case "stm32l4-flash" -> out.add(new MappedStorage("flash", "internal flash (both banks)",
                            p.params().quantity("memory"), p.params().quantity("size"), (int) p.params().quantity("page"), 1, 0));
                    case "stm32h7-quadspi" -> quadspi(p, out);
                    case "stm32h7rs-xspi", "stm32h7ab-octospi" -> {
                        if (!p.params().has("flash")) continue;                // the chip is on the I/O manager
                        octal(p.type().contains("xspi") ? "xspi" : "octospi", p.params().quantity("instance"),
                                p.params().text("flash"), out);
                    }
                    case "stm32h7rs-xspim", "stm32h7ab-octospim" -> {
                        // Port n goes to controller n at reset (RM0477 26.3, RM0455 23.4): its window.
                        for (int port = 1; port <= 2; port++) {
                            if (p.params().has("port" + port)) {
                                octal(p.type().contains("xspi") ? "xspi" : "octospi", port, p.params().text("port" + port), out);
                            }
                        }
                    }
                    default -> { }
                }
            } catch (BoardException | IllegalArgumentException e) {
                // The board was built from this description already, so this cannot happen for a
                // catalog board; a map without that memory is still a useful map.
            }
        }
        return out;
    }

    /** A chip behind XSPI/OCTOSPI {@code n} (storage "xspiN-flash" / "octospiN-flash"), in that controller's window. */
    private static void octal(String prefix, long n, String flash, List<MappedStorage> out) {
        NorPart part = NorCatalog.standard().part(flash);
        long window = BoardMemoryMap.octalWindow(prefix.equals("xspi"), n);
        out.add(new MappedStorage(prefix + n + "-flash", prefix.toUpperCase(java.util.Locale.ROOT) + n + " flash (" + part.part() + ")",
                window, part.sizeBytes(), (int) part.smallestErase(), 1, 0));
    }

    private static void quadspi(PeripheralDescription p, List<MappedStorage> out) {
        BoardMemoryMap.QspiChips c = BoardMemoryMap.QspiChips.of(p);
        NorPart die = c.die();
        long window = p.params().quantity("window", 0x9000_0000L);
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
