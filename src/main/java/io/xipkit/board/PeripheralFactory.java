package io.xipkit.board;

/** Builds one kind of peripheral from its board-file entry and wires it into the board. */
@FunctionalInterface
public interface PeripheralFactory {
    void build(PeripheralDescription description, BoardAssembly board);
}
