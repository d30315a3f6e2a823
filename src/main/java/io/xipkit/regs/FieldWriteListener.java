package io.xipkit.regs;

/** Told about a bus write to a field, with the field's value before and after (right-aligned). */
@FunctionalInterface
public interface FieldWriteListener {
    void written(int oldValue, int newValue);
}
