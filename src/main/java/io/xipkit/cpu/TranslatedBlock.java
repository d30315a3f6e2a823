package io.xipkit.cpu;

/**
 * A basic block translated to JVM code by a {@link CodeTranslator}: [{@link #start}, {@link #end})
 * of one fetch context, {@link #length} instructions. {@link #run} has exactly the effect of the
 * run loop executing those instructions one by one (counts, ITSTATE, PC, faults), except that it
 * returns early when the service checkpoint is reached after an access, as the loop would serve
 * it before the next instruction.
 */
public abstract class TranslatedBlock {
    public final int length;
    public final int start;
    public final int end;

    protected TranslatedBlock(int length, int start, int end) {
        this.length = length;
        this.start = start;
        this.end = end;
    }

    /**
     * Runs the block from its start with ITSTATE 0 and at least {@link #length} cycles before the
     * checkpoint. A {@link CpuFault} or {@link BusErrorException} leaves the core as the run loop
     * would at the faulting instruction (PC, ITSTATE, counts of the instructions before it).
     */
    public abstract void run(Core c);
}
