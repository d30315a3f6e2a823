package io.xipkit.cli;

import io.xipkit.board.Board;
import io.xipkit.tools.bitbang.BitbangServer;
import io.xipkit.tools.bitbang.JtagBeside;
import io.xipkit.tools.gdb.GdbLaunch;
import io.xipkit.tools.bitbang.JtagHostLoop;
import io.xipkit.tools.run.BadInputException;
import java.io.IOException;
import java.io.PrintStream;

/** {@code --jtag-port}: the remote_bitbang server opened before the run, and the host loop that serves it. */
final class JtagPort implements AutoCloseable {
    private final BitbangServer server;

    private JtagPort(BitbangServer server) {
        this.server = server;
    }

    /** @return null when no port was asked for */
    static JtagPort open(Integer port, String board, PrintStream err) throws BadInputException {
        if (port == null) return null;
        if (port < 0 || port > 65535) throw new BadInputException("--jtag-port must be 0..65535, got " + port);
        BitbangServer server;
        try {
            server = BitbangServer.open(port);
        } catch (IOException e) {
            throw new BadInputException("jtag port " + port + ": " + e.getMessage());
        }
        err.println("xipkit: jtag (remote_bitbang) for " + board + " on 127.0.0.1:" + server.port());
        err.flush();
        return new JtagPort(server);
    }

    JtagHostLoop loop() {
        return new JtagHostLoop(server);
    }

    /** The port served beside {@code xipkit gdb}'s server, on its thread (see {@link JtagBeside} for board time). */
    GdbLaunch.Alongside beside(Board board) {
        JtagBeside jtag = new JtagBeside(server, board);
        return jtag::serve;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the run's outcome is what matters; the socket goes with the process
        }
    }
}
