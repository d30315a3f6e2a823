package io.xipkit.cpu;

/**
 * The Cortex-M cores xipkit models. Both are ARMv7E-M (DSP extension); they differ in the
 * floating-point unit and in the parts of the system that only the M7 has (L1 caches, TCMs).
 */
public enum CoreVariant {
    /**
     * Cortex-M7 with FPv5-D16: single and double precision (ARM DDI 0489F, 1.1). CPUID r1p1, the
     * revision in the STM32H7 (ST community: STM32H743 rev Y and rev V both read 0x411FC271; OpenOCD
     * on an STM32H747, STMicroelectronics/OpenOCD issue 18: "Cortex-M7 r1p1 processor detected").
     */
    CORTEX_M7(0x411FC271, true, true),
    /** Cortex-M4 with FPv4-SP: single precision only (ARM DDI 0439B, 1.1). */
    CORTEX_M4(0x410FC241, true, false);

    /** Reset value of SCB CPUID (r1p1 for the M7, r0p1 for the M4). */
    public final int cpuid;
    public final boolean hasFpu;
    public final boolean hasDoublePrecision;

    CoreVariant(int cpuid, boolean hasFpu, boolean hasDoublePrecision) {
        this.cpuid = cpuid;
        this.hasFpu = hasFpu;
        this.hasDoublePrecision = hasDoublePrecision;
    }
}
