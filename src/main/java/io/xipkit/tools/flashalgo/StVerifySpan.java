package io.xipkit.tools.flashalgo;

/**
 * The arguments an STM32CubeProgrammer external loader's {@code Verify(MemoryAddr, RAMBufferAddr,
 * Size, missalignement)} takes for a byte range, in the convention every Verify of ST's
 * stm32-external-loader repository follows (Loader_Src.c of e.g. MT25TL01G_STM32H747I-DISCO,
 * MX25LM51245G_STM32H7B3I-DISCO, N25Q128A_STM32L476G-DISCO, MX25LM51245G_STM32H573I-DK, all of
 * whose Verify multiply Size by 4 and whose comment gives Size "in WORD"). CubeProgrammer itself
 * is closed, so this is read off the loaders it ships: they compare 4 * Size bytes from
 * MemoryAddr with the RAM buffer, and hand CheckSum the span from MemoryAddr + (missalignement
 * bits 3:0) to MemoryAddr + 4 * Size - (bits 19:16) (their CheckSum sums from its start to its
 * word-aligned-down start + its size). A range that does not start or end on a word is therefore
 * passed as the whole words that cover it, MemoryAddr aligned down, with the bytes before the
 * range in bits 3:0 and those after it in bits 19:16; the loader compares those bytes too, so the
 * caller puts the flash's own bytes there in the buffer.
 *
 * @param memoryAddr the first word's address
 * @param words      Size: the number of 32-bit words
 * @param head       bytes of the first word before the range
 * @param tail       bytes of the last word after the range
 */
record StVerifySpan(long memoryAddr, long words, int head, int tail) {

    /** The word span covering {@code length} (> 0) bytes at {@code address}. */
    static StVerifySpan covering(long address, long length) {
        if (length <= 0) throw new IllegalArgumentException("an empty range has no span to verify");
        long start = address & ~3L;
        long end = (address + length + 3) & ~3L;
        return new StVerifySpan(start, (end - start) / 4, (int) (address - start), (int) (end - address - length));
    }

    /** The missalignement argument: head in bits 3:0, tail in bits 19:16. */
    long missalignement() {
        return head | (long) tail << 16;
    }

    /** The number of bytes the loader compares (4 * Size). */
    int bytes() {
        return (int) (words * 4);
    }
}
