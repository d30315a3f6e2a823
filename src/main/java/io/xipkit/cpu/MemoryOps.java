package io.xipkit.cpu;

/**
 * Loads and stores (DDI 0403E A4.6, A6.7): single items with immediate or register offsets
 * and every indexing mode, literal loads, multiples, doubles and exclusives.
 */
final class MemoryOps {
    private MemoryOps() {}

    // Access kinds.
    static final int WORD = 0, BYTE = 1, SBYTE = 2, HALF = 3, SHALF = 4;

    static int load(Core c, int kind, int a) {
        switch (kind) {
            case WORD: return c.read32(a);
            case BYTE: return c.read8(a);
            case SBYTE: return (byte) c.read8(a);
            case HALF: return c.read16(a);
            default: return (short) c.read16(a);
        }
    }

    static void store(Core c, int kind, int a, int v) {
        switch (kind) {
            case WORD: c.write32(a, v); break;
            case BYTE: c.write8(a, v); break;
            default: c.write16(a, v); break;
        }
    }

    /**
     * The operands of every access at [Rn, #offset]: transfer register, base register and the
     * signed offset already decoded. Plain final fields, read by the subclasses' {@code exec}
     * exactly as their own would be.
     */
    abstract static class ImmediateOffsetAccess extends Op {
        final int rt, rn, offset;

        ImmediateOffsetAccess(int size, int rt, int rn, int offset) {
            super(size);
            this.rt = rt;
            this.rn = rn;
            this.offset = offset;
        }
    }

    /** LDR Rt, [Rn, #imm] word without writeback: the hottest load, kept minimal. */
    static final class LoadWordImm extends ImmediateOffsetAccess {
        LoadWordImm(int size, int rt, int rn, int offset) {
            super(size, rt, rn, offset);
        }

        @Override
        public void exec(Core c) {
            c.r[rt] = c.read32(c.r[rn] + offset);
        }
    }

    /** STR Rt, [Rn, #imm] word without writeback. */
    static final class StoreWordImm extends ImmediateOffsetAccess {
        StoreWordImm(int size, int rt, int rn, int offset) {
            super(size, rt, rn, offset);
        }

        @Override
        public void exec(Core c) {
            c.write32(c.r[rn] + offset, c.r[rt]);
        }
    }

    /** Any single load/store with an immediate offset: offset, pre-indexed or post-indexed. */
    static final class SingleImm extends ImmediateOffsetAccess {
        final boolean load;
        final int kind;
        final boolean index, writeback;

        SingleImm(int size, boolean load, int kind, int rt, int rn, int offset, boolean index, boolean writeback) {
            super(size, rt, rn, offset);
            this.load = load;
            this.kind = kind;
            this.index = index;
            this.writeback = writeback;
        }

        @Override
        public void exec(Core c) {
            int base = c.r[rn];
            int offsetAddr = base + offset;
            int a = index ? offsetAddr : base;
            if (load) {
                int v = load(c, kind, a);
                if (writeback) c.r[rn] = offsetAddr;
                if (rt == 15) {
                    c.bxWritePc(v);
                } else {
                    c.r[rt] = v;
                }
            } else {
                store(c, kind, a, c.r[rt]);
                if (writeback) c.r[rn] = offsetAddr;
            }
        }
    }

    /** Single load/store with a register offset shifted left by 0–3. */
    static final class SingleReg extends Op {
        final boolean load;
        final int kind, rt, rn, rm, shift;

        SingleReg(int size, boolean load, int kind, int rt, int rn, int rm, int shift) {
            super(size);
            this.load = load;
            this.kind = kind;
            this.rt = rt;
            this.rn = rn;
            this.rm = rm;
            this.shift = shift;
        }

        @Override
        public void exec(Core c) {
            int a = c.r[rn] + (c.r[rm] << shift);
            if (load) {
                int v = load(c, kind, a);
                if (rt == 15) c.bxWritePc(v);
                else c.r[rt] = v;
            } else {
                store(c, kind, a, c.r[rt]);
            }
        }
    }

    /** PC-relative load: the address is known at decode time. */
    static final class LoadLiteral extends Op {
        final int kind, rt, address;

        LoadLiteral(int size, int kind, int rt, int address) {
            super(size);
            this.kind = kind;
            this.rt = rt;
            this.address = address;
        }

        @Override
        public void exec(Core c) {
            int v = load(c, kind, address);
            if (rt == 15) c.bxWritePc(v);
            else c.r[rt] = v;
        }
    }

    /** LDM/STM/PUSH/POP, increment-after or decrement-before (A6.7.40–42, A6.7.119–120). */
    static final class Multiple extends Op {
        final boolean load, decrementBefore, writeback;
        final int rn, list;
        final int count;

        Multiple(int size, boolean load, boolean decrementBefore, int rn, int list, boolean writeback) {
            super(size);
            this.load = load;
            this.decrementBefore = decrementBefore;
            this.rn = rn;
            this.list = list;
            this.writeback = writeback;
            this.count = Integer.bitCount(list);
        }

        @Override
        public void exec(Core c) {
            int base = c.r[rn];
            int start = decrementBefore ? base - 4 * count : base;
            int end = decrementBefore ? start : base + 4 * count;
            int a = start;
            if (load) {
                int pcValue = 0;
                for (int i = 0; i < 16; i++) {
                    if ((list & (1 << i)) == 0) continue;
                    int v = c.read32Aligned(a);
                    a += 4;
                    if (i == 15) pcValue = v;
                    else c.r[i] = v;
                }
                // A loaded base register wins over writeback (UNKNOWN in the manual; silicon keeps
                // the loaded value, and LDM with Rn in the list has W=0 in Thumb anyway).
                if (writeback && (list & (1 << rn)) == 0) c.r[rn] = end;
                if ((list & 0x8000) != 0) c.bxWritePc(pcValue);
            } else {
                for (int i = 0; i < 16; i++) {
                    if ((list & (1 << i)) == 0) continue;
                    c.write32Aligned(a, c.r[i]);
                    a += 4;
                }
                if (writeback) c.r[rn] = end;
            }
        }
    }

    /** LDRD/STRD immediate, incl. the literal form (A6.7.50–51, A6.7.124). */
    static final class Dual extends Op {
        final boolean load;
        final int rt, rt2, rn, offset;
        final boolean index, writeback;
        /** Literal LDRD: absolute address resolved at decode; rn unused. */
        final boolean literal;
        final int literalAddress;

        Dual(boolean load, int rt, int rt2, int rn, int offset, boolean index, boolean writeback,
             boolean literal, int literalAddress) {
            super(4);
            this.load = load;
            this.rt = rt;
            this.rt2 = rt2;
            this.rn = rn;
            this.offset = offset;
            this.index = index;
            this.writeback = writeback;
            this.literal = literal;
            this.literalAddress = literalAddress;
        }

        @Override
        public void exec(Core c) {
            int base = literal ? literalAddress : c.r[rn];
            int offsetAddr = literal ? literalAddress : base + offset;
            int a = index ? offsetAddr : base;
            if (load) {
                int lo = c.read32Aligned(a);
                int hi = c.read32Aligned(a + 4);
                c.r[rt] = lo;
                c.r[rt2] = hi;
            } else {
                c.write32Aligned(a, c.r[rt]);
                c.write32Aligned(a + 4, c.r[rt2]);
            }
            if (writeback) c.r[rn] = offsetAddr;
        }
    }

    /** LDREX/LDREXB/LDREXH (A6.7.52–54): open the local monitor on the address. */
    static final class LoadExclusive extends ImmediateOffsetAccess {
        final int kind;

        LoadExclusive(int kind, int rt, int rn, int offset) {
            super(4, rt, rn, offset);
            this.kind = kind;
        }

        @Override
        public void exec(Core c) {
            int a = c.r[rn] + offset;
            int v;
            if (kind == WORD) v = c.read32Aligned(a);
            else if (kind == HALF) {
                if ((a & 1) != 0) throw new CpuFault(FaultKind.UNALIGNED);
                v = c.read16(a);
            } else v = c.read8(a);
            c.exclusiveOpen = true;
            c.exclusiveAddress = a;
            c.r[rt] = v;
        }
    }

    /** STREX/STREXB/STREXH (A6.7.121–123): store only if the monitor is open; Rd = 0 on success. */
    static final class StoreExclusive extends ImmediateOffsetAccess {
        final int kind, rd;

        StoreExclusive(int kind, int rd, int rt, int rn, int offset) {
            super(4, rt, rn, offset);
            this.kind = kind;
            this.rd = rd;
        }

        @Override
        public void exec(Core c) {
            int a = c.r[rn] + offset;
            if (kind == WORD && (a & 3) != 0) throw new CpuFault(FaultKind.UNALIGNED);
            if (kind == HALF && (a & 1) != 0) throw new CpuFault(FaultKind.UNALIGNED);
            // The local monitor of a single-core system need not compare addresses
            // (IMPLEMENTATION DEFINED, A3.4.2); like the Cortex-M7 we only check it is open.
            if (c.exclusiveOpen) {
                if (kind == WORD) c.write32Aligned(a, c.r[rt]);
                else if (kind == HALF) c.write16(a, c.r[rt]);
                else c.write8(a, c.r[rt]);
                c.r[rd] = 0;
            } else {
                c.r[rd] = 1;
            }
            c.exclusiveOpen = false;
        }
    }
}
