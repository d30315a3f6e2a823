package io.xipkit.cpu;

/**
 * Decodes Thumb and Thumb-2 instructions into {@link Op}s (DDI 0403E, A5 "The Thumb Instruction
 * Set Encoding"). DSP-extension and floating-point encodings are delegated to
 * {@link DspDecoder} and {@link FpDecoder}.
 */
final class ThumbDecoder {
    private final CoreVariant variant;

    ThumbDecoder(CoreVariant variant) {
        this.variant = variant;
    }

    /** A5.1: halfwords starting 0b11101, 0b11110 or 0b11111 begin a 32-bit instruction. */
    static boolean is32Bit(int hw1) {
        return (hw1 & 0xF800) >= 0xE800;
    }

    Op decode16(int pc, int hw) {
        return new UndefinedOp(2);
    }

    Op decode32(int pc, int hw1, int hw2) {
        if ((hw1 & 0xEC00) == 0xEC00) {
            Op fp = FpDecoder.decode32(variant, pc, hw1, hw2);
            return fp != null ? fp : new UndefinedOp(4);
        }
        Op dsp = DspDecoder.decode32(pc, hw1, hw2);
        if (dsp != null) return dsp;
        return new UndefinedOp(4);
    }

    /** An UNDEFINED encoding: UsageFault UNDEFINSTR when executed. */
    static final class UndefinedOp extends Op {
        UndefinedOp(int size) {
            super(size);
        }

        @Override
        public void exec(Core c) {
            throw Core.undefined();
        }
    }
}
