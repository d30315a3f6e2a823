package io.xipkit.cpu;

import java.util.ArrayList;
import java.util.List;

/** What tests compare between two runs of a core: R0–R15, PC, xPSR, the counts and the virtual time. */
public final class CoreObservation {
    private CoreObservation() {}

    /** A new list with the core's architectural state and counts, for the caller to add its own observations to. */
    public static List<Object> of(Core core) {
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 16; i++) seen.add(core.r[i]);
        seen.add(core.pc);
        seen.add(core.xpsr());
        seen.add(core.instructions);
        seen.add(core.cycles);
        seen.add(core.nowPicos());
        return seen;
    }
}
