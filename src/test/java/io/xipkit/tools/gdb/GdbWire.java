package io.xipkit.tools.gdb;

import io.xipkit.tools.flasher.ChangedBlockFlasher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Drives one server connection over in-memory streams: frames packets, collects reply payloads. */
final class GdbWire {
    final FakeTarget target = new FakeTarget();
    final List<String> log = new ArrayList<>();
    int saves;
    /** What {@code monitor warnings} answers. */
    String warnings = "no model warnings";

    static String frame(String payload) {
        int sum = 0;
        for (char c : payload.toCharArray()) sum += c;
        return "$" + payload + String.format("#%02x", sum & 0xFF);
    }

    /** Sends the bytes as one connection and returns every reply payload, in order. */
    List<String> converse(byte[] input) throws Exception {
        ChangedBlockFlasher flasher = new ChangedBlockFlasher(target, List.of(target.flashDriver()));
        GdbHost host = new GdbHost() {
            @Override
            public String faultReport() {
                return "no fault";
            }

            @Override
            public String chips() {
                return "none";
            }

            @Override
            public String warnings() {
                return warnings;
            }

            @Override
            public String saveState() {
                saves++;
                return "saved";
            }

            @Override
            public void log(String line) {
                log.add(line);
            }
        };
        GdbServer server = new GdbServer(target, flasher, host, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            server.serveConnection(new ByteArrayInputStream(input), out);
        } finally {
            server.close();
        }
        return payloads(out.toString(StandardCharsets.ISO_8859_1));
    }

    List<String> converse(String... packets) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String p : packets) b.append(frame(p));
        return converse(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static List<String> payloads(String wire) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = wire.indexOf('$', i)) >= 0) {
            int hash = wire.indexOf('#', i);
            StringBuilder p = new StringBuilder();
            for (int k = i + 1; k < hash; k++) {
                char c = wire.charAt(k);
                if (c == '}') p.append((char) (wire.charAt(++k) ^ 0x20));
                else p.append(c);
            }
            out.add(p.toString());
            i = hash + 3;
        }
        return out;
    }
}
