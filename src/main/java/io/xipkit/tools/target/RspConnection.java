package io.xipkit.tools.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the gdb remote serial protocol (GDB manual, Appendix E "Overview": packets
 * {@code $payload#checksum}, {@code +}/{@code -} acknowledgements until QStartNoAckMode, the
 * 0x03 interrupt byte, run-length encoded replies "E.5 Binary data").
 */
final class RspConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean acks = true;

    RspConnection(String host, int port, int connectTimeoutMs) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Switches acknowledgements off when the server agrees (it answers OK). */
    void startNoAckMode() throws IOException {
        send("QStartNoAckMode");
        if (receive(0).equals("OK")) acks = false;
    }

    void send(String payload) throws IOException {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) sum += payload.charAt(i);
        byte[] frame = ("$" + payload + String.format("#%02x", sum & 0xFF)).getBytes(StandardCharsets.ISO_8859_1);
        for (int attempt = 0; ; attempt++) {
            out.write(frame);
            out.flush();
            if (!acks) return;
            int c = readByte(0);
            if (c == '+') return;
            if (attempt >= 3) throw new IOException("the gdb server keeps refusing a packet (" + (char) c + ")");
        }
    }

    /** The 0x03 byte that asks a running target to stop. */
    void interrupt() throws IOException {
        out.write(0x03);
        out.flush();
    }

    /**
     * The next packet's payload, with run-length encoding expanded.
     *
     * @param timeoutMs how long to wait for its first byte (0: without limit)
     * @return null when nothing arrived within the timeout
     */
    String receive(int timeoutMs) throws IOException {
        int c;
        do {
            c = readByte(timeoutMs);
            if (c == -2) return null;
        } while (c != '$');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int sum = 0;
        while ((c = readByte(0)) != '#') {
            sum += c;
            body.write(c);
        }
        int check = Integer.parseInt("" + (char) readByte(0) + (char) readByte(0), 16);
        if (acks) {
            out.write((check == (sum & 0xFF)) ? '+' : '-');
            out.flush();
            if (check != (sum & 0xFF)) return receive(timeoutMs);
        }
        return expandRunLength(body.toString(StandardCharsets.ISO_8859_1));
    }

    /** "0* " means "0" four times more (the count is the character minus 29). */
    private static String expandRunLength(String s) {
        if (s.indexOf('*') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '*' && i > 0 && i + 1 < s.length()) {
                char prev = s.charAt(i - 1);
                b.append(String.valueOf(prev).repeat(s.charAt(++i) - 29));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** One byte; -2 on timeout. */
    private int readByte(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            int c = in.read();
            if (c < 0) throw new IOException("the gdb server closed the connection");
            return c;
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
