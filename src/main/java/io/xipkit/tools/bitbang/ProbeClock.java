package io.xipkit.tools.bitbang;

import io.xipkit.cpu.Core;

/**
 * Board time carried by the probe's TCK while the core executes nothing (halted, held in reset,
 * locked up, asleep): one cycle of a 1 MHz probe clock per rising edge. On silicon the peripherals
 * (a QUADSPI transfer, a flash erase) go on while the probe shifts, and two debugger accesses are as
 * far apart as the scans between them. Counting the stream's own cycles keeps that true however
 * the bytes were cut into TCP reads: an earlier rule (1 ms per socket read) gave no time at all
 * between requests that arrived in the same read, so OpenOCD's QUADSPI_CCR write could meet the
 * status read before it still BUSY (RM0433 23.5.3 BUSY; CCR "can be modified only when BUSY = 0")
 * and be ignored. While the core runs, its instructions carry the time and TCK carries none.
 */
final class ProbeClock implements BitbangDecoder.TckEdges {
    static final long TCK_PICOS = 1_000_000L;

    private final Core core;
    private boolean stopped;

    ProbeClock(Core core) {
        this.core = core;
    }

    void coreStopped(boolean stopped) {
        this.stopped = stopped;
    }

    @Override
    public void rising() {
        if (stopped) passTime(core, TCK_PICOS);
    }

    /**
     * Advances the board's clock by {@code picos} without executing, running each event as it
     * falls due (what sleeping does, without the wake-up): the whole span passes even when events
     * lie inside it.
     */
    static void passTime(Core core, long picos) {
        long target = core.nowPicos() + picos;
        while (true) {
            core.scheduler.runDue(core.nowPicos());
            long now = core.nowPicos();
            if (now >= target) return;
            long until = Math.min(core.scheduler.nextDeadline(), target);
            core.cycles += ((until - now) * (core.clockHz() / 1000) + 999_999_999L) / 1_000_000_000L;
        }
    }
}
