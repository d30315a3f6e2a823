package io.xipkit.tools.bitbang;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.debug.DebugPins;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** remote_bitbang requests (openocd doc/openocd.texi, src/jtag/drivers/remote_bitbang.c) onto pins. */
class BitbangDecoderTest {
    final List<String> calls = new ArrayList<>();
    boolean tdo;
    final DebugPins pins = new DebugPins() {
        @Override
        public void drive(boolean tck, boolean tms, boolean tdi) {
            calls.add("tck=" + b(tck) + " tms=" + b(tms) + " tdi=" + b(tdi));
            tdo = tdi;   // a wire from TDI to TDO
        }

        @Override
        public boolean tdo() {
            return tdo;
        }

        @Override
        public void resets(boolean trst, boolean srst) {
            calls.add("trst=" + b(trst) + " srst=" + b(srst));
        }
    };
    final BitbangDecoder decoder = new BitbangDecoder(pins);

    static int b(boolean v) {
        return v ? 1 : 0;
    }

    int feed(String s, ByteArrayOutputStream replies) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        return decoder.feed(bytes, 0, bytes.length, replies);
    }

    @Test
    void digitsSetTckTmsTdiFromTheirThreeBits() {
        feed("0725", new ByteArrayOutputStream());
        assertThat(calls).containsExactly("tck=0 tms=0 tdi=0", "tck=1 tms=1 tdi=1", "tck=0 tms=1 tdi=0", "tck=1 tms=0 tdi=1");
    }

    @Test
    void eachReadAnswersOneAsciiDigitInOrder() {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        feed("1R0R1RR", replies);
        assertThat(replies.toString(StandardCharsets.US_ASCII)).isEqualTo("1011");
    }

    @Test
    void resetLettersSetTrstAndSrst() {
        feed("rstu", new ByteArrayOutputStream());
        assertThat(calls).containsExactly("trst=0 srst=0", "trst=0 srst=1", "trst=1 srst=0", "trst=1 srst=1");
    }

    @Test
    void blinkSwitchesTheLedAndSleepsAndUnknownBytesDriveNothing() {
        feed("BZz", new ByteArrayOutputStream());
        assertThat(decoder.led()).isTrue();
        feed("bx", new ByteArrayOutputStream());
        assertThat(decoder.led()).isFalse();
        assertThat(calls).isEmpty();
        assertThat(decoder.unknownBytes()).isEqualTo(1);
    }

    @Test
    void quitStopsDecodingAndReportsWhereItWas() {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        assertThat(feed("1RQ0R", replies)).isEqualTo(3);
        assertThat(replies.toString(StandardCharsets.US_ASCII)).isEqualTo("1");
        assertThat(calls).hasSize(1);
    }
}
