package io.xipkit.cpu.jit;

import io.xipkit.cpu.BlockRole;
import io.xipkit.cpu.CodeTranslator;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.Op;
import io.xipkit.cpu.OpForm;
import io.xipkit.cpu.TranslatedBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Translates a start address into a block once the run loop has come to it {@link #HOT} times by
 * a control transfer (cold code is not worth a class, nor a place the run loop only steps
 * through). A block is a trace of ops already in the decode table from that
 * address: it follows unconditional direct branches (B, BL) and ends at any other
 * {@link BlockRole#END} op (B&lt;cond&gt; and CBZ/CBNZ end it with both ways as inline exits), at the first instruction not decoded yet,
 * on leaving the 64 KiB decode page, at an instruction already in it, and after
 * {@link #MAX_LENGTH} instructions. A trace goes on past B&lt;cond&gt; and CBZ/CBNZ (on their
 * not-taken way, the taken one a side exit) while it holds fewer than {@link #SHORTEST}
 * instructions, so that a chain of compares and branches (a switch, a character class test) is
 * one block rather than a block per branch; and when the trace that goes on past them comes back
 * to its start within those limits, the block is that whole loop, which then runs inside its
 * method while the budget lasts.
 *
 * <p>Blocks are kept per fetch context and 64 KiB page with a map of the halfwords they cover, so
 * the decode cache's invalidations (stores into code, flash programming, mode changes, debugger
 * loads) drop exactly the blocks they touch at the cost of a look at that map. Dropping any block
 * empties the chain slots of every block ({@link TranslatedBlock#unlink}): no block leads to a
 * dropped one, and the run loop chains them again as they run.
 */
public final class BlockTranslator implements CodeTranslator {
    static final int HOT = 32;
    /** Keeps a block's bytecode far below HotSpot's 8000-byte limit for compiling a method. */
    static final int MAX_LENGTH = 48;
    /**
     * A trace ends at the first conditional branch it passes once it holds this many instructions
     * (unless it is a loop's). Each way out is a return to the run loop and a call of the next
     * block; EEMBC CoreMark's state machine and list code spent runs of two or three instructions
     * per block (docs/PERFORMANCE.md, eleventh session).
     */
    static final int SHORTEST = 6;
    private static final int PAGE_SHIFT = 16;
    private static final int SLOTS = 1 << (PAGE_SHIFT - 1);

    private final Core core;
    private final BlockCompiler compiler = new BlockCompiler();
    private final Page[][] pages = new Page[3][];
    /** Every page made, for emptying the chain slots of their blocks. */
    private final List<Page> made = new ArrayList<>();
    private long translated;

    public BlockTranslator(Core core) {
        this.core = core;
    }

    /** Blocks of one 64 KiB page of one fetch context. */
    private static final class Page {
        final TranslatedBlock[] byStart = new TranslatedBlock[SLOTS];
        final byte[] heat = new byte[SLOTS];
        final boolean[] covered = new boolean[SLOTS];
        final List<Placed> blocks = new ArrayList<>();
    }

    /** Blocks translated since this translator was made (for tests and statistics). */
    public long blocksTranslated() {
        return translated;
    }

    /** The block translated at {@code pc} in any fetch context, or null (for tests and statistics; no heat counted). */
    public TranslatedBlock translatedAt(int pc) {
        for (Page[] ps : pages) {
            Page p = ps == null ? null : ps[pc >>> PAGE_SHIFT];
            TranslatedBlock b = p == null ? null : p.byStart[(pc & 0xFFFF) >>> 1];
            if (b != null) return b;
        }
        return null;
    }

    @Override
    public TranslatedBlock blockAt(Op[][] table, int context, int pc, boolean entry) {
        Page[] ps = pages[context];
        if (ps == null) ps = pages[context] = new Page[1 << (32 - PAGE_SHIFT)];
        Page p = ps[pc >>> PAGE_SHIFT];
        if (p == null) {
            p = ps[pc >>> PAGE_SHIFT] = new Page();
            made.add(p);
        }
        int slot = (pc & 0xFFFF) >>> 1;
        TranslatedBlock b = p.byStart[slot];
        if (b != null || !entry || ++p.heat[slot] < HOT) return b;
        p.heat[slot] = 0;
        Placed placed = translate(table, pc);
        if (placed == null) return null;
        p.byStart[slot] = placed.block;
        p.blocks.add(placed);
        cover(p, placed);
        translated++;
        return placed.block;
    }

    private Placed translate(Op[][] table, int pc) {
        Op[] page = table[pc >>> PAGE_SHIFT];
        if (page == null) return null;
        Op[] ops = new Op[MAX_LENGTH];
        int[] pcs = new int[MAX_LENGTH];
        int n = 0;
        int at = pc;
        int it = 0;
        // Where the trace ends unless it is a loop's: after the first conditional branch it passes
        // with SHORTEST instructions or more (-1: none yet). A loop's trace (one that comes back
        // to its start past conditional branches) runs pass after pass inside its method, without
        // going back to the run loop, until a branch leaves the loop; elsewhere going on past
        // branches once a block has some length costs HotSpot more compiling than it saves.
        int unlessLoop = -1;
        boolean loops = false;
        while (n < MAX_LENGTH && (at >>> PAGE_SHIFT) == (pc >>> PAGE_SHIFT)) {
            Op op = page[(at & 0xFFFF) >>> 1];
            if (op == null || contains(pcs, n, at)) break;
            ops[n] = op;
            pcs[n++] = at;
            BlockRole role = BlockRole.of(op);
            if (role == BlockRole.END) {
                // A trace goes on through B and BL outside IT blocks, and past B<cond> and
                // CBZ/CBNZ too (their taken way a side exit) while it may still come back to its
                // start.
                if (it != 0) break;
                OpForm f = OpForm.of(op);
                if (f instanceof OpForm.Branch b && b.cond() == 14) {
                    at = b.target();
                    if (at == pc) {   // the block's own start: it loops inside itself
                        loops = true;
                        break;
                    }
                    continue;
                }
                if (!(f instanceof OpForm.DirectBranch direct)) break;
                if (unlessLoop < 0 && n >= SHORTEST) unlessLoop = n;
                if (direct.target() == pc) {
                    loops = true;
                    break;
                }
                at += op.size;
                continue;
            }
            it = role == BlockRole.IF_THEN ? BlockRole.itStateOf(op) : BlockRole.advance(it);
            at += op.size;
        }
        if (!loops && unlessLoop >= 0) n = unlessLoop;
        if (n == 0) return null;
        ops = Arrays.copyOf(ops, n);
        pcs = Arrays.copyOf(pcs, n);
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) ends[i] = pcs[i] + ops[i].size;
        // The core's arrays, with the page tables of the context the run loop is in now: the
        // context the block is kept for, and the only one it runs in.
        CoreArrays arrays = new CoreArrays(core.loadPages, core.storePages, core.pageIndex, core.r, core.s);
        return new Placed(compiler.compile(ops, pcs, arrays), pcs, ends);
    }

    private static boolean contains(int[] pcs, int n, int pc) {
        for (int i = 0; i < n; i++) if (pcs[i] == pc) return true;
        return false;
    }

    private static void cover(Page p, Placed b) {
        for (int i = 0; i < b.pcs.length; i++) {
            int from = (b.pcs[i] & 0xFFFF) >>> 1;
            Arrays.fill(p.covered, from, Math.min(SLOTS, from + ((b.ends[i] - b.pcs[i]) >>> 1)), true);
        }
    }

    /** A block and the address ranges of its instructions (a trace need not be contiguous). */
    private record Placed(TranslatedBlock block, int[] pcs, int[] ends) {
        boolean overlaps(long start, long end) {
            for (int i = 0; i < pcs.length; i++) {
                long s = pcs[i] & 0xFFFFFFFFL;
                if (s < end && start < s + (ends[i] - pcs[i])) return true;
            }
            return false;
        }
    }

    @Override
    public void codeInvalidated(long start, long end) {
        boolean dropped = false;
        for (Page[] ps : pages) {
            if (ps == null) continue;
            for (long pg = start >>> PAGE_SHIFT; pg <= (end - 1) >>> PAGE_SHIFT; pg++) {
                Page p = ps[(int) pg];
                if (p == null || p.blocks.isEmpty()) continue;
                long base = pg << PAGE_SHIFT;
                int from = (int) ((Math.max(start, base) - base) >>> 1);
                int to = (int) ((Math.min(end, base + (1L << PAGE_SHIFT)) - base + 1) >>> 1);
                if (!anyCovered(p.covered, from, to)) continue;
                dropped |= drop(p, base + 2L * from, base + 2L * to);
            }
        }
        if (dropped) {
            // No block may lead to a dropped one: every chain slot is found again as blocks run.
            for (Page p : made) for (Placed b : p.blocks) b.block.unlink();
            // A block running now must not go on with the old instructions: it stops after the store.
            core.requestService();
        }
    }

    private static boolean anyCovered(boolean[] covered, int from, int to) {
        for (int i = from; i < to; i++) if (covered[i]) return true;
        return false;
    }

    private static boolean drop(Page p, long start, long end) {
        boolean dropped = false;
        for (int i = p.blocks.size() - 1; i >= 0; i--) {
            Placed b = p.blocks.get(i);
            if (b.overlaps(start, end)) {
                p.blocks.remove(i);
                p.byStart[(b.block.start & 0xFFFF) >>> 1] = null;
                dropped = true;
            }
        }
        Arrays.fill(p.covered, false);
        for (Placed b : p.blocks) cover(p, b);
        return dropped;
    }

    @Override
    public void allCodeInvalidated() {
        boolean any = false;
        for (int c = 0; c < pages.length; c++) {
            any |= pages[c] != null;
            pages[c] = null;
        }
        made.clear();   // the blocks are unreachable now, chained to each other at most
        if (any) core.requestService();
    }
}
