package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PMSAv7 MPU registers (DDI 0403E B3.5, Table B3-12): storage, aliases and the read-only view. */
class MpuRegistersTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Mpu mpu = rig.core.scs.mpu();

    @Test
    void typeReportsEightRegions() {
        assertThat(rig.read32(0xE000ED90)).isEqualTo(0x00000800);
    }

    @Test
    void rbarWithValidSelectsTheRegionAndRasrDescribesIt() {
        rig.write32(0xE000ED9C, 0x24000000 | 0x10 | 3);  // RBAR: VALID, region 3
        // RASR: XN, AP=011 (full access), TEX=001, C, B, SIZE=18 (512 KiB), ENABLE
        rig.write32(0xE000EDA0, (1 << 28) | (3 << 24) | (1 << 19) | (1 << 17) | (1 << 16) | (18 << 1) | 1);
        rig.write32(0xE000ED94, 5);                       // ENABLE | PRIVDEFENA
        assertThat(rig.read32(0xE000ED98)).isEqualTo(3);
        assertThat(rig.read32(0xE000ED9C)).isEqualTo(0x24000003);
        Mpu.Region r = mpu.region(3);
        assertThat(r.baseAddress()).isEqualTo(0x24000000);
        assertThat(r.sizeBytes()).isEqualTo(512 * 1024);
        assertThat(r.executeNever()).isTrue();
        assertThat(r.accessPermission()).isEqualTo(3);
        assertThat(r.tex()).isEqualTo(1);
        assertThat(r.cacheable() && r.bufferable()).isTrue();
        assertThat(mpu.enabled() && mpu.privdefena() && !mpu.hfnmiena()).isTrue();
        assertThat(mpu.enabledRegions()).containsExactly(r);
    }

    @Test
    void aliasRegistersAccessTheSameRegion() {
        rig.write32(0xE000ED98, 5);
        rig.write32(0xE000EDA8, 0x0000001F);              // RASR alias 1
        assertThat(rig.read32(0xE000EDA0)).isEqualTo(0x1F);
        rig.write32(0xE000EDB4, 0x08000000 | 0x10 | 6);   // RBAR alias 3 with VALID
        assertThat(rig.read32(0xE000ED98)).isEqualTo(6);
        assertThat(mpu.region(6).baseAddress()).isEqualTo(0x08000000);
    }
}
