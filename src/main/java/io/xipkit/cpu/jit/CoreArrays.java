package io.xipkit.cpu.jit;

/**
 * The arrays of one core that a block translated for it reads as constants of its class: the page
 * tables of the block's access context ({@code Core.loadPages}, {@code Core.storePages}), the
 * core's {@code pageIndex}, and its register files {@code r} and {@code s}. HotSpot then knows
 * their lengths (no bounds check on a page number or a register number) and loads no field to
 * reach them. Each stays the same array for the core's life (the page tables are filled again in
 * place; the core asks for service when its context's tables change, and the run loop picks
 * blocks by context).
 */
record CoreArrays(byte[][] loads, byte[][] stores, int[] index, int[] r, int[] s) {}
