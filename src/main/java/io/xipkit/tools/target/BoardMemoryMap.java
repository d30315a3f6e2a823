package io.xipkit.tools.target;

import io.xipkit.board.Board;
import io.xipkit.board.MemoryDescription;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.quadspi.Stm32Octospi;
import io.xipkit.peripherals.quadspi.Stm32Quadspi;
import io.xipkit.peripherals.quadspi.Stm32Xspi;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.H7FlashGeometry;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.L4FlashGeometry;
import java.util.ArrayList;
import java.util.List;

/** Derives a board's {@link MemoryMap} from its board file and the models built from it. */
public final class BoardMemoryMap {
    private BoardMemoryMap() {}

    public static MemoryMap of(Board board) {
        List<MemoryMap.Region> regions = new ArrayList<>();
        for (MemoryDescription m : board.description().memories()) {
            MemoryMap.Kind kind = switch (m.kind()) {
                case ROM -> MemoryMap.Kind.ROM;
                default -> MemoryMap.Kind.RAM;
            };
            long size = m.size() > 0 ? m.size() : board.memory(m.name()).size();
            regions.add(new MemoryMap.Region(m.name(), kind, m.base(), size, 0, null, 0));
        }
        for (PeripheralDescription p : board.description().peripherals()) {
            Object model = board.models().get(p.name());
            if (model instanceof H7FlashMemory h7) {
                H7FlashGeometry g = h7.geometry();
                for (int i = 0; i < g.banks(); i++) {
                    regions.add(new MemoryMap.Region("flash-bank" + (i + 1), MemoryMap.Kind.FLASH, g.bankBase(i),
                            g.bankBytes(), g.sectorBytes(), p.name(), i + 1));
                }
            } else if (model instanceof L4Flash l4) {
                L4FlashGeometry g = l4.geometry();
                for (int i = 0; i < 2; i++) {
                    regions.add(new MemoryMap.Region("flash-bank" + (i + 1), MemoryMap.Kind.FLASH,
                            g.memoryBase() + (long) i * g.bankBytes(), g.bankBytes(), g.pageBytes(), p.name(), i + 1));
                }
            } else if (model instanceof Stm32Quadspi) {
                QspiChips chips = QspiChips.of(p);
                regions.add(new MemoryMap.Region("qspi-flash", MemoryMap.Kind.FLASH, window(p),
                        chips.windowBytes(), chips.eraseUnit(), p.name(), 0));
            } else {
                OctalChip o = OctalChip.of(board, p);
                if (o != null) {
                    regions.add(new MemoryMap.Region(o.storage(), MemoryMap.Kind.FLASH, o.window(), o.part().sizeBytes(),
                            o.part().smallestErase(), p.name(), 0));
                }
            }
        }
        return new MemoryMap(regions);
    }

    /** Where a controller's memory-mapped window is: its board-file entry's window key (checked when the board was built). */
    public static long window(PeripheralDescription controller) {
        return controller.params().quantity("window");
    }

    /**
     * The chip behind an XSPI or OCTOSPI entry of a built board: the one on the I/O-manager port
     * routed to this controller at reset (port n to controller n, RM0477 "XSPI I/O manager (XSPIM)" / RM0455 23.4), or
     * wired to it directly, as state "xspiN-flash" / "octospiN-flash" with N the controller's instance.
     *
     * @param prefix "xspi" or "octospi"
     */
    public record OctalChip(String prefix, long instance, String storage, NorPart part, long window) {
        /** The chip behind entry {@code p}, or null when {@code p} is no XSPI/OCTOSPI or has no memory. */
        public static OctalChip of(Board board, PeripheralDescription p) {
            Object model = board.models().get(p.name());
            if (!(model instanceof Stm32Xspi || model instanceof Stm32Octospi)) return null;
            String prefix = model instanceof Stm32Xspi ? "xspi" : "octospi";
            long n = p.params().quantity("instance");
            String storage = prefix + n + "-flash";
            return board.models().get(storage) instanceof NorChip chip
                    ? new OctalChip(prefix, n, storage, chip.part(), BoardMemoryMap.window(p)) : null;
        }
    }

    /**
     * The NOR chips behind a QUADSPI entry of the board file: one die, or two in dual-flash mode,
     * where every window byte pair is split between the dies (RM0433 section 23.3.3 "Dual-flash
     * mode"), so the window and every erase unit are twice a die's.
     */
    public record QspiChips(NorPart die, boolean dual, int bank) {
        public static QspiChips of(PeripheralDescription p) {
            NorCatalog catalog = NorCatalog.standard();
            NorPart part = catalog.part(p.params().text("flash"));
            boolean dual = p.params().flag("dual", false);
            return new QspiChips(dual ? catalog.diePart(part) : part, dual, dual ? 0 : (int) p.params().quantity("bank", 1));
        }

        public long windowBytes() {
            return die.sizeBytes() * (dual ? 2 : 1);
        }

        /** The smallest erase of the die, doubled in dual-flash mode. */
        public long eraseUnit() {
            long unit = die.erases().stream().mapToLong(NorPart.Erase::size).min().orElse(die.sizeBytes());
            return unit * (dual ? 2 : 1);
        }
    }

    /** The QUADSPI chips of the board's entry called {@code name}. */
    public static QspiChips qspiChips(Board board, String name) {
        for (PeripheralDescription p : board.description().peripherals()) {
            if (p.name().equals(name)) return QspiChips.of(p);
        }
        throw new IllegalArgumentException("board " + board.id() + " has no peripheral " + name);
    }
}
