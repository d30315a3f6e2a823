package io.xipkit.cpu;

/** A DSP-group encoding that is UNDEFINED (or UNPREDICTABLE, decoded as UNDEFINED): UsageFault UNDEFINSTR. */
final class DspUndefinedOp extends Op {
    DspUndefinedOp() {
        super(4);
    }

    @Override
    public void exec(Core c) {
        throw Core.undefined();
    }
}
