package io.xipkit.peripherals.stm32;

import io.xipkit.time.Clock;

/**
 * How long the STM32L476's flash operations keep FLASH_SR.BSY set, in virtual picoseconds.
 *
 * <p>Typical values of DS10198 (STM32L476xx datasheet), section "Flash memory characteristics",
 * table "Flash memory characteristics" (UNVERIFIED in the fact check: no copy of that table was
 * reachable; only the ~25 ms erase ceiling is corroborated, by OpenOCD's stm32l4x driver, which
 * cites the STM32L476RG datasheet; docs/FACTS-STM32L4.md): tprog (64-bit programming) 81.69 us,
 * tprog_row with fast programming (one row of 32 double words) 4.13 ms, tERASE (one 2 KB page)
 * 22.02 ms, tME (mass erase of one or two banks) 22.13 ms. The datasheet gives no figure for
 * option-byte programming; the model charges one page erase for it, since the option page is
 * rewritten as a whole.
 *
 * @param programDoubleWord    one standard 64-bit program
 * @param fastProgramRow       one fast-programmed row of 32 double words
 * @param pageErase            one page erase
 * @param massErase            a mass erase of one or both banks
 * @param optionBytesProgram   an OPTSTRT operation
 */
public record L4FlashTiming(long programDoubleWord, long fastProgramRow, long pageErase, long massErase,
                            long optionBytesProgram) {
    /** The datasheet's typical values. */
    public static final L4FlashTiming TYPICAL = new L4FlashTiming(
            81_690 * Clock.PICOS_PER_NANO,
            4_130 * Clock.PICOS_PER_MICRO,
            22_020 * Clock.PICOS_PER_MICRO,
            22_130 * Clock.PICOS_PER_MICRO,
            22_020 * Clock.PICOS_PER_MICRO);

    public L4FlashTiming {
        if (programDoubleWord <= 0 || fastProgramRow <= 0 || pageErase <= 0 || massErase <= 0 || optionBytesProgram <= 0) {
            throw new IllegalArgumentException("flash operation durations must be positive");
        }
    }

    /** A fast-programming double word: the row time shared by its 32 double words. */
    long fastProgramDoubleWord() {
        return fastProgramRow / L4Flash.ROW_DOUBLE_WORDS;
    }
}
