package io.xipkit.peripherals.stm32;

import io.xipkit.time.Clock;

/**
 * How long the flash takes to program and erase, in virtual picoseconds, by program/erase
 * parallelism (FLASH_CRx.PSIZE: 0 = x8, 1 = x16, 2 = x32, 3 = x64; RM0433 section 4.3.8).
 *
 * <p>Typical values from DS12110 Rev 8 (STM32H742xI/G, STM32H743xI/G) section 6.3.10
 * "Flash memory", table "Flash memory programming"; DS12556 (STM32H750) and DS12930/DS12919
 * (H747/H757) give the same figures for the same flash macro:
 * <ul>
 *   <li>tprog, 256-bit flash word: 290 / 180 / 130 / 100 µs (x8 / x16 / x32 / x64)</li>
 *   <li>tERASE128KB, sector erase: 2 / 1.8 / 1.1 / 1 s</li>
 *   <li>tME, mass (bank) erase: 13 / 8 / 6 / 5 s</li>
 * </ul>
 * The datasheets give no option-byte change time; {@link #optionChangePicos} is an assumption
 * (the option words are one flash word rewritten, so a few word programs), chosen so firmware
 * that polls OPT_BUSY sees it set.
 *
 * @param programPicos       tprog per PSIZE value
 * @param sectorErasePicos   tERASE128KB per PSIZE value
 * @param bankErasePicos     tME per PSIZE value
 * @param optionChangePicos  OPTSTART to OPT_BUSY clear
 */
public record H7FlashTiming(long[] programPicos, long[] sectorErasePicos, long[] bankErasePicos, long optionChangePicos) {
    private static final long US = Clock.PICOS_PER_MICRO;
    private static final long MS = Clock.PICOS_PER_MILLI;

    public H7FlashTiming {
        if (programPicos.length != 4 || sectorErasePicos.length != 4 || bankErasePicos.length != 4) {
            throw new IllegalArgumentException("flash timing needs one value per PSIZE (4)");
        }
        programPicos = programPicos.clone();
        sectorErasePicos = sectorErasePicos.clone();
        bankErasePicos = bankErasePicos.clone();
    }

    /** The datasheet typical values. */
    public static H7FlashTiming typical() {
        return new H7FlashTiming(
                new long[] {290 * US, 180 * US, 130 * US, 100 * US},
                new long[] {2000 * MS, 1800 * MS, 1100 * MS, 1000 * MS},
                new long[] {13000 * MS, 8000 * MS, 6000 * MS, 5000 * MS},
                4 * 100 * US);
    }

    /**
     * The STM32H7A3/B3 (RM0455 parts: 128-bit words, 8 KB sectors, no PSIZE). Their datasheet's
     * flash table (DS13195 "Flash memory programming") was not retrieved here: these are the
     * RM0433 parts' x64 figures (one word program 100 us, tME 5 s) with the sector erase scaled
     * to the 8 KB sector (1 s / 16); unverified, the same for every PSIZE value. Likely too slow:
     * ST's own algorithm for these parts (stm32h7a-b3_flash_2m in probe-rs's STM32H7 target file)
     * allows 100 ms for a 32 KB page, 2048 words, which these figures exceed (205 ms). Searched
     * without finding the table: the docs, pages and code indexes (DS13195/DS13139 text, "tERASE"
     * and "Flash memory programming" tables, RM0455 chapter 4), ST's SVD and CMSIS/HAL sources,
     * Keil's STM32H7xx_DFP FlashDev.c (timeouts only: 100 ms a 32 KB page, 6 s a sector). Searched
     * again (issue 13): the pages, docs and code indexes for DS13139 (STM32H7B3) and DS13195
     * (STM32H7A3) "Flash memory programming"/"Flash memory characteristics", tprog of a 128-bit
     * word, tERASE of an 8 KB sector and tME; only ordering and pin tables of those datasheets
     * turned up, so the figures stay as they are.
     */
    public static H7FlashTiming rm0455() {
        long[] program = {100 * US, 100 * US, 100 * US, 100 * US};
        long[] sector = {1000 * MS / 16, 1000 * MS / 16, 1000 * MS / 16, 1000 * MS / 16};
        long[] bank = {5000 * MS, 5000 * MS, 5000 * MS, 5000 * MS};
        return new H7FlashTiming(program, sector, bank, 4 * 100 * US);
    }

    public long program(int psize) {
        return programPicos[psize & 3];
    }

    public long sectorErase(int psize) {
        return sectorErasePicos[psize & 3];
    }

    /**
     * Erase of a whole bank of {@code sectors} sectors: tME, except that a bank smaller than the
     * eight-sector one tME is specified for (the one-sector STM32H750) takes no longer than
     * erasing its sectors one by one.
     */
    public long bankErase(int psize, int sectors) {
        return Math.min(bankErasePicos[psize & 3], sectors * sectorErasePicos[psize & 3]);
    }
}
