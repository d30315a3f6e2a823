package io.xipkit.regs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The registers of one peripheral instance, declared once with a {@link Builder} and then accessed
 * by the bus with {@link #read(int, int)} and {@link #write(int, int, int)}.
 *
 * <p>Bus accesses are 1, 2 or 4 bytes at an offset aligned to their size; a narrow access touches
 * only its byte lanes of the register (little-endian, as on the Cortex-M buses). Lookups go through
 * an array indexed by byte offset and the hot path allocates nothing; failures throw the block's
 * preallocated {@link RegisterAccessException}.
 *
 * <p>Order of effects. Read: register {@code beforeRead} hook, then field value providers, then
 * read-clear (RC/WRC) of the lanes read. Write: stored bits updated per access type, then field
 * listeners in declaration order ({@code onWrite} for every write touching the field's lanes,
 * {@code onChange} only when its value changed), then the register's {@code afterWrite} hook.
 *
 * <p>A block is single-threaded state of one board; it holds no static mutable state.
 */
public final class RegisterBlock {
    private static final int[] SIZE_MASK = {0, 0xFF, 0xFFFF, 0, 0xFFFF_FFFF};

    private final String name;
    private final int size;
    private final UnmappedPolicy unmapped;
    private final Register[] registers;    // ascending offset
    private final int[] registerAtByte;     // index into registers, or -1
    private final List<Register> registerList;
    private final RegisterAccessException failure;

    private RegisterBlock(Builder b) {
        this.name = b.name;
        this.size = b.size;
        this.unmapped = b.unmapped;
        List<RegisterSpec> specs = new ArrayList<>(b.registers);
        specs.sort((x, y) -> Integer.compare(x.offset, y.offset));
        this.registers = new Register[specs.size()];
        this.registerAtByte = new int[size];
        Arrays.fill(registerAtByte, -1);
        for (int i = 0; i < registers.length; i++) {
            registers[i] = new Register(this, specs.get(i));
            Register r = registers[i];
            for (int k = 0; k < r.widthBits() / 8; k++) registerAtByte[r.offset() + k] = i;
        }
        this.registerList = List.of(registers);
        this.failure = new RegisterAccessException(this);
    }

    public static Builder builder(String name, int sizeBytes) {
        return new Builder(name, sizeBytes);
    }

    // ---------------------------------------------------------------- bus side

    /**
     * Bus read of {@code size} bytes (1, 2 or 4) at {@code offset}; the result is right-aligned.
     *
     * @throws RegisterAccessException if the block refuses the access
     */
    public int read(int offset, int size) {
        Register r = lookup(offset, size, false);
        if (r == null) return 0;
        int shift = (offset - r.offset()) << 3;
        int lanes = SIZE_MASK[size] << shift;
        return (r.busRead(lanes) & lanes) >>> shift;
    }

    /**
     * Bus write of the low {@code size} bytes (1, 2 or 4) of {@code value} at {@code offset}.
     *
     * @throws RegisterAccessException if the block refuses the access
     */
    public void write(int offset, int size, int value) {
        Register r = lookup(offset, size, true);
        if (r == null) return;
        int shift = (offset - r.offset()) << 3;
        int laneMask = SIZE_MASK[size];
        r.busWrite((value & laneMask) << shift, laneMask << shift);
    }

    private Register lookup(int offset, int size, boolean write) {
        if (size != 1 && size != 2 && size != 4) throw failure.fill(RegisterAccessException.Kind.SIZE_NOT_ALLOWED, offset, size, write);
        int index = offset >= 0 && offset < registerAtByte.length ? registerAtByte[offset] : -1;
        if (index < 0) {
            if (unmapped == UnmappedPolicy.BUS_ERROR) throw failure.fill(RegisterAccessException.Kind.UNMAPPED, offset, size, write);
            return null;
        }
        Register r = registers[index];
        if (!r.sizeAllowed(size)) throw failure.fill(RegisterAccessException.Kind.SIZE_NOT_ALLOWED, offset, size, write);
        if ((offset & (size - 1)) != 0) throw failure.fill(RegisterAccessException.Kind.MISALIGNED, offset, size, write);
        // Registers are aligned to their width and allowed sizes never exceed it, so an aligned
        // allowed access always lies inside the register.
        return r;
    }

    /** Restores every register's reset value. Calls no hooks or listeners. */
    public void reset() {
        for (Register r : registers) r.reset();
    }

    /**
     * For traces: {@code "QUADSPI.CR"} for any byte of a register (no allocation), or
     * {@code "QUADSPI+0x1c"} for an offset without one.
     */
    public String describe(int offset) {
        int index = offset >= 0 && offset < registerAtByte.length ? registerAtByte[offset] : -1;
        if (index >= 0) return registers[index].qualifiedName();
        return name + "+0x" + Integer.toHexString(offset);
    }

    // ---------------------------------------------------------------- model side and declaration view

    /** The named register; IllegalArgumentException if there is none (resolve handles at construction). */
    public Register register(String registerName) {
        for (Register r : registers) if (r.name().equals(registerName)) return r;
        throw new IllegalArgumentException(name + " has no register " + registerName);
    }

    /** The named field of the named register; IllegalArgumentException if either is missing. */
    public Field field(String registerName, String fieldName) {
        return register(registerName).field(fieldName);
    }

    /** The register covering {@code offset}, or null. */
    public Register registerAt(int offset) {
        int index = offset >= 0 && offset < registerAtByte.length ? registerAtByte[offset] : -1;
        return index < 0 ? null : registers[index];
    }

    /** Registers in ascending offset order. */
    public List<Register> registers() {
        return registerList;
    }

    public String name() {
        return name;
    }

    /** Size of the block's address window in bytes. */
    public int size() {
        return size;
    }

    public UnmappedPolicy unmappedPolicy() {
        return unmapped;
    }

    /** Human-readable register map: one line per register and per field. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s (0x%X bytes, unmapped: %s)%n", name, size, unmapped));
        for (Register r : registers) {
            sb.append(String.format("  0x%03X %-12s %2d-bit reset 0x%08X sizes %s%n", r.offset(), r.name(), r.widthBits(),
                    r.resetValue(), Arrays.toString(r.accessSizes())));
            for (Field f : r.fields()) {
                String bits = f.width() == 1 ? String.valueOf(f.lsb()) : (f.lsb() + f.width() - 1) + ":" + f.lsb();
                sb.append(String.format("        %-6s %-16s %s%n", bits, f.name(), f.access()));
            }
        }
        return sb.toString();
    }

    String allowedSizesAt(int offset) {
        Register r = registerAt(offset);
        return r == null ? "none" : Arrays.toString(r.accessSizes()).replaceAll("[\\[\\]]", "");
    }

    static int[] sizesOf(int mask) {
        return Arrays.stream(new int[] {1, 2, 4}).filter(s -> (mask & s) != 0).toArray();
    }

    @Override
    public String toString() {
        return "RegisterBlock[" + name + ", " + registers.length + " registers]";
    }

    // ---------------------------------------------------------------- declaration

    /** Declares a block. Mistakes in the declaration throw IllegalArgumentException from {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final int size;
        private UnmappedPolicy unmapped = UnmappedPolicy.BUS_ERROR;
        private int defaultSizes = 1 | 2 | 4;
        private final List<RegisterSpec> registers = new ArrayList<>();

        private Builder(String name, int size) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("block name required");
            if (size <= 0) throw new IllegalArgumentException(name + ": block size must be positive");
            this.name = name;
            this.size = size;
        }

        /** Policy for offsets without a register; default {@link UnmappedPolicy#BUS_ERROR}. */
        public Builder unmapped(UnmappedPolicy policy) {
            this.unmapped = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Access sizes (bytes: 1, 2, 4) allowed for registers that do not declare their own;
         * default all three (narrow accesses merge into their byte lanes). Sizes wider than a
         * register never apply to it.
         */
        public Builder defaultAccessSizes(int... sizes) {
            this.defaultSizes = sizeMask(name, sizes);
            return this;
        }

        /** A 32-bit register at {@code offset}, reset 0, further described by {@code spec}. */
        public Builder register(int offset, String registerName, Consumer<RegisterSpec> spec) {
            RegisterSpec r = new RegisterSpec(offset, registerName);
            spec.accept(r);
            registers.add(r);
            return this;
        }

        /** A plain 32-bit read-write register with reset value 0 and no fields. */
        public Builder register(int offset, String registerName) {
            return register(offset, registerName, r -> { });
        }

        public RegisterBlock build() {
            Set<String> names = new HashSet<>();
            boolean[] used = new boolean[size];
            for (RegisterSpec r : registers) {
                String where = name + "." + r.name;
                if (!names.add(r.name)) throw new IllegalArgumentException(name + ": duplicate register " + r.name);
                r.validate(where, size, defaultSizes);
                for (int k = 0; k < r.widthBits / 8; k++) {
                    if (used[r.offset + k]) throw new IllegalArgumentException(where + " overlaps another register");
                    used[r.offset + k] = true;
                }
            }
            return new RegisterBlock(this);
        }
    }

    static int sizeMask(String owner, int... sizes) {
        int mask = 0;
        for (int s : sizes) {
            if (s != 1 && s != 2 && s != 4) throw new IllegalArgumentException(owner + ": access size must be 1, 2 or 4, not " + s);
            mask |= s;
        }
        if (mask == 0) throw new IllegalArgumentException(owner + ": at least one access size required");
        return mask;
    }

    /** Declaration of one register (see {@link Builder#register(int, String, Consumer)}). */
    public static final class RegisterSpec {
        final int offset;
        final String name;
        int widthBits = 32;
        int resetValue;
        int allowedSizes; // 0: block default
        Runnable beforeRead;
        IntConsumer afterWrite;
        BusWriteListener afterBusWrite;
        BooleanSupplier writesIgnored;
        final List<FieldSpec> fields = new ArrayList<>();

        private RegisterSpec(int offset, String name) {
            this.offset = offset;
            this.name = name;
        }

        /** Register width in bits: 8, 16 or 32 (default). */
        public RegisterSpec width(int bits) {
            this.widthBits = bits;
            return this;
        }

        public RegisterSpec reset(int value) {
            this.resetValue = value;
            return this;
        }

        /** Allowed bus access sizes in bytes; others are bus errors. E.g. {@code accessSizes(4)} for word-only. */
        public RegisterSpec accessSizes(int... sizes) {
            this.allowedSizes = sizeMask(name, sizes);
            return this;
        }

        /** Runs before every bus read (e.g. to refresh state the fields read from). */
        public RegisterSpec beforeRead(Runnable hook) {
            this.beforeRead = hook;
            return this;
        }

        /**
         * Runs after every bus write, after the field listeners, with the written value in register
         * position (lanes not written are 0).
         */
        public RegisterSpec afterWrite(IntConsumer hook) {
            this.afterWrite = hook;
            return this;
        }

        /**
         * Runs after every bus write, after the field listeners and {@link #afterWrite}, with the
         * written value and the written byte lanes, both in register position.
         */
        public RegisterSpec afterBusWrite(BusWriteListener hook) {
            this.afterBusWrite = hook;
            return this;
        }

        /**
         * A write-protected register (a lock bit, a key sequence): while {@code locked} is true a
         * bus write passes the size and alignment checks and is then ignored, with no listener or
         * hook called.
         */
        public RegisterSpec ignoreWritesWhen(BooleanSupplier locked) {
            this.writesIgnored = locked;
            return this;
        }

        public RegisterSpec field(String fieldName, int lsb, int width, Access access) {
            return field(fieldName, lsb, width, access, f -> { });
        }

        /** A field with a value provider and/or listeners set by {@code spec}. */
        public RegisterSpec field(String fieldName, int lsb, int width, Access access, Consumer<FieldSpec> spec) {
            FieldSpec f = new FieldSpec(fieldName, lsb, width, access);
            spec.accept(f);
            fields.add(f);
            return this;
        }

        /** A one-bit field. */
        public RegisterSpec bit(String fieldName, int bit, Access access) {
            return field(fieldName, bit, 1, access);
        }

        /** A one-bit field with a value provider and/or listeners. */
        public RegisterSpec bit(String fieldName, int bit, Access access, Consumer<FieldSpec> spec) {
            return field(fieldName, bit, 1, access, spec);
        }

        void validate(String where, int blockSize, int defaultSizes) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException(where + ": register name required");
            if (widthBits != 8 && widthBits != 16 && widthBits != 32) {
                throw new IllegalArgumentException(where + ": width must be 8, 16 or 32 bits, not " + widthBits);
            }
            int bytes = widthBits / 8;
            if (offset < 0 || offset + bytes > blockSize) throw new IllegalArgumentException(where + ": offset 0x"
                    + Integer.toHexString(offset) + " outside the block");
            if (offset % bytes != 0) throw new IllegalArgumentException(where + ": offset not aligned to the register width");
            int sizes = (allowedSizes != 0 ? allowedSizes : defaultSizes) & (bytes | (bytes - 1));
            if (allowedSizes != 0 && sizes != allowedSizes) {
                throw new IllegalArgumentException(where + ": access size wider than the register");
            }
            if (sizes == 0) throw new IllegalArgumentException(where + ": no access size fits the register");
            allowedSizes = sizes;
            int widthMask = Register.widthMask(widthBits);
            if ((resetValue & ~widthMask) != 0) throw new IllegalArgumentException(where + ": reset value wider than register");
            int covered = 0;
            Set<String> names = new HashSet<>();
            for (FieldSpec f : fields) {
                String fw = where + "." + f.name;
                if (f.name == null || f.name.isEmpty()) throw new IllegalArgumentException(where + ": field name required");
                if (!names.add(f.name)) throw new IllegalArgumentException(where + ": duplicate field " + f.name);
                if (f.width < 1 || f.lsb < 0 || f.lsb + f.width > widthBits) {
                    throw new IllegalArgumentException(fw + ": bits outside the register");
                }
                int m = (int) (((1L << f.width) - 1) << f.lsb);
                if ((covered & m) != 0) throw new IllegalArgumentException(fw + " overlaps another field");
                covered |= m;
                if (f.access == null) throw new IllegalArgumentException(fw + ": access required");
            }
            if (!fields.isEmpty() && (resetValue & ~covered) != 0) {
                throw new IllegalArgumentException(String.format("%s: reset value 0x%08X sets reserved bits 0x%08X",
                        where, resetValue, resetValue & ~covered));
            }
        }
    }

    /** Optional behaviour of one field (see {@link RegisterSpec#field(String, int, int, Access, Consumer)}). */
    public static final class FieldSpec {
        final String name;
        final int lsb;
        final int width;
        final Access access;
        IntSupplier provider;
        FieldWriteListener onWrite;
        FieldWriteListener onChange;
        BooleanSupplier writesIgnored;

        private FieldSpec(String name, int lsb, int width, Access access) {
            this.name = name;
            this.lsb = lsb;
            this.width = width;
            this.access = access;
        }

        /**
         * Bus reads (and {@link Field#get()}) take the field's value from {@code provider}
         * (right-aligned) instead of the stored bits. Keep it free of side effects; put those in
         * the register's {@code beforeRead} hook.
         */
        public FieldSpec reads(IntSupplier provider) {
            this.provider = provider;
            return this;
        }

        /** Called on every bus write that touches the field's byte lanes, with old and new value. */
        public FieldSpec onWrite(FieldWriteListener listener) {
            this.onWrite = listener;
            return this;
        }

        /** Called on a bus write that changes the field's value, with old and new value. */
        public FieldSpec onChange(FieldWriteListener listener) {
            this.onChange = listener;
            return this;
        }

        /** A write-protected field: while {@code locked} is true bus writes leave it unchanged. */
        public FieldSpec ignoreWritesWhen(BooleanSupplier locked) {
            this.writesIgnored = locked;
            return this;
        }

        Field build(Register register) {
            return new Field(register, name, lsb, width, access, provider, onWrite, onChange, writesIgnored);
        }
    }
}
