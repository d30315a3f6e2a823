package io.xipkit.cpu.disasm;

/**
 * Disassembler for the ARMv7E-M Thumb instruction set (Cortex-M4/M7), including the DSP extension
 * and the FPv5 floating-point extension, producing GNU objdump-compatible text (unified syntax).
 *
 * <p>Output conventions, all as {@code arm-none-eabi-objdump -d} (binutils 2.40) prints them:
 * a tab between mnemonic and operands; branch targets as bare hex followed by {@code <symbol>} from
 * the {@link SymbolResolver}; PC-relative loads followed by a tab and an {@code @ address} comment;
 * large immediates echoed as {@code @ 0x..}; encodings that decode to nothing as
 * {@code @ <UNDEFINED> instruction: 0x....}. Like objdump, a branch that is not last in its IT block is
 * marked {@code @ unpredictable branch in IT block} (objdump also starts a new line there; this
 * class does not).
 *
 * <p>Not thread-safe: one instance reuses a single buffer. Create one per thread (they are cheap).
 */
public final class ThumbDisassembler {
    private final Emitter emitter;
    /** ITSTATE tracked by {@link #next}. */
    private int itState;
    /** Address {@link #next} expects next; a jump elsewhere forgets the IT state. */
    private int expected = 1;

    public ThumbDisassembler(SymbolResolver symbols) {
        this.emitter = new Emitter(symbols == null ? SymbolResolver.NONE : symbols);
    }

    /** True if {@code hw1} is the first halfword of a 32-bit encoding (ARMv7-M ARM A5.1). */
    public static boolean is32Bit(int hw1) {
        return (hw1 & 0xf800) >= 0xe800;
    }

    /**
     * Stateless decode. {@code hw2} is ignored for 16-bit encodings; {@code itState} is the CPU's
     * ITSTATE (0 outside IT blocks) so conditional suffixes and the 16-bit 'S' rules print as objdump does.
     */
    public Disassembly disassemble(int address, int hw1, int hw2, int itState) {
        return new Disassembly(decode(address, hw1, hw2, itState), emitter.sb.toString());
    }

    /** Stateful sequential use: tracks IT blocks itself, like objdump walking a section. */
    public Disassembly next(int address, int hw1, int hw2) {
        if (address != expected) {
            itState = 0;
        }
        int size = decode(address, hw1, hw2, itState);
        itState = emitter.nextItState;
        expected = address + size;
        return new Disassembly(size, emitter.sb.toString());
    }

    /** Forgets the IT state tracked by {@link #next}. */
    public void reset() {
        itState = 0;
        expected = 1;
    }

    /**
     * Decodes into the internal buffer and returns the size; callers that want no allocation at all
     * can use this and then {@link #appendLastTo(StringBuilder)}.
     */
    public int decode(int address, int hw1, int hw2, int itState) {
        Emitter e = emitter;
        e.reset(address, itState);
        hw1 &= 0xffff;
        if (is32Bit(hw1)) {
            Thumb32.decode(e, (hw1 << 16) | (hw2 & 0xffff));
            e.finish();
            return 4;
        }
        Thumb16.decode(e, hw1);
        e.finish();
        return 2;
    }

    /** Appends the text of the last {@link #decode} to {@code out}. */
    public void appendLastTo(StringBuilder out) {
        out.append(emitter.sb);
    }
}
