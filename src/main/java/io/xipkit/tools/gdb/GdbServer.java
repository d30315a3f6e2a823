package io.xipkit.tools.gdb;

import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.StopEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;


/**
 * The gdb remote-protocol server: listens on 127.0.0.1 only, serves one connection after another
 * on this one thread until {@code monitor quit}. While the target runs, it is advanced in slices
 * of instructions and the socket is checked in between for Ctrl-C, so nothing else touches the
 * board concurrently.
 */
public final class GdbServer implements Closeable {
    /** Instructions run between two looks at the socket while the target runs. */
    static final long SLICE = 500_000;

    private final DebugTarget target;
    private final ChangedBlockFlasher flasher;
    private final GdbHost host;
    private final ServerSocket server;
    private boolean quit;
    /** Why the server ended on its own (a signal), or null. */
    private String stopped;

    public GdbServer(DebugTarget target, ChangedBlockFlasher flasher, GdbHost host, int port) throws IOException {
        this.target = target;
        this.flasher = flasher;
        this.host = host;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Serves connections one after another until monitor quit (or the socket is closed), or until
     * the host asks it to stop.
     *
     * @return why the host stopped it (Ctrl-C, SIGTERM), or null after monitor quit
     */
    public String serve() throws IOException {
        // Short accept and read timeouts: between them the host serves its other ports and the
        // server sees a stop request.
        server.setSoTimeout(host.pollMillis());
        while (!quit && !stopRequested()) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                host.serveAlongside(host.pollMillis());
                continue;
            } catch (IOException e) {
                if (server.isClosed()) return stopped;
                throw e;
            }
            try (s) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(host.pollMillis());
                host.clientAttached(true);
                serveConnection(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                host.log("xipkit: gdb connection ended: " + e.getMessage());
            } finally {
                host.clientAttached(false);
            }
        }
        return stopped;
    }

    private boolean stopRequested() {
        if (stopped == null) stopped = host.stopReason();
        return stopped != null;
    }

    /** Reads what gdb sent; 0 when it sent nothing for a moment (the host got its turn meanwhile), -1 at end of stream. */
    private int read(InputStream in, byte[] buf) throws IOException {
        try {
            return in.read(buf);
        } catch (SocketTimeoutException e) {
            host.serveAlongside(host.pollMillis());
            return 0;
        }
    }

    /** One connection: packets in, replies out, until k, D, monitor quit or the peer goes away. */
    void serveConnection(InputStream in, OutputStream out) throws IOException {
        RspChannel channel = new RspChannel(GdbSession.PACKET_SIZE);
        GdbSession session = new GdbSession(target, flasher, host);
        if (!target.isHalted()) target.halt();
        byte[] buf = new byte[GdbSession.PACKET_SIZE * 2];
        try {
            while (true) {
                int n = read(in, buf);
                if (n < 0 || stopRequested()) return;
                java.util.ArrayDeque<RspChannel.Event> events = new java.util.ArrayDeque<>(channel.feed(buf, 0, n));
                while (!events.isEmpty()) {
                    RspChannel.Event e = events.poll();
                    if (e instanceof RspChannel.Event.Interrupt) {
                        // The core is halted here (its stop reply went out): a Ctrl-C now is one the
                        // client sent while that reply was on its way. gdbserver's getpkt drops
                        // bytes before '$' while stopped; a second stop reply would be taken as the
                        // answer to the client's next packet.
                        continue;
                    } else if (e instanceof RspChannel.Event.Packet p) {
                        Response r = session.handle(p.payload());
                        if (r instanceof Response.Reply reply) {
                            for (String packet : reply.packets()) channel.send(packet);
                            flush(channel, out);
                            if (session.takeNoAckRequest()) channel.disableAcks();
                            if (session.quitRequested()) {
                                quit = true;
                                return;
                            }
                        } else if (r instanceof Response.Resume resume) {
                            flush(channel, out);
                            // A Ctrl-C that arrived with the resume packet interrupts the run it starts.
                            boolean interrupted = events.removeIf(x -> x instanceof RspChannel.Event.Interrupt);
                            StopEvent stop = resume.step() ? target.step() : run(in, out, channel, interrupted);
                            if (stop == null) return;   // the peer went away while the target ran, or a signal came
                            sendConsoleOutput(channel);
                            // An ended program leaves the core where it stopped: halted, so gdb can still read it.
                            if (!target.isHalted()) target.halt();
                            session.noteStop(stop);
                            for (String note : session.consoleNotes(stop)) channel.send(note);
                            channel.send(session.stopReply(stop));
                        }
                    }
                }
                flush(channel, out);
            }
        } finally {
            session.removeAllBreakpoints();
            host.saveState();
        }
    }

    /** Runs the resumed target until it stops or gdb interrupts it; null when the connection closed or a signal came. */
    private StopEvent run(InputStream in, OutputStream out, RspChannel channel, boolean interrupted) throws IOException {
        target.resume();
        byte[] buf = new byte[256];
        while (true) {
            StopEvent e = target.runFor(SLICE);
            if (!(e instanceof StopEvent.StillRunning)) return e;
            if (interrupted) {
                target.halt();
                return new StopEvent.HaltRequested();
            }
            if (sendConsoleOutput(channel)) flush(channel, out);
            host.serveAlongside(0);
            if (stopRequested()) {
                target.halt();
                return null;
            }
            if (in.available() > 0) {
                int n = in.read(buf);
                if (n < 0) {
                    target.halt();
                    return null;
                }
                for (RspChannel.Event x : channel.feed(buf, 0, n)) {
                    if (x instanceof RspChannel.Event.Interrupt) {
                        target.halt();
                        return new StopEvent.HaltRequested();
                    }
                }
            }
        }
    }

    /**
     * The program's output so far as "O" packets (E.3: allowed while the target runs, before its
     * stop reply), in pieces gdb's packet buffer holds.
     *
     * @return whether there was any
     */
    private boolean sendConsoleOutput(RspChannel channel) {
        byte[] text = host.takeConsoleOutput();
        for (int i = 0; i < text.length; i += CONSOLE_CHUNK) {
            channel.send("O" + Hex.bytes(java.util.Arrays.copyOfRange(text, i, Math.min(text.length, i + CONSOLE_CHUNK))));
        }
        return text.length > 0;
    }

    /** Bytes of program output per "O" packet (hex doubles them; gdb's buffer starts at 400 bytes and grows). */
    private static final int CONSOLE_CHUNK = 180;

    private static void flush(RspChannel channel, OutputStream out) throws IOException {
        byte[] b = channel.takeOutput();
        if (b.length > 0) {
            out.write(b);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

}
