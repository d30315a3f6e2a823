package io.xipkit.cpu.disasm;

/**
 * One decoded instruction.
 *
 * @param size 2 for a 16-bit Thumb encoding, 4 for a 32-bit Thumb-2 encoding
 * @param text objdump-style text: mnemonic, a tab, operands, and optionally a tab and an {@code @ comment}
 */
public record Disassembly(int size, String text) {}
