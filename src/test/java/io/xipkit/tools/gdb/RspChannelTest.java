package io.xipkit.tools.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RspChannelTest {
    private final RspChannel channel = new RspChannel(64);

    private List<RspChannel.Event> feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return channel.feed(b, 0, b.length);
    }

    private String output() {
        return new String(channel.takeOutput(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aGoodPacketIsAcknowledgedAndDelivered() {
        assertThat(feed("$qC#b4")).containsExactly(new RspChannel.Event.Packet("qC"));
        assertThat(output()).isEqualTo("+");
    }

    @Test
    void aBadChecksumIsRefusedWithMinus() {
        assertThat(feed("$qC#00")).singleElement().isInstanceOf(RspChannel.Event.Malformed.class);
        assertThat(output()).isEqualTo("-");
    }

    @Test
    void packetsMayArriveOneByteAtATime() {
        for (char c : "$g#6".toCharArray()) assertThat(feed(String.valueOf(c))).isEmpty();
        assertThat(feed("7")).containsExactly(new RspChannel.Event.Packet("g"));
    }

    @Test
    void ctrlCBetweenPacketsIsAnInterrupt() {
        assertThat(feed("\u0003")).containsExactly(new RspChannel.Event.Interrupt());
    }

    @Test
    void escapedBytesAreUnescapedAndTheChecksumCoversTheEscapes() {
        // "X}]" is X followed by '}' (0x7d ^ 0x20 = 0x5d ']') : payload "X}"
        String raw = "X}]";
        int sum = 0;
        for (char c : raw.toCharArray()) sum += c;
        assertThat(feed("$" + raw + String.format("#%02x", sum & 0xFF))).containsExactly(new RspChannel.Event.Packet("X}"));
    }

    @Test
    void repliesEscapeFramingCharacters() {
        channel.send("a#b");
        assertThat(output()).isEqualTo("$a}\u0003b#" + String.format("%02x", ('a' + '}' + 3 + 'b') & 0xFF));
    }

    @Test
    void anOversizedPacketIsRefused() {
        String big = "m" + "0".repeat(100);
        assertThat(feed(GdbWire.frame(big))).singleElement().isInstanceOf(RspChannel.Event.Malformed.class);
    }

    @Test
    void afterNoAckModeNothingIsAcknowledged() {
        channel.disableAcks();
        assertThat(feed("$qC#b4")).hasSize(1);
        assertThat(output()).isEmpty();
    }

    @Test
    void aNewPacketStartInsideAPacketReportsTheTruncatedOne() {
        assertThat(feed("$m0,4$qC#b4")).containsExactly(new RspChannel.Event.Malformed("truncated packet"), new RspChannel.Event.Packet("qC"));
    }
}
