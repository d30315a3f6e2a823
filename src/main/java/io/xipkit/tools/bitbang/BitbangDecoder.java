package io.xipkit.tools.bitbang;

import io.xipkit.peripherals.debug.DebugPins;
import java.io.ByteArrayOutputStream;

/**
 * OpenOCD's remote_bitbang requests decoded onto debug pins (openocd doc/openocd.texi "remote_bitbang",
 * src/jtag/drivers/remote_bitbang.c): one ASCII byte each. {@code '0'-'7'} set TCK, TMS, TDI to the
 * bits of 4·TCK + 2·TMS + TDI; {@code 'R'} samples TDO and answers {@code '0'} or {@code '1'};
 * {@code 'r'-'u'} set the reset lines to 2·TRST + SRST (1 = asserted); {@code 'B'}/{@code 'b'}
 * switch the probe LED; {@code 'Q'} ends the session. {@code 'Z'}/{@code 'z'} (remote sleep) ask
 * the server to wait 1 ms / 1 µs of wall time; the board's time is virtual, so they do nothing here.
 * A pure function of (pins, bytes): no sockets, so it is tested byte for byte.
 *
 * <p>The probe's clock is the request stream itself: each rising edge of TCK is reported to a
 * {@link TckEdges} before the TAPs see it, so the host loop can let board time pass per TCK cycle
 * (as it does on silicon while the probe shifts) whatever way the bytes were cut into TCP reads.
 */
public final class BitbangDecoder {
    /** Told of each rising edge of TCK, just before the TAPs are clocked by it. */
    @FunctionalInterface
    public interface TckEdges {
        TckEdges NONE = () -> { };

        void rising();
    }

    private final DebugPins pins;
    private final TckEdges edges;
    private boolean tck;
    private boolean led;
    private long unknown;
    private long bytes;

    public BitbangDecoder(DebugPins pins) {
        this(pins, TckEdges.NONE);
    }

    public BitbangDecoder(DebugPins pins, TckEdges edges) {
        this.pins = pins;
        this.edges = edges;
    }

    /**
     * Decodes {@code in[off..off+len)} in order, appending one reply byte per {@code 'R'}.
     *
     * @return the number of bytes consumed: all of them, or up to and including a {@code 'Q'}
     */
    public int feed(byte[] in, int off, int len, ByteArrayOutputStream replies) {
        for (int i = off; i < off + len; i++) {
            int c = in[i];
            bytes++;
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                boolean high = (v & 4) != 0;
                if (high && !tck) edges.rising();
                tck = high;
                pins.drive(high, (v & 2) != 0, (v & 1) != 0);
            } else if (c == 'R') {
                replies.write(pins.tdo() ? '1' : '0');
            } else if (c >= 'r' && c <= 'u') {
                int v = c - 'r';
                pins.resets((v & 2) != 0, (v & 1) != 0);
            } else if (c == 'B' || c == 'b') {
                led = c == 'B';
            } else if (c == 'Q') {
                return i - off + 1;
            } else if (c != 'Z' && c != 'z') {
                unknown++;   // SWD requests (not in OpenOCD 0.12's remote_bitbang JTAG mode) and noise
            }
        }
        return len;
    }

    public boolean led() {
        return led;
    }

    /** Bytes that were no request of the JTAG protocol. */
    public long unknownBytes() {
        return unknown;
    }

    public long bytesDecoded() {
        return bytes;
    }
}
