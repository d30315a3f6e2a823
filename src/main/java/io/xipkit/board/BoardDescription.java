package io.xipkit.board;

import io.xipkit.cpu.CoreVariant;
import java.util.List;

/** A board as its description file states it: the core, its clock and the memory map. */
public record BoardDescription(String id, String summary, CoreVariant core, long clockHz,
                               List<MemoryDescription> memories) {
    public BoardDescription {
        memories = List.copyOf(memories);
    }
}
