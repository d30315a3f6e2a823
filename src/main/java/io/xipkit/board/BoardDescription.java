package io.xipkit.board;

import io.xipkit.cpu.CoreVariant;
import java.util.List;

/** A board as its description file states it: the core, its clock and the memory map. */
public record BoardDescription(String id, String summary, CoreVariant core, long clockHz,
                               List<MemoryDescription> memories, List<PeripheralDescription> peripherals) {
    public BoardDescription {
        memories = List.copyOf(memories);
        peripherals = List.copyOf(peripherals);
    }

    /** A board of memories only. */
    public BoardDescription(String id, String summary, CoreVariant core, long clockHz, List<MemoryDescription> memories) {
        this(id, summary, core, clockHz, memories, List.of());
    }
}
