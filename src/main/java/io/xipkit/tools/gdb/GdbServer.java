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

    /** Serves connections one after another until monitor quit (or the socket is closed). */
    public void serve() throws IOException {
        while (!quit) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return;
                throw e;
            }
            try (s) {
                s.setTcpNoDelay(true);
                serveConnection(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                host.log("xipkit: gdb connection ended: " + e.getMessage());
            }
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
                int n = in.read(buf);
                if (n < 0) return;
                java.util.ArrayDeque<RspChannel.Event> events = new java.util.ArrayDeque<>(channel.feed(buf, 0, n));
                while (!events.isEmpty()) {
                    RspChannel.Event e = events.poll();
                    if (e instanceof RspChannel.Event.Interrupt) {
                        session.noteStop(new StopEvent.HaltRequested());
                        channel.send(session.stopReply(new StopEvent.HaltRequested()));
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
                            StopEvent stop = resume.step() ? target.step() : run(in, channel, interrupted);
                            if (stop == null) return;   // the peer went away while the target ran
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

    /** Runs the resumed target until it stops or gdb interrupts it; null when the connection closed. */
    private StopEvent run(InputStream in, RspChannel channel, boolean interrupted) throws IOException {
        target.resume();
        byte[] buf = new byte[256];
        while (true) {
            StopEvent e = target.runFor(SLICE);
            if (!(e instanceof StopEvent.StillRunning)) return e;
            if (interrupted) {
                target.halt();
                return new StopEvent.HaltRequested();
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
