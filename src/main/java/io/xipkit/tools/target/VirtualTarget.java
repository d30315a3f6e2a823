package io.xipkit.tools.target;

import io.xipkit.board.Board;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.StopReason;
import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugBusException;
import java.util.function.Function;

/**
 * A board in this process, debugged through its core's debug port: a {@link CortexMTarget} whose
 * port is the board's debugger access path and whose execution runs the core model.
 */
public final class VirtualTarget {
    /** The longest single wait (10 s), which keeps the cycle arithmetic far from overflow. */
    private static final long MAX_WAIT_PICOS = 10_000_000_000_000L;

    private VirtualTarget() {}

    /**
     * Attaches to {@code board}.
     *
     * @param describeFault turns a stop the simulation ended with (lockup, fault handler spin)
     *                      into the report the user sees
     */
    public static CortexMTarget attach(Board board, Function<StopReason, String> describeFault) {
        return new CortexMTarget(port(board), new BoardExecution(board, describeFault), BoardMemoryMap.of(board)).attach();
    }

    /**
     * The debugger's accesses to {@code board}: its core's debug access path, for a target that
     * brings its own {@link CoreExecution}.
     */
    public static DebugAccessPort port(Board board) {
        return new BoardPort(board.core().debugAccess());
    }

    /** The debugger's accesses: the core's debug access path (DDI 0403E C1: the bus as a debugger master sees it). */
    private record BoardPort(DebugAccess dap) implements DebugAccessPort {
        @Override
        public int read(long address, int size) {
            try {
                return switch (size) {
                    case 1 -> dap.read8((int) address);
                    case 2 -> dap.read16((int) address);
                    default -> dap.read32((int) address);
                };
            } catch (DebugBusException e) {
                throw new TargetMemoryException(address, e.getMessage());
            }
        }

        @Override
        public void write(long address, int size, int value) {
            try {
                switch (size) {
                    case 1 -> dap.write8((int) address, value);
                    case 2 -> dap.write16((int) address, value);
                    default -> dap.write32((int) address, value);
                }
            } catch (DebugBusException e) {
                throw new TargetMemoryException(address, e.getMessage());
            }
        }
    }

    /** Runs the core model; time passes for the peripherals while it is halted. */
    private record BoardExecution(Board board, Function<StopReason, String> describeFault) implements CoreExecution {
        @Override
        public StopEvent execute(long maxInstructions, long untilPicos) {
            Core core = board.core();
            StopReason stop = core.run(maxInstructions, untilPicos);
            if (stop instanceof StopReason.Exited e) return new StopEvent.Exited(e.status());
            if (stop instanceof StopReason.Lockup || stop instanceof StopReason.FaultHandlerSpin
                    || stop instanceof StopReason.Asleep) {
                return new StopEvent.Fault(describeFault.apply(stop));
            }
            return null;
        }

        @Override
        public void resetSystem() {
            board.reset(Board.ResetCause.PIN);
        }

        @Override
        public void waitFor(long picos) {
            Core core = board.core();
            long now = core.nowPicos();
            long until = Math.min(core.scheduler.nextDeadline(), now + Math.min(picos, MAX_WAIT_PICOS));
            if (until > now) {
                // The core's cycle counter is the board's clock: advancing it without executing
                // is what sleeping does; the scheduler then runs what became due.
                core.cycles += ((until - now) * (core.clockHz() / 1000) + 999_999_999L) / 1_000_000_000L;
            }
            core.scheduler.runDue(core.nowPicos());
        }

        @Override
        public long nowPicos() {
            return board.core().nowPicos();
        }
    }
}
