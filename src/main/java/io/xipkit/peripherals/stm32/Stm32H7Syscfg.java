package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * System configuration controller of the STM32H742/743/750/753 (RM0433 rev 8, chapter 12
 * "SYSCFG") at 0x5800_0400. Registers are stored and readable; the compensation cell's READY
 * follows EN at once, PWRCR.ODEN (the VOS0 overdrive that HAL sets on the way to 480 MHz) is
 * kept, and the package code in PKGR comes from the board. UR0..UR17 mirror the option bytes:
 * read-only from the bus, set by the board or the flash model with {@link #setUserRegister}.
 * The dual-core RM0399 user-register layout (UR1 BCM4/BCM7, per-core boot addresses) is not
 * distinguished.
 */
public final class Stm32H7Syscfg implements RegisterMapped, Resettable {
    public static final int BASE = 0x5800_0400;
    public static final int SIZE = 0x400;

    private final RegisterBlock regs;
    private final Register[] userRegs = new Register[18];
    private final int[] userValues = new int[18];
    private final Field ccEnable;

    /**
     * @param packageCode SYSCFG_PKGR.PKG (RM0433 12.3.11), the code of the part's package
     */
    public Stm32H7Syscfg(int packageCode) {
        if (packageCode < 0 || packageCode > 15) throw new IllegalArgumentException("package code must be 0..15, was " + packageCode);
        RegisterBlock.Builder b = RegisterBlock.builder("SYSCFG", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 12.3.1 SYSCFG_PMCR, reset 0 (per ST's SVD).
                .register(0x04, "PMCR", r -> r
                        .bit("I2C1FMP", 0, Access.RW).bit("I2C2FMP", 1, Access.RW).bit("I2C3FMP", 2, Access.RW)
                        .bit("I2C4FMP", 3, Access.RW).bit("PB6FMP", 4, Access.RW).bit("PB7FMP", 5, Access.RW)
                        .bit("PB8FMP", 6, Access.RW).bit("PB9FMP", 7, Access.RW).bit("BOOSTE", 8, Access.RW)
                        .bit("BOOSTVDDSEL", 9, Access.RW).field("EPIS", 21, 3, Access.RW)
                        .bit("PA0SO", 24, Access.RW).bit("PA1SO", 25, Access.RW).bit("PC2SO", 26, Access.RW)
                        .bit("PC3SO", 27, Access.RW));
        // RM0433 12.3.2-12.3.5 SYSCFG_EXTICR1..4: EXTIx[3:0] port selection, four lines per register.
        for (int i = 0; i < 4; i++) {
            int first = i * 4;
            b.register(0x08 + i * 4, "EXTICR" + (i + 1), r -> {
                for (int k = 0; k < 4; k++) r.field("EXTI" + (first + k), k * 4, 4, Access.RW);
            });
        }
        b
                // RM0433 Rev 8 12.3.6 SYSCFG_CFGR: lock bits, set-only until reset (positions as ST's CMSIS
                // stm32h743xx.h, which includes SRAM3L at bit 10).
                .register(0x18, "CFGR", r -> r
                        .bit("PVDL", 2, Access.W1S).bit("FLASHL", 3, Access.W1S).bit("CM7L", 6, Access.W1S)
                        .bit("BKRAML", 7, Access.W1S).bit("SRAM4L", 9, Access.W1S).bit("SRAM3L", 10, Access.W1S).bit("SRAM2L", 11, Access.W1S)
                        .bit("SRAM1L", 12, Access.W1S).bit("DTCML", 13, Access.W1S).bit("ITCML", 14, Access.W1S)
                        .bit("AXISRAML", 15, Access.W1S))
                // RM0433 12.3.7 SYSCFG_CCCSR: READY follows EN (the cell calibrates at once here).
                .register(0x20, "CCCSR", r -> r
                        .bit("EN", 0, Access.RW).bit("CS", 1, Access.RW)
                        .bit("READY", 8, Access.RO, f -> f.reads(this::compensationReady))
                        .bit("HSLV", 16, Access.RW))
                // RM0433 12.3.8 SYSCFG_CCVR: cell values (modelled 0).
                .register(0x24, "CCVR", r -> r.field("NCV", 0, 4, Access.RO).field("PCV", 4, 4, Access.RO))
                // RM0433 12.3.9 SYSCFG_CCCR.
                .register(0x28, "CCCR", r -> r.field("NCC", 0, 4, Access.RW).field("PCC", 4, 4, Access.RW))
                // RM0433 12.3.10 SYSCFG_PWRCR: overdrive for VOS0.
                .register(0x2C, "PWRCR", r -> r.bit("ODEN", 0, Access.RW))
                // RM0433 12.3.11 SYSCFG_PKGR: package, from the board.
                .register(0x124, "PKGR", r -> r.reset(packageCode).field("PKG", 0, 4, Access.RO));
        // RM0433 12.3.12-12.3.29 SYSCFG_URx: option-byte mirrors, read-only.
        String[][] urFields = {
                {"BKS:0:1", "RDP:16:8"},                       // UR0
                {},                                            // UR1 (reserved on RM0433)
                {"BORH:0:2", "BOOT_ADD0:16:16"},               // UR2
                {"BOOT_ADD1:16:16"},                           // UR3
                {"MEPAD_1:16:1"},                              // UR4
                {"MESAD_1:0:1", "WRPN_1:16:8"},                // UR5
                {"PA_BEG_1:0:12", "PA_END_1:16:12"},           // UR6
                {"SA_BEG_1:0:12", "SA_END_1:16:12"},           // UR7
                {"MEPAD_2:0:1", "MESAD_2:16:1"},               // UR8
                {"WRPN_2:0:8", "PA_BEG_2:16:12"},              // UR9
                {"PA_END_2:0:12", "SA_BEG_2:16:12"},           // UR10
                {"SA_END_2:0:12", "IWDG1M:16:1"},              // UR11
                {"SECURE:16:1"},                               // UR12
                {"SDRS:0:2", "D1SBRST:16:1"},                  // UR13
                {"D1STPRST:0:1"},                              // UR14
                {"FZIWDGSTB:16:1"},                            // UR15
                {"FZIWDGSTP:0:1", "PKP:16:1"},                 // UR16
                {"IO_HSLV:0:1"}};                              // UR17
        for (int i = 0; i < urFields.length; i++) {
            if (urFields[i].length == 0) continue;
            String[] fields = urFields[i];
            b.register(0x300 + i * 4, "UR" + i, r -> {
                for (String f : fields) {
                    String[] p = f.split(":");
                    r.field(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), Access.RO);
                }
            });
        }
        regs = b.build();
        ccEnable = regs.field("CCCSR", "EN");
        for (int i = 0; i < userRegs.length; i++) {
            if (urFields[i].length > 0) userRegs[i] = regs.register("UR" + i);
        }
        // Factory option bytes (RM0433 4.4.8 "Option bytes"): RDP level 0 (0xAA), boot from
        // 0x0800_0000 (BOOT_ADD0 = 0x0800), system memory at 0x1FF0_0000 (BOOT_ADD1 = 0x1FF0).
        setUserRegister(0, 0x00AA_0000);
        setUserRegister(2, 0x0800_0000);
        setUserRegister(3, 0x1FF0_0000);
    }

    private int compensationReady() {
        return ccEnable.get();
    }

    /** Mirrors an option-byte word into SYSCFG_URx (kept across resets; the bus cannot write it). */
    public void setUserRegister(int index, int value) {
        if (index < 0 || index >= userRegs.length || userRegs[index] == null) {
            throw new IllegalArgumentException("no SYSCFG_UR" + index);
        }
        Register r = userRegs[index];
        userValues[index] = value;
        r.set(value & r.readableMask());
    }

    public RegisterBlock registers() {
        return regs;
    }

    @Override
    public void reset() {
        regs.reset();
        for (int i = 0; i < userRegs.length; i++) if (userRegs[i] != null) userRegs[i].set(userValues[i] & userRegs[i].readableMask());
    }
}
