package io.xipkit.cpu;

import java.util.Arrays;

/**
 * A basic block translated to JVM code by a {@link CodeTranslator}: [{@link #start}, {@link #end})
 * of one fetch context, {@link #length} instructions. {@link #run} has exactly the effect of the
 * run loop executing those instructions one by one (counts, ITSTATE, PC, faults), except that it
 * returns early when the service checkpoint is reached after an access, as the loop would serve
 * it before the next instruction.
 *
 * <p>Chaining: each way out of a block whose successor is known to start with ITSTATE 0 has a
 * slot in {@link #links}. {@link #run} returns the block in that slot (the run loop runs it next
 * without looking it up, if the budget leaves room), or, with the slot empty, null and the slot's
 * number in {@link Core#chainExit}, and the run loop fills the slot once it has looked the
 * successor up. A way out to a target known only at run time (BX, POP {PC}, LDR PC) has a slot
 * too, used only while the block in it starts at the new PC. The translator empties the slots
 * whenever it drops blocks, so no block leads to dropped code.
 */
public abstract class TranslatedBlock {
    public final int length;
    public final int start;
    public final int end;
    /** The successor found last for each way out (null: not known yet). */
    protected final TranslatedBlock[] links;

    protected TranslatedBlock(int length, int start, int end, int exits) {
        this.length = length;
        this.start = start;
        this.end = end;
        this.links = new TranslatedBlock[exits];
    }

    /**
     * Runs the block from its start with ITSTATE 0 and at least {@link #length} cycles before the
     * checkpoint. A {@link CpuFault} or {@link BusErrorException} leaves the core as the run loop
     * would at the faulting instruction (PC, ITSTATE, counts of the instructions before it).
     *
     * @return the block that starts at the new PC, when this way out is chained; else null, with
     *         {@link Core#chainExit} the way out's slot (or -1: none)
     */
    public abstract TranslatedBlock run(Core c);

    /**
     * A way out to a fixed address, for translated code (one call instead of the same steps
     * written out at every way out: less bytecode for HotSpot per block): counts {@code count}
     * more instructions, leaves R15 and PC as the run loop leaves them after an instruction whose
     * R15 read {@code r15} and that went on to {@code dest}, and returns the successor in chain
     * slot {@code slot} (-1: none), or null with the slot in {@link Core#chainExit}.
     */
    protected final TranslatedBlock leave(Core c, int count, int r15, int dest, int slot) {
        if (count != 0) c.count(count);
        c.r[15] = r15;
        c.pc = dest;
        c.nextPc = dest;
        if (slot < 0) {
            c.chainExit = -1;
            return null;
        }
        TranslatedBlock next = links[slot];
        if (next == null) c.chainExit = slot;
        return next;
    }

    /**
     * The way out after an exec'd branch to a computed address (BX, POP {PC}, LDR PC; its PC in
     * {@code nextPc}), for translated code: counts {@code count} more instructions, moves to that
     * PC and returns the successor in chain slot {@code slot} if it starts there and ITSTATE is 0;
     * else null, with the slot in {@link Core#chainExit} (-1 with ITSTATE not 0: an exception
     * return into an IT block, which the run loop interprets).
     */
    protected final TranslatedBlock leaveTo(Core c, int count, int slot) {
        c.count(count);
        int pc = c.nextPc;
        c.pc = pc;
        TranslatedBlock next = links[slot];
        if (next != null && next.start == pc && c.itState == 0) return next;
        c.chainExit = c.itState != 0 ? -1 : slot;
        return null;
    }

    /** Chains way out {@code exit} to {@code next}, the block the run loop found at the PC it left. */
    final void link(int exit, TranslatedBlock next) {
        links[exit] = next;
    }

    /** Ways out chained to a successor now (for tests and statistics). */
    public final int chainedExits() {
        int n = 0;
        for (TranslatedBlock b : links) if (b != null) n++;
        return n;
    }

    /** Forgets every successor (the translator dropped blocks, maybe some of them). */
    public final void unlink() {
        Arrays.fill(links, null);
    }
}
