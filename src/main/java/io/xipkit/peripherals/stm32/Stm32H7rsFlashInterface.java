package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The register face of the STM32H7R/S embedded flash interface (RM0477 chapter "Embedded flash
 * memory (FLASH)") at 0x5200_2000, offsets and bits as in ST's CMSIS header stm32h7s3xx.h
 * (FLASH_TypeDef; FLASH_ACR LATENCY 3:0, WRHIGHFREQ 5:4; FLASH_OBW1SR XSPI1_HSLV 8, XSPI2_HSLV 9,
 * VDDIO_HSLV 29). What a clock set-up touches: ACR's read latency and programming delay, raised
 * before the CPU clock goes up. The 64 KB array itself is a ROM the loader fills (programming it
 * through FLASH_CR is not modelled: KEYR/CR/SR are stored only), and the read latency costs no
 * virtual time. ACR starts at one wait state, the value ST's HAL_RCC_DeInit restores for the
 * 64 MHz HSI the part starts on.
 *
 * <p>OBW1SR shows the user option bytes the board was shipped or programmed with; among them the
 * XSPI1/XSPI2 "high speed at low voltage" permissions that SBS_CCCSR's IOHSLV bits need
 * ({@link Stm32H7rsSbs}).
 */
public final class Stm32H7rsFlashInterface implements RegisterMapped, Resettable, io.xipkit.bus.QuietReads {
    public static final int BASE = 0x5200_2000;
    public static final int SIZE = 0x1000;
    /** FLASH_OBW1SR bits: XSPI1_HSLV, XSPI2_HSLV, VDDIO_HSLV. */
    public static final int OB_XSPI1_HSLV = 1 << 8, OB_XSPI2_HSLV = 1 << 9, OB_VDDIO_HSLV = 1 << 29;

    private final RegisterBlock regs;
    private final Field latency;
    private final int optionWord1;

    /** @param optionWord1 the FLASH_OBW1SR value the part's option bytes give */
    public Stm32H7rsFlashInterface(int optionWord1) {
        this.optionWord1 = optionWord1;
        regs = RegisterBlock.builder("FLASH", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(0x000, "ACR", r -> r.reset(0x0000_0001)
                        .field("LATENCY", 0, 4, Access.RW)
                        .field("WRHIGHFREQ", 4, 2, Access.RW))
                .register(0x004, "KEYR", r -> r.field("KEY", 0, 32, Access.WO))
                .register(0x010, "CR")
                .register(0x014, "SR")
                .register(0x020, "IER")
                .register(0x024, "ISR")
                .register(0x028, "ICR")
                .register(0x100, "OPTKEYR", r -> r.field("KEY", 0, 32, Access.WO))
                .register(0x104, "OPTCR", r -> r.reset(0x0000_0001))
                .register(0x260, "OBW1SR", r -> r.reset(optionWord1).field("VALUE", 0, 32, Access.RO))
                .build();
        latency = regs.field("ACR", "LATENCY");
    }

    @Override
    public RegisterBlock registers() {
        return regs;
    }

    @Override
    public void reset() {
        regs.reset();
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}): all registers are stored values
     * (programming through CR is not modelled, so SR never goes busy), changed only by writes and
     * resets; no read clears or changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /** FLASH_ACR.LATENCY: read wait states as software set them. */
    public int waitStates() {
        return latency.get();
    }

    /** The option-byte word 1 the part runs with. */
    public int optionWord1() {
        return optionWord1;
    }
}
