package io.xipkit.board;

/** What a memory entry of a board description is. */
public enum MemoryKind {
    /** Read-write memory. */
    RAM,
    /** Read-only memory (bus writes are ignored); loadable by the loader, as a programmer would. */
    ROM,
    /** A second address range for another memory entry's bytes (address decoders that ignore high bits). */
    MIRROR
}
