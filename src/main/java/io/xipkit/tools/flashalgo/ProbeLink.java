package io.xipkit.tools.flashalgo;

/**
 * How page data reaches the target's RAM, for the device time a flash run accounts: over SWD at
 * {@code swdClockHz}, each 32-bit write one access-port transaction of 46 clock cycles (ADIv5,
 * ARM IHI 0031, "Serial Wire Debug" protocol: 8-bit request, turnaround, 3-bit acknowledge,
 * turnaround, 32 data bits and parity), the host's own time not counted. Without double
 * buffering the core waits, halted, for each page to arrive before ProgramPage; with it, the next
 * page travels into the other buffer while ProgramPage writes this one, and only the part of the
 * transfer longer than that call is waited for.
 *
 * @param swdClockHz 0: transfers take no device time (the in-process debug port)
 */
public record ProbeLink(long swdClockHz, boolean doubleBuffering) {
    static final int CYCLES_PER_WORD = 46;
    /** The in-process debug port: instant transfers, two buffers when RAM allows. */
    public static final ProbeLink INSTANT = new ProbeLink(0, true);

    public ProbeLink {
        if (swdClockHz < 0) throw new IllegalArgumentException("SWD clock must not be negative");
    }

    /** Device time to write {@code bytes} into target RAM. */
    public long transferPicos(int bytes) {
        if (swdClockHz == 0) return 0;
        long words = (bytes + 3) / 4;
        return words * CYCLES_PER_WORD * 1_000_000_000_000L / swdClockHz;
    }
}
