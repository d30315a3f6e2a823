package io.xipkit.board;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.NotMemoryException;
import io.xipkit.bus.Region;
import io.xipkit.bus.RomWritePolicy;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.SysTick;
import io.xipkit.cpu.jit.BlockTranslator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A board built from a {@link BoardDescription}: the system bus with the described memories
 * and the core. Everything lives in the instance, so boards are independent of each other.
 */
public final class Board {
    private final BoardDescription description;
    private final SystemBus bus = new SystemBus();
    private final Core core;
    /** What firmware did that the models warn about (the tools layer shows it at exit). */
    private final io.xipkit.peripherals.ModelWarnings warnings;
    /** [start, end) of every loaded segment, for {@link #semihostingHeapInfo()}. */
    private final List<long[]> loaded = new ArrayList<>();
    private final BoardHost host;
    private final Map<String, Object> models = new java.util.LinkedHashMap<>();
    private final List<io.xipkit.peripherals.Resettable> resettables = new ArrayList<>();
    private final List<Runnable> bootHooks = new ArrayList<>();
    private final List<Runnable> beforeCoreResetHooks = new ArrayList<>();
    private final Map<String, Region> memoriesByName = new HashMap<>();
    private ResetCause lastResetCause = ResetCause.POWER_ON;
    private ResetCause pendingResetCause;

    /** Why the MCU last reset (reset-cause flags in RCC follow it). */
    public enum ResetCause { POWER_ON, PIN, SOFTWARE, OPTION_BYTE_LOAD }

    public Board(BoardDescription description) {
        this(description, BoardHost.inMemory(), PeripheralFactories.standard());
    }

    /** A board whose core runs hot code translated ({@link #Board(BoardDescription, BoardHost, PeripheralFactories, boolean)}). */
    public Board(BoardDescription description, BoardHost host, PeripheralFactories factories) {
        this(description, host, factories, true);
    }

    /**
     * Builds the board: memories, core, then each peripheral entry through its factory.
     *
     * @param translation whether the core runs hot code as basic blocks translated to JVM bytecode
     *        (false: it interprets every instruction; the results are the same, only slower)
     * @throws BoardException for a description that cannot be built (unknown peripheral type...)
     */
    public Board(BoardDescription description, BoardHost host, PeripheralFactories factories, boolean translation) {
        this.description = description;
        this.host = host;
        for (MemoryDescription m : description.memories()) {
            Region region;
            switch (m.kind()) {
                case RAM: region = MemoryRegion.ram(m.name(), (int) m.size()); break;
                case ROM: region = MemoryRegion.rom(m.name(), (int) m.size(), RomWritePolicy.IGNORE); break;
                default: region = memoriesByName.get(m.mirrorOf()); break;
            }
            if (region == null) {
                throw new BoardException("board " + description.id() + ": mirror " + m.name()
                        + " refers to unknown memory " + m.mirrorOf());
            }
            memoriesByName.put(m.name(), region);
            try {
                bus.map(m.base(), region);
            } catch (IllegalArgumentException e) {
                throw new BoardException("board " + description.id() + ": " + e.getMessage());
            }
        }
        core = new Core(description.core(), bus, description.clockHz());
        if (translation) core.setTranslator(new BlockTranslator(core));   // hot code as JVM bytecode
        // The PC of each warning is wired by the tools layer that runs the core
        // (tools.run.WarningReport.attributeToCore): the board uses the core through methods only.
        warnings = new io.xipkit.peripherals.ModelWarnings(core.clock());
        configureSysTick(description.sysTick());
        // SYSRESETREQ (AIRCR) resets the whole board, not only the core: memories keep their content.
        core.setSystemResetHandler(() -> {
            ResetCause cause = pendingResetCause != null ? pendingResetCause : ResetCause.SOFTWARE;
            pendingResetCause = null;
            reset(cause);
        });
        BoardAssembly assembly = new BoardAssembly(this);
        for (PeripheralDescription p : description.peripherals()) {
            factories.get(p).build(p, assembly);
        }
    }

    /** The board's SysTick facts; they survive resets, CLKSOURCE takes its value at each reset. */
    private void configureSysTick(SysTickDescription d) {
        SysTick sysTick = core.systemControl().sysTick();
        sysTick.setClockSourceAtReset(d.resetOnCoreClock());
        if (d.referenceHz() > 0) sysTick.setReferenceClockHz(d.referenceHz());
        else sysTick.setReferenceClockDivider(d.referenceDivider());
        if (d.calib() != -1) sysTick.setCalibration(d.calib());
    }

    public BoardHost host() {
        return host;
    }

    /** The board's model warnings: every peripheral and chip reports here. */
    public io.xipkit.peripherals.ModelWarnings warnings() {
        return warnings;
    }

    /** The model built for a peripheral entry, by the entry's name. */
    public <T> T model(String name, Class<T> type) {
        Object o = models.get(name);
        if (!type.isInstance(o)) {
            throw new BoardException("board " + id() + " has no " + type.getSimpleName() + " called " + name);
        }
        return type.cast(o);
    }

    /**
     * Every model built from the board file, by entry name, in file order, and the parts entries
     * built on their buses (flash chips, by storage name).
     */
    public Map<String, Object> models() {
        return java.util.Collections.unmodifiableMap(models);
    }

    void registerModel(String name, Object model) {
        models.put(name, model);
    }

    void onReset(io.xipkit.peripherals.Resettable r) {
        resettables.add(r);
    }

    void onBoot(Runnable hook) {
        bootHooks.add(hook);
    }

    public BoardDescription description() {
        return description;
    }

    public String id() {
        return description.id();
    }

    /**
     * The board's flash storages were rewritten from outside between two runs of the core (a
     * campaign resumed a snapshot with a cut's flash in them): the models' copies derived from them
     * follow ({@link io.xipkit.bus.StorageRewritten}).
     */
    public void storageRewritten() {
        for (Object m : models().values()) if (m instanceof io.xipkit.bus.StorageRewritten s) s.storageRewritten();
    }

    public SystemBus bus() {
        return bus;
    }

    public Core core() {
        return core;
    }

    /**
     * System reset: every peripheral returns to its reset state (non-volatile content stays), the
     * core takes its initial SP and PC from the vector table, then the boot hooks run (a part
     * whose boot address comes from option bytes moves the core there).
     */
    public void reset() {
        reset(ResetCause.POWER_ON);
    }

    /** A reset for a given cause (the cause is what firmware reads back from RCC). */
    public void reset(ResetCause cause) {
        if (cause != ResetCause.POWER_ON) host.beforeReset();
        lastResetCause = cause;
        for (io.xipkit.peripherals.Resettable r : resettables) r.reset();
        for (Runnable hook : beforeCoreResetHooks) hook.run();
        // Only a power-on reset clears the debug registers; a pin or software reset keeps them
        // (DDI 0403E C1.4), so a debugger's VC_CORERESET halts the core at the reset handler.
        if (cause == ResetCause.POWER_ON) core.powerOnReset();
        else core.reset();
        for (Runnable hook : bootHooks) hook.run();
    }

    /** Resets the whole MCU between instructions, for the given cause (OBL_LAUNCH, say). */
    public void requestReset(ResetCause cause) {
        pendingResetCause = cause;
        core.requestSystemReset();
    }

    public ResetCause lastResetCause() {
        return lastResetCause;
    }

    /** A memory of the board file, by name (for peripherals that remap memories). */
    public Region memory(String name) {
        Region r = memoriesByName.get(name);
        if (r == null) throw new BoardException("board " + id() + " has no memory called " + name);
        return r;
    }

    void onBeforeCoreReset(Runnable hook) {
        beforeCoreResetHooks.add(hook);
    }

    /**
     * Stores a segment of which only the first {@code stored} bytes come from the image file, the
     * rest being an ELF segment's zero fill (p_memsz beyond p_filesz: a .bss whose load address
     * follows the image). The zero fill goes where the board's own memories are (RAM, ROM), as
     * QEMU's loader places it; in a flash device (an internal-flash controller, a NOR chip behind
     * its window) only the stored bytes land, as a probe programs only the file's contents.
     *
     * @return how many bytes were stored
     */
    public int loadSegment(String imageName, long address, byte[] data, int stored) {
        byte[] placed = stored < data.length && !inOwnMemory(address + stored) ? Arrays.copyOf(data, stored) : data;
        loadSegment(imageName, address, placed);
        return placed.length;
    }

    private boolean inOwnMemory(long address) {
        return description.memoryAt(address).isPresent();
    }

    /** The memories a loader may write, with their address ranges, for messages. */
    public String loadableMemories() {
        return SegmentPlacement.memories(bus.mappings());
    }

    /**
     * Stores one segment of an image as a programmer would (ROM included).
     *
     * @param imageName names the image in messages ("app.elf")
     * @throws BoardException when any byte of the segment is in no memory of this board, or in a
     *                        mirror (see {@link SegmentPlacement})
     */
    public void loadSegment(String imageName, long address, byte[] data) {
        if (data.length == 0) return;
        SegmentPlacement.check(bus, description.id(), imageName, address, data.length);
        try {
            bus.loadBytes(address, data);
        } catch (NotMemoryException e) {
            throw new BoardException(String.format("segment 0x%08x..0x%08x (%d bytes) of %s is in no memory of board %s",
                    address, address + data.length - 1, data.length, imageName, description.id()));
        }
        loaded.add(new long[] {address, address + data.length});
    }

    /**
     * The four words SYS_HEAPINFO reports: heap base, heap limit, stack base, stack limit.
     * Computed as QEMU (7.2, semihosting/arm-compat-semi.c, common_semi_find_bases) does, so a
     * program whose C library start-up places its stack and heap from these values runs with the
     * same layout under both: take the largest RAM range of the map (the first of equal ones, in
     * address order; mirrors count, ROM does not), find the largest gap in it not covered by a
     * loaded segment, and report {gap start, gap end, gap end, gap start}. Zeros ("let the
     * C library choose") when there is no RAM.
     */
    public int[] semihostingHeapInfo() {
        MemoryDescription ram = null;
        for (MemoryDescription m : description.memories()) {
            boolean writable = m.kind() == MemoryKind.RAM || (m.kind() == MemoryKind.MIRROR && kindOf(m.mirrorOf()) == MemoryKind.RAM);
            if (writable && (ram == null || m.size() > ram.size() || (m.size() == ram.size() && m.base() < ram.base()))) {
                ram = m;
            }
        }
        if (ram == null) return new int[4];
        List<long[]> inside = new ArrayList<>();
        for (long[] s : loaded) {
            long a = Math.max(s[0], ram.base());
            long b = Math.min(s[1], ram.end());
            if (a < b) inside.add(new long[] {a, b});
        }
        inside.sort((x, y) -> Long.compare(x[0], y[0]));
        long bestStart = 0;
        long bestSize = 0;
        long cursor = ram.base();
        for (long[] s : inside) {
            if (s[0] - cursor > bestSize) {
                bestStart = cursor;
                bestSize = s[0] - cursor;
            }
            cursor = Math.max(cursor, s[1]);
        }
        if (ram.end() - cursor > bestSize) {
            bestStart = cursor;
            bestSize = ram.end() - cursor;
        }
        if (bestSize == 0) return new int[4];
        int start = (int) bestStart;
        int end = (int) (bestStart + bestSize);
        return new int[] {start, end, end, start};
    }

    private MemoryKind kindOf(String name) {
        for (MemoryDescription m : description.memories()) {
            if (m.name().equals(name)) return m.kind();
        }
        return null;
    }
}
