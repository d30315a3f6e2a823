package io.xipkit.cli;

import io.xipkit.tools.gdb.GdbLaunch;
import io.xipkit.tools.run.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xipkit gdb}: a gdb remote-protocol server on a virtual board, halted at the reset
 * vector, serving one connection after another on 127.0.0.1 until {@code monitor quit}.
 */
@Command(name = "gdb", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the GDB remote protocol for a virtual board on 127.0.0.1 (load, break, step, watch).",
        footer = {"", "Connect with: gdb-multiarch -ex 'target extended-remote :3333' app.elf",
                "Exit status: 0 after monitor quit; 2 bad input; 5 internal error;",
                "130/143 stopped by Ctrl-C/SIGTERM (after a one-line summary, with the flash saved)."})
final class GdbCommand implements Callable<Integer> {
    private final Streams streams;

    @Option(names = "--board", required = true, paramLabel = "ID", description = "Board to debug (see: xipkit boards).")
    String board;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3333",
            description = "TCP port on 127.0.0.1 (0: any free port, printed). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep the board's flash memories in files under DIR (written after every load and at exit).")
    Path state;

    @Option(names = "--console-port", paramLabel = "PORT",
            description = "Put the board's console UART on TCP port PORT of 127.0.0.1 instead of stdin/stdout.")
    Integer consolePort;

    @Option(names = "--address", paramLabel = "ADDR", converter = RunCommand.Address.class,
            description = "Where to load raw *.bin files, e.g. 0x08000000.")
    Long address;

    @Option(names = "--jtag-port", paramLabel = "PORT",
            description = "Also serve the chip's JTAG port to OpenOCD (remote_bitbang) on TCP port PORT of 127.0.0.1 (0: any free port).")
    Integer jtagPort;

    @picocli.CommandLine.Mixin
    WarningsOption warnings;

    @picocli.CommandLine.Mixin
    TranslationOption translation;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Images to load before the first connection: ELF, Intel HEX, or raw .bin.")
    List<Path> files;

    GdbCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65535) return bad("--port must be 0..65535, got " + port);
        if (consolePort != null && (consolePort < 0 || consolePort > 65535)) return bad("--console-port must be 0..65535, got " + consolePort);
        GdbLaunch.Request request = new GdbLaunch.Request(board, files == null ? List.of() : files,
                address == null ? OptionalLong.empty() : OptionalLong.of(address), state, port, consolePort == null ? -1 : consolePort,
                translation.translate());
        try (Interruption interruption = Interruption.install()) {
            GdbLaunch launch;
            JtagPort jtag = null;
            try {
                launch = GdbLaunch.start(request, streams.in(), streams.out(), streams.err());
                try {
                    jtag = JtagPort.open(jtagPort, launch.boardId(), streams.err());
                } catch (BadInputException e) {
                    launch.close();
                    throw e;
                }
            } catch (BadInputException e) {
                return bad(e.getMessage());
            }
            String stopped;
            try (launch; JtagPort j = jtag) {
                if (j != null) launch.alongside(j.beside(launch.board()));
                launch.stopOn(interruption.request());
                warnings.follow(launch.board(), launch.symbols(), streams.err());
                streams.err().println("xipkit: gdb server for " + launch.boardId() + " on 127.0.0.1:" + launch.port());
                streams.err().flush();
                stopped = launch.serve();
                warnings.report(launch.board().warnings(), launch.symbols(), streams.err());
            }
            streams.out().flush();
            if (stopped == null) return 0;
            streams.err().printf("xipkit: %s: %s s virtual time, %s%n", stopped, RunCommand.seconds(launch.virtualPicos()),
                    RunCommand.instructions(launch.instructions()));
            streams.err().flush();
            return Interruption.STATUS;
        }
    }

    private int bad(String message) {
        streams.out().flush();
        streams.err().println("xipkit: " + Main.firstLine(message));
        return ExitStatus.BAD_INPUT;
    }
}
