package io.xipkit.tools.bitbang;

import io.xipkit.board.Board;
import io.xipkit.board.BoardDebugPort;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.StopReason;
import io.xipkit.peripherals.debug.JtagChain;
import io.xipkit.tools.run.RunLoop;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One host thread for a board with a JTAG port: it advances the board in slices of instructions and
 * services the remote_bitbang socket between slices, so the board keeps running while a debugger is
 * attached (as on hardware) and the model never sees a second thread. While the core is halted,
 * locked up, asleep, or held in reset by nSRST, only the socket is served (blocking on it), until
 * the debugger changes that. The run ends when the program exits (once an attached debugger has
 * let go) or a budget runs out.
 */
public final class JtagHostLoop implements RunLoop {
    /** Instructions per slice while the debugger is busy, and while it is quiet. */
    static final long BUSY_SLICE = 2_000, QUIET_SLICE = 200_000;
    /** How long a stopped core waits for the debugger before it is tried again (host time, not board time). */
    static final long STOPPED_WAIT_MILLIS = 20;

    /** Board time that passes per quiet wait of a stopped core (the debugger thinking, or idle). */
    static final long HALTED_IDLE_PICOS = 20_000_000_000L;

    private final BitbangServer server;

    public JtagHostLoop(BitbangServer server) {
        this.server = server;
    }

    @Override
    public StopReason run(Board board, long maxInstructions, long maxPicos) {
        JtagChain chain = BoardDebugPort.jtag(board);
        Core core = board.core();
        ProbeClock clock = new ProbeClock(core);
        BitbangDecoder decoder = new BitbangDecoder(chain, clock);
        long start = core.instructions;
        boolean busy = false;
        try {
            while (true) {
                if (core.debug().halted() || chain.srstAsserted()) {
                    serveStopped(core, clock, decoder);
                    continue;
                }
                long left = maxInstructions == Long.MAX_VALUE ? Long.MAX_VALUE : maxInstructions - (core.instructions - start);
                if (left <= 0) return new StopReason.InstructionLimit(core.instructions - start);
                StopReason stop = core.run(Math.min(left, busy ? BUSY_SLICE : QUIET_SLICE), maxPicos);
                if (stop instanceof StopReason.Exited && server.connected()) {
                    // The program ended (semihosting exit) while a probe is attached: the board stays
                    // powered and answers the debugger until it lets go, as silicon would, instead of
                    // closing the socket under OpenOCD's next poll.
                    while (server.connected()) serveStopped(core, clock, decoder);
                    return stop;
                }
                if (stop instanceof StopReason.Exited || stop instanceof StopReason.TimeLimit) return stop;
                boolean stuck = stop instanceof StopReason.Lockup || stop instanceof StopReason.Asleep
                        || stop instanceof StopReason.FaultHandlerSpin;
                clock.coreStopped(stuck);
                busy = server.service(decoder, stuck ? STOPPED_WAIT_MILLIS : 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One wait for the debugger while the core executes nothing: TCK carries the time, a quiet wait {@link #HALTED_IDLE_PICOS}. */
    private void serveStopped(Core core, ProbeClock clock, BitbangDecoder decoder) throws IOException {
        clock.coreStopped(true);
        if (!server.service(decoder, STOPPED_WAIT_MILLIS)) ProbeClock.passTime(core, HALTED_IDLE_PICOS);
    }
}
