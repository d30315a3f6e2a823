package io.xipkit.peripherals.debug;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CoreSight identification a debugger reads while it discovers a chip: ROM tables (ADIv5.2
 * chapter D3: 32-bit entries, offset from the table | format | present, a zero entry ends the table)
 * and the Peripheral and Component ID registers at 0xFD0-0xFFC of every 4 KiB component (ADIv5.2
 * D1.2: PIDR4-7, PIDR0-3, CIDR0-3; CIDR = 0xB105_n00D with n the component class; the PIDR carries
 * the designer's JEP106 code and continuation, the part number and the revision).
 *
 * <p>Registers of components the model implements (SCS, DWT, FPB, ITM) come from the bus; the
 * pages of trace components that are not modelled (ETM, CTI, TPIU, SWO, funnels, ETF, TSGEN) read
 * as zero apart from their IDs and ignore writes, so a debugger that enables trace sees no error.
 */
public final class CoreSightIds implements MemAp.DebugBus {
    /** JEP106 designer codes with the continuation count in bits 10:7 (ADIv5.2 D1.2.2). */
    public static final int ARM = 0x4 << 7 | 0x3B, ST = 0x20;
    /** CIDR component classes (ADIv5.2 D1.2.1). */
    public static final int CLASS_ROM = 0x1, CLASS_CORESIGHT = 0x9, CLASS_GENERIC = 0xE, CLASS_PRIMECELL = 0xF;

    /**
     * One 4 KiB component.
     *
     * @param address   base of its 4 KiB page
     * @param cls       CIDR1[7:4]
     * @param designer  JEP106 code, continuation count in bits 10:7
     * @param part      PIDR part number (12 bits)
     * @param entries   ROM table entries (empty for other components)
     * @param modelled  whether the bus has the component's other registers
     * @param revision  PIDR2[7:4], the component's revision (0 unless a source gives another)
     */
    public record Component(int address, int cls, int designer, int part, List<Integer> entries, boolean modelled, int revision) {
        public Component {
            entries = List.copyOf(entries);
        }

        public static Component romTable(int address, int designer, int part, List<Integer> entries) {
            return new Component(address, CLASS_ROM, designer, part, entries, false, 0);
        }

        public static Component modelled(int address, int cls, int designer, int part) {
            return new Component(address, cls, designer, part, List.of(), true, 0);
        }

        public static Component idOnly(int address, int cls, int designer, int part) {
            return new Component(address, cls, designer, part, List.of(), false, 0);
        }

        /** The same component with PIDR2.REVISION = {@code revision}. */
        public Component revision(int revision) {
            return new Component(address, cls, designer, part, entries, modelled, revision);
        }

        /** ID register at {@code offset} (0xFD0-0xFFC) of this component. */
        public int idRegister(int offset) {
            return switch (offset) {
                case 0xFD0 -> designer >>> 7 & 0xF;                       // PIDR4: continuation, 4 KiB
                case 0xFE0 -> part & 0xFF;                                 // PIDR0
                case 0xFE4 -> (part >>> 8 & 0xF) | (designer & 0xF) << 4;  // PIDR1
                case 0xFE8 -> (designer >>> 4 & 0x7) | 0x8 | revision << 4; // PIDR2: JEDEC code used, revision
                case 0xFF0 -> 0x0D;
                case 0xFF4 -> cls << 4;
                case 0xFF8 -> 0x05;
                case 0xFFC -> 0xB1;
                default -> 0;                                              // PIDR5-7, PIDR3 (RevAnd 0, CMOD 0)
            };
        }
    }

    /** ROM table entry for a component at {@code target}, present (ADIv5.2 D3.4.4). */
    public static int present(int table, int target) {
        return (target - table) | 0b11;
    }

    /** ROM table entry that is listed but not present (bit 0 clear), so the table goes on. */
    public static int absent(int table, int target) {
        return (target - table) | 0b10;
    }

    private final TreeMap<Integer, Component> pages = new TreeMap<>();
    private final MemAp.DebugBus bus;

    /** @param bus where every other address goes */
    public CoreSightIds(MemAp.DebugBus bus, List<Component> components) {
        this.bus = bus;
        for (Component c : components) pages.put(c.address(), c);
    }

    public Map<Integer, Component> components() {
        return java.util.Collections.unmodifiableMap(pages);
    }

    @Override
    public int read(int address, int size) {
        Component c = pages.get(address & ~0xFFF);
        if (c == null) return bus.read(address, size);
        int offset = address & 0xFFF;
        if (offset >= 0xFD0) return (c.idRegister(offset & ~3) >>> (address & 3) * 8) & sizeMask(size);
        if (!c.entries().isEmpty() || c.cls() == CLASS_ROM) {
            if (offset == 0xFCC) return 1;                                    // MEMTYPE.SYSMEM: system memory on the bus
            int index = offset >>> 2;
            return index < c.entries().size() ? c.entries().get(index) >>> (address & 3) * 8 & sizeMask(size) : 0;
        }
        return c.modelled() ? bus.read(address, size) : 0;
    }

    @Override
    public void write(int address, int size, int value) {
        Component c = pages.get(address & ~0xFFF);
        if (c == null || (c.modelled() && (address & 0xFFF) < 0xFD0)) bus.write(address, size, value);
    }

    private static int sizeMask(int size) {
        return size == 4 ? -1 : (1 << size * 8) - 1;
    }
}
