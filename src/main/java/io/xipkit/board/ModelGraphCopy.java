package io.xipkit.board;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.cpu.CodeTranslator;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deep copy of a board's object graph, field by field: every object of a model class, every
 * array and every JDK object reachable from the board is copied once (shared references stay
 * shared, cycles stay cycles), so the copy runs on without touching the original. Reflective on
 * purpose: a model that gains a field is copied with it, without anyone writing copy code (the
 * guard test {@code BoardSnapshotGraphTest} walks both graphs to prove it).
 *
 * <p>What is not copied:
 * <ul>
 *   <li>immutable values (strings, boxed numbers, enum constants, classes, patterns, stateless
 *       lambdas) are shared;</li>
 *   <li>translated code ({@link CodeTranslator}) is dropped: it is derived from the decode table
 *       and rebuilt by a new translator ({@link BoardSnapshot});</li>
 *   <li>host-side objects (classes of the tools and cli layers, or any class outside xipkit and the
 *       JDK) are replaced as {@code rebind} says, or by null when it does not name them: the caller
 *       binds its own console, storage and observers to the copy ({@link #detached()} lists them).
 *       A host-side flash storage (a {@code --state} file) becomes an in-memory copy of its contents.</li>
 * </ul>
 *
 * <p>Object fields are written through {@code sun.misc.Unsafe}, the only way to fill a final
 * field of an object created without its constructor (JDK objects included: a random generator's
 * state, an {@code ArrayList}'s array). Hash-based collections are rebuilt through their public
 * API once every other object is filled, since the copied keys hash differently; records and
 * lambdas, whose fields cannot be written, are rebuilt through their constructor.
 */
final class ModelGraphCopy {
    private static final sun.misc.Unsafe U = unsafe();
    private static final String[] MODEL_PACKAGES = {"io.xipkit.time.", "io.xipkit.regs.", "io.xipkit.cpu.", "io.xipkit.bus.",
            "io.xipkit.peripherals.", "io.xipkit.devices.", "io.xipkit.board."};

    private final IdentityHashMap<Object, Object> copies = new IdentityHashMap<>();
    /** Pairs (original, copy) whose fields or elements are still to copy. */
    private final ArrayDeque<Object> toFill = new ArrayDeque<>();
    /** Triples (original, copy, where) of hash-based collections, filled last. */
    private final ArrayDeque<Object> toRehash = new ArrayDeque<>();
    /** Records and lambdas being rebuilt: met again before they exist, they close a cycle we cannot copy. */
    private final Set<Object> building = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Class<?>, long[]> objectOffsets = new HashMap<>();
    private final Map<Class<?>, Field[]> fieldsOf = new HashMap<>();
    private final List<String> detached = new ArrayList<>();
    /** Every flash storage copied, with its copy and its page-stamp counter at the copy. */
    private final List<Stored> storages = new ArrayList<>();
    private boolean translatorDropped;
    /** The field being copied, for messages. */
    private String where = "the board";

    /** Host-side objects stay shared (a frozen snapshot keeps them, to be rebound when it is resumed). */
    private final boolean keepHostSide;

    /**
     * @param rebind       host-side objects (and anything else) to replace by the given object in the
     *                     copy; an object mapped to itself is shared
     * @param keepHostSide whether host-side objects that {@code rebind} does not name are shared
     *                     (rather than replaced by null)
     */
    ModelGraphCopy(Map<Object, Object> rebind, boolean keepHostSide) {
        copies.putAll(rebind);
        this.keepHostSide = keepHostSide;
    }

    /** The copy of {@code root} and of everything it reaches. */
    @SuppressWarnings("unchecked")
    <T> T copy(T root) {
        Object c = value(root);
        complete();
        return (T) c;
    }

    /** Fills every object allocated so far (and what they reach). */
    private void complete() {
        do {
            drain();
            while (!toRehash.isEmpty()) {
                Object from = toRehash.poll(), to = toRehash.poll();
                where = (String) toRehash.poll();
                rehash(from, to);
            }
        } while (!toFill.isEmpty());
    }

    /** A flash storage of the original, its copy, and the counter of its page stamps when it was copied. */
    record Stored(ArrayNonVolatileMemory original, ArrayNonVolatileMemory copy, long version) {}

    /** The flash storages this copy met. */
    List<Stored> storages() {
        return storages;
    }

    /**
     * Reuses the arrays of the copies an earlier copy made of the same storages (which no one may
     * use any more): only the 4 KiB pages the original changed since are copied into them
     * ({@link io.xipkit.bus.PageStamps}), instead of the whole array. Call before {@link #copy}.
     */
    void recycle(List<Stored> earlier) {
        for (Stored s : earlier) {
            byte[] from = s.original().array(), to = s.copy().array();
            if (from.length != to.length) continue;
            io.xipkit.bus.PageStamps stamps = s.original().pageStamps();
            for (int p = 0; p < stamps.pages(); p++) {
                if (!stamps.changedSince(p, s.version())) continue;
                int at = p << io.xipkit.bus.PageStamps.PAGE_SHIFT;
                System.arraycopy(from, at, to, at, Math.min(io.xipkit.bus.PageStamps.PAGE, from.length - at));
            }
            copies.put(from, to);
        }
    }

    /** The host-side objects replaced by null, as "class (in field)". */
    List<String> detached() {
        return detached;
    }

    /** Whether the graph held a code translator (the copy has none until one is set). */
    boolean translatorDropped() {
        return translatorDropped;
    }

    static boolean isModelClass(Class<?> k) {
        String n = k.getName();
        for (String p : MODEL_PACKAGES) if (n.startsWith(p)) return true;
        return false;
    }

    /** Values shared by original and copy: nothing can change them. */
    static boolean immutable(Object o) {
        return o instanceof String || o instanceof Integer || o instanceof Long || o instanceof Boolean || o instanceof Byte
                || o instanceof Short || o instanceof Character || o instanceof Double || o instanceof Float || o instanceof Enum<?>
                || o instanceof Class<?> || o instanceof java.util.regex.Pattern || o instanceof java.math.BigInteger
                || o instanceof java.math.BigDecimal || o instanceof java.nio.charset.Charset || o instanceof java.util.Locale
                || o instanceof java.time.Duration
                || o.getClass().getName().startsWith("java.util.Collections$Empty")
                // a board file's parameters as parsed, only ever read (BoardDescription, Params)
                || o instanceof org.yaml.snakeyaml.nodes.Node;
    }

    static boolean isLambda(Class<?> k) {
        return k.isHidden() && k.getName().contains("$$Lambda");
    }

    /** Whether objects of {@code k} belong to the host rather than the board. */
    static boolean hostSide(Class<?> k) {
        if (k.isArray()) return false;
        String n = k.getName();
        if (isLambda(k)) n = n.substring(0, n.indexOf("$$Lambda"));
        if (n.startsWith("io.xipkit.")) return !isModelClass(k) && !isLambdaOfModel(n);
        return !(n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun."));
    }

    private static boolean isLambdaOfModel(String definingClass) {
        for (String p : MODEL_PACKAGES) if (definingClass.startsWith(p)) return true;
        return false;
    }

    /** A host-side object no one rebound: shared by a frozen snapshot, null in a copy that runs. */
    private Object unbound(Object o) {
        if (keepHostSide) {
            copies.put(o, o);
            return o;
        }
        detached.add(o.getClass().getName() + " (in " + where + ")");
        copies.put(o, null);
        return null;
    }

    private Object value(Object o) {
        if (o == null) return null;
        Object c = copies.get(o);
        if (c != null || copies.containsKey(o)) return c;
        if (immutable(o)) return o;
        Class<?> k = o.getClass();
        if (k.isArray()) return array(o, k);
        if (o instanceof CodeTranslator) {
            translatorDropped = true;
            copies.put(o, null);
            return null;
        }
        if (o instanceof ArrayNonVolatileMemory && hostSide(k)) return storage((ArrayNonVolatileMemory) o);
        if (isLambda(k)) return lambda(o, k);
        if (hostSide(k)) return unbound(o);
        if (k.isRecord()) {
            if (shareable(o, 0)) {
                copies.put(o, o);
                return o;
            }
            return record(o, k);
        }
        if (o instanceof java.lang.ref.Reference<?> || o instanceof ClassLoader || o instanceof AutoCloseable) {
            // the garbage collector's or the host's: no copy of these means the same thing
            throw new SnapshotException("cannot copy a " + k.getName() + " (in " + where + "): a board holds no references,"
                    + " class loaders or open resources");
        }
        if (rehashed(k)) return emptyCollection(o, k);
        if (k.getName().startsWith("java.util.ImmutableCollections$Set")
                || k.getName().startsWith("java.util.ImmutableCollections$Map")) {
            return immutableHashed(o);
        }
        Object n = allocate(k);
        copies.put(o, n);
        toFill.add(o);
        toFill.add(n);
        if (o instanceof ArrayNonVolatileMemory m) stored(m, n);
        return n;
    }

    private void stored(ArrayNonVolatileMemory m, Object copy) {
        storages.add(new Stored(m, (ArrayNonVolatileMemory) copy, m.pageStamps().version()));
    }

    private void drain() {
        while (!toFill.isEmpty()) {
            Object from = toFill.poll(), to = toFill.poll();
            Class<?> k = from.getClass();
            if (k.isArray()) {
                Object[] a = (Object[]) from, b = (Object[]) to;
                String at = where;
                for (int i = 0; i < a.length; i++) {
                    where = at + "[" + i + "]";
                    b[i] = value(a[i]);
                }
                where = at;
            } else {
                fill(from, to, from instanceof ArrayNonVolatileMemory && hostSide(k) ? ArrayNonVolatileMemory.class : k);
            }
        }
    }

    /** Copies the fields {@code k} and its superclasses declare from {@code from} into {@code to}. */
    private void fill(Object from, Object to, Class<?> k) {
        Field[] fields = fields(k);
        long[] offsets = objectOffsets.get(k);
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            long off = offsets[i];
            Class<?> t = f.getType();
            if (!t.isPrimitive()) {
                where = f.getDeclaringClass().getSimpleName() + "." + f.getName();
                Object v = value(U.getObject(from, off));
                if (v != null && !t.isInstance(v)) {
                    throw new SnapshotException("cannot copy " + where + ": its " + U.getObject(from, off).getClass().getName()
                            + " was rebound to a " + v.getClass().getName());
                }
                U.putObject(to, off, v);
            } else if (t == int.class) U.putInt(to, off, U.getInt(from, off));
            else if (t == long.class) U.putLong(to, off, U.getLong(from, off));
            else if (t == boolean.class) U.putBoolean(to, off, U.getBoolean(from, off));
            else if (t == byte.class) U.putByte(to, off, U.getByte(from, off));
            else if (t == short.class) U.putShort(to, off, U.getShort(from, off));
            else if (t == char.class) U.putChar(to, off, U.getChar(from, off));
            else if (t == float.class) U.putFloat(to, off, U.getFloat(from, off));
            else U.putDouble(to, off, U.getDouble(from, off));
        }
    }

    /** The instance fields of {@code k} and its superclasses (offsets kept in {@link #objectOffsets}). */
    private Field[] fields(Class<?> k) {
        Field[] known = fieldsOf.get(k);
        if (known != null) return known;
        List<Field> all = new ArrayList<>();
        for (Class<?> c = k; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers())) all.add(f);
        }
        Field[] fs = all.toArray(new Field[0]);
        long[] offsets = new long[fs.length];
        try {
            for (int i = 0; i < fs.length; i++) offsets[i] = U.objectFieldOffset(fs[i]);
        } catch (UnsupportedOperationException e) {
            throw new SnapshotException("cannot copy a " + k.getName() + " (in " + where + "): " + e.getMessage());
        }
        fieldsOf.put(k, fs);
        objectOffsets.put(k, offsets);
        return fs;
    }

    private Object allocate(Class<?> k) {
        try {
            return U.allocateInstance(k);
        } catch (InstantiationException e) {
            throw new SnapshotException("cannot copy a " + k.getName() + " (in " + where + "): " + e.getMessage());
        }
    }

    private Object array(Object o, Class<?> k) {
        Object n;
        if (o instanceof byte[] a) n = a.clone();
        else if (o instanceof int[] a) n = a.clone();
        else if (o instanceof long[] a) n = a.clone();
        else if (o instanceof boolean[] a) n = a.clone();
        else if (o instanceof short[] a) n = a.clone();
        else if (o instanceof char[] a) n = a.clone();
        else if (o instanceof float[] a) n = a.clone();
        else if (o instanceof double[] a) n = a.clone();
        else {
            n = Array.newInstance(k.getComponentType(), Array.getLength(o));
            toFill.add(o);
            toFill.add(n);
        }
        copies.put(o, n);
        return n;
    }

    /** A flash storage of the host (a state file): the copy keeps its contents in memory. */
    private Object storage(ArrayNonVolatileMemory o) {
        Object n = allocate(SnapshotStorage.class);
        copies.put(o, n);
        toFill.add(o);
        toFill.add(n);
        stored(o, n);
        return n;
    }

    /** A lambda or method reference: a new instance of its class over copies of what it captured. */
    private Object lambda(Object o, Class<?> k) {
        Field[] captured = Arrays.stream(k.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getName().substring(f.getName().indexOf('$') + 1))))
                .toArray(Field[]::new);
        if (captured.length == 0) {
            copies.put(o, o);
            return o;
        }
        if (hostSide(k)) return unbound(o);
        Constructor<?> ctor = k.getDeclaredConstructors()[0];
        return rebuild(o, ctor, captured);
    }

    private Object record(Object o, Class<?> k) {
        RecordComponent[] rc = k.getRecordComponents();
        Field[] fields = new Field[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        try {
            for (int i = 0; i < rc.length; i++) {
                fields[i] = k.getDeclaredField(rc[i].getName());
                types[i] = rc[i].getType();
            }
            return rebuild(o, k.getDeclaredConstructor(types), fields, true);
        } catch (NoSuchFieldException | NoSuchMethodException e) {
            throw new SnapshotException("cannot copy record " + k.getName() + ": " + e.getMessage());
        }
    }

    /** An object whose fields cannot be written: made by {@code ctor} from copies of {@code fields}. */
    private Object rebuild(Object o, Constructor<?> ctor, Field[] fields) {
        return rebuild(o, ctor, fields, false);
    }

    /**
     * The same; {@code inspects}: the constructor may look into its arguments (a record's compact
     * constructor copies a list), so the JDK objects and arrays among them are filled first.
     */
    private Object rebuild(Object o, Constructor<?> ctor, Field[] fields, boolean inspects) {
        if (!building.add(o)) {
            throw new SnapshotException("cannot copy " + o.getClass().getName() + " (in " + where + "): it reaches itself before it exists");
        }
        String at = where;
        try {
            Object[] args = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                fields[i].setAccessible(true);
                where = at + "/" + fields[i].getName();
                args[i] = value(fields[i].get(o));
            }
            if (inspects) {
                for (int i = 0; i < fields.length; i++) fillNow(fields[i].get(o), args[i], 0);
            }
            ctor.setAccessible(true);
            Object n = ctor.newInstance(args);
            copies.put(o, n);
            return n;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof SnapshotException s) throw s;
            Throwable why = e instanceof java.lang.reflect.InvocationTargetException t ? t.getCause() : e;
            throw new SnapshotException("cannot copy " + o.getClass().getName() + " (in " + at + "): " + why);
        } finally {
            where = at;
            building.remove(o);
        }
    }

    /**
     * Fills the copy {@code to} of a JDK object or array now rather than in turn, with the JDK
     * objects and arrays it holds (filling twice writes the same values: copies are memoized).
     */
    private void fillNow(Object from, Object to, int depth) {
        if (from == null || to == null || from == to || depth > 4) return;
        Class<?> k = from.getClass();
        if (k.isArray()) {
            if (!(from instanceof Object[] a)) return;
            Object[] b = (Object[]) to;
            for (int i = 0; i < a.length; i++) {
                b[i] = value(a[i]);
                fillNow(a[i], b[i], depth + 1);
            }
        } else if (!hostSide(k) && !isModelClass(k) && !isLambda(k) && !k.isRecord() && !immutable(from)) {
            if (rehashed(k)) {
                rehash(from, to);
                return;
            }
            if (to.getClass() != k) return;
            fill(from, to, k);
            Field[] fs = fields(k);
            long[] offsets = objectOffsets.get(k);
            for (int i = 0; i < fs.length; i++) {
                if (!fs[i].getType().isPrimitive()) fillNow(U.getObject(from, offsets[i]), U.getObject(to, offsets[i]), depth + 1);
            }
        }
    }

    /**
     * Whether {@code o} can be shared by original and copy: an immutable value, or a record or
     * immutable list, set or map ({@code List.of}) of such values only (a board's geometry).
     */
    private static boolean shareable(Object o, int depth) {
        if (o == null || immutable(o)) return true;
        if (depth > 8) return false;
        Class<?> k = o.getClass();
        if (k.isRecord()) {
            for (RecordComponent c : k.getRecordComponents()) {
                try {
                    Field f = k.getDeclaredField(c.getName());
                    f.setAccessible(true);
                    if (!shareable(f.get(o), depth + 1)) return false;
                } catch (ReflectiveOperationException e) {
                    return false;
                }
            }
            return true;
        }
        if (k.getName().startsWith("java.util.ImmutableCollections$")) {
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) if (!shareable(e.getKey(), depth + 1) || !shareable(e.getValue(), depth + 1)) return false;
                return true;
            }
            for (Object e : (java.util.Collection<?>) o) if (!shareable(e, depth + 1)) return false;
            return true;
        }
        return false;
    }

    /** Collections that place elements by hash code: a copied key hashes differently. */
    private static boolean rehashed(Class<?> k) {
        return k == java.util.HashMap.class || k == java.util.LinkedHashMap.class || k == java.util.HashSet.class
                || k == java.util.LinkedHashSet.class || k == IdentityHashMap.class || k == java.util.Hashtable.class;
    }

    private Object emptyCollection(Object o, Class<?> k) {
        Object n;
        if (o instanceof java.util.LinkedHashMap<?, ?>) {
            // access order (an LRU map) is state too
            boolean accessOrder = U.getBoolean(o, U.objectFieldOffset(field(java.util.LinkedHashMap.class, "accessOrder")));
            n = new java.util.LinkedHashMap<>(16, 0.75f, accessOrder);
        } else {
            try {
                n = k.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SnapshotException("cannot copy a " + k.getName() + ": " + e);
            }
        }
        copies.put(o, n);
        toRehash.add(o);
        toRehash.add(n);
        toRehash.add(where);
        return n;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void rehash(Object from, Object to) {
        if (from instanceof Map<?, ?> m) {
            Map t = (Map) to;
            for (Map.Entry<?, ?> e : m.entrySet()) t.put(value(e.getKey()), value(e.getValue()));
        } else {
            java.util.Collection t = (java.util.Collection) to;
            for (Object e : (java.util.Collection<?>) from) t.add(value(e));
        }
    }

    /** {@code Set.of}/{@code Map.of}: keys placed by hash code, rebuilt (keys must not be filled later). */
    private Object immutableHashed(Object o) {
        Object n;
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> t = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) t.put(keyValue(e.getKey()), value(e.getValue()));
            n = Map.copyOf(t);
        } else {
            List<Object> t = new ArrayList<>();
            for (Object e : (Set<?>) o) t.add(keyValue(e));
            n = Set.copyOf(t);
        }
        copies.put(o, n);
        return n;
    }

    private Object keyValue(Object key) {
        if (key != null && !immutable(key)) {
            throw new SnapshotException("cannot copy an immutable set or map keyed by " + key.getClass().getName() + " (in " + where + ")");
        }
        return key;
    }

    private static Field field(Class<?> k, String name) {
        try {
            return k.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new SnapshotException("this JDK has no " + k.getName() + "." + name);
        }
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("board snapshots need sun.misc.Unsafe (module jdk.unsupported)", e);
        }
    }
}
