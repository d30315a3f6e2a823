package io.xipkit.devices.nor;

import java.util.random.RandomGenerator;

/**
 * How long the part's operations take: the catalog's typical or maximum time, or a seeded random
 * time between them ({@link TimingMode}).
 */
final class NorTiming {
    private final NorPart part;
    private final RandomGenerator rng;
    private TimingMode mode = TimingMode.TYPICAL;

    NorTiming(NorPart part, RandomGenerator rng) {
        this.part = part;
        this.rng = rng;
    }

    void setMode(TimingMode mode) {
        this.mode = mode;
    }

    /** Duration of the operation the catalog times under {@code timing}. */
    long duration(String timing) {
        NorPart.Timing t = part.timing(timing);
        return pick(t.typPicos(), t.maxPicos());
    }

    /**
     * Programming {@code bytes} bytes of one page. Parts whose entry gives byte-program times
     * (JESD216 BFPT DWORD 11: the first byte, then each additional byte; Winbond tBP1/tBP2) take
     * first + (bytes - 1) x next, never more than a whole page (tPP): a 16-byte log record is
     * done long before a full page would be. Other parts take tPP whatever the count.
     */
    long program(int bytes) {
        NorPart.Timing page = part.timing("pageProgram");
        NorPart.Timing first = part.timings().get("byteProgramFirst");
        NorPart.Timing next = part.timings().get("byteProgramNext");
        if (first == null || next == null) return pick(page.typPicos(), page.maxPicos());
        long extra = Math.max(0, bytes - 1);
        long typ = Math.min(page.typPicos(), first.typPicos() + extra * next.typPicos());
        long max = Math.min(page.maxPicos(), first.maxPicos() + extra * next.maxPicos());
        return pick(typ, max);
    }

    /** The catalog timing name of an erase of {@code len} bytes. */
    String eraseTiming(long len) {
        for (NorPart.Erase e : part.erases()) if (e.size() == len) return e.timing();
        throw new IllegalStateException(part.part() + ": no erase timing for " + len + " bytes");
    }

    private long pick(long typ, long max) {
        return switch (mode) {
            case TYPICAL -> typ;
            case MAXIMUM -> max;
            case RANDOM -> max <= typ ? typ : typ + rng.nextLong(max - typ + 1);
        };
    }
}
