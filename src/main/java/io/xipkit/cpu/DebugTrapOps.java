package io.xipkit.cpu;

import io.xipkit.cpu.debug.DebugAction;
import io.xipkit.cpu.debug.DebugEvent;

/**
 * Decoded instructions wrapped by the debug logic: an FPB breakpoint stops before its
 * instruction executes (DDI 0403E C1.11: a breakpoint debug event on the instruction fetch),
 * a DWT PC-match watchpoint after it (C1.8.1: watchpoint events are asynchronous). An instruction
 * skipped by its IT condition raises neither.
 */
final class DebugTrapOps {
    private DebugTrapOps() {
    }

    static final class FpbBreakpoint extends Op {
        final Op inner;
        final int comparator;

        FpbBreakpoint(Op inner, int comparator) {
            super(inner.size);
            this.inner = inner;
            this.comparator = comparator;
        }

        @Override
        public void exec(Core c) {
            // A BKPT-style debug event at the current instruction (C1.11): it does not execute.
            c.nextPc = c.pc;
            if (c.debug().fpbMatch(c.pc, comparator) == DebugAction.ESCALATE) {
                c.exceptions.breakpointEscalated(String.format("FPB breakpoint %d at pc=0x%08X", comparator, c.pc));
            }
        }
    }

    static final class PcWatch extends Op {
        final Op inner;
        final int comparator;

        PcWatch(Op inner, int comparator) {
            super(inner.size);
            this.inner = inner;
            this.comparator = comparator;
        }

        @Override
        public void exec(Core c) {
            int at = c.pc;
            inner.exec(c);
            c.debug().dwtMatch(comparator, at, DebugEvent.DwtAccess.EXECUTE);   // C1.8
        }
    }
}
