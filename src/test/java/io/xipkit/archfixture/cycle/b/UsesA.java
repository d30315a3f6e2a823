package io.xipkit.archfixture.cycle.b;

import io.xipkit.archfixture.cycle.a.UsesB;

/** The other half of a planted package cycle: b → a. */
public final class UsesA {
    public int size(UsesB other) {
        return other.hashCode();
    }
}
