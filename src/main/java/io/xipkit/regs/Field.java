package io.xipkit.regs;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A named bit range of a {@link Register}: both the declaration (for register-map dumps and tests
 * against the manual) and the model's handle to the field's live value. Resolve handles once, at
 * model construction, with {@link RegisterBlock#field(String, String)}.
 */
public final class Field {
    private final Register register;
    private final String name;
    private final int lsb;
    private final int width;
    private final int mask;
    private final Access access;
    final IntSupplier provider;
    final FieldWriteListener onWrite;
    final FieldWriteListener onChange;
    final BooleanSupplier writesIgnored;

    Field(Register register, String name, int lsb, int width, Access access, IntSupplier provider,
          FieldWriteListener onWrite, FieldWriteListener onChange, BooleanSupplier writesIgnored) {
        this.register = register;
        this.name = name;
        this.lsb = lsb;
        this.width = width;
        this.mask = (int) (((1L << width) - 1) << lsb);
        this.access = access;
        this.provider = provider;
        this.onWrite = onWrite;
        this.onChange = onChange;
        this.writesIgnored = writesIgnored;
    }

    public String name() {
        return name;
    }

    public Register register() {
        return register;
    }

    /** Lowest bit position. */
    public int lsb() {
        return lsb;
    }

    /** Number of bits. */
    public int width() {
        return width;
    }

    /** The field's bits in register position. */
    public int mask() {
        return mask;
    }

    public Access access() {
        return access;
    }

    /** Whether reads come from a value provider instead of stored bits. */
    public boolean hasProvider() {
        return provider != null;
    }

    /** Current value, right-aligned (from the value provider if the field has one). No side effects. */
    public int get() {
        if (provider != null) return (provider.getAsInt() << lsb & mask) >>> lsb;
        return (register.stored & mask) >>> lsb;
    }

    /**
     * Model-side update (hardware changing the field, e.g. setting a status flag): bypasses the
     * access type and calls no listeners. Bits beyond the field's width are dropped.
     */
    public void set(int value) {
        register.stored = (register.stored & ~mask) | (value << lsb & mask);
    }

    /** {@code set(1)} / {@code set(0)}, for flags. */
    public void set(boolean on) {
        set(on ? 1 : 0);
    }

    public boolean isSet() {
        return get() != 0;
    }

    @Override
    public String toString() {
        String bits = width == 1 ? "[" + lsb + "]" : "[" + (lsb + width - 1) + ":" + lsb + "]";
        return register.qualifiedName() + "." + name + bits + " " + access;
    }
}
