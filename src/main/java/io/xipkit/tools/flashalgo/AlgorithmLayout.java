package io.xipkit.tools.flashalgo;

import io.xipkit.tools.target.MemoryMap;
import java.util.List;

/**
 * Where an algorithm goes in target RAM, computed as probe-rs does it
 * (probe-rs flashing/flash_algorithm.rs, assemble_from_raw_with_data): a one-word header of two
 * {@code BKPT} instructions that LR points to, the code blob right after it (at the load address
 * if the algorithm has one: the header then sits in the word before, as STM32CubeProgrammer
 * leaves it for .stldr loaders linked at 0x24000004), then, 8-byte aligned, the page buffers
 * (two when RAM allows: double buffering) and the stack above them, unless the stack fits
 * between the code and fixed-address buffers. R9 (static base) = code start + data section offset.
 *
 * @param ram         the RAM region used
 * @param header      address of the BKPT word the function returns to
 * @param codeStart   address of blob byte 0
 * @param staticBase  R9
 * @param stackBottom lowest stack address (canary words start here)
 * @param stackTop    initial SP
 * @param buffers     page buffer addresses
 */
public record AlgorithmLayout(MemoryMap.Region ram, long header, long codeStart, long staticBase, long stackBottom, long stackTop,
                              List<Long> buffers) {
    /** probe-rs's FLASH_ALGO_STACK_SIZE. */
    public static final long DEFAULT_STACK = 512;
    static final int HEADER_BYTES = 4;
    static final long STACK_ALIGN = 8;

    public AlgorithmLayout {
        buffers = List.copyOf(buffers);
    }

    /** End of everything the algorithm may legitimately write. */
    public long end() {
        long e = stackTop;
        for (long b : buffers) e = Math.max(e, b);
        return e;
    }

    public static AlgorithmLayout plan(AlgorithmImage a, MemoryMap map) throws AlgorithmException.Placement {
        MemoryMap.Region ram = chooseRam(a, map);
        long load = a.loadAddress().isPresent() ? a.loadAddress().getAsLong() - HEADER_BYTES : ram.base();
        if (load < ram.base()) {
            throw new AlgorithmException.Placement(String.format("%s: load address 0x%08X leaves no room for the breakpoint word below it in %s",
                    a.name(), a.loadAddress().getAsLong(), ram.name()));
        }
        long codeStart = load + HEADER_BYTES;
        long codeEnd = align(codeStart + ((a.code().length + 3) & ~3L), STACK_ALIGN);
        long page = a.flash().pageSize();
        long stack = a.stackSize().orElse(DEFAULT_STACK);
        long data = a.dataLoadAddress().orElse(codeEnd);
        MemoryMap.Region dataRam = map.regionAt(data).orElse(null);
        if (dataRam == null || dataRam.kind() != MemoryMap.Kind.RAM) {
            throw new AlgorithmException.Placement(String.format("%s: data_load_address 0x%08X is not in RAM", a.name(), data));
        }
        boolean sameRegion = dataRam.equals(ram);
        long forData = dataRam.end() - data;
        boolean stackBelowData = codeEnd + stack <= data || !sameRegion;
        if (!stackBelowData) forData -= stack;
        int count = forData >= 2 * page ? 2 : forData >= page ? 1 : 0;
        if (count == 0) {
            throw new AlgorithmException.Placement(String.format("%s: %s has no room for a %d-byte page buffer and a %d-byte stack after the %d-byte code",
                    a.name(), ram.name(), page, stack, a.code().length));
        }
        long bottom = stackBelowData ? codeEnd : align(data + count * page, STACK_ALIGN);
        long top = bottom + stack;
        if (top > ram.end()) {
            throw new AlgorithmException.Placement(String.format("%s: the %d-byte stack does not fit in %s", a.name(), stack, ram.name()));
        }
        List<Long> buffers = count == 2 ? List.of(data, data + page) : List.of(data);
        return new AlgorithmLayout(ram, load, codeStart, codeStart + a.dataSectionOffset(), bottom, top, buffers);
    }

    /**
     * The RAM region holding a fixed load address; otherwise the largest RAM region, as probe-rs
     * chooses (the algorithm's code is position independent).
     */
    private static MemoryMap.Region chooseRam(AlgorithmImage a, MemoryMap map) throws AlgorithmException.Placement {
        if (a.loadAddress().isPresent()) {
            long at = a.loadAddress().getAsLong();
            MemoryMap.Region r = map.regionAt(at).orElse(null);
            if (r == null || r.kind() != MemoryMap.Kind.RAM) {
                throw new AlgorithmException.Placement(String.format("%s: it must be loaded at 0x%08X, which is not RAM on this board", a.name(), at));
            }
            if (at + a.code().length > r.end()) {
                throw new AlgorithmException.Placement(String.format("%s: its %d bytes at 0x%08X run past the end of %s", a.name(), a.code().length, at, r.name()));
            }
            return r;
        }
        MemoryMap.Region best = null;
        for (MemoryMap.Region r : map.regions()) {
            if (r.kind() == MemoryMap.Kind.RAM && (best == null || r.size() > best.size())) best = r;
        }
        if (best == null) throw new AlgorithmException.Placement(a.name() + ": the board has no RAM to run it in");
        return best;
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }
}
