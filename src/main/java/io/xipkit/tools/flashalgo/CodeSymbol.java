package io.xipkit.tools.flashalgo;

/** A function of the algorithm, by offset into the code blob, to name where a PC points. */
public record CodeSymbol(String name, long offset, long size) {}
