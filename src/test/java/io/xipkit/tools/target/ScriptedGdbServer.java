package io.xipkit.tools.target;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A gdb server of a few packets for client tests: qSupported, ?, m and M on a memory held as a map,
 * D; optionally one stray "T05" ahead of the first M's "OK" (the late answer to a Ctrl-C), or an
 * "E01" for every M.
 */
public final class ScriptedGdbServer {
    private ScriptedGdbServer() {
    }

    /** Serves one connection on a pool thread. */
    public static CompletableFuture<Void> serveAsync(ServerSocket listener, boolean strayStop, boolean refuseWrites) {
        return CompletableFuture.runAsync(() -> {
            try {
                serve(listener, strayStop, refuseWrites);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    static void serve(ServerSocket listener, boolean strayStop, boolean refuseWrites) throws Exception {
        try (Socket s = listener.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Map<Long, Integer> memory = new HashMap<>();
            boolean stray = strayStop;
            while (true) {
                int c = in.read();
                if (c < 0) return;
                if (c != '$') continue;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while ((c = in.read()) != '#') body.write(c);
                in.read();
                in.read();
                out.write('+');
                String p = body.toString(StandardCharsets.ISO_8859_1);
                String reply;
                if (p.startsWith("qSupported")) reply = "PacketSize=1000";
                else if (p.equals("?")) reply = "S05";
                else if (p.startsWith("m")) {
                    String[] a = p.substring(1).split(",");
                    long addr = Long.parseLong(a[0], 16);
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < Integer.parseInt(a[1], 16); i++) b.append(String.format("%02x", memory.getOrDefault(addr + i, 0)));
                    reply = b.toString();
                } else if (p.startsWith("M") && refuseWrites) {
                    reply = "E01";
                } else if (p.startsWith("M")) {
                    String[] a = p.substring(1).split("[,:]");
                    long addr = Long.parseLong(a[0], 16);
                    for (int i = 0; i < a[2].length() / 2; i++) memory.put(addr + i, Integer.parseInt(a[2].substring(2 * i, 2 * i + 2), 16));
                    if (stray) {
                        send(out, "T05");   // the late answer to a Ctrl-C, ahead of this packet's own
                        stray = false;
                    }
                    reply = "OK";
                } else if (p.equals("D")) {
                    send(out, "OK");
                    return;
                } else reply = "";
                send(out, reply);
            }
        }
    }

    static void send(OutputStream out, String payload) throws Exception {
        int sum = 0;
        for (char ch : payload.toCharArray()) sum += ch;
        out.write(("$" + payload + String.format("#%02x", sum & 0xFF)).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

}
