package io.xipkit.board;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.DerivedPages;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cpu.jit.BlockTranslator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A board frozen at an instruction boundary: the core (registers, NVIC, SCB, MPU, caches, FPU,
 * debug state), every peripheral, the flash chips and internal flash with their storage, the
 * scheduler with its pending events, virtual time and the console UARTs. {@link #resume} gives a
 * new board that runs on from that instant, as many times as wanted; the original board runs on
 * unaffected from the moment the snapshot is taken.
 *
 * <p>The copy is a deep copy of the board's object graph ({@link ModelGraphCopy}): no model writes
 * copy code, and a model that gains state is copied with it. Translated code is not copied (the
 * copy translates its hot code again). What belongs to the host is not copied either: the copy
 * reports to the {@link BoardHost} given to {@link #resume}, and other host-side attachments (a
 * tool's flash-operation observer, a warning report's PC source) are null in the copy until the
 * caller binds its own ({@link #detached()} names them).
 */
public final class BoardSnapshot {
    private final Board frozen;
    /** Model-side data of the caller frozen with the board (its flash memories by name, say). */
    private final Object companion;
    private final BoardHost frozenHost;
    private final boolean translated;
    private final List<String> detached;
    /** The flash storages frozen, for a later snapshot that recycles this one. */
    private final List<ModelGraphCopy.Stored> storages;
    /** Recycled by a later snapshot: its flash arrays are that one's now. */
    private boolean recycled;

    private BoardSnapshot(Board frozen, Object companion, BoardHost frozenHost, boolean translated, List<String> detached,
                          List<ModelGraphCopy.Stored> storages) {
        this.storages = storages;
        this.frozen = frozen;
        this.companion = companion;
        this.frozenHost = frozenHost;
        this.translated = translated;
        this.detached = detached;
    }

    /**
     * Freezes {@code board} as it is now (call it between two runs of the core, not from inside a
     * model). Host-side objects are kept by reference in the snapshot, never run, and replaced at
     * {@link #resume}.
     */
    public static BoardSnapshot of(Board board) {
        return of(board, null);
    }

    /**
     * Freezes {@code board} with {@code companion}, objects of the caller that refer to the board's
     * models (a map of its flash memories): the copy of each keeps referring to the copied models
     * ({@link #resumeWith}).
     */
    public static BoardSnapshot of(Board board, Object companion) {
        return of(board, companion, null);
    }

    /**
     * The same, recycling {@code earlier} (a snapshot of the same board that is no longer needed,
     * or null): the flash arrays it froze are brought up to date with the 4 KiB pages the board
     * changed since, instead of copying every array whole — a snapshot then costs what the flash
     * changed, not the size of the chips. {@code earlier} cannot be resumed afterwards.
     */
    public static BoardSnapshot of(Board board, Object companion, BoardSnapshot earlier) {
        ModelGraphCopy copy = new ModelGraphCopy(Map.of(), true);
        if (earlier != null) {
            earlier.checkUsable();
            earlier.recycled = true;
            copy.recycle(earlier.storages);
        }
        Object[] frozen = copy.copy(new Object[] {board, companion});
        return new BoardSnapshot((Board) frozen[0], frozen[1], board.host(), copy.translatorDropped(), List.copyOf(copy.detached()),
                List.copyOf(copy.storages()));
    }

    private void checkUsable() {
        if (recycled) throw new IllegalStateException("this snapshot was recycled by a later one");
    }

    /** A resumed board and the copy of the companion frozen with it. */
    public record Resumed<T>(Board board, T companion) {}

    /** {@link #resume(BoardHost, Map)}, with the copy of the companion given to {@link #of(Board, Object)}. */
    @SuppressWarnings("unchecked")
    public <T> Resumed<T> resumeWith(BoardHost host, Map<Object, Object> rebind) {
        checkUsable();
        Map<Object, Object> with = new IdentityHashMap<>(rebind);
        with.put(frozenHost, host);
        ModelGraphCopy copy = new ModelGraphCopy(with, false);
        Object[] both = copy.copy(new Object[] {frozen, companion});
        Board b = (Board) both[0];
        if (translated) b.core().setTranslator(new BlockTranslator(b.core()));
        return new Resumed<>(b, (T) both[1]);
    }

    /**
     * {@link #resumeWith}, the copy running on given flash storages instead of copies of the frozen
     * ones: each flash storage of the original board that {@code onto} maps is replaced by the
     * storage it maps to (of the same size), whose array, page stamps, erase counts and register
     * image the copy uses as they are — the caller puts in them what the copy should find (a
     * campaign: a cut's flash), then calls {@link Board#storageRewritten}. A copy kept with the
     * frozen storage's stamps (the dual-flash window's interleaved image, {@link DerivedPages}) is
     * replaced by the one kept with the given storage's stamps, so nothing of the size of the flash
     * is copied. Gives null when a given storage has no such copy where the frozen one has one (or a
     * size differs): the caller powers on instead.
     */
    public <T> Resumed<T> resumeOnto(BoardHost host, Map<? extends NonVolatileMemory, ? extends ArrayNonVolatileMemory> onto) {
        checkUsable();
        Map<Object, Object> rebind = new IdentityHashMap<>();
        for (ModelGraphCopy.Stored s : storages) {
            ArrayNonVolatileMemory t = onto.get(s.original()), f = s.copy();
            if (t == null) continue;
            if (t.size() != f.size()) return null;
            rebind.put(f, t);
            rebind.put(f.array(), t.array());
            rebind.put(f.pageStamps(), t.pageStamps());
            rebind.put(f.eraseCounts(), t.eraseCounts());
            rebind.put(f.registerImage(), t.registerImage());
            Object fd = f.pageStamps().derivedCopy(), td = t.pageStamps().derivedCopy();
            if (fd == null) continue;
            if (td == null || td.getClass() != fd.getClass()) return null;
            rebind.put(fd, td);
            if (fd instanceof DerivedPages fp) {
                byte[] fa = fp.copyArray(), ta = ((DerivedPages) td).copyArray();
                if (fa.length != ta.length) return null;
                rebind.put(fa, ta);
            }
        }
        return resumeWith(host, rebind);
    }

    /** A new board that runs on from the snapshot's instant, reporting to {@code host}. */
    public Board resume(BoardHost host) {
        return resume(host, Map.of());
    }

    /**
     * The same, with further host-side objects of the original board replaced by the given ones
     * in the copy (by identity; an object mapped to itself is shared by every copy).
     */
    public Board resume(BoardHost host, Map<Object, Object> rebind) {
        return resumeWith(host, rebind).board();
    }

    /** Copies {@code board} in one step: {@code of(board).resume(host)} without the frozen copy in between. */
    public static Board copy(Board board, BoardHost host) {
        Map<Object, Object> with = new IdentityHashMap<>();
        with.put(board.host(), host);
        ModelGraphCopy copy = new ModelGraphCopy(with, false);
        Board b = copy.copy(board);
        if (copy.translatorDropped()) b.core().setTranslator(new BlockTranslator(b.core()));
        return b;
    }

    /**
     * Host-side objects the board held that a resumed copy does not have (they are null there):
     * "class (in field)" each.
     */
    public List<String> detached() {
        return detached;
    }

    /** Virtual time of the snapshot, in picoseconds since power-on. */
    public long nowPicos() {
        return frozen.core().nowPicos();
    }
}
