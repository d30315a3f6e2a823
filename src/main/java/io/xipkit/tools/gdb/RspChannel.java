package io.xipkit.tools.gdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The GDB Remote Serial Protocol's framing, fed bytes as they arrive and free of any I/O (GDB
 * manual, appendix E "GDB Remote Serial Protocol": E.1 Overview, E.11 Interrupts, E.12
 * Packet Acknowledgment). A packet is {@code $payload#cc}, cc the hex modulo-256 sum of the
 * payload bytes as sent; in the payload {@code }} escapes the next byte XOR 0x20 (binary data);
 * a lone 0x03 outside a packet is an interrupt request; {@code +}/{@code -} acknowledge until
 * QStartNoAckMode switches acknowledgements off. Payloads are Latin-1 strings, one char per byte.
 */
public final class RspChannel {
    /** What the bytes fed so far contained. */
    public sealed interface Event {
        /** A packet with a correct checksum, unescaped. */
        record Packet(String payload) implements Event {}

        /** Ctrl-C (0x03) between packets. */
        record Interrupt() implements Event {}

        /** A packet that was dropped: bad checksum, bad checksum digits, or too long. */
        record Malformed(String why) implements Event {}
    }

    private enum State { IDLE, DATA, ESCAPE, CHECK1, CHECK2 }

    private final int maxPacket;
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
    private final StringBuilder payload = new StringBuilder();
    private State state = State.IDLE;
    private int sum;
    private int check;
    private boolean overflow;
    private boolean noAck;

    /** @param maxPacket the longest payload accepted (what qSupported announces as PacketSize) */
    public RspChannel(int maxPacket) {
        this.maxPacket = maxPacket;
    }

    /** Stops sending and expecting acknowledgements (after replying OK to QStartNoAckMode). */
    public void disableAcks() {
        noAck = true;
    }

    public boolean acksDisabled() {
        return noAck;
    }

    /** Consumes bytes; returns the events they complete, queuing acknowledgements in {@link #takeOutput()}. */
    public List<Event> feed(byte[] data, int offset, int length) {
        List<Event> events = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            Event e = feed(data[i] & 0xFF);
            if (e != null) events.add(e);
        }
        return events;
    }

    private Event feed(int b) {
        switch (state) {
            case IDLE -> {
                if (b == '$') {
                    payload.setLength(0);
                    sum = 0;
                    overflow = false;
                    state = State.DATA;
                } else if (b == 0x03) {
                    return new Event.Interrupt();
                }
                // '+', '-' and noise between packets are ignored: replies are never retransmitted.
                return null;
            }
            case DATA, ESCAPE -> {
                if (b == '#' && state == State.DATA) {
                    state = State.CHECK1;
                    return null;
                }
                if (b == '$' && state == State.DATA) {
                    // A new start inside a packet: the old one was truncated.
                    payload.setLength(0);
                    sum = 0;
                    overflow = false;
                    return new Event.Malformed("truncated packet");
                }
                sum = (sum + b) & 0xFF;
                if (state == State.DATA && b == '}') {
                    state = State.ESCAPE;
                    return null;
                }
                int c = state == State.ESCAPE ? b ^ 0x20 : b;
                state = State.DATA;
                if (payload.length() >= maxPacket) overflow = true;
                else payload.append((char) c);
                return null;
            }
            case CHECK1 -> {
                check = hex(b);
                state = State.CHECK2;
                return null;
            }
            default -> {
                state = State.IDLE;
                int low = hex(b);
                if (check < 0 || low < 0) return reject("bad checksum digits");
                if (((check << 4) | low) != sum) return reject("checksum mismatch");
                if (overflow) return reject("packet longer than " + maxPacket + " bytes");
                if (!noAck) replies.write('+');
                return new Event.Packet(payload.toString());
            }
        }
    }

    private Event reject(String why) {
        if (!noAck) replies.write('-');
        return new Event.Malformed(why);
    }

    private static int hex(int c) {
        return Character.digit(c, 16);
    }

    /** Frames a reply, escaping {@code $ # } *} so binary data cannot end or start a packet. */
    public void send(String reply) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int s = 0;
        for (int i = 0; i < reply.length(); i++) {
            int c = reply.charAt(i) & 0xFF;
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                body.write('}');
                s += '}';
                c ^= 0x20;
            }
            body.write(c);
            s += c;
        }
        replies.write('$');
        replies.writeBytes(body.toByteArray());
        replies.writeBytes(String.format("#%02x", s & 0xFF).getBytes(StandardCharsets.US_ASCII));
    }

    /** Bytes to send to the peer (acknowledgements and framed replies), emptied by the call. */
    public byte[] takeOutput() {
        byte[] out = replies.toByteArray();
        replies.reset();
        return out;
    }
}
