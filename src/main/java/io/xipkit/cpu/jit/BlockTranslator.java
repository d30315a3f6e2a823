package io.xipkit.cpu.jit;

import io.xipkit.cpu.BlockRole;
import io.xipkit.cpu.CodeTranslator;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.Op;
import io.xipkit.cpu.TranslatedBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Translates a start address into a block once the run loop has come to it {@link #HOT} times
 * (cold code is not worth a class). A block is the run of consecutive ops already in the decode
 * table from that address: it ends at a branch or any other {@link BlockRole#END} op, at the
 * first instruction not decoded yet, at the end of the 64 KiB decode page and after
 * {@link #MAX_LENGTH} instructions.
 *
 * <p>Blocks are kept per fetch context and 64 KiB page with a map of the halfwords they cover, so
 * the decode cache's invalidations (stores into code, flash programming, mode changes, debugger
 * loads) drop exactly the blocks they touch at the cost of a look at that map.
 */
public final class BlockTranslator implements CodeTranslator {
    static final int HOT = 32;
    /** Keeps a block's bytecode far below HotSpot's 8000-byte limit for compiling a method. */
    static final int MAX_LENGTH = 48;
    private static final int PAGE_SHIFT = 16;
    private static final int SLOTS = 1 << (PAGE_SHIFT - 1);

    private final Core core;
    private final BlockCompiler compiler = new BlockCompiler();
    private final Page[][] pages = new Page[3][];
    private long translated;

    public BlockTranslator(Core core) {
        this.core = core;
    }

    /** Blocks of one 64 KiB page of one fetch context. */
    private static final class Page {
        final TranslatedBlock[] byStart = new TranslatedBlock[SLOTS];
        final byte[] heat = new byte[SLOTS];
        final boolean[] covered = new boolean[SLOTS];
        final List<TranslatedBlock> blocks = new ArrayList<>();
    }

    /** Blocks translated since this translator was made (for tests and statistics). */
    public long blocksTranslated() {
        return translated;
    }

    @Override
    public TranslatedBlock blockAt(Op[][] table, int context, int pc) {
        Page[] ps = pages[context];
        if (ps == null) ps = pages[context] = new Page[1 << (32 - PAGE_SHIFT)];
        Page p = ps[pc >>> PAGE_SHIFT];
        if (p == null) p = ps[pc >>> PAGE_SHIFT] = new Page();
        int slot = (pc & 0xFFFF) >>> 1;
        TranslatedBlock b = p.byStart[slot];
        if (b != null || ++p.heat[slot] < HOT) return b;
        p.heat[slot] = 0;
        b = translate(table, pc);
        if (b == null) return null;
        p.byStart[slot] = b;
        p.blocks.add(b);
        cover(p, b);
        translated++;
        return b;
    }

    private TranslatedBlock translate(Op[][] table, int pc) {
        Op[] page = table[pc >>> PAGE_SHIFT];
        if (page == null) return null;
        Op[] ops = new Op[MAX_LENGTH];
        int[] pcs = new int[MAX_LENGTH];
        int n = 0;
        int at = pc;
        while (n < MAX_LENGTH && (at >>> PAGE_SHIFT) == (pc >>> PAGE_SHIFT)) {
            Op op = page[(at & 0xFFFF) >>> 1];
            if (op == null) break;
            ops[n] = op;
            pcs[n++] = at;
            if (BlockRole.of(op) == BlockRole.END) break;
            at += op.size;
        }
        if (n == 0) return null;
        return compiler.compile(Arrays.copyOf(ops, n), Arrays.copyOf(pcs, n));
    }

    private static void cover(Page p, TranslatedBlock b) {
        int from = (b.start & 0xFFFF) >>> 1;
        int to = Math.min(SLOTS, from + ((b.end - b.start) >>> 1));
        Arrays.fill(p.covered, from, to, true);
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
        // A block running now must not go on with the old instructions: it stops after the store.
        if (dropped) core.requestService();
    }

    private static boolean anyCovered(boolean[] covered, int from, int to) {
        for (int i = from; i < to; i++) if (covered[i]) return true;
        return false;
    }

    private static boolean drop(Page p, long start, long end) {
        boolean dropped = false;
        for (int i = p.blocks.size() - 1; i >= 0; i--) {
            TranslatedBlock b = p.blocks.get(i);
            long bs = b.start & 0xFFFFFFFFL;
            long be = bs + (b.end - b.start);
            if (bs < end && start < be) {
                p.blocks.remove(i);
                p.byStart[(b.start & 0xFFFF) >>> 1] = null;
                dropped = true;
            }
        }
        Arrays.fill(p.covered, false);
        for (TranslatedBlock b : p.blocks) cover(p, b);
        return dropped;
    }

    @Override
    public void allCodeInvalidated() {
        boolean any = false;
        for (int c = 0; c < pages.length; c++) {
            any |= pages[c] != null;
            pages[c] = null;
        }
        if (any) core.requestService();
    }
}
