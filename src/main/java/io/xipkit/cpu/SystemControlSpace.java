package io.xipkit.cpu;

/**
 * The System Control Space (0xE000E000–0xE000EFFF) and the rest of the Private Peripheral Bus:
 * SCB, NVIC, SysTick, MPU, FPU control, DWT, cache maintenance.
 * MINIMAL PLACEHOLDER: only VTOR, CCR and CPACR are modelled; other registers read as zero.
 */
public final class SystemControlSpace {
    private final Core core;
    private int vtor;
    private int ccr;
    private int cpacr;

    SystemControlSpace(Core core) {
        this.core = core;
    }

    void reset() {
        vtor = 0;
        ccr = 0x200; // STKALIGN resets to 1 on ARMv7-M r1+ (DDI 0403E B3.2.8)
        cpacr = 0;
        core.unalignTrap = false;
        core.divByZeroTrap = false;
    }

    public int vtor() {
        return vtor;
    }

    public int cpacr() {
        return cpacr;
    }

    int read(int address, int size) {
        int word = readWord(address & ~3);
        int shift = (address & 3) * 8;
        if (size == 4) return word;
        return (word >>> shift) & (size == 1 ? 0xFF : 0xFFFF);
    }

    void write(int address, int size, int value) {
        int a = address & ~3;
        if (size != 4) {
            int shift = (address & 3) * 8;
            int mask = (size == 1 ? 0xFF : 0xFFFF) << shift;
            value = (readWord(a) & ~mask) | ((value << shift) & mask);
        }
        writeWord(a, value);
    }

    private int readWord(int a) {
        switch (a) {
            case 0xE000ED00: return core.variant.cpuid;
            case 0xE000ED08: return vtor;
            case 0xE000ED14: return ccr;
            case 0xE000ED88: return cpacr;
            default: return 0;
        }
    }

    private void writeWord(int a, int value) {
        switch (a) {
            case 0xE000ED08: vtor = value & 0xFFFFFF80; break;
            case 0xE000ED14:
                ccr = value;
                core.unalignTrap = (value & 0x8) != 0;
                core.divByZeroTrap = (value & 0x10) != 0;
                break;
            case 0xE000ED88: cpacr = value & 0x00F00000; break;
            default: break;
        }
    }
}
