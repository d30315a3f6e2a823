package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;

/**
 * The STM32 flash control-register lock (RM0433 4.5.1 and RM0351 3.3.5 describe the same scheme):
 * FLASH_CR is locked after reset; writing KEY1 then KEY2 to the key register unlocks it, and
 * setting LOCK locks it again.
 */
record ControlRegisterLock(DebugTarget target, long keyr, long cr, int lockBit, String memory) {
    static final int KEY1 = 0x4567_0123, KEY2 = 0xCDEF_89AB;

    void unlock() {
        if ((target.read32(cr) & lockBit) == 0) return;
        target.write32(keyr, KEY1);
        target.write32(keyr, KEY2);
        if ((target.read32(cr) & lockBit) != 0) throw new FlashException(memory + ": FLASH_CR stays locked after the key sequence");
    }

    void lock() {
        target.write32(cr, lockBit);
    }
}
