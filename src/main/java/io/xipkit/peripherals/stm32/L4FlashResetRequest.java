package io.xipkit.peripherals.stm32;

/**
 * What setting FLASH_CR.OBL_LAUNCH asks of the board: "Force the option byte loading ... generates
 * a reset so the option byte loading is performed under system reset" (RM0351 3.4.2 "Option byte
 * loading", 3.7.6). The flash has already loaded the new option values when this is called; the
 * board resets the whole MCU between instructions (as for SYSRESETREQ), sets RCC_CSR.OBLRSTF, and
 * runs the boot decision ({@link L4Boot}) again.
 */
@FunctionalInterface
public interface L4FlashResetRequest {
    void requestOptionByteLoadReset();
}
