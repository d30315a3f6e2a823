package io.xipkit.board;

/**
 * One memory of a board.
 *
 * @param mirrorOf for {@link MemoryKind#MIRROR}: the name of the memory whose bytes appear here
 *                 (the mirror has that memory's size); null otherwise
 */
public record MemoryDescription(String name, long base, long size, MemoryKind kind, String mirrorOf) {
    public long end() {
        return base + size;
    }
}
