package io.xipkit.tools.gdb;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.PageStamps;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named copies of a board's flash memories for {@code monitor state save NAME} and
 * {@code monitor state restore NAME}: saving again under a name copies only the 4 KiB pages that
 * changed since ({@link ArrayNonVolatileMemory#syncFrom}); restoring writes back only the pages that
 * differ, through the board's storage, so a {@code --state} directory follows.
 */
final class FlashStates {
    private final Map<String, Map<String, ArrayNonVolatileMemory>> saved = new TreeMap<>();

    /** Copies every memory under {@code name}; returns what it did. */
    String save(String name, Map<String, NonVolatileMemory> memories) {
        Map<String, ArrayNonVolatileMemory> copies = saved.computeIfAbsent(name, n -> new TreeMap<>());
        memories.forEach((memory, m) -> {
            ArrayNonVolatileMemory c = copies.get(memory);
            if (c == null || c.size() != m.size()) copies.put(memory, c = new ArrayNonVolatileMemory(m.size()));
            if (m instanceof ArrayNonVolatileMemory a) {
                c.syncFrom(a);
            } else {
                copyInto(m, c);
            }
        });
        return "flash state '" + name + "' saved in memory (" + String.join(", ", memories.keySet()) + ")";
    }

    /** Whether a state of that name was saved. */
    boolean has(String name) {
        return saved.containsKey(name);
    }

    /** The saved names, for messages. */
    String names() {
        return saved.isEmpty() ? "none" : String.join(", ", saved.keySet());
    }

    /** Writes the memories saved under {@code name} back into {@code memories}; returns how many pages changed. */
    int restore(String name, Map<String, NonVolatileMemory> memories) {
        Map<String, ArrayNonVolatileMemory> copies = saved.get(name);
        int pages = 0;
        for (Map.Entry<String, NonVolatileMemory> e : memories.entrySet()) {
            ArrayNonVolatileMemory c = copies.get(e.getKey());
            if (c != null) pages += copyInto(c, e.getValue());
        }
        return pages;
    }

    /**
     * Makes {@code to} hold what {@code from} holds, reporting each changed page and the metadata as
     * changes of {@code to} (a state file writes them through); returns how many pages differed.
     */
    static int copyInto(NonVolatileMemory from, NonVolatileMemory to) {
        if (from.size() != to.size()) throw new IllegalArgumentException("memories of different sizes");
        byte[] a = from.array(), b = to.array();
        int pages = 0;
        for (int at = 0; at < b.length; at += PageStamps.PAGE) {
            int end = Math.min(b.length, at + PageStamps.PAGE);
            if (Arrays.equals(a, at, end, b, at, end)) continue;
            System.arraycopy(a, at, b, at, end - at);
            to.arrayChanged(at, end - at);
            pages++;
        }
        if (!Arrays.equals(from.registerImage(), to.registerImage()) || !Arrays.equals(from.eraseCounts(), to.eraseCounts())) {
            System.arraycopy(from.registerImage(), 0, to.registerImage(), 0, to.registerImage().length);
            System.arraycopy(from.eraseCounts(), 0, to.eraseCounts(), 0, to.eraseCounts().length);
            to.metadataChanged();
        }
        return pages;
    }
}
