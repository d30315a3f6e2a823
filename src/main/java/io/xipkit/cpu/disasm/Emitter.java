package io.xipkit.cpu.disasm;

/**
 * Text sink shared by the decoders for one instruction. It carries the little context that changes
 * how an instruction prints: the address (PC-relative operands), the IT-block condition, and the
 * "value in comment" that GNU objdump appends as {@code @ 0x..} after large immediates.
 *
 * <p>The output conventions (comment placement, when a hex echo of an immediate is printed, register
 * and condition spellings) follow GNU binutils 2.40 {@code arm-none-eabi-objdump -d} so that traces
 * can be compared with objdump listings line by line.
 */
final class Emitter {
    /** Condition mnemonics, ARMv7-M ARM (DDI 0403E) table A7-1; 15 is not a condition (objdump prints {@code <und>}). */
    static final String[] COND = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
            "hi", "ls", "ge", "lt", "gt", "le", "al", "<und>"};
    /** Core register names as objdump prints them by default: the APCS aliases sl, fp, ip for r10-r12 and sp, lr, pc. */
    static final String[] REG = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
            "r8", "r9", "sl", "fp", "ip", "sp", "lr", "pc"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    final StringBuilder sb = new StringBuilder(64);
    private final SymbolResolver symbols;

    int pc;
    /** ITSTATE for this instruction (0 outside an IT block). */
    int itState;
    /** ITSTATE after this instruction. */
    int nextItState;
    /** Value objdump echoes as {@code @ 0x..} when it is above 32 or below -16. */
    long valueInComment;
    boolean unpredictable;

    Emitter(SymbolResolver symbols) {
        this.symbols = symbols;
    }

    void reset(int pc, int itState) {
        sb.setLength(0);
        this.pc = pc;
        this.itState = itState & 0xff;
        this.nextItState = advance(this.itState);
        valueInComment = 0;
        unpredictable = false;
    }

    /** ARMv7-M ARM A7.3.2 ITAdvance(): shift the mask, end the block when only the terminating 1 is left. */
    static int advance(int state) {
        if ((state & 0xf) == 0) {
            return 0;
        }
        if ((state & 0x7) == 0) {
            return 0;
        }
        return (state & 0xe0) | ((state << 1) & 0x1f);
    }

    boolean inIt() {
        return (itState & 0xf) != 0;
    }

    int itCond() {
        return (itState >> 4) & 0xf;
    }

    Emitter s(String text) {
        sb.append(text);
        return this;
    }

    Emitter ch(char c) {
        sb.append(c);
        return this;
    }

    /** Mnemonic suffix for instructions inside an IT block (objdump's %c). */
    Emitter c() {
        if (inIt()) {
            sb.append(COND[itCond()]);
        }
        return this;
    }

    /** 16-bit flag-setting rule: condition inside an IT block, otherwise 'S' (objdump's %C). */
    Emitter cOrS() {
        if (inIt()) {
            sb.append(COND[itCond()]);
        } else {
            sb.append('s');
        }
        return this;
    }

    /** FPv5 instructions that cannot be conditional: objdump still prints the IT condition, and flags it. */
    Emitter u() {
        if (inIt()) {
            unpredictable = true;
            sb.append(COND[itCond()]);
        }
        return this;
    }

    Emitter tab() {
        sb.append('\t');
        return this;
    }

    Emitter comma() {
        sb.append(", ");
        return this;
    }

    Emitter r(int reg) {
        sb.append(REG[reg & 0xf]);
        return this;
    }

    /** Register operand that is UNPREDICTABLE as PC (objdump's %R). */
    Emitter rNotPc(int reg) {
        if ((reg & 0xf) == 15) {
            unpredictable = true;
        }
        return r(reg);
    }

    /** Register operand that is UNPREDICTABLE as SP or PC (objdump's %S). */
    Emitter rNotSpPc(int reg) {
        if ((reg & 0xf) == 13) {
            unpredictable = true;
        }
        return rNotPc(reg);
    }

    /** "#n" in decimal, remembered for the hex echo. */
    Emitter immC(long value) {
        sb.append('#').append(value);
        valueInComment = value;
        return this;
    }

    /** "#n" in decimal, not echoed. */
    Emitter imm(long value) {
        sb.append('#').append(value);
        return this;
    }

    Emitter dec(long value) {
        sb.append(value);
        return this;
    }

    Emitter hex(long value) {
        sb.append("0x");
        return hexDigits(value);
    }

    /** Lower-case hex without leading zeros, appended without allocating. */
    Emitter hexDigits(long value) {
        int shift = 60;
        while (shift > 0 && ((value >>> shift) & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            sb.append(HEX[(int) (value >>> shift) & 0xf]);
        }
        return this;
    }

    /** "0x%04x" as objdump prints BKPT and HLT immediates. */
    Emitter hex4(int value) {
        sb.append("0x");
        for (int shift = 12; shift >= 0; shift -= 4) {
            sb.append(HEX[(value >>> shift) & 0xf]);
        }
        return this;
    }

    /** Four zero-padded hex digits without a prefix. */
    Emitter hex4Digits(int value) {
        for (int shift = 12; shift >= 0; shift -= 4) {
            sb.append(HEX[(value >>> shift) & 0xf]);
        }
        return this;
    }

    /** An address as objdump's print_address_func: bare hex, then {@code <symbol>} when known. */
    Emitter address(int target) {
        hexDigits(target & 0xffffffffL);
        String name = symbols.describe(target);
        if (name != null) {
            sb.append(" <").append(name).append('>');
        }
        return this;
    }

    /** objdump's %x: a branch that is not last in its IT block. */
    Emitter branchInIt() {
        if (nextItState != 0) {
            sb.append("\t@ unpredictable branch in IT block");
        }
        return this;
    }

    /** objdump's %X: an instruction that may not be conditional inside an IT block. */
    Emitter notInIt() {
        if (inIt()) {
            sb.append("\t@ unpredictable <IT:").append(COND[itCond()]).append('>');
        }
        return this;
    }

    /** Register list in braces, lowest first. */
    Emitter regList(int mask) {
        sb.append('{');
        boolean first = true;
        for (int reg = 0; reg < 16; reg++) {
            if ((mask & (1 << reg)) != 0) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(REG[reg]);
            }
        }
        sb.append('}');
        return this;
    }

    void undefined16(int hw) {
        sb.setLength(0);
        sb.append("\t@ <UNDEFINED> instruction: ");
        hex4(hw);
        valueInComment = 0;
        unpredictable = false;
    }

    void undefined32(int insn) {
        sb.setLength(0);
        sb.append("\t@ <UNDEFINED> instruction: 0x");
        hexDigits(insn & 0xffffffffL);
        valueInComment = 0;
        unpredictable = false;
    }

    /** Trailing comments objdump adds after the operands. */
    void finish() {
        if (valueInComment > 32 || valueInComment < -16) {
            sb.append("\t@ 0x");
            hexDigits(valueInComment & 0xffffffffL);
        }
        if (unpredictable) {
            sb.append("\t@ <UNPREDICTABLE>");
        }
    }
}
