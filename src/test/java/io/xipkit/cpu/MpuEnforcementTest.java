package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * PMSAv7 enforcement (DDI 0403E B3.5, ValidateAddress/CheckPermission in B3.5.9): real
 * instructions run through the core's loop on {@link TestBus}; every exception handler is a
 * branch-to-self, so a run ends in the handler that was taken.
 */
class MpuEnforcementTest {
    static final int CODE = 0x200;
    static final int MPU_CTRL = 0xE000ED94, MPU_RBAR = 0xE000ED9C, MPU_RASR = 0xE000EDA0;
    static final int SHCSR = 0xE000ED24, CFSR = 0xE000ED28, HFSR = 0xE000ED2C, MMFAR = 0xE000ED34;
    static final int SHPR2 = 0xE000ED1C;
    static final int CTRL_ENABLE = 1, CTRL_HFNMIENA = 2, CTRL_PRIVDEFENA = 4;
    // AP encodings, Table B3-15.
    static final int AP_NONE = 0, AP_PRIV_RW = 1, AP_PRIV_RW_USER_RO = 2, AP_FULL = 3, AP_PRIV_RO = 5;
    // Encodings from arm-none-eabi-as -mcpu=cortex-m7 -mthumb.
    static final int LDR_R1_R0 = 0x6801, STR_R1_R0 = 0x6001, BX_R0 = 0x4700, NOP = 0xBF00, B_SELF = 0xE7FE,
            SVC_0 = 0xDF00;
    static final int[] LDRT_R1_R0 = {0xF850, 0x1E00};
    static final int MEM_MANAGE = 4, HARD_FAULT = 3, SVCALL = 11;

    final TestBus bus = new TestBus();
    final Core core = new Core(CoreVariant.CORTEX_M7, bus, 25_000_000);

    MpuEnforcementTest() {
        bus.write32(0, 0x20010000);
        bus.write32(4, 0x101);
        for (int e = 2; e < 16; e++) {
            bus.write32(4 * e, (0x1000 + 0x10 * e) | 1);
            bus.putHalfwords(0x1000 + 0x10 * e, B_SELF);
        }
        core.reset();
    }

    /** RASR value (B3.5.9): XN, AP, TEX/S/C/B, SRD, SIZE (region = 2^(SIZE+1) bytes), ENABLE. */
    static int rasr(int sizeLog2, int ap, boolean xn, int srd) {
        return (xn ? 1 << 28 : 0) | (ap << 24) | (1 << 19) | (1 << 17) | (1 << 16) | (srd << 8) | ((sizeLog2 - 1) << 1) | 1;
    }

    void region(int n, int base, int rasr) {
        core.write32(MPU_RBAR, base | 0x10 | n);
        core.write32(MPU_RASR, rasr);
    }

    /**
     * Full-access executable region over all code (0..1 MiB) so instruction fetches are allowed,
     * and region 7 (highest priority) over the top 4 KiB of RAM where the exception frames go:
     * stacking is checked with the interrupted code's privilege (B1.5.6), so it needs a region too.
     */
    void codeRegion() {
        region(0, 0, rasr(20, AP_FULL, false, 0));
        region(7, 0x2000F000, rasr(12, AP_FULL, true, 0));
    }

    void enableMpu(int ctrl) {
        core.write32(MPU_CTRL, ctrl);
    }

    void enableMemManage() {
        core.write32(SHCSR, Scb.SHCSR_MEMFAULTENA);
    }

    void dropPrivilege() {
        core.setModeAndControl(0, core.control | 1);
    }

    /** Runs the halfwords placed at CODE until a handler spins (or the budget ends). */
    void run(int... halfwords) {
        bus.putHalfwords(CODE, halfwords);
        core.pc = CODE;
        core.run(20, Long.MAX_VALUE);
    }

    int cfsr() {
        return core.scs.scb().cfsr();
    }

    int stackedPc() {
        return bus.read32(core.r[13] + 24);
    }

    @Test
    void dataReadFromANoAccessRegionIsDaccviolWithMmfar() {
        codeRegion();
        region(1, 0x20008000, rasr(12, AP_NONE, true, 0));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        enableMemManage();
        core.r[0] = 0x20008010;
        run(NOP, LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(cfsr() & 0xFF).isEqualTo(Scb.CFSR_MMARVALID | (1 << FaultKind.DACCVIOL.cfsrBit));
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20008010);
        assertThat(stackedPc()).isEqualTo(CODE + 2);
    }

    @Test
    void fetchFromAnExecuteNeverRegionIsIaccviolWithoutAddress() {
        codeRegion();
        region(1, 0x400, rasr(8, AP_FULL, true, 0));              // 256 bytes at 0x400, XN
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        bus.putHalfwords(0x400, NOP, B_SELF);
        core.r[0] = 0x401;
        run(BX_R0);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(cfsr() & 0xFF).isEqualTo(1 << FaultKind.IACCVIOL.cfsrBit);
        assertThat(stackedPc()).isEqualTo(0x400);
    }

    @Test
    void makingDecodedCodeExecuteNeverTakesEffectAtTheNextFetch() {
        codeRegion();
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        bus.putHalfwords(0x400, NOP, NOP, B_SELF);
        core.pc = 0x400;
        core.run(2, Long.MAX_VALUE);                               // decoded and cached
        assertThat(core.pc).isEqualTo(0x404);
        region(1, 0x400, rasr(8, AP_FULL, true, 0));
        core.pc = 0x400;
        core.run(1, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(cfsr() & 0xFF).isEqualTo(1 << FaultKind.IACCVIOL.cfsrBit);
    }

    @Test
    void unprivilegedWriteToAPrivilegedWriteRegionFaultsWhileItsReadSucceeds() {
        codeRegion();
        region(1, 0x20000000, rasr(16, AP_PRIV_RW_USER_RO, true, 0));
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        bus.write32(0x20000100, 0x5A5A);
        core.r[0] = 0x20000100;
        dropPrivilege();
        run(LDR_R1_R0, STR_R1_R0, B_SELF);
        assertThat(core.r[1]).isEqualTo(0x5A5A);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(cfsr() & 0xFF).isEqualTo(Scb.CFSR_MMARVALID | (1 << FaultKind.DACCVIOL.cfsrBit));
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20000100);
        assertThat(stackedPc()).isEqualTo(CODE + 2);
    }

    @Test
    void privilegedCodeMayWriteWhereUnprivilegedCodeMayOnlyRead() {
        codeRegion();
        region(1, 0x20000000, rasr(16, AP_PRIV_RW_USER_RO, true, 0));
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        core.r[0] = 0x20000100;
        core.r[1] = 77;
        run(STR_R1_R0, B_SELF);
        assertThat(core.ipsr).isZero();
        assertThat(bus.read32(0x20000100)).isEqualTo(77);
    }

    @Test
    void ldrtIsCheckedAsUnprivilegedEvenInPrivilegedCode() {
        codeRegion();
        region(1, 0x20000000, rasr(16, AP_PRIV_RW, true, 0));
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        core.r[0] = 0x20000100;
        run(LDR_R1_R0, LDRT_R1_R0[0], LDRT_R1_R0[1], B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(stackedPc()).as("the plain LDR passed, the LDRT faulted").isEqualTo(CODE + 2);
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20000100);
    }

    @Test
    void withoutPrivdefenaAnAddressOutsideEveryRegionFaultsEvenWhenPrivileged() {
        codeRegion();
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        core.r[0] = 0x20000100;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20000100);
    }

    @Test
    void privdefenaMakesTheDefaultMapABackgroundForPrivilegedAccessesOnly() {
        codeRegion();
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        enableMemManage();
        bus.write32(0x20000100, 99);
        core.r[0] = 0x20000100;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isZero();
        assertThat(core.r[1]).isEqualTo(99);

        dropPrivilege();
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20000100);
    }

    @Test
    void aDisabledSubregionFallsThroughToTheRegionsBelow() {
        codeRegion();
        // 64 KiB no-access region at 0x20000000 with subregion 2 (0x20004000-0x20005FFF) disabled.
        region(1, 0x20000000, rasr(16, AP_NONE, true, 1 << 2));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        enableMemManage();
        bus.write32(0x20004010, 42);
        core.r[0] = 0x20004010;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).as("background map applies in the disabled subregion").isZero();
        assertThat(core.r[1]).isEqualTo(42);

        core.r[0] = 0x20006010;                                    // subregion 3: the region applies
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20006010);
    }

    @Test
    void theHighestNumberedMatchingRegionWins() {
        codeRegion();
        region(1, 0x20000000, rasr(16, AP_NONE, true, 0));
        region(2, 0x20001000, rasr(12, AP_FULL, true, 0));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        enableMemManage();
        core.r[0] = 0x20001FFC;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isZero();
        core.r[0] = 0x20002000;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(core.scs.scb().mmfar()).isEqualTo(0x20002000);
    }

    @Test
    void aPageSummaryDoesNotHideASmallRegionCreatedLater() {
        codeRegion();
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        enableMemManage();
        core.r[0] = 0x20000100;
        run(LDR_R1_R0, B_SELF);                                    // page summarised as wholly permitted
        assertThat(core.ipsr).isZero();
        region(1, 0x20000100, rasr(5, AP_NONE, true, 0));          // 32 bytes
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
    }

    @Test
    void memManageDisabledEscalatesToHardFault() {
        codeRegion();
        region(1, 0x20008000, rasr(12, AP_NONE, true, 0));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        core.r[0] = 0x20008000;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(HARD_FAULT);
        assertThat(core.scs.scb().hfsr() & Scb.HFSR_FORCED).isNotZero();
        assertThat(cfsr() & 0xFF).isEqualTo(Scb.CFSR_MMARVALID | (1 << FaultKind.DACCVIOL.cfsrBit));
    }

    @Test
    void hardFaultHandlersBypassTheMpuUnlessHfnmiena() {
        codeRegion();
        region(1, 0x20008000, rasr(12, AP_NONE, true, 0));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        bus.write32(0x20008000, 31);
        // Handler for HardFault reads the protected word, then spins.
        bus.putHalfwords(0x1000 + 0x10 * HARD_FAULT, LDR_R1_R0, B_SELF);
        core.r[0] = 0x20008000;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isEqualTo(HARD_FAULT);
        assertThat(core.r[1]).as("read with the default map at priority -1").isEqualTo(31);
    }

    @Test
    void withHfnmienaTheHardFaultHandlerIsCheckedToo() {
        codeRegion();
        region(1, 0x20008000, rasr(12, AP_NONE, true, 0));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA | CTRL_HFNMIENA);
        bus.putHalfwords(0x1000 + 0x10 * HARD_FAULT, LDR_R1_R0, B_SELF);
        core.r[0] = 0x20008000;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.lastStopReason()).isInstanceOf(StopReason.Lockup.class);
    }

    @Test
    void stackingIntoARegionThatForbidsWritesIsMstkerr() {
        codeRegion();
        // The 32 bytes below the main stack pointer are privileged read-only: the SVCall frame
        // cannot be written there, while the MemManage frame below it can.
        region(1, 0x20007FE0, rasr(5, AP_PRIV_RO, true, 0));
        enableMpu(CTRL_ENABLE | CTRL_PRIVDEFENA);
        enableMemManage();
        core.write32(SHPR2, 0x80 << 24);                           // SVCall below MemManage
        core.r[13] = 0x20008000;
        run(SVC_0, B_SELF);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(cfsr() & 0xFF).as("MSTKERR, no MMFAR").isEqualTo(1 << FaultKind.MSTKERR.cfsrBit);
        assertThat(core.exceptions.isActive(SVCALL)).isTrue();
    }

    @Test
    void unstackingFromAFrameTheThreadMayNotReadIsMunstkerr() {
        codeRegion();
        enableMpu(CTRL_ENABLE);
        enableMemManage();
        core.write32(SHPR2, 0x80 << 24);                           // SVCall below MemManage
        core.setModeAndControl(0, 1);                              // unprivileged Thread, MSP
        // SVC handler: BX LR with EXC_RETURN 0xFFFFFFF9 (Thread, MSP).
        bus.putHalfwords(0x1000 + 0x10 * SVCALL, 0x4770);          // bx lr
        bus.putHalfwords(CODE, SVC_0, B_SELF);
        core.pc = CODE;
        core.run(1, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(SVCALL);
        // The handler makes the stack privileged-only (as an RTOS might), then returns to Thread:
        // ExceptionReturn unstacks with Thread's (unprivileged) permissions (B1.5.8).
        region(7, 0x2000F000, rasr(12, AP_PRIV_RW, true, 0));
        core.run(5, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(MEM_MANAGE);
        assertThat(cfsr() & 0xFF).isEqualTo(1 << FaultKind.MUNSTKERR.cfsrBit);
        assertThat(core.exceptions.isActive(SVCALL)).as("the return was abandoned").isFalse();
    }

    @Test
    void anMpuWithZeroRegionsCannotBeEnabled() {
        core.scs.mpu().setRegionCount(0);
        enableMpu(CTRL_ENABLE);
        core.r[0] = 0x20000100;
        run(LDR_R1_R0, B_SELF);
        assertThat(core.ipsr).isZero();
    }
}
