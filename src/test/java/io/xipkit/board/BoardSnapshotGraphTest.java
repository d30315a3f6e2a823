package io.xipkit.board;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.xipkit.cpu.CodeTranslator;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard of {@link BoardSnapshot}: on every board of the catalog (a board or peripheral added
 * later is covered as soon as its board file exists), the copy's object graph is the original's
 * field by field, shares no object that either could change, and stays equal to it field by field
 * after both ran on. A model that keeps state the copy loses or shares (a field of a kind the copy
 * does not know, state outside the board's objects) fails here.
 */
class BoardSnapshotGraphTest {
    private static final sun.misc.Unsafe U = unsafe();
    /**
     * Run-loop fields the core recomputes at the start of every run (Core.run requests a service,
     * which sets them): setting a translator on the copy requests one early.
     */
    private static final Set<String> RECOMPUTED = Set.of("Core.checkpoint", "Core.blocks");

    /** Firmware for each board that runs its core, its console and its flash controllers. */
    static List<Object[]> boards() {
        List<Object[]> out = new ArrayList<>();
        for (String id : new BoardCatalog().ids()) {
            List<String> images = switch (id) {
                case "generic-m7" -> List.of("firmware/elf/examples/generic-m7-hello.elf");
                case "nucleo-l476rg" -> List.of("firmware/elf/nucleo-l476rg/app-v1.elf");
                case "stm32h750-w25q128" -> List.of("firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf",
                        "firmware/elf/stm32h7/stm32h750-w25q128-flash_loop.elf");
                case "stm32h757-mt25tl01g" -> List.of("firmware/elf/stm32h7/stm32h757-mt25tl01g-xipwrite-boot.elf",
                        "firmware/elf/stm32h7/stm32h757-mt25tl01g-xipwrite-app.elf");
                case "stm32h743-w25q128" -> List.of("firmware/elf/examples/stm32h743-w25q128-hello.elf");
                case "nucleo-h7s3l8" -> List.of("firmware/elf/nucleo-h7s3l8/bootloader.elf", "firmware/elf/nucleo-h7s3l8/flash-test.elf");
                case "stm32h7b3i-dk" -> List.of("firmware/elf/stm32h7b3i-dk/bootloader.elf", "firmware/elf/stm32h7b3i-dk/blinky.elf");
                default -> List.of();   // a new board without firmware here: its models are still copied and compared
            };
            out.add(new Object[] {id, images});
        }
        return out;
    }

    private static Board boot(String id, List<String> images) throws Exception {
        Board b = TestBoards.create(id, BoardHost.inMemory());
        for (String image : images) {
            LoadableImage loaded = ImageLoader.load(Path.of(image), OptionalLong.empty());
            for (var s : loaded.segments()) b.loadSegment(loaded.name(), s.address(), s.data(), s.stored());
        }
        b.reset();
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boards")
    void theCopyOfEveryBoardIsTheOriginalFieldByFieldAndStaysSoWhenBothRunOn(String id, List<String> images) throws Exception {
        Board original = boot(id, images);
        original.core().run(300_000, Long.MAX_VALUE);
        BoardHost host = BoardHost.inMemory();
        Board copy = BoardSnapshot.copy(original, host);
        assertThat(copy.host()).isSameAs(host);
        compare(original, copy, original.host(), host);
        for (int i = 0; i < 3; i++) {
            original.core().run(200_000, Long.MAX_VALUE);
            copy.core().run(200_000, Long.MAX_VALUE);
            compare(original, copy, original.host(), host);
        }
        assertThat(copy.core().instructions).isEqualTo(original.core().instructions).isPositive();
    }

    @Test
    void aSnapshotResumedTwiceGivesTwoIndependentBoardsAndLeavesTheOriginalAlone() throws Exception {
        Board original = boot("nucleo-l476rg", List.of("firmware/elf/nucleo-l476rg/app-v1.elf"));
        original.core().run(100_000, Long.MAX_VALUE);
        BoardSnapshot snapshot = BoardSnapshot.of(original);
        assertThat(snapshot.detached()).isEmpty();
        Board a = snapshot.resume(BoardHost.inMemory());
        Board b = snapshot.resume(BoardHost.inMemory());
        a.core().run(50_000, Long.MAX_VALUE);
        assertThat(b.core().instructions).isEqualTo(100_000L);
        assertThat(original.core().instructions).isEqualTo(100_000L);
        b.core().run(50_000, Long.MAX_VALUE);
        original.core().run(50_000, Long.MAX_VALUE);
        compare(a, b, a.host(), b.host());
        compare(original, a, original.host(), a.host());
    }

    @Test
    void modelStateTheCopyCannotReproduceIsRefusedWithItsField() throws Exception {
        Board b = boot("nucleo-l476rg", List.of());
        b.registerModel("cache", new java.lang.ref.SoftReference<>(new byte[16]));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BoardSnapshot.of(b)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("java.lang.ref.SoftReference").hasMessageContaining("Board.models");
    }

    @Test
    void theGuardCatchesAModelObjectTheCopyWouldShare() {
        // the comparison itself must see a shared mutable object and a differing field
        int[] shared = {1};
        Object[] x = {shared, new int[] {2}};
        Object[] y = {shared, new int[] {2}};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compare(x, y, null, null)).hasMessageContaining("shared");
        Object[] z = {new int[] {1}, new int[] {3}};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compare(x, z, null, null)).hasMessageContaining("differs");
    }

    /**
     * Walks both graphs together: the same classes and values everywhere, the same sharing inside
     * each graph, and nothing changeable shared between them ({@code hostA}/{@code hostB} are the
     * hosts, which correspond without being compared; translated code is left out).
     */
    static void compare(Object a, Object b, Object hostA, Object hostB) {
        IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();
        if (hostA != null) seen.put(hostA, hostB);
        ArrayDeque<Object[]> work = new ArrayDeque<>();
        work.add(new Object[] {a, b, "board"});
        while (!work.isEmpty()) {
            Object[] w = work.poll();
            Object x = w[0], y = w[1];
            String path = (String) w[2];
            if (x == null || y == null) {
                if (x != y) fail("differs at " + path + ": " + x + " / " + y);
                continue;
            }
            if (x instanceof CodeTranslator) continue;
            if (seen.containsKey(x)) {
                if (seen.get(x) != y) fail("differs at " + path + ": the original shares an object the copy does not (or the reverse)");
                continue;
            }
            seen.put(x, y);
            if (ModelGraphCopy.immutable(x)) {
                if (!x.equals(y)) fail("differs at " + path + ": " + x + " / " + y);
                continue;
            }
            Class<?> k = x.getClass();
            if (x == y) {
                if (!k.isRecord() && !(ModelGraphCopy.isLambda(k) && instanceFields(k).isEmpty())
                        && !k.getName().startsWith("java.util.ImmutableCollections$")) {
                    fail("a " + k.getName() + " is shared by original and copy at " + path);
                }
                continue;
            }
            if (k != y.getClass()) fail("differs at " + path + ": " + k.getName() + " / " + y.getClass().getName());
            if (k.isArray()) {
                int n = Array.getLength(x);
                if (n != Array.getLength(y)) fail("differs at " + path + ": length " + n + " / " + Array.getLength(y));
                if (k.getComponentType().isPrimitive()) {
                    if (!java.util.Objects.deepEquals(x, y)) fail("differs at " + path + ": " + k.getSimpleName() + " contents");
                } else {
                    for (int i = 0; i < n; i++) work.add(new Object[] {Array.get(x, i), Array.get(y, i), path + "[" + i + "]"});
                }
                continue;
            }
            if (x instanceof Map<?, ?> mx && (k.getName().startsWith("java.util.Hash") || k.getName().startsWith("java.util.LinkedHash")
                    || k == IdentityHashMap.class)) {
                Map<?, ?> my = (Map<?, ?>) y;
                if (mx.size() != my.size()) fail("differs at " + path + ": " + mx.size() + " / " + my.size() + " entries");
                var ix = mx.entrySet().iterator();
                var iy = my.entrySet().iterator();
                while (ix.hasNext()) {
                    var ex = ix.next();
                    var ey = iy.next();
                    work.add(new Object[] {ex.getKey(), ey.getKey(), path + "{key}"});
                    work.add(new Object[] {ex.getValue(), ey.getValue(), path + "{" + ex.getKey() + "}"});
                }
                continue;
            }
            if (x instanceof Set<?> sx && k.getName().startsWith("java.util.") && k.getName().contains("Hash")) {
                Set<?> sy = (Set<?>) y;
                if (sx.size() != sy.size()) fail("differs at " + path + ": " + sx.size() + " / " + sy.size() + " elements");
                var iy = sy.iterator();
                for (Object e : sx) work.add(new Object[] {e, iy.next(), path + "{}"});
                continue;
            }
            boolean reflective = k.isHidden() || k.isRecord();   // no field offsets for these
            for (Field f : instanceFields(k)) {
                if (RECOMPUTED.contains(f.getDeclaringClass().getSimpleName() + "." + f.getName())) continue;
                String at = path + "." + f.getName();
                Class<?> t = f.getType();
                Object vx, vy;
                if (reflective) {
                    f.setAccessible(true);
                    try {
                        vx = f.get(x);
                        vy = f.get(y);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                } else if (!t.isPrimitive()) {
                    long off = U.objectFieldOffset(f);
                    vx = U.getObject(x, off);
                    vy = U.getObject(y, off);
                } else {
                    long off = U.objectFieldOffset(f);
                    vx = primitive(x, off, t);
                    vy = primitive(y, off, t);
                }
                if (!t.isPrimitive()) {
                    work.add(new Object[] {vx, vy, at});
                    continue;
                }
                if (!vx.equals(vy)) fail("differs at " + at + " (" + k.getSimpleName() + "): " + vx + " / " + vy);
            }
        }
    }

    private static Object primitive(Object o, long off, Class<?> t) {
        if (t == int.class) return U.getInt(o, off);
        if (t == long.class) return U.getLong(o, off);
        if (t == boolean.class) return U.getBoolean(o, off);
        if (t == byte.class) return U.getByte(o, off);
        if (t == short.class) return U.getShort(o, off);
        if (t == char.class) return U.getChar(o, off);
        if (t == float.class) return U.getFloat(o, off);
        return U.getDouble(o, off);
    }

    private static List<Field> instanceFields(Class<?> k) {
        List<Field> all = new ArrayList<>();
        for (Class<?> c = k; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers())) all.add(f);
        }
        return all;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
