package io.xipkit.cpu;

/**
 * Branches, IT, hints, barriers and the special-register instructions (DDI 0403E A4.3, A6.7,
 * B5.2).
 */
final class ControlOps {
    private ControlOps() {}

    /** B, B&lt;cond&gt; (the condition outside IT blocks is checked here), BL. */
    static final class Branch extends Op {
        final int target, cond;
        final boolean link;
        /** A branch to itself ("b ."): in a fault handler that is a hang worth reporting. */
        final boolean toItself;

        Branch(int size, int target, int cond, boolean link, boolean toItself) {
            super(size);
            this.target = target;
            this.cond = cond;
            this.link = link;
            this.toItself = toItself;
        }

        @Override
        public void exec(Core c) {
            if (cond != 0xE && !c.conditionPassed(cond)) return;
            if (link) c.r[14] = c.nextPc | 1;
            if (toItself && c.ipsr >= ExceptionNumber.NMI && c.ipsr <= ExceptionNumber.USAGE_FAULT) {
                c.exceptions.faultHandlerSpinning();
            }
            c.nextPc = target;
        }
    }

    /** The op for B/B&lt;cond&gt;/BL at {@code pc}, specialised for the common shapes. */
    static Op branch(int pc, int size, int target, int cond, boolean link) {
        boolean toItself = target == pc;
        if (!toItself && !link) return cond == 0xE ? new Jump(size, target) : new CondBranch(size, target, cond);
        return new Branch(size, target, cond, link, toItself);
    }

    /** B to another address. */
    static final class Jump extends Op {
        final int target;

        Jump(int size, int target) {
            super(size);
            this.target = target;
        }

        @Override
        public void exec(Core c) {
            c.nextPc = target;
        }
    }

    /** B&lt;cond&gt; to another address. */
    static final class CondBranch extends Op {
        final int target, cond;

        CondBranch(int size, int target, int cond) {
            super(size);
            this.target = target;
            this.cond = cond;
        }

        @Override
        public void exec(Core c) {
            if (c.conditionPassed(cond)) c.nextPc = target;
        }
    }

    /** BX and BLX (register). */
    static final class BranchExchange extends Op {
        final int rm;
        final boolean link;

        BranchExchange(int rm, boolean link) {
            super(2);
            this.rm = rm;
            this.link = link;
        }

        @Override
        public void exec(Core c) {
            int target = c.r[rm];
            if (link) {
                c.r[14] = c.nextPc | 1;
                if ((target & 1) == 0) {
                    c.thumb = false;
                    c.requestService();
                }
                c.nextPc = target & ~1;
            } else {
                c.bxWritePc(target);
            }
        }
    }

    /** CBZ, CBNZ. */
    static final class CompareBranch extends Op {
        final int rn, target;
        final boolean nonZero;

        CompareBranch(int rn, int target, boolean nonZero) {
            super(2);
            this.rn = rn;
            this.target = target;
            this.nonZero = nonZero;
        }

        @Override
        public void exec(Core c) {
            if ((c.r[rn] != 0) == nonZero) c.nextPc = target;
        }
    }

    /** TBB, TBH (A6.7.138): branch forward by twice a table entry. */
    static final class TableBranch extends Op {
        final int rn, rm;
        final boolean half;

        TableBranch(int rn, int rm, boolean half) {
            super(4);
            this.rn = rn;
            this.rm = rm;
            this.half = half;
        }

        @Override
        public void exec(Core c) {
            int base = c.r[rn];
            int entry = half ? c.read16(base + (c.r[rm] << 1)) : c.read8(base + c.r[rm]);
            c.nextPc = c.r[15] + 2 * entry;
        }
    }

    /** IT (A6.7.37): sets ITSTATE for the following one to four instructions. */
    static final class IfThen extends Op {
        final int itState;

        IfThen(int itState) {
            super(2);
            this.itState = itState;
        }

        @Override
        public void exec(Core c) {
            c.itState = itState;
        }
    }

    /** NOP, YIELD, barriers, PLD/PLI and other instructions with no architectural effect here. */
    static final class Nop extends Op {
        Nop(int size) {
            super(size);
        }

        @Override
        public void exec(Core c) {}
    }

    /** WFI, WFE, SEV (A6.7.151–153, B1.5.18–19). */
    static final class Hint extends Op {
        static final int WFE = 2, WFI = 3, SEV = 4;
        final int kind;

        Hint(int size, int kind) {
            super(size);
            this.kind = kind;
        }

        @Override
        public void exec(Core c) {
            switch (kind) {
                case WFI: c.exceptions.waitForInterrupt(); break;
                case WFE: c.exceptions.waitForEvent(); break;
                default: c.exceptions.sendEvent(); break;
            }
        }
    }

    /** CLREX (A6.7.21). */
    static final class ClearExclusive extends Op {
        ClearExclusive() {
            super(4);
        }

        @Override
        public void exec(Core c) {
            c.exclusiveOpen = false;
        }
    }

    /** SVC (A6.7.136). */
    static final class SupervisorCall extends Op {
        final int imm8;

        SupervisorCall(int imm8) {
            super(2);
            this.imm8 = imm8;
        }

        @Override
        public void exec(Core c) {
            c.exceptions.svc(imm8);
        }
    }

    /** BKPT (A6.7.17): semihosting for #0xAB. */
    static final class Breakpoint extends Op {
        final int imm8;

        Breakpoint(int imm8) {
            super(2);
            this.imm8 = imm8;
        }

        @Override
        public void exec(Core c) {
            c.breakpoint(imm8);
        }
    }

    /** CPSIE/CPSID i/f (B5.2.1): unprivileged execution is ignored. */
    static final class ChangeProcessorState extends Op {
        final boolean disable, affectPrimask, affectFaultmask;

        ChangeProcessorState(boolean disable, boolean affectPrimask, boolean affectFaultmask) {
            super(2);
            this.disable = disable;
            this.affectPrimask = affectPrimask;
            this.affectFaultmask = affectFaultmask;
        }

        @Override
        public void exec(Core c) {
            c.exceptions.special.cps(disable, affectPrimask, affectFaultmask);
        }
    }

    /** MRS (B5.2.2): special register to Rd. */
    static final class MoveFromSpecial extends Op {
        final int rd, sysm;

        MoveFromSpecial(int rd, int sysm) {
            super(4);
            this.rd = rd;
            this.sysm = sysm;
        }

        @Override
        public void exec(Core c) {
            c.r[rd] = c.exceptions.special.mrs(sysm);
        }
    }

    /** MSR (B5.2.3): Rn to a special register. */
    static final class MoveToSpecial extends Op {
        final int rn, sysm, mask;

        MoveToSpecial(int rn, int sysm, int mask) {
            super(4);
            this.rn = rn;
            this.sysm = sysm;
            this.mask = mask;
        }

        @Override
        public void exec(Core c) {
            c.exceptions.special.msr(sysm, mask, c.r[rn]);
        }
    }
}
