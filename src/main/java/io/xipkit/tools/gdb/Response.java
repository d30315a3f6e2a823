package io.xipkit.tools.gdb;

import java.util.List;

/** What the server does after a packet. */
sealed interface Response {
    /** Send these packets (none: an empty list means no reply at all). */
    record Reply(List<String> packets) implements Response {
        static Reply of(String... p) {
            return new Reply(List.of(p));
        }
    }

    /** Let the target run (or step once) and answer with a stop reply when it stops. */
    record Resume(boolean step) implements Response {}
}
