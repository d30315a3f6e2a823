package io.xipkit.cpu;

/**
 * Nested Vectored Interrupt Controller registers (DDI 0403E B3.4, Table B3-8 "NVIC register
 * summary") and the interrupt-line API peripherals use. IRQ n is exception 16 + n. The state
 * itself (pending/active/enable/priority) lives in {@link ExceptionUnit}.
 */
public final class Nvic {
    static final int ICTR = 0xE000E004;
    static final int ISER = 0xE000E100, ICER = 0xE000E180, ISPR = 0xE000E200, ICPR = 0xE000E280;
    static final int IABR = 0xE000E300, IPR = 0xE000E400, IPR_END = 0xE000E5EC, STIR = 0xE000EF00;
    public static final int MAX_IRQS = 240;

    private final Core core;
    private int irqCount = MAX_IRQS;

    Nvic(Core core) {
        this.core = core;
    }

    /**
     * Board configuration: number of external interrupts (1–240) and implemented priority bits
     * (STM32H7/F7/L4: 4). Takes effect at once and survives resets.
     */
    public void configure(int irqCount, int priorityBits) {
        if (irqCount < 1 || irqCount > MAX_IRQS) {
            throw new IllegalArgumentException("NVIC interrupt count must be 1..240: " + irqCount);
        }
        this.irqCount = irqCount;
        core.exceptions.setPriorityBits(priorityBits);
        core.exceptions.setIrqCount(irqCount);
    }

    public int irqCount() {
        return irqCount;
    }

    private int exception(int irq) {
        if (irq < 0 || irq >= irqCount) {
            throw new IllegalArgumentException("IRQ " + irq + " out of range 0.." + (irqCount - 1));
        }
        return 16 + irq;
    }

    // ---- peripheral API ------------------------------------------------------------------------

    /** A pulse on an interrupt line (edge): the interrupt becomes pending. */
    public void setPending(int irq) {
        core.exceptions.setPending(exception(irq));
    }

    /** Level-sensitive line: pending while asserted and not active, pending again on return if still asserted. */
    public void setLevel(int irq, boolean asserted) {
        core.exceptions.setLineLevel(exception(irq), asserted);
    }

    public void clearPending(int irq) {
        core.exceptions.clearPending(exception(irq));
    }

    public boolean isPending(int irq) {
        return core.exceptions.isPending(exception(irq));
    }

    public boolean isEnabled(int irq) {
        return core.exceptions.isEnabled(exception(irq));
    }

    public boolean isActive(int irq) {
        return core.exceptions.isActive(exception(irq));
    }

    public int priority(int irq) {
        return core.exceptions.priorityOf(exception(irq));
    }

    // ---- registers -------------------------------------------------------------------------------

    static boolean owns(int a) {
        return a == ICTR || (a >= ISER && a <= IPR_END) || a == STIR;
    }

    /** Bits of register word {@code w} (IRQs 32w..32w+31) that correspond to implemented interrupts. */
    private int implemented(int w) {
        int first = 32 * w;
        if (first >= irqCount) return 0;
        int n = irqCount - first;
        return n >= 32 ? -1 : (1 << n) - 1;
    }

    /** IRQs 32w..32w+31 from exception-bitmap words (exception = IRQ + 16, so IRQ words straddle two). */
    private static int irqBits(int lowWord, int highWord) {
        return (lowWord >>> 16) | (highWord << 16);
    }

    int read(int a) {
        ExceptionUnit ex = core.exceptions;
        if (a == ICTR) return (irqCount + 31) / 32 - 1;             // INTLINESNUM (B3.4.3)
        if (a == STIR) return 0;                                    // write-only
        if (a >= IPR) {
            int v = 0;
            int first = (a - IPR);
            for (int i = 0; i < 4; i++) {
                int irq = first + i;
                if (irq < irqCount) v |= ex.priorityOf(16 + irq) << (8 * i);
            }
            return v;
        }
        int w = (a & 0x7F) >>> 2;
        if (w >= 8) return 0;
        int mask = implemented(w);
        switch (a & ~0x7F) {
            case ISER:
            case ICER: return irqBits(ex.enabledWord(w), w < 7 ? ex.enabledWord(w + 1) : 0) & mask;
            case ISPR:
            case ICPR: return irqBits(ex.pendingWord(w), w < 7 ? ex.pendingWord(w + 1) : 0) & mask;
            case IABR: return irqBits(ex.activeWord(w), w < 7 ? ex.activeWord(w + 1) : 0) & mask;
            default: return 0;
        }
    }

    void write(int a, int value, int mask) {
        ExceptionUnit ex = core.exceptions;
        if (a == STIR) {
            int irq = value & 0x1FF;
            if (irq < irqCount && (mask & 0x1FF) != 0) ex.setPending(16 + irq);
            return;
        }
        if (a == ICTR) return;
        if (a >= IPR) {
            int first = a - IPR;
            for (int i = 0; i < 4; i++) {
                int irq = first + i;
                if (irq < irqCount && (mask & (0xFF << (8 * i))) != 0) {
                    ex.setPriority(16 + irq, (value >>> (8 * i)) & 0xFF);
                }
            }
            return;
        }
        int w = (a & 0x7F) >>> 2;
        if (w >= 8) return;
        int bits = value & mask & implemented(w);
        int block = a & ~0x7F;
        while (bits != 0) {
            int irq = 32 * w + Integer.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            int e = 16 + irq;
            switch (block) {
                case ISER: ex.setEnabled(e, true); break;
                case ICER: ex.setEnabled(e, false); break;
                case ISPR: ex.setPending(e); break;
                case ICPR: ex.clearPending(e); break;
                default: break; // IABR is read-only
            }
        }
    }
}
