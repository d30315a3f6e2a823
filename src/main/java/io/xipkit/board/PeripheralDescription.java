package io.xipkit.board;

/**
 * One peripheral (or attached chip) of a board description: what it is ({@code type}, which
 * selects the factory that builds it), its name, where its registers are, its NVIC line, and the
 * type-specific parameters.
 *
 * @param base register base address, or -1 when the peripheral has no registers of its own
 * @param irq  NVIC interrupt number (IRQn, not exception number), or -1
 */
public record PeripheralDescription(String type, String name, long base, int irq, Params params) {}
