package io.xipkit.peripherals.debug;

import static io.xipkit.peripherals.debug.CoreSightIds.ARM;
import static io.xipkit.peripherals.debug.CoreSightIds.CLASS_CORESIGHT;
import static io.xipkit.peripherals.debug.CoreSightIds.CLASS_GENERIC;
import static io.xipkit.peripherals.debug.CoreSightIds.CLASS_PRIMECELL;
import static io.xipkit.peripherals.debug.CoreSightIds.ST;
import static io.xipkit.peripherals.debug.CoreSightIds.absent;
import static io.xipkit.peripherals.debug.CoreSightIds.present;

import io.xipkit.bus.Peripheral;
import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugBusException;
import io.xipkit.peripherals.debug.CoreSightIds.Component;
import java.util.List;

/**
 * The JTAG debug ports of the STM32 parts as the silicon has them.
 *
 * <p>STM32H742/743/750/753 (RM0433 chapter 60 "Debug infrastructure"; OpenOCD
 * tcl/target/stm32h7x.cfg): Cortex-M7 JTAG-DP IDCODE 0x6BA00477 (IR 4) next to TDO, boundary-scan TAP
 * (IR 5) next to TDI. AP0 is the AHB-AP of the Cortex-M7 (system ROM table at 0xE00FE000), AP1 the
 * AHB-AP into the D3 domain, AP2 the APB-AP of the debug APB ("APB-D") which reaches DBGMCU at
 * 0xE00E1000 and the trace components; stm32h7x.cfg does its DBGMCU set-up through AP2. IDR values
 * and the ROM table topology are those a probe reads on an STM32H750 (AP0/AP1 0x84770001, AP2
 * 0x54770002; tables at 0xE00FE000, 0xE00FF000, 0xE00E0000, 0xE00F0000 with the parts listed
 * below).
 *
 * <p>STM32L47x (RM0351 chapter 46; tcl/target/stm32l4x.cfg): Cortex-M4 JTAG-DP IDCODE 0x4BA00477 and
 * the boundary-scan TAP; one AHB-AP (IDR 0x24770011) whose ROM table at 0xE00FF000 lists the
 * Cortex-M4's SCS, DWT, FPB (v1), ITM, TPIU and ETM (Cortex-M4 TRM table 3-2 "Cortex-M4 ROM table").
 *
 * <p>PIDR2 revisions. Cortex-M4 r0p1: SCS 0, DWT 3, FPB 2, ITM 3, TPIU 0, ETM 0, as a Cortex-M4
 * r0p1 reads them (CPUID 0x410FC241; J-Link and OpenOCD 0.11 "dap info" dumps in
 * nviennot/reversing-mono4k part1/README.md, the ETM's from the DEV_ID 0x411 STM32F4 "dap info" in
 * wrongbaud's "stm32-xbox" write-up: PIDs 0x04000BB00C, 0x04003BB002, 0x04002BB003, 0x04003BB001,
 * 0x04000BB9A1, 0x04000BB925). Cortex-M7: PPB ROM table 0 (Cortex-M7 TRM DDI 0489F table 9.3:
 * PIDR2 0x0B, PIDR3 0); FPB and ITM 0 (a Cortex-M7's dump in blackmagic-debug issue 1712: PIDs
 * 0x04000BB00E, 0x04000BB001). ST's ROM tables 0 (the STM32F4 table above reads 0x00000A0411). No
 * source at hand for the Cortex-M7's SCS and DWT, the ETM-M7, the CTIs and the H7's trace
 * components on APB-D: those keep revision 0.
 */
public final class Stm32DebugPorts {
    /** JTAG IDCODEs of the Cortex-M7 and Cortex-M4 JTAG-DPs (stm32h7x.cfg, stm32l4x.cfg _CPUTAPID). */
    public static final int CM7_JTAG_IDCODE = 0x6BA0_0477, CM4_JTAG_IDCODE = 0x4BA0_0477;
    /** DPIDRs (the same DPs' SW-DP identities in the same configs: 0x6BA02477, 0x2BA01477). */
    public static final int CM7_DPIDR = 0x6BA0_2477, CM4_DPIDR = 0x2BA0_1477;
    /** AP IDRs (ADIv5.2 C2.6.8 layout: revision, JEP106 ARM, class MEM-AP, type 1 AHB / 2 APB). */
    public static final int H7_AHB_AP_IDR = 0x8477_0001, H7_APB_AP_IDR = 0x5477_0002, CM4_AHB_AP_IDR = 0x2477_0011;
    /** CSW at reset: privileged data access (Prot = 0b0000011), DeviceEn; 32-bit size on the APB-AP. */
    static final int AHB_CSW_RESET = 0x0300_0040, APB_CSW_RESET = 0x8000_0042;
    public static final int H7_SYSTEM_ROM = 0xE00F_E000, CM7_ROM = 0xE00F_F000, H7_APBD_ROM = 0xE00E_0000,
            H7_APBD_ROM2 = 0xE00F_0000, CM4_ROM = 0xE00F_F000;
    /** Auto-increment blocks: 1 KiB (the ADIv5 minimum) on the H7's APs, 4 KiB on the Cortex-M4 AHB-AP. */
    static final int KIB = 1024;
    /** Where AP2 sees DBGMCU and where the core sees it (RM0433 60.5.8). */
    static final int H7_DBGMCU_APBD = 0xE00E_1000, H7_DBGMCU_SYSTEM = 0x5C00_1000;
    /** The STM32L4 DBGMCU on the external PPB (RM0351 46.16: 0xE0042000, 1 KiB). */
    static final int L4_DBGMCU = 0xE004_2000, L4_DBGMCU_SIZE = 0x400;
    /** DBGMCU DEV_IDs, also the part numbers in ST's ROM tables. */
    static final int DEV_ID_H7 = 0x450, DEV_ID_L47X = 0x415;

    private Stm32DebugPorts() {
    }

    /** The STM32H742/743/750/753 chain on the core's debug access. */
    public static JtagChain stm32h7(DebugAccess core, JtagChain.SystemReset srst) {
        MemAp.DebugBus system = bus(core);
        CoreSightIds ahb = new CoreSightIds(system, List.of(
                Component.romTable(H7_SYSTEM_ROM, ST, DEV_ID_H7, List.of(
                        present(H7_SYSTEM_ROM, CM7_ROM), present(H7_SYSTEM_ROM, 0xE004_1000), present(H7_SYSTEM_ROM, 0xE004_3000))),
                // Cortex-M7 ROM table (part 0x4C7); its TPIU and ETM entries are not present on the H7,
                // whose ETM and CTI are listed in ST's system table above and whose TPIU sits on APB-D.
                Component.romTable(CM7_ROM, ARM, 0x4C7, List.of(
                        present(CM7_ROM, 0xE000_E000), present(CM7_ROM, 0xE000_1000), present(CM7_ROM, 0xE000_2000),
                        present(CM7_ROM, 0xE000_0000), absent(CM7_ROM, 0xE004_0000), absent(CM7_ROM, 0xE004_1000))),
                Component.modelled(0xE000_E000, CLASS_GENERIC, ARM, 0x00C),   // SCS
                Component.modelled(0xE000_1000, CLASS_GENERIC, ARM, 0x002),   // DWT
                Component.modelled(0xE000_2000, CLASS_GENERIC, ARM, 0x00E),   // FPB v2
                Component.modelled(0xE000_0000, CLASS_GENERIC, ARM, 0x001),   // ITM
                Component.idOnly(0xE004_1000, CLASS_CORESIGHT, ARM, 0x975),   // ETM-M7
                Component.idOnly(0xE004_3000, CLASS_CORESIGHT, ARM, 0x906))); // CTI
        MemAp.DebugBus apbdBus = new MemAp.DebugBus() {
            @Override
            public int read(int address, int size) {
                return system.read(dbgmcu(address, false), size);
            }

            @Override
            public void write(int address, int size, int value) {
                system.write(dbgmcu(address, true), size, value);
            }
        };
        CoreSightIds apbd = new CoreSightIds(apbdBus, List.of(
                // Entries 0 and 1 (DBGMCU's page and the next) are not listed as present on silicon.
                Component.romTable(H7_APBD_ROM, ST, DEV_ID_H7, List.of(
                        absent(H7_APBD_ROM, H7_DBGMCU_APBD), absent(H7_APBD_ROM, 0xE00E_2000),
                        present(H7_APBD_ROM, 0xE00E_3000), present(H7_APBD_ROM, 0xE00E_4000),
                        present(H7_APBD_ROM, 0xE00E_5000), present(H7_APBD_ROM, H7_APBD_ROM2))),
                Component.idOnly(0xE00E_3000, CLASS_CORESIGHT, ARM, 0x914),   // SWO
                Component.idOnly(0xE00E_4000, CLASS_CORESIGHT, ARM, 0x908),   // SWO funnel
                Component.idOnly(0xE00E_5000, CLASS_PRIMECELL, ARM, 0x101),   // timestamp generator
                Component.romTable(H7_APBD_ROM2, ST, 0x001, List.of(
                        present(H7_APBD_ROM2, 0xE00F_1000), absent(H7_APBD_ROM2, 0xE00F_2000),
                        present(H7_APBD_ROM2, 0xE00F_3000), present(H7_APBD_ROM2, 0xE00F_4000),
                        present(H7_APBD_ROM2, 0xE00F_5000))),
                Component.idOnly(0xE00F_1000, CLASS_CORESIGHT, ARM, 0x906),   // CTI
                Component.idOnly(0xE00F_3000, CLASS_CORESIGHT, ARM, 0x908),   // trace funnel
                Component.idOnly(0xE00F_4000, CLASS_CORESIGHT, ARM, 0x961),   // ETF
                Component.idOnly(0xE00F_5000, CLASS_CORESIGHT, ARM, 0x912))); // TPIU
        JtagDp dp = new JtagDp(CM7_JTAG_IDCODE, CM7_DPIDR)
                .withAp(0, new MemAp(H7_AHB_AP_IDR, H7_SYSTEM_ROM | 3, AHB_CSW_RESET, KIB, ahb))
                // AP1 masters the D3 domain's AHB; no ROM table is listed behind it (BASE: none, ADIv5 format).
                .withAp(1, new MemAp(H7_AHB_AP_IDR, 0x0000_0002, AHB_CSW_RESET, KIB, system))
                .withAp(2, new MemAp(H7_APB_AP_IDR, H7_APBD_ROM | 3, APB_CSW_RESET, KIB, apbd));
        return new JtagChain(List.of(dp, new BoundaryScanTap(BoundaryScanTap.IDCODE_STM32H7)), srst);
    }

    /**
     * The STM32L47x chain on the core's debug access; {@code dbgmcu} is the DBGMCU model, which sits
     * at 0xE0042000 on the Cortex-M4's external private peripheral bus (RM0351 46.16) where the AHB-AP
     * reaches it (OpenOCD's stm32l4x flash driver identifies the part by its IDCODE).
     */
    public static JtagChain stm32l47x(DebugAccess core, Peripheral dbgmcu, JtagChain.SystemReset srst) {
        MemAp.DebugBus system = bus(core);
        MemAp.DebugBus withDbgmcu = new MemAp.DebugBus() {
            @Override
            public int read(int address, int size) {
                return inDbgmcu(address) ? dbgmcu.read(address - L4_DBGMCU, size) : system.read(address, size);
            }

            @Override
            public void write(int address, int size, int value) {
                if (inDbgmcu(address)) dbgmcu.write(address - L4_DBGMCU, size, value);
                else system.write(address, size, value);
            }
        };
        CoreSightIds ahb = new CoreSightIds(withDbgmcu, List.of(
                Component.romTable(CM4_ROM, ST, DEV_ID_L47X, List.of(
                        present(CM4_ROM, 0xE000_E000), present(CM4_ROM, 0xE000_1000), present(CM4_ROM, 0xE000_2000),
                        present(CM4_ROM, 0xE000_0000), present(CM4_ROM, 0xE004_0000), present(CM4_ROM, 0xE004_1000))),
                Component.modelled(0xE000_E000, CLASS_GENERIC, ARM, 0x00C),   // SCS
                Component.modelled(0xE000_1000, CLASS_GENERIC, ARM, 0x002).revision(3),   // DWT
                Component.modelled(0xE000_2000, CLASS_GENERIC, ARM, 0x003).revision(2),   // FPB v1
                Component.modelled(0xE000_0000, CLASS_GENERIC, ARM, 0x001).revision(3),   // ITM
                Component.idOnly(0xE004_0000, CLASS_CORESIGHT, ARM, 0x9A1),   // TPIU-M4
                Component.idOnly(0xE004_1000, CLASS_CORESIGHT, ARM, 0x925))); // ETM-M4
        JtagDp dp = new JtagDp(CM4_JTAG_IDCODE, CM4_DPIDR)
                .withAp(0, new MemAp(CM4_AHB_AP_IDR, CM4_ROM | 3, AHB_CSW_RESET, 4 * KIB, ahb));
        return new JtagChain(List.of(dp, new BoundaryScanTap(BoundaryScanTap.IDCODE_STM32L47X)), srst);
    }

    private static boolean inDbgmcu(int address) {
        return address - L4_DBGMCU >= 0 && address - L4_DBGMCU < L4_DBGMCU_SIZE;
    }

    /** APB-D addresses: only DBGMCU's page reaches the system (as 0x5C001000...); the rest has no slave. */
    private static int dbgmcu(int address, boolean write) {
        if ((address & ~0xFFF) != H7_DBGMCU_APBD) throw new DebugBusException(address, write, "no APB-D slave");
        return H7_DBGMCU_SYSTEM + (address & 0xFFF);
    }

    /** The core's debug access as a sized bus. */
    public static MemAp.DebugBus bus(DebugAccess core) {
        return new MemAp.DebugBus() {
            @Override
            public int read(int address, int size) {
                return switch (size) {
                    case 1 -> core.read8(address);
                    case 2 -> core.read16(address);
                    default -> core.read32(address);
                };
            }

            @Override
            public void write(int address, int size, int value) {
                switch (size) {
                    case 1 -> core.write8(address, value);
                    case 2 -> core.write16(address, value);
                    default -> core.write32(address, value);
                }
            }
        };
    }
}
