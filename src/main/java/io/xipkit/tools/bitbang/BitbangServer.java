package io.xipkit.tools.bitbang;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The remote_bitbang TCP server on 127.0.0.1: one client at a time (a second one waits in the
 * backlog). Driven by the host loop through {@link #service}: it reads what has arrived in large
 * blocks, decodes it in order and writes all replies of the block at once, since OpenOCD queues
 * many {@code 'R'} requests before it reads their answers. {@code 'Q'} and end of stream both end
 * the session; the server then accepts the next client.
 */
public final class BitbangServer implements Closeable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream(1 << 12);
    private SocketChannel client;
    private long sessions;

    private BitbangServer(ServerSocketChannel listener, Selector selector) {
        this.listener = listener;
        this.selector = selector;
    }

    /** @param port TCP port on 127.0.0.1, 0 for any free one */
    public static BitbangServer open(int port) throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        try {
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            l.configureBlocking(false);
            Selector s = Selector.open();
            l.register(s, SelectionKey.OP_ACCEPT);
            return new BitbangServer(l, s);
        } catch (IOException e) {
            l.close();
            throw e;
        }
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    public boolean connected() {
        return client != null;
    }

    public long sessions() {
        return sessions;
    }

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) for a client or its bytes, then decodes
     * everything that is there.
     *
     * @return whether any request byte was decoded
     */
    public boolean service(BitbangDecoder decoder, long timeoutMillis) throws IOException {
        if (timeoutMillis > 0) selector.select(timeoutMillis);
        else selector.selectNow();
        selector.selectedKeys().clear();
        if (client == null) {
            SocketChannel c = listener.accept();
            if (c == null) return false;
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ);
            client = c;
            sessions++;
        }
        boolean any = false;
        while (true) {
            in.clear();
            int n;
            try {
                n = client.read(in);
            } catch (IOException e) {
                n = -1;   // connection reset by the client: same as end of stream
            }
            if (n <= 0) {
                if (n < 0) endSession();
                return any;
            }
            any = true;
            replies.reset();
            int used = decoder.feed(in.array(), 0, n, replies);
            writeReplies();
            if (used < n) {
                endSession();   // 'Q': bytes after it are not for us
                return true;
            }
        }
    }

    private void writeReplies() throws IOException {
        if (replies.size() == 0) return;
        ByteBuffer out = ByteBuffer.wrap(replies.toByteArray());
        // Replies to one block are at most its size, far below the socket buffer: the loop is for a
        // client that stopped reading.
        while (out.hasRemaining()) {
            if (client.write(out) == 0) Thread.onSpinWait();
        }
    }

    private void endSession() throws IOException {
        SelectionKey k = client.keyFor(selector);
        if (k != null) k.cancel();
        client.close();
        client = null;
        selector.selectNow();
    }

    @Override
    public void close() throws IOException {
        try {
            if (client != null) client.close();
        } finally {
            selector.close();
            listener.close();
        }
    }
}
