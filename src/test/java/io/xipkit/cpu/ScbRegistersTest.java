package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SCB, CoreDebug, DWT, ITM and cache maintenance registers (DDI 0403E B3.2, C1; DDI 0489 4.1). */
class ScbRegistersTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;

    @Test
    void identificationRegistersOfTheM7() {
        assertThat(rig.read32(0xE000ED00)).isEqualTo(0x411FC271);
        assertThat(rig.read32(0xE000ED78)).isEqualTo(0x09000003);   // CLIDR
        assertThat(rig.read32(0xE000ED7C)).isEqualTo(0x8303C003);   // CTR
        rig.write32(0xE000ED84, 0);                                 // CSSELR: L1 data cache
        assertThat(rig.read32(0xE000ED80)).isEqualTo(0xF00FE019);   // 16 KiB, 4-way, 32-byte lines
        rig.write32(0xE000ED84, 1);                                 // L1 instruction cache
        assertThat(rig.read32(0xE000ED80)).isEqualTo(0xF01FE009);   // 16 KiB, 2-way
        assertThat(rig.read32(0xE000EF40)).isEqualTo(0x10110221);   // MVFR0: double precision
    }

    @Test
    void sysresetreqResetsThroughTheHandlerAndContinuesFromTheResetVector() {
        core.pc = 0x2000;
        core.r[13] = 0x20001000;
        rig.write32(0xE000ED08, 0x00080000);                        // VTOR moved
        rig.write32(0xE000ED0C, 0x05FA0004);                        // SYSRESETREQ
        core.scheduler.runDue(core.nowPicos());
        assertThat(core.pc).isEqualTo(ExceptionTestRig.RESET_HANDLER);
        assertThat(core.r[13]).isEqualTo(ExceptionTestRig.INITIAL_SP);
        assertThat(rig.read32(0xE000ED08)).isZero();

        int[] count = {0};
        core.setSystemResetHandler(() -> {
            count[0]++;
            core.reset();
        });
        rig.write32(0xE000ED0C, 0x00000004);                        // wrong key: ignored
        core.scheduler.runDue(core.nowPicos());
        assertThat(count[0]).isZero();
        rig.write32(0xE000ED0C, 0x05FA0004);
        core.scheduler.runDue(core.nowPicos());
        assertThat(count[0]).isEqualTo(1);
    }

    @Test
    void ccrTrapBitsReachTheCore() {
        rig.write32(0xE000ED14, Scb.CCR_DIV_0_TRP | Scb.CCR_UNALIGN_TRP);
        assertThat(core.divByZeroTrap).isTrue();
        assertThat(core.unalignTrap).isTrue();
        assertThat(rig.read32(0xE000ED14)).isEqualTo(0x00040218);
    }

    @Test
    void cacheMaintenanceAndEnablesAreReported() {
        List<String> seen = new ArrayList<>();
        core.scs.setCacheMaintenanceListener(new CacheMaintenanceListener() {
            @Override
            public void maintenance(CacheOperation op, int value) {
                seen.add(op + String.format("@%08X", value));
            }

            @Override
            public void enablesChanged(boolean icache, boolean dcache) {
                seen.add("IC=" + icache + " DC=" + dcache);
            }
        });
        rig.write32(0xE000EF50, 0);
        rig.write32(0xE000EF70, 0x24000020);
        rig.write32(0xE000EF78, 0);
        rig.write32(0xE000ED14, rig.read32(0xE000ED14) | Scb.CCR_IC | Scb.CCR_DC);
        assertThat(seen).containsExactly("ICIALLU@00000000", "DCCIMVAC@24000020", "BPIALL@00000000",
                "IC=true DC=true");
    }

    @Test
    void dwtCycleCounterNeedsUnlockTrcenaAndEnable() {
        rig.write32(0xE0001000, 1);                                 // locked on the M7: ignored
        rig.write32(0xE000EDFC, Scb.DEMCR_TRCENA);
        core.cycles += 100;
        assertThat(rig.read32(0xE0001004)).isZero();
        assertThat(rig.read32(0xE0001FB4)).isEqualTo(3);
        rig.write32(0xE0001FB0, Dwt.UNLOCK_KEY);
        assertThat(rig.read32(0xE0001FB4)).isEqualTo(1);
        rig.write32(0xE0001004, 0);
        rig.write32(0xE0001000, 1);
        core.cycles += 1234;
        assertThat(rig.read32(0xE0001004)).isEqualTo(1234);
        rig.write32(0xE0001000, 0);
        core.cycles += 50;
        assertThat(rig.read32(0xE0001004)).isEqualTo(1234);
    }

    @Test
    void itmStimulusPortZeroReachesTheSinkWhenEnabled() {
        StringBuilder out = new StringBuilder();
        core.scs.setItmSink((port, value, size) -> out.append((char) value));
        core.write8(0xE0000000, 'x');                               // ITM disabled: dropped
        rig.write32(0xE000EDFC, Scb.DEMCR_TRCENA);
        rig.write32(0xE0000E80, 1);                                 // TCR.ITMENA
        rig.write32(0xE0000E00, 1);                                 // TER port 0
        assertThat(rig.read32(0xE0000000)).as("FIFOREADY").isEqualTo(1);
        core.write8(0xE0000000, 'o');
        core.write8(0xE0000000, 'k');
        assertThat(out.toString()).isEqualTo("ok");
    }

    @Test
    void unprivilegedScsAccessIsABusError() {
        core.control = 1;
        assertThatThrownBy(() -> rig.read32(0xE000ED00)).isInstanceOf(BusErrorException.class);
        rig.write32Privileged(0xE000ED14, Scb.CCR_USERSETMPEND | Scb.CCR_STKALIGN);
        core.write32(0xE000EF00, 5);                                // STIR allowed with USERSETMPEND
        assertThat(core.exceptions.isPending(16 + 5)).isTrue();
    }

    @Test
    void fpRegistersResetValues() {
        assertThat(rig.read32(0xE000EF34)).isEqualTo(0xC0000000);
        rig.write32(0xE000EF3C, 0xFFFFFFFF);
        assertThat(rig.read32(0xE000EF3C)).isEqualTo(0x07C00000);
        assertThat(rig.read32(0xE000ED88)).isZero();
        assertThatThrownBy(() -> core.exceptions.fpuAccess()).isInstanceOf(CpuFault.class)
                .extracting(e -> ((CpuFault) e).kind).isEqualTo(FaultKind.NOCP);
    }
}
