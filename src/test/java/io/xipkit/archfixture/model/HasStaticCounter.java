package io.xipkit.archfixture.model;

/** Planted: static mutable state shared by every instance. */
public final class HasStaticCounter {
    static int counter;

    public int next() {
        return ++counter;
    }
}
