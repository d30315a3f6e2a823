package io.xipkit.bus;

/**
 * A copy derived from flash storages and kept with their {@link PageStamps} ({@link PageStamps#derived}),
 * such as the dual-flash window's interleaved image: it can be brought up to date from the stamps
 * alone, so a board snapshot resumed onto other storages of the same size shares that storage's
 * copy instead of copying its own.
 */
public interface DerivedPages {
    /** The array holding the copy. */
    byte[] copyArray();

    /** Brings the copy up to date with the pages its storages stamped since it last looked. */
    void catchUp();
}
