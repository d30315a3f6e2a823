package io.xipkit.bus;

/**
 * One operation a flash memory model starts on its {@link NonVolatileMemory}: what it changes
 * ({@code address} and {@code length} are offsets in that storage's array; option-byte programming
 * changes the register image), and the virtual interval it keeps the memory busy.
 */
public record FlashOperation(Kind kind, long address, long length, long startPicos, long endPicos) {
    public enum Kind { PROGRAM, ERASE, OPTION_BYTES }
}
