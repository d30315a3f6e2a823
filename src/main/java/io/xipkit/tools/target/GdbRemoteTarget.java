package io.xipkit.tools.target;

import static io.xipkit.tools.target.CortexMDebugRegisters.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A core behind any gdb server (OpenOCD, pyOCD, ST-LINK gdbserver, J-Link GDB Server,
 * {@code xipkit gdb}), driven with the remote protocol's plain packets only (GDB manual E.1
 * "Packets"): {@code m}/{@code M} for memory (the debug registers included, as the servers map
 * the PPB), {@code p}/{@code P} for registers numbered by the server's target description,
 * {@code c} and its stop reply, the 0x03 interrupt, {@code Z1}-{@code Z4}, and {@code monitor reset
 * halt|run} through {@code qRcmd}. The core runs by itself here, so time is the host's: a
 * budget given to {@link #runUntil} is host time, and nothing reports the board's own clock.
 *
 * <p>Why the core stopped is read from the core, not from the server's signal: a stop in handler
 * mode (IPSR not 0) is the fault vector catch the caller armed in DEMCR, a stop on a {@code BKPT}
 * instruction is a breakpoint; servers differ in the signals they send for both.
 */
public final class GdbRemoteTarget implements DebugTarget, AutoCloseable {
    /** How long a halt request or a monitor command may take before the server counts as gone. */
    private static final int REPLY_MS = 30_000;
    private static final Pattern REG = Pattern.compile("<reg\\s[^>]*?name=\"([^\"]+)\"[^>]*?>");
    private static final Pattern ATTR_REGNUM = Pattern.compile("regnum=\"(\\d+)\"");
    private static final Pattern INCLUDE = Pattern.compile("<xi:include\\s+href=\"([^\"]+)\"");
    private static final String[] GENERAL = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};

    private final RspConnection rsp;
    private final MemoryMap memoryMap;
    private final long epochNanos = System.nanoTime();
    private final Map<String, Integer> regnums = new HashMap<>();
    private final int chunk;
    private final CoreDescription core;
    private boolean running;
    private final StringBuilder console = new StringBuilder();

    private GdbRemoteTarget(RspConnection rsp, MemoryMap memoryMap) throws IOException {
        this.rsp = rsp;
        this.memoryMap = memoryMap;
        rsp.send("qSupported:swbreak+;hwbreak+");
        String features = rsp.receive(REPLY_MS);
        if (features == null) throw new IOException("the gdb server does not answer qSupported");
        Matcher size = Pattern.compile("PacketSize=([0-9a-fA-F]+)").matcher(features);
        int packet = size.find() ? Integer.parseInt(size.group(1), 16) : 400;
        // A memory reply is two hex digits a byte plus framing; keep well inside the packet.
        chunk = Math.max(16, Math.min(4096, (packet - 32) / 2));
        if (features.contains("QStartNoAckMode+")) rsp.startNoAckMode();
        readRegisterNumbers(features.contains("qXfer:features:read+"));
        rsp.send("?");
        rsp.receive(REPLY_MS);
        core = describeCore();
    }

    /**
     * Connects to the gdb server at {@code host:port}; the core must be halted there (servers halt
     * it when gdb attaches).
     *
     * @param memoryMap the target's memories (the board's): where algorithms may run
     */
    public static GdbRemoteTarget connect(String host, int port, MemoryMap memoryMap) throws IOException {
        RspConnection c = new RspConnection(host, port, 10_000);
        try {
            return new GdbRemoteTarget(c, memoryMap);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Register numbers by name from the target description (G.2 "Target Description Format": numbers follow document order unless regnum says). */
    private void readRegisterNumbers(boolean described) throws IOException {
        if (described) {
            int[] next = {0};
            readDescription("target.xml", next, 0);
        }
        if (regnums.isEmpty()) {
            // No description: the classic ARM numbering gdb assumes (r0-r15, then xPSR at 25).
            for (int i = 0; i < 16; i++) regnums.put(GENERAL[i], i);
            regnums.put("xpsr", 25);
        }
        for (String g : GENERAL) {
            if (!regnums.containsKey(g)) throw new IOException("the gdb server's target description has no register " + g);
        }
        if (!regnums.containsKey("xpsr")) throw new IOException("the gdb server's target description has no xpsr register");
    }

    private void readDescription(String annex, int[] next, int depth) throws IOException {
        String xml = xfer("features", annex);
        Matcher inc = INCLUDE.matcher(xml);
        Matcher reg = REG.matcher(xml);
        // Registers and includes in document order.
        int pos = 0;
        while (true) {
            boolean r = reg.find(pos), i = inc.find(pos);
            if (!r && !i) break;
            if (i && (!r || inc.start() < reg.start())) {
                if (depth < 4) readDescription(inc.group(1), next, depth + 1);
                pos = inc.end();
            } else {
                Matcher n = ATTR_REGNUM.matcher(reg.group(0));
                if (n.find()) next[0] = Integer.parseInt(n.group(1));
                regnums.putIfAbsent(reg.group(1).toLowerCase(java.util.Locale.ROOT), next[0]++);
                pos = reg.end();
            }
        }
    }

    private String xfer(String object, String annex) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            String reply = exchange(String.format("qXfer:%s:read:%s:%x,%x", object, annex, b.length(), 0x800));
            if (reply.isEmpty() || reply.startsWith("E")) throw new IOException("the gdb server did not send " + annex + " (" + reply + ")");
            b.append(reply, 1, reply.length());
            if (reply.charAt(0) == 'l') return b.toString();
        }
    }

    private CoreDescription describeCore() {
        int cpuid = read32(CPUID);
        String name = switch ((cpuid >>> 4) & 0xFFF) {
            case 0xC27 -> "Cortex-M7";
            case 0xC24 -> "Cortex-M4";
            case 0xC23 -> "Cortex-M3";
            default -> String.format("Cortex-M (part %03X)", (cpuid >>> 4) & 0xFFF);
        };
        int mvfr0 = read32(MVFR0);
        int fpCtrl = read32(FP_CTRL);
        return new CoreDescription(name, cpuid, ((mvfr0 >>> 4) & 0xF) != 0, ((mvfr0 >>> 8) & 0xF) != 0, fpbRevision(fpCtrl),
                fpbCodeComparators(fpCtrl), read32(DWT_CTRL) >>> 28);
    }

    /** An "O" packet (E.3 console output, never the reply "OK"): its text goes to {@code into}. */
    private static boolean takeOutput(String packet, StringBuilder into) {
        if (!packet.startsWith("O") || packet.equals("OK")) return false;
        into.append(new String(hex(packet.substring(1)), StandardCharsets.ISO_8859_1));
        return true;
    }

    private static final Pattern STOP_REPLY = Pattern.compile("[ST][0-9a-fA-F]{2}");

    private String exchange(String payload) {
        try {
            rsp.send(payload);
            while (true) {
                String r = rsp.receive(REPLY_MS);
                if (r == null) throw new IOException("no reply to " + payload.split("[:,]")[0] + " within " + REPLY_MS / 1000 + " s");
                if (takeOutput(r, console)) continue;
                // A stop reply here answers an interrupt sent while the core was already stopping
                // (halt() after a wait ran out in host time): some servers answer that late Ctrl-C
                // too. No reply to p/P/m/M/Z/z/qXfer starts with S or T, so it is skipped, not
                // taken for the answer to this packet (which would shift every later reply by one).
                if (STOP_REPLY.matcher(r).lookingAt()) continue;
                return r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gdb server: " + e.getMessage(), e);
        }
    }

    @Override
    public CoreDescription core() {
        return core;
    }

    @Override
    public MemoryMap memoryMap() {
        return memoryMap;
    }

    @Override
    public boolean isHalted() {
        return !running;
    }

    @Override
    public void halt() {
        if (!running) return;
        try {
            rsp.interrupt();
            if (awaitStop(REPLY_MS) == null) throw new IOException("the core did not stop within " + REPLY_MS / 1000 + " s of an interrupt");
        } catch (IOException e) {
            throw new UncheckedIOException("gdb server: " + e.getMessage(), e);
        }
    }

    @Override
    public void resume() {
        if (running) return;
        try {
            rsp.send("c");
        } catch (IOException e) {
            throw new UncheckedIOException("gdb server: " + e.getMessage(), e);
        }
        running = true;
    }

    @Override
    public StopEvent step() {
        try {
            rsp.send("s");
            running = true;
            StopEvent e = awaitStop(REPLY_MS);
            if (e == null) throw new IOException("a single step did not end within " + REPLY_MS / 1000 + " s");
            return e instanceof StopEvent.HaltRequested ? new StopEvent.Stepped() : e;
        } catch (IOException e) {
            throw new UncheckedIOException("gdb server: " + e.getMessage(), e);
        }
    }

    /** Waits for the stop reply until the host time {@code untilPicos}; the instruction budget means nothing to a running core. */
    @Override
    public StopEvent runUntil(long maxInstructions, long untilPicos) {
        if (!running) return new StopEvent.HaltRequested();
        long waitMs = untilPicos == Long.MAX_VALUE ? 0 : Math.max(1, (untilPicos - nowPicos()) / 1_000_000_000L);
        try {
            StopEvent e = awaitStop((int) Math.min(Integer.MAX_VALUE, waitMs));
            return e == null ? new StopEvent.StillRunning() : e;
        } catch (IOException e) {
            throw new UncheckedIOException("gdb server: " + e.getMessage(), e);
        }
    }

    /** Reads replies until a stop reply; null when none came within {@code timeoutMs} (0: no limit). */
    private StopEvent awaitStop(int timeoutMs) throws IOException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int left = timeoutMs == 0 ? 0 : (int) Math.max(1, (end - System.nanoTime()) / 1_000_000L);
            String r = rsp.receive(left);
            if (r == null) return null;
            if (takeOutput(r, console)) continue;
            running = false;
            return classify(r);
        }
    }

    /** A stop reply (E.3 "Stop Reply Packets") read against the core's own state. */
    private StopEvent classify(String reply) {
        char kind = reply.charAt(0);
        if (kind == 'W' || kind == 'X') return new StopEvent.Exited(Integer.parseInt(reply.substring(1, 3), 16));
        int signal = Integer.parseInt(reply.substring(1, 3), 16);
        String notes = console.toString().strip();
        console.setLength(0);
        if (signal == 11 || signal == 10) {
            return new StopEvent.Fault(notes.isEmpty() ? "the gdb server reports signal " + signal + " (a fault it could not recover from)" : notes);
        }
        Matcher watch = Pattern.compile("(a|r)?watch:([0-9a-fA-F]+)").matcher(reply);
        if (watch.find()) {
            StopEvent.WatchKind k = watch.group(1) == null ? StopEvent.WatchKind.WRITE
                    : watch.group(1).equals("r") ? StopEvent.WatchKind.READ : StopEvent.WatchKind.ACCESS;
            return new StopEvent.Watchpoint(k, Long.parseLong(watch.group(2), 16));
        }
        int ipsr = readRegister(CoreRegister.XPSR) & 0x1FF;
        if (ipsr != 0) return new StopEvent.VectorCatch("exception " + ipsr);
        long pc = readRegister(CoreRegister.PC) & 0xFFFF_FFFFL;
        try {
            byte[] insn = readMemory(pc, 2);
            if ((insn[1] & 0xFF) == 0xBE) return new StopEvent.Breakpoint(pc, reply.contains("hwbreak"));
        } catch (TargetMemoryException e) {
            // a PC that cannot be read is no breakpoint
        }
        if (reply.contains("hwbreak") || reply.contains("swbreak")) return new StopEvent.Breakpoint(pc, reply.contains("hwbreak"));
        return new StopEvent.HaltRequested();
    }

    private int regnum(int selector) {
        String name = selector < 16 ? GENERAL[selector] : switch (selector) {
            case 16 -> "xpsr";
            case 17 -> "msp";
            case 18 -> "psp";
            default -> null;
        };
        Integer n = name == null ? null : regnums.get(name);
        if (n == null) throw new UnsupportedOperationException(String.format("core register selector %d is not reachable through this gdb server", selector));
        return n;
    }

    @Override
    public int readRegister(int selector) {
        String r = exchange(String.format("p%x", regnum(selector)));
        if (r.isEmpty() || r.startsWith("E")) throw new UnsupportedOperationException("the gdb server does not read register " + selector + " (" + r + ")");
        byte[] b = hex(r.substring(0, 8));
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    @Override
    public void writeRegister(int selector, int value) {
        String r = exchange(String.format("P%x=%s", regnum(selector), hex(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)})));
        if (!r.equals("OK")) throw new UnsupportedOperationException("the gdb server does not write register " + selector + " (" + r + ")");
    }

    @Override
    public byte[] readMemory(long address, int length) {
        byte[] out = new byte[length];
        for (int off = 0; off < length; off += chunk) {
            int n = Math.min(chunk, length - off);
            String r = exchange(String.format("m%x,%x", address + off, n));
            if (r.startsWith("E") || r.length() != 2 * n) throw new TargetMemoryException(address + off, "the gdb server refused to read it (" + r + ")");
            System.arraycopy(hex(r), 0, out, off, n);
        }
        return out;
    }

    @Override
    public void writeMemory(long address, byte[] data) {
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            String r = exchange(String.format("M%x,%x:%s", address + off, n, hex(java.util.Arrays.copyOfRange(data, off, off + n))));
            if (!r.equals("OK")) throw new TargetMemoryException(address + off, "the gdb server refused to write it (" + r + ")");
        }
    }

    @Override
    public int read32(long address) {
        byte[] b = readMemory(address, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    @Override
    public void write32(long address, int value) {
        writeMemory(address, new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** {@code monitor CMD}; its console output, or an exception when the server refuses it. */
    public String monitor(String command) {
        try {
            rsp.send("qRcmd," + hex(command.getBytes(StandardCharsets.US_ASCII)));
            StringBuilder text = new StringBuilder();
            while (true) {
                String r = rsp.receive(REPLY_MS);
                if (r == null) throw new IOException("no reply to monitor " + command);
                if (takeOutput(r, text)) continue;
                if (r.equals("OK")) return text.toString();
                if (!r.startsWith("E") && !r.isEmpty()) {
                    // Some servers answer with the output as one hex payload.
                    return text.append(new String(hex(r), StandardCharsets.ISO_8859_1)).toString();
                }
                throw new UnsupportedOperationException("the gdb server refused monitor " + command + " (" + r + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gdb server: " + e.getMessage(), e);
        }
    }

    @Override
    public void resetAndHalt() {
        monitor("reset halt");
        running = false;
    }

    @Override
    public void resetAndRun() {
        monitor("reset run");
        running = false;   // the server reports no stop: the core runs, and we do not wait for it
    }

    private boolean point(char op, int type, long address, int kind) {
        return exchange(String.format("%c%d,%x,%x", op, type, address, kind)).equals("OK");
    }

    @Override
    public boolean setHardwareBreakpoint(long address) {
        return point('Z', 1, address, 2);
    }

    @Override
    public boolean clearHardwareBreakpoint(long address) {
        return point('z', 1, address, 2);
    }

    private static int watchType(StopEvent.WatchKind kind) {
        return switch (kind) {
            case WRITE -> 2;
            case READ -> 3;
            case ACCESS -> 4;
        };
    }

    @Override
    public boolean setWatchpoint(long address, int length, StopEvent.WatchKind kind) {
        return point('Z', watchType(kind), address, length);
    }

    @Override
    public boolean clearWatchpoint(long address, int length, StopEvent.WatchKind kind) {
        return point('z', watchType(kind), address, length);
    }

    /** The core is halted and the board runs by itself: letting time pass is waiting. */
    @Override
    public void waitFor(long picos) {
        try {
            Thread.sleep(Math.max(0, picos / 1_000_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Host time since the connection: a remote board's clock is not visible through the protocol. */
    @Override
    public long nowPicos() {
        return (System.nanoTime() - epochNanos) * 1000;
    }

    /** Leaves the core to run freely and ends the session (D). */
    @Override
    public void detach() {
        exchange("D");
    }

    @Override
    public void close() throws IOException {
        rsp.close();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        return s.toString();
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
