package io.xipkit.cpu;

/**
 * Translates hot code into {@link TranslatedBlock}s for {@link Core#run} (the interpreter stays
 * the reference and runs everything else). Blocks are built only from ops already in the decode
 * table, so translation fetches nothing and every fetch side effect (I-cache, permission checks)
 * stays the interpreter's; they are dropped whenever the decode table drops an op they hold.
 */
public interface CodeTranslator {
    /**
     * The block starting at {@code pc} in decode table {@code table} (fetch context {@code context}),
     * or null to interpret. {@code entry}: the run loop came to {@code pc} by a control transfer
     * (a taken branch, a block's way out, an exception), where blocks are worth making; otherwise
     * it stepped on from the instruction before (inside a block cut short by a checkpoint, or
     * resumed there after a service), and the arrival must not count towards translating one.
     */
    TranslatedBlock blockAt(Op[][] table, int context, int pc, boolean entry);

    /** Decoded instructions in [start, end) (unsigned addresses) were dropped: so are the blocks holding them. */
    void codeInvalidated(long start, long end);

    /** Every decoded instruction was dropped. */
    void allCodeInvalidated();
}
