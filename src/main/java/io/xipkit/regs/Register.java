package io.xipkit.regs;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One register of a {@link RegisterBlock}: its declaration (name, offset, width, reset value,
 * fields, allowed access sizes) and its live value. Bits not covered by a field are reserved: they
 * read as 0 and ignore writes. A register declared without fields is one read-write value of its
 * full width.
 *
 * <p>Models use this as a handle: {@link #get()}/{@link #set(int)} bypass access rules and hooks.
 */
public final class Register {
    private final RegisterBlock block;
    private final String name;
    private final String qualifiedName;
    private final int offset;
    private final int widthBits;
    private final int resetValue;
    private final int allowedSizes; // bit set of 1, 2, 4
    private final List<Field> fields;

    int stored;

    // Write behaviour per access type, as bit masks in register position (precomputed at build).
    private final int readMask;       // bits a bus read returns (not WO, not reserved)
    private final int writeMask;      // RW, WO, WRC: take the written value
    private final int w1cMask, w1sMask, w0cMask, w1tMask;
    private final int readClearMask;  // RC, WRC
    private final Field[] providerFields;
    private final Field[] listenerFields;
    private final Runnable beforeRead;
    private final IntConsumer afterWrite;
    private final BusWriteListener afterBusWrite;
    private final BooleanSupplier writesIgnored;
    private final Field[] guardedFields;

    Register(RegisterBlock block, RegisterBlock.RegisterSpec spec) {
        this.block = block;
        this.name = spec.name;
        this.qualifiedName = block.name() + "." + spec.name;
        this.offset = spec.offset;
        this.widthBits = spec.widthBits;
        this.resetValue = spec.resetValue;
        this.allowedSizes = spec.allowedSizes;
        this.beforeRead = spec.beforeRead;
        this.afterWrite = spec.afterWrite;
        this.afterBusWrite = spec.afterBusWrite;
        this.writesIgnored = spec.writesIgnored;
        Field[] fs = new Field[spec.fields.size()];
        for (int i = 0; i < fs.length; i++) fs[i] = spec.fields.get(i).build(this);
        this.fields = List.of(fs);

        int widthMask = widthMask(widthBits);
        int read = 0, write = 0, w1c = 0, w1s = 0, w0c = 0, w1t = 0, rc = 0;
        if (fs.length == 0) {
            read = widthMask;
            write = widthMask;
        }
        for (Field f : fs) {
            int m = f.mask();
            if (f.access().readable()) read |= m;
            switch (f.access()) {
                case RW, WO -> write |= m;
                case WRC -> {
                    write |= m;
                    rc |= m;
                }
                case RC -> rc |= m;
                case W1C -> w1c |= m;
                case W1S -> w1s |= m;
                case W0C -> w0c |= m;
                case W1T -> w1t |= m;
                case RO -> { }
            }
        }
        this.readMask = read;
        this.writeMask = write;
        this.w1cMask = w1c;
        this.w1sMask = w1s;
        this.w0cMask = w0c;
        this.w1tMask = w1t;
        this.readClearMask = rc;
        this.providerFields = select(fs, f -> f.provider != null && f.access().readable());
        this.guardedFields = select(fs, f -> f.writesIgnored != null);
        this.listenerFields = select(fs, f -> (f.onWrite != null || f.onChange != null) && f.access().writable());
        this.stored = resetValue;
    }

    /**
     * The fields {@code keep} accepts, in order. A loop, not a stream: every board builds some
     * hundreds of registers before its first instruction, while the JVM still interprets this.
     */
    private static Field[] select(Field[] fs, java.util.function.Predicate<Field> keep) {
        Field[] out = new Field[fs.length];
        int n = 0;
        for (Field f : fs) if (keep.test(f)) out[n++] = f;
        return n == fs.length ? out : java.util.Arrays.copyOf(out, n);
    }

    static int widthMask(int bits) {
        return bits == 32 ? -1 : (1 << bits) - 1;
    }

    /** Bus read of the byte lanes in {@code lanes}; returns the whole register value (caller extracts lanes). */
    int busRead(int lanes) {
        if (beforeRead != null) beforeRead.run();
        int v = stored & readMask;
        for (Field f : providerFields) {
            v = (v & ~f.mask()) | (f.provider.getAsInt() << f.lsb() & f.mask());
        }
        if (readClearMask != 0) stored &= ~(readClearMask & lanes);
        return v;
    }

    /** Bus write of {@code value} (already shifted into register position) to the byte lanes in {@code lanes}. */
    void busWrite(int value, int lanes) {
        if (writesIgnored != null && writesIgnored.getAsBoolean()) return;
        for (Field f : guardedFields) if (f.writesIgnored.getAsBoolean()) lanes &= ~f.mask();
        int old = stored;
        int v = (old & ~(writeMask & lanes)) | (value & writeMask & lanes);
        v &= ~(value & w1cMask & lanes);
        v |= value & w1sMask & lanes;
        v &= ~(~value & w0cMask & lanes);
        v ^= value & w1tMask & lanes;
        stored = v;
        for (Field f : listenerFields) {
            int m = f.mask();
            if ((m & lanes) == 0) continue;
            int before = (old & m) >>> f.lsb();
            int after = (v & m) >>> f.lsb();
            if (f.onWrite != null) f.onWrite.written(before, after);
            if (f.onChange != null && before != after) f.onChange.written(before, after);
        }
        if (afterWrite != null) afterWrite.accept(value & lanes);
        if (afterBusWrite != null) afterBusWrite.written(value & lanes, lanes);
    }

    void reset() {
        stored = resetValue;
    }

    boolean sizeAllowed(int size) {
        return (allowedSizes & size) != 0;
    }

    // ---- model-side handle ----

    /** Current value as the model sees it: stored bits with value providers applied; no side effects, no hooks. */
    public int get() {
        int v = stored;
        for (Field f : providerFields) v = (v & ~f.mask()) | (f.provider.getAsInt() << f.lsb() & f.mask());
        return v;
    }

    /** Model-side store of the whole register, bypassing access types and hooks. */
    public void set(int value) {
        stored = value & widthMask(widthBits);
    }

    // ---- declaration view ----

    public RegisterBlock block() {
        return block;
    }

    public String name() {
        return name;
    }

    /** "BLOCK.REG", as used in traces. */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** Byte offset within the block. */
    public int offset() {
        return offset;
    }

    public int widthBits() {
        return widthBits;
    }

    public int resetValue() {
        return resetValue;
    }

    /** Allowed bus access sizes in bytes, ascending (subset of 1, 2, 4). */
    public int[] accessSizes() {
        return RegisterBlock.sizesOf(allowedSizes);
    }

    /** Fields in declaration order (empty: the whole register is one RW value). */
    public List<Field> fields() {
        return fields;
    }

    /** The named field; IllegalArgumentException if there is none. */
    public Field field(String fieldName) {
        for (Field f : fields) if (f.name().equals(fieldName)) return f;
        throw new IllegalArgumentException(qualifiedName + " has no field " + fieldName);
    }

    /** Bits a bus read can return non-zero (readable fields). */
    public int readableMask() {
        return readMask;
    }

    @Override
    public String toString() {
        return String.format("%s @0x%03X (%d-bit, reset 0x%08X)", qualifiedName, offset, widthBits, resetValue);
    }
}
