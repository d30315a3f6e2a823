package io.xipkit.cpu;

/**
 * Data Watchpoint and Trace unit registers (DDI 0403E C1.8, Table C1-21 "DWT register summary"):
 * CTRL, the cycle counter CYCCNT (counting {@link Core#cycles} while DEMCR.TRCENA and
 * CTRL.CYCCNTENA are set), PCSR, four comparator sets (stored only), and on the Cortex-M7 the
 * CoreSight software lock (LAR/LSR, DDI 0489 "Debug" chapter): writes are ignored until 0xC5ACCE55
 * is written to LAR.
 */
public final class Dwt {
    static final int CTRL = 0xE0001000, CYCCNT = 0xE0001004, PCSR = 0xE000101C, COMP0 = 0xE0001020,
            LAST_COMP = 0xE000105C, LAR = 0xE0001FB0, LSR = 0xE0001FB4;
    static final int CYCCNTENA = 1;
    private static final int NUMCOMP = 4;
    public static final int UNLOCK_KEY = 0xC5ACCE55;

    private final Core core;
    private int ctrl;
    private int cyccnt;
    private long syncedAtCycle;
    private boolean counting;
    private boolean locked;
    private final int[] comparators = new int[NUMCOMP * 4];

    Dwt(Core core) {
        this.core = core;
    }

    void reset() {
        ctrl = NUMCOMP << 28;
        cyccnt = 0;
        syncedAtCycle = core.cycles;
        counting = false;
        locked = core.variant == CoreVariant.CORTEX_M7;
        java.util.Arrays.fill(comparators, 0);
    }

    /** Folds the cycles elapsed while counting into CYCCNT; call before anything that changes counting. */
    void sync() {
        if (counting) cyccnt += (int) (core.cycles - syncedAtCycle);
        syncedAtCycle = core.cycles;
        counting = (core.scs.scb().demcr() & Scb.DEMCR_TRCENA) != 0 && (ctrl & CYCCNTENA) != 0;
    }

    public int cycleCount() {
        sync();
        return cyccnt;
    }

    static boolean owns(int a) {
        return (a >= CTRL && a <= LAST_COMP) || a == LAR || a == LSR;
    }

    int read(int a) {
        switch (a) {
            case CTRL: return ctrl;
            case CYCCNT: return cycleCount();
            case PCSR: return core.pc;
            case LAR: return 0;
            case LSR: return core.variant == CoreVariant.CORTEX_M7 ? (locked ? 3 : 1) : 0; // SLK | SLI
            default:
                if (a >= COMP0 && a <= LAST_COMP) return comparators[(a - COMP0) >>> 2];
                return 0;
        }
    }

    void write(int a, int value, int mask) {
        if (a == LAR) {
            locked = value != UNLOCK_KEY && core.variant == CoreVariant.CORTEX_M7;
            return;
        }
        if (locked) return;
        sync();
        switch (a) {
            case CTRL: ctrl = (ctrl & 0xF0000000) | (Scb.merge(ctrl, value, mask) & 0x0FFFFFFF & 0x007F1FFF); break;
            case CYCCNT: cyccnt = Scb.merge(cyccnt, value, mask); break;
            default:
                if (a >= COMP0 && a <= LAST_COMP) {
                    int i = (a - COMP0) >>> 2;
                    comparators[i] = Scb.merge(comparators[i], value, mask);
                }
                break;
        }
        sync();
    }
}
