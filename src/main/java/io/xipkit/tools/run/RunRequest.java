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
 */
public record RunRequest(String boardId, List<Path> files, OptionalLong rawAddress, long maxInstructions,
                         long maxPicos, boolean trace, String commandLine, Path stateDir) {
    public RunRequest {
        files = List.copyOf(files);
    }

    /** A run without a state directory. */
    public RunRequest(String boardId, List<Path> files, OptionalLong rawAddress, long maxInstructions,
                      long maxPicos, boolean trace, String commandLine) {
        this(boardId, files, rawAddress, maxInstructions, maxPicos, trace, commandLine, null);
    }
}
