package io.xipkit.board;

import static io.xipkit.board.Stm32Factories.keys;

import io.xipkit.cpu.Core;
import io.xipkit.peripherals.stm32.Stm32H7rsFlashInterface;
import io.xipkit.peripherals.stm32.Stm32H7rsPwr;
import io.xipkit.peripherals.stm32.Stm32H7rsRcc;
import io.xipkit.peripherals.stm32.Stm32H7rsSbs;
import java.util.Map;

/**
 * Factories for the STM32H7R/S system blocks a clock and XSPI set-up touches: RCC (its CPU clock
 * drives the core's virtual time, its XSPI and USART kernel clocks the controllers'), PWR, the
 * embedded flash interface and SBS (RM0477; register facts from ST's CMSIS header stm32h7s3xx.h).
 */
final class H7rsFactories {
    private H7rsFactories() {}

    static void addTo(Map<String, PeripheralFactory> m) {
        m.put("stm32h7rs-rcc", H7rsFactories::rcc);
        m.put("stm32h7rs-pwr", H7rsFactories::pwr);
        m.put("stm32h7rs-flash", H7rsFactories::flash);
        m.put("stm32h7rs-sbs", H7rsFactories::sbs);
    }

    /** RCC: key hse (the HSE input frequency, 0 or absent for none). */
    private static void rcc(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("hse"));
        Core core = b.core();
        Stm32H7rsRcc rcc = new Stm32H7rsRcc(d.params().quantity("hse", 0), c -> core.setClockHz(c.cpuHz()));
        b.mapRegisters(d, Stm32H7rsRcc.SIZE, rcc);
        b.register(d, rcc);
        Board board = b.board();
        b.onBoot(() -> rcc.noteReset(Stm32Factories.h7ResetKind(board.lastResetCause())));
    }

    private static void pwr(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys());
        Stm32H7rsPwr pwr = new Stm32H7rsPwr();
        b.mapRegisters(d, Stm32H7rsPwr.SIZE, pwr);
        b.register(d, pwr);
    }

    /**
     * Embedded flash interface registers: key option-word1 (the FLASH_OBW1SR value of the part's
     * user option bytes, e.g. with XSPI2_HSLV, bit 9, set on a board whose XSPI2 port runs at 1.8 V).
     */
    private static void flash(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys("option-word1"));
        Stm32H7rsFlashInterface flash = new Stm32H7rsFlashInterface((int) d.params().quantity("option-word1", 0));
        b.mapRegisters(d, Stm32H7rsFlashInterface.SIZE, flash);
        b.register(d, flash);
    }

    /** SBS (I/O compensation and HSLV); needs the board's {@code stm32h7rs-flash} for the option bytes. */
    private static void sbs(PeripheralDescription d, BoardAssembly b) {
        d.params().allowOnly(keys());
        Stm32H7rsSbs sbs = new Stm32H7rsSbs(b.findOne(d, Stm32H7rsFlashInterface.class));
        b.mapRegisters(d, Stm32H7rsSbs.SIZE, sbs);
        b.register(d, sbs);
    }
}
