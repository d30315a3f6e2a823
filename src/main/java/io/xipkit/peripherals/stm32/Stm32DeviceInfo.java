package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * Factory-programmed device information in system memory, read-only: the 96-bit unique device ID,
 * the flash size in Kbytes and (L4) the package code. One window per part:
 * <ul>
 *   <li>STM32H7 (RM0433 rev 8 sections 61.1-61.2): window at 0x1FF1_E800 — UID at +0x00..+0x0B,
 *       flash size (16 bits) at +0x80 (0x1FF1_E880). The H7's package code is in SYSCFG_PKGR.</li>
 *   <li>STM32L4 (RM0351 rev 9 sections 47.1-47.3): window at 0x1FFF_7500 — package (PKG[4:0]) at
 *       +0x00, UID at +0x90..+0x9B (0x1FFF_7590), flash size at +0xE0 (0x1FFF_75E0).</li>
 * </ul>
 * Other bytes of the window read 0; writes are ignored. Flash size and package are declared as
 * 32-bit registers (upper half 0) because LL_GetFlashSize and friends read whole words.
 */
public final class Stm32DeviceInfo implements RegisterMapped {
    public static final int H7_BASE = 0x1FF1_E800;
    public static final int L4_BASE = 0x1FFF_7500;
    public static final int SIZE = 0x100;

    private final RegisterBlock regs;

    private Stm32DeviceInfo(RegisterBlock regs) {
        this.regs = regs;
    }

    /**
     * @param uid          the 96-bit unique ID as three words: UID[31:0], UID[63:32], UID[95:64]
     * @param flashSizeKb  e.g. 2048 for the STM32H743ZI, 128 for the H750
     */
    public static Stm32DeviceInfo forH7(int[] uid, int flashSizeKb) {
        checkUid(uid);
        checkFlash(flashSizeKb);
        RegisterBlock.Builder b = RegisterBlock.builder("DEVINFO", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE);
        uidRegisters(b, 0x00, uid);
        b.register(0x80, "FLASH_SIZE", r -> r.reset(flashSizeKb).field("F_SIZE", 0, 16, Access.RO));
        return new Stm32DeviceInfo(b.build());
    }

    /**
     * @param uid          UID[31:0], UID[63:32], UID[95:64]
     * @param flashSizeKb  e.g. 1024 for the STM32L476RG
     * @param packageCode  PKG[4:0] (RM0351 47.3), e.g. 0b00000 for LQFP64
     */
    public static Stm32DeviceInfo forL4(int[] uid, int flashSizeKb, int packageCode) {
        checkUid(uid);
        checkFlash(flashSizeKb);
        if (packageCode < 0 || packageCode > 0x1F) throw new IllegalArgumentException("L4 package code must be 0..31, was " + packageCode);
        RegisterBlock.Builder b = RegisterBlock.builder("DEVINFO", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE);
        b.register(0x00, "PACKAGE", r -> r.reset(packageCode).field("PKG", 0, 5, Access.RO));
        uidRegisters(b, 0x90, uid);
        b.register(0xE0, "FLASH_SIZE", r -> r.reset(flashSizeKb).field("F_SIZE", 0, 16, Access.RO));
        return new Stm32DeviceInfo(b.build());
    }

    private static void uidRegisters(RegisterBlock.Builder b, int offset, int[] uid) {
        for (int i = 0; i < 3; i++) {
            int word = uid[i];
            b.register(offset + i * 4, "UID" + (i * 32), r -> r.reset(word).field("UID", 0, 32, Access.RO));
        }
    }

    private static void checkUid(int[] uid) {
        if (uid == null || uid.length != 3) throw new IllegalArgumentException("unique ID must be three 32-bit words");
    }

    private static void checkFlash(int kb) {
        if (kb <= 0 || kb > 0xFFFF) throw new IllegalArgumentException("flash size must be 1..65535 KB, was " + kb);
    }

    public RegisterBlock registers() {
        return regs;
    }
}
