package io.xipkit.cpu.jit;

/**
 * The page tables of one access context ({@code Core.loadPages}, {@code Core.storePages}) and the
 * core's {@code pageIndex}, which a block translated in that context reads as constants of its
 * class: HotSpot then knows their lengths (no bounds check on the page number, no field loads),
 * and the arrays stay the same for the core's life (the core asks for service when the context's
 * tables change, and the run loop picks blocks by context).
 */
record PageTables(byte[][] loads, byte[][] stores, int[] index) {}
