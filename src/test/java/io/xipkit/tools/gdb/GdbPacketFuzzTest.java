package io.xipkit.tools.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives (bad checksums, truncated and oversized packets, bad hex, addresses outside
 * any memory, unknown packets, raw noise), the server answers and keeps serving: a well-formed
 * query sent afterwards is still answered.
 */
class GdbPacketFuzzTest {
    private static final String[] COMMANDS = {"m", "M", "X", "g", "G", "p", "P", "Z0,", "Z1,", "Z2,", "z0,", "vFlashWrite:",
        "vFlashErase:", "vFlashDone", "qXfer:features:read:target.xml:", "qXfer:memory-map:read::", "qSupported", "?", "H",
        "vCont;", "qRcmd,", "qRcmd,666c617368206572617365", "c", "s", "T", "Q", "v", "q", ""};

    @Provide
    Arbitrary<String> chunk() {
        Arbitrary<String> body = Combinators.combine(Arbitraries.of(COMMANDS),
                Arbitraries.strings().withChars("0123456789abcdefxyzXYZ,:;=#$}*\u0003\u00ff").ofMaxLength(40))
                .as((c, a) -> c + a);
        Arbitrary<String> wellFramed = body.map(GdbWire::frame);
        Arbitrary<String> badChecksum = body.map(b -> "$" + b + "#zz");
        Arbitrary<String> truncated = body.map(b -> "$" + b);
        Arbitrary<String> oversized = Arbitraries.integers().between(GdbSession.PACKET_SIZE, GdbSession.PACKET_SIZE + 50)
                .map(n -> GdbWire.frame("M20000000,10:" + "0".repeat(n)));
        Arbitrary<String> noise = Arbitraries.strings().all().ofMaxLength(30).map(s -> {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) b.append((char) (c & 0xFF));
            return b.toString();
        });
        return Arbitraries.oneOf(wellFramed, badChecksum, truncated, oversized, noise);
    }

    @Property(tries = 300)
    void malformedInputNeverEndsTheSession(@ForAll("chunks") List<String> chunks) throws Exception {
        StringBuilder input = new StringBuilder();
        for (String c : chunks) input.append(c);
        // Whatever state the garbage left the framer in, "#00" ends it; then a query that must be answered.
        input.append("#00").append(GdbWire.frame("qC"));
        List<String> replies = new GdbWire().converse(input.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(replies).isNotEmpty();
        assertThat(replies.get(replies.size() - 1)).isEqualTo("QC1");
    }

    @Provide
    Arbitrary<List<String>> chunks() {
        return chunk().filter(c -> !c.contains("k") && !c.startsWith("$D") && !c.contains(Hex.of("quit"))
                && !c.matches("(?s).*\\$D.*")).list().ofMaxSize(12);
    }
}
