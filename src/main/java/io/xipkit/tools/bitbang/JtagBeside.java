package io.xipkit.tools.bitbang;

import io.xipkit.board.Board;
import io.xipkit.board.BoardDebugPort;
import io.xipkit.cpu.Core;
import io.xipkit.peripherals.debug.JtagChain;
import java.io.IOException;

/**
 * The JTAG port served beside another server on its thread ({@code xipkit gdb --jtag-port}): the
 * core runs only when that server resumes it, and its instructions then carry the time. While it
 * is halted (or held in reset by nSRST), the probe's own TCK carries board time as in
 * {@link JtagHostLoop}, one microsecond per rising edge: OpenOCD's stmqspi driver polls QUADSPI's
 * BUSY and the chip's WIP through the AHB-AP while gdb holds the core, and without time a status
 * read never finishes and the next CCR write is ignored (RM0433 23.5.6). A halted core with a
 * silent probe still keeps its time: gdb's own requests pass none (issue 12).
 */
public final class JtagBeside {
    private final BitbangServer server;
    private final Core core;
    private final JtagChain chain;
    private final ProbeClock clock;
    private final BitbangDecoder decoder;

    public JtagBeside(BitbangServer server, Board board) {
        this.server = server;
        this.core = board.core();
        this.chain = BoardDebugPort.jtag(board);
        this.clock = new ProbeClock(core);
        this.decoder = new BitbangDecoder(chain, clock);
    }

    /** Serves the socket once, waiting up to {@code waitMillis} for requests; true when some were answered. */
    public boolean serve(long waitMillis) throws IOException {
        clock.coreStopped(stopped());
        return server.service(decoder, waitMillis);
    }

    /** What {@link #serve} does with a batch of requests, without a socket (tests). */
    void feed(byte[] requests, java.io.ByteArrayOutputStream replies) {
        clock.coreStopped(stopped());
        decoder.feed(requests, 0, requests.length, replies);
    }

    private boolean stopped() {
        return core.debug().halted() || chain.srstAsserted();
    }
}
