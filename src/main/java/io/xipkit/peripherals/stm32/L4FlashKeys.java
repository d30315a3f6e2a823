package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.L4Flash.KEY1;
import static io.xipkit.peripherals.stm32.L4Flash.KEY2;
import static io.xipkit.peripherals.stm32.L4Flash.OPTKEY1;
import static io.xipkit.peripherals.stm32.L4Flash.OPTKEY2;
import static io.xipkit.peripherals.stm32.L4Flash.PDKEY1;
import static io.xipkit.peripherals.stm32.L4Flash.PDKEY2;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.regs.Field;

/**
 * The unlock sequences of {@link L4Flash}: FLASH_KEYR clears FLASH_CR.LOCK (RM0351 3.3.5),
 * FLASH_OPTKEYR clears OPTLOCK (3.4.2), FLASH_PDKEYR allows one write of ACR.RUN_PD (3.7.2). A
 * wrong KEYR or OPTKEYR write locks until the next reset and answers with a bus error.
 */
final class L4FlashKeys {
    private static final int WAIT_FIRST = 0, WAIT_SECOND = 1, BLOCKED = 2, PD_UNLOCKED = 3;
    private final Field lock, optlock;
    private int keyState, optKeyState, pdKeyState;

    L4FlashKeys(Field lock, Field optlock) {
        this.lock = lock;
        this.optlock = optlock;
    }

    void reset() {
        keyState = optKeyState = pdKeyState = WAIT_FIRST;
    }

    /** RUN_PD can be written only right after the PDKEYR sequence. */
    boolean runPdWritable() {
        return pdKeyState == PD_UNLOCKED;
    }

    /** RM0351 3.7.2: the PDKEYR unlock allows one write of RUN_PD, which one ACR write uses up. */
    void acrWritten() {
        if (pdKeyState == PD_UNLOCKED) pdKeyState = WAIT_FIRST;
    }

    /** RM0351 3.3.5: KEY1 then KEY2 clears LOCK; any other write locks FLASH_CR until the next reset and
     *  answers with a bus error (a HardFault on the CPU). */
    void key(int value) {
        if (keyState == WAIT_FIRST && lock.isSet() && value == KEY1) {
            keyState = WAIT_SECOND;
        } else if (keyState == WAIT_SECOND && value == KEY2) {
            keyState = WAIT_FIRST;
            lock.set(0);
        } else {
            keyState = BLOCKED;
            lock.set(1);
            throw new BusErrorException((int) L4Flash.BASE + 0x08, true, String.format(
                    "FLASH_KEYR: wrong unlock sequence (0x%08X); FLASH_CR stays locked until reset", value));
        }
    }

    /** RM0351 3.4.2 "Unlocking the option bytes": OPTKEY1 then OPTKEY2 with LOCK already clear. */
    void optKey(int value) {
        if (optKeyState == WAIT_FIRST && !lock.isSet() && optlock.isSet() && value == OPTKEY1) {
            optKeyState = WAIT_SECOND;
        } else if (optKeyState == WAIT_SECOND && !lock.isSet() && value == OPTKEY2) {
            optKeyState = WAIT_FIRST;
            optlock.set(0);
        } else {
            optKeyState = BLOCKED;
            optlock.set(1);
            throw new BusErrorException((int) L4Flash.BASE + 0x0C, true, String.format(
                    "FLASH_OPTKEYR: wrong unlock sequence (0x%08X); option registers stay locked until reset", value));
        }
    }

    /** RM0351 3.7.2: PDKEY1 then PDKEY2 allows one write of RUN_PD; a wrong key restarts the sequence. */
    void pdKey(int value) {
        if (pdKeyState == WAIT_FIRST && value == PDKEY1) pdKeyState = WAIT_SECOND;
        else if (pdKeyState == WAIT_SECOND && value == PDKEY2) pdKeyState = PD_UNLOCKED;
        else pdKeyState = WAIT_FIRST;
    }
}
