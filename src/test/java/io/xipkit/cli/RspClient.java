package io.xipkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare remote-protocol client for tests that need bytes gdb cannot be made to send (Ctrl-C at a given moment, refused writes). */
final class RspClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RspClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(120_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    static String frame(String payload) {
        int sum = 0;
        for (char c : payload.toCharArray()) sum += c;
        return "$" + payload + String.format("#%02x", sum & 0xFF);
    }

    /** Sends raw bytes (Latin-1). */
    void sendRaw(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The next packet's payload, skipping acknowledgements. */
    String readPacket() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '$') if (c < 0) throw new AssertionError("connection closed");
        while ((c = in.read()) != '#') b.append((char) c);
        in.read();
        in.read();
        return b.toString();
    }

    /** Sends one packet and returns the reply's payload. */
    String exchange(String payload) throws IOException {
        sendRaw(frame(payload));
        return readPacket();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
