package io.xipkit.tools.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A stop reply that arrives where the answer to a memory or register packet was expected (a server
 * answering a late Ctrl-C) is passed over, so every later reply still answers its own packet.
 */
class GdbRemoteTargetStrayStopTest {
    @Test
    void aStopReplyAheadOfAWritesOkIsSkippedAndLaterRepliesStayInStep() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = ScriptedGdbServer.serveAsync(listener, true, false);
            MemoryMap map = new MemoryMap(List.of(new MemoryMap.Region("ram", MemoryMap.Kind.RAM, 0x2000_0000L, 0x1_0000, 0, null, 0)));
            try (GdbRemoteTarget gdb = GdbRemoteTarget.connect("127.0.0.1", listener.getLocalPort(), map)) {
                gdb.writeMemory(0x2000_0000L, new byte[] {1, 2, 3, 4});
                gdb.writeMemory(0x2000_0010L, new byte[] {9});
                assertThat(gdb.readMemory(0x2000_0000L, 4)).containsExactly(1, 2, 3, 4);
                assertThat(gdb.readMemory(0x2000_0010L, 1)).containsExactly(9);
            }
            server.join();
        }
    }
}
