package io.xipkit.cpu;

/**
 * Translates hot code into {@link TranslatedBlock}s for {@link Core#run} (the interpreter stays
 * the reference and runs everything else). Blocks are built only from ops already in the decode
 * table, so translation fetches nothing and every fetch side effect (I-cache, permission checks)
 * stays the interpreter's; they are dropped whenever the decode table drops an op they hold.
 */
public interface CodeTranslator {
    /** The block starting at {@code pc} in decode table {@code table} (fetch context {@code context}), or null to interpret. */
    TranslatedBlock blockAt(Op[][] table, int context, int pc);

    /** Decoded instructions in [start, end) (unsigned addresses) were dropped: so are the blocks holding them. */
    void codeInvalidated(long start, long end);

    /** Every decoded instruction was dropped. */
    void allCodeInvalidated();
}
