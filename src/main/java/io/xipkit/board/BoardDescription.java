package io.xipkit.board;

import io.xipkit.cpu.CoreVariant;
import java.util.List;
import java.util.Optional;

/** A board as its description file states it: the core, its clock, the memory map and the SysTick facts. */
public record BoardDescription(String id, String summary, CoreVariant core, long clockHz,
                               List<MemoryDescription> memories, List<PeripheralDescription> peripherals,
                               SysTickDescription sysTick) {
    public BoardDescription {
        memories = List.copyOf(memories);
        peripherals = List.copyOf(peripherals);
    }

    /** A board whose SysTick is the core model's default. */
    public BoardDescription(String id, String summary, CoreVariant core, long clockHz,
                            List<MemoryDescription> memories, List<PeripheralDescription> peripherals) {
        this(id, summary, core, clockHz, memories, peripherals, SysTickDescription.DEFAULT);
    }

    /** A board of memories only. */
    public BoardDescription(String id, String summary, CoreVariant core, long clockHz, List<MemoryDescription> memories) {
        this(id, summary, core, clockHz, memories, List.of());
    }

    /** The board's own memory (RAM, ROM or mirror) holding {@code address}, if any. */
    public Optional<MemoryDescription> memoryAt(long address) {
        for (MemoryDescription m : memories) {
            if (address >= m.base() && address < m.end()) return Optional.of(m);
        }
        return Optional.empty();
    }
}
