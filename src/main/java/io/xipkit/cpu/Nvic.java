package io.xipkit.cpu;

import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * Nested Vectored Interrupt Controller registers (DDI 0403E B3.4, Table B3-8 "NVIC register
 * summary") and the interrupt-line API peripherals use. IRQ n is exception 16 + n. The state
 * itself (pending/active/enable/priority) lives in {@link ExceptionUnit}: the registers, declared
 * with the register DSL, read it through value providers and change it in write handlers, limited
 * to the implemented interrupts ({@link #configure}).
 */
public final class Nvic {
    static final int ICTR = 0xE000E004;
    static final int ISER = 0xE000E100, ICER = 0xE000E180, ISPR = 0xE000E200, ICPR = 0xE000E280;
    static final int IABR = 0xE000E300, IPR = 0xE000E400, IPR_END = 0xE000E5EC, STIR = 0xE000EF00;
    public static final int MAX_IRQS = 240;

    private final Core core;
    private int irqCount = MAX_IRQS;

    private final RegisterBlock regs;

    Nvic(Core core) {
        this.core = core;
        this.regs = build();
    }

    /** Table B3-8, at offsets from {@link SystemControlSpace#BASE}; registers beyond 240 IRQs are reserved. */
    private RegisterBlock build() {
        int base = SystemControlSpace.BASE;
        RegisterBlock.Builder b = RegisterBlock.builder("NVIC", SystemControlSpace.SIZE)
            .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
            // B3.4.3 ICTR: INTLINESNUM, the number of 32-interrupt groups minus one.
            .register(ICTR - base, "ICTR", r -> r.field("INTLINESNUM", 0, 4, Access.RO, f -> f.reads(() -> (irqCount + 31) / 32 - 1)));
        String[] names = {"ISER", "ICER", "ISPR", "ICPR", "IABR"};
        String[] fields = {"SETENA", "CLRENA", "SETPEND", "CLRPEND", "ACTIVE"};
        Access[] access = {Access.W1S, Access.W1C, Access.W1S, Access.W1C, Access.RO};
        for (int k = 0; k < names.length; k++) {
            int block = ISER + 0x80 * k;
            String field = fields[k];
            Access type = access[k];
            for (int w = 0; w < 8; w++) {
                int word = w;
                b.register(block + 4 * w - base, names[k] + w, r -> r
                    .field(field, 0, 32, type, f -> f.reads(() -> bitsRead(block, word)))
                    .afterBusWrite((v, lanes) -> bitsWritten(block, word, v)));
            }
        }
        // B3.4.9 NVIC_IPRn: one priority byte per interrupt.
        for (int n = 0; n <= (IPR_END - IPR) / 4; n++) {
            int first = 4 * n;
            b.register(IPR + 4 * n - base, "IPR" + n, r -> {
                for (int i = 0; i < 4; i++) {
                    int irq = first + i;
                    r.field("PRI_" + irq, 8 * i, 8, Access.RW, f -> f.reads(() -> irq < irqCount ? core.exceptions.priorityOf(16 + irq) : 0));
                }
                r.afterBusWrite((v, lanes) -> prioritiesWritten(first, v, lanes));
            });
        }
        // STIR at 0xE000EF00 (software trigger; with CCR.USERSETMPEND unprivileged code may write it: SystemControlSpace).
        b.register(STIR - base, "STIR", r -> r.field("INTID", 0, 9, Access.WO)
            .afterBusWrite((v, lanes) -> {
                int irq = v & 0x1FF;
                if (irq < irqCount && (lanes & 0x1FF) != 0) core.exceptions.setPending(16 + irq);
            }));
        return b.build();
    }

    RegisterBlock registers() {
        return regs;
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

    /** ISER/ICER, ISPR/ICPR or IABR word {@code w} of {@code block}, for the implemented interrupts. */
    private int bitsRead(int block, int w) {
        ExceptionUnit ex = core.exceptions;
        int mask = implemented(w);
        switch (block) {
            case ISER:
            case ICER: return irqBits(ex.enabledWord(w), w < 7 ? ex.enabledWord(w + 1) : 0) & mask;
            case ISPR:
            case ICPR: return irqBits(ex.pendingWord(w), w < 7 ? ex.pendingWord(w + 1) : 0) & mask;
            default: return irqBits(ex.activeWord(w), w < 7 ? ex.activeWord(w + 1) : 0) & mask;
        }
    }

    private void bitsWritten(int block, int w, int value) {
        ExceptionUnit ex = core.exceptions;
        int bits = value & implemented(w);
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

    private void prioritiesWritten(int first, int value, int lanes) {
        for (int i = 0; i < 4; i++) {
            int irq = first + i;
            if (irq < irqCount && (lanes & (0xFF << (8 * i))) != 0) {
                core.exceptions.setPriority(16 + irq, (value >>> (8 * i)) & 0xFF);
            }
        }
    }
}
