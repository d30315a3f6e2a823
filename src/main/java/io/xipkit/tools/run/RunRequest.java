package io.xipkit.tools.run;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What to run.
 *
 * @param files           images loaded in order (ELF, Intel HEX, or *.bin at {@code rawAddress})
 * @param maxInstructions instruction budget, {@link Long#MAX_VALUE} for none
 * @param maxPicos        virtual-time budget in picoseconds, {@link Long#MAX_VALUE} for none
 * @param commandLine     what SYS_GET_CMDLINE answers (QEMU answers the -kernel file name)
 * @param stateDir        where the board keeps its flash between runs ({@code --state}), or null
 *                        for a board that starts erased and forgets everything
 * @param consolePort     TCP port on 127.0.0.1 for the board's console UART ({@code --console-port}),
 *                        or -1 for the run's standard input/output; 0 picks a free port
 */
public record RunRequest(String boardId, List<Path> files, OptionalLong rawAddress, long maxInstructions,
                         long maxPicos, boolean trace, String commandLine, Path stateDir, int consolePort) {
    public RunRequest {
        files = List.copyOf(files);
    }

    /** A run with the console on the standard streams. */
    public RunRequest(String boardId, List<Path> files, OptionalLong rawAddress, long maxInstructions,
                      long maxPicos, boolean trace, String commandLine, Path stateDir) {
        this(boardId, files, rawAddress, maxInstructions, maxPicos, trace, commandLine, stateDir, -1);
    }

    /** A run without a state directory. */
    public RunRequest(String boardId, List<Path> files, OptionalLong rawAddress, long maxInstructions,
                      long maxPicos, boolean trace, String commandLine) {
        this(boardId, files, rawAddress, maxInstructions, maxPicos, trace, commandLine, null);
    }
}
