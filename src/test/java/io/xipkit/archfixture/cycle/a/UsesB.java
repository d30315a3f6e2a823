package io.xipkit.archfixture.cycle.a;

import io.xipkit.archfixture.cycle.b.UsesA;

/** Half of a planted package cycle: a → b. */
public final class UsesB {
    public int size(UsesA other) {
        return other.hashCode();
    }
}
