package io.xipkit.tools.gdb;

import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.flasher.FlashDriver;
import io.xipkit.tools.flasher.FlashException;
import io.xipkit.tools.flasher.FlashReport;
import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;
import io.xipkit.tools.target.StopEvent;
import io.xipkit.tools.target.TargetMemoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One gdb connection's protocol state and its command table (GDB manual appendix E: E.4 "Packets",
 * E.3 "Stop Reply Packets", E.5 "General Query Packets", E.14 "Host I/O" is not offered). Every
 * packet gets an answer: an unknown one the empty reply, a bad one {@code E nn}; nothing a peer
 * sends ends the session except k, D and monitor quit.
 */
final class GdbSession {
    static final int PACKET_SIZE = 0x4000;
    private static final String E_BAD = "E01", E_MEMORY = "E02", E_FLASH = "E03", E_HARDWARE = "E04";

    private final DebugTarget target;
    private final ChangedBlockFlasher flasher;
    private final GdbHost host;
    private final GdbRegisters registers;
    private final String targetXml;
    private final String memoryMapXml;
    private final Map<String, Function<String, Response>> commands = new LinkedHashMap<>();
    /** Software breakpoints: address → the halfword the BKPT replaced. */
    private final Map<Long, byte[]> softwareBreakpoints = new HashMap<>();
    private StopEvent lastStop = new StopEvent.VectorCatch("reset");
    private FlashReport lastLoad;
    private boolean noAckRequested;

    GdbSession(DebugTarget target, ChangedBlockFlasher flasher, GdbHost host) {
        this.target = target;
        this.flasher = flasher;
        this.host = host;
        this.registers = new GdbRegisters(target.core());
        this.targetXml = registers.targetXml();
        this.memoryMapXml = MemoryMapXml.of(target.memoryMap());
        // The command table: the longest prefix wins, so "qXfer:" is tried before "q".
        commands.put("qSupported", p -> Response.Reply.of("PacketSize=" + Integer.toHexString(PACKET_SIZE)
                + ";qXfer:features:read+;qXfer:memory-map:read+;QStartNoAckMode+;vContSupported+;swbreak+;hwbreak+"));
        commands.put("QStartNoAckMode", p -> {
            noAckRequested = true;
            return Response.Reply.of("OK");
        });
        commands.put("qXfer:features:read:target.xml:", p -> xfer(targetXml, p.substring("qXfer:features:read:target.xml:".length())));
        commands.put("qXfer:memory-map:read::", p -> xfer(memoryMapXml, p.substring("qXfer:memory-map:read::".length())));
        commands.put("qAttached", p -> Response.Reply.of("1"));
        commands.put("qC", p -> Response.Reply.of("QC1"));
        // After the program exited there is no thread until the next reset.
        commands.put("qfThreadInfo", p -> Response.Reply.of(lastStop instanceof StopEvent.Exited ? "l" : "m1"));
        commands.put("qsThreadInfo", p -> Response.Reply.of("l"));
        commands.put("qRcmd,", this::monitor);
        commands.put("vCont?", p -> Response.Reply.of("vCont;c;C;s;S;t"));
        commands.put("vCont;", this::vCont);
        commands.put("vFlashErase:", this::flashErase);
        commands.put("vFlashWrite:", this::flashWrite);
        commands.put("vFlashDone", p -> flashDone());
        commands.put("vMustReplyEmpty", p -> Response.Reply.of(""));
        commands.put("H", p -> Response.Reply.of("OK"));
        commands.put("T", p -> Response.Reply.of("OK"));
        commands.put("?", p -> Response.Reply.of(stopReply(lastStop)));
        commands.put("g", p -> readAllRegisters());
        commands.put("G", p -> writeAllRegisters(p.substring(1)));
        commands.put("p", p -> Response.Reply.of(readRegister(p.substring(1))));
        commands.put("P", p -> writeRegister(p.substring(1)));
        commands.put("m", p -> readMemory(p.substring(1)));
        commands.put("M", p -> writeMemory(p.substring(1), false));
        commands.put("X", p -> writeMemory(p.substring(1), true));
        commands.put("c", p -> resumeAt(p.substring(1), false));
        commands.put("s", p -> resumeAt(p.substring(1), true));
        commands.put("C", p -> resumeAt(afterSignal(p.substring(1)), false));
        commands.put("S", p -> resumeAt(afterSignal(p.substring(1)), true));
        commands.put("Z", p -> breakpoint(p.substring(1), true));
        commands.put("z", p -> breakpoint(p.substring(1), false));
        // k and vKill: in extended-remote mode gdb stays connected after a kill; the board goes back
        // to its reset state (halted at the reset vector), its flash saved.
        commands.put("k", p -> kill(false));
        commands.put("vKill;", p -> kill(true));
        commands.put("D", p -> {
            removeAllBreakpoints();
            target.detach();
            return new Response.Reply(List.of("OK"));
        });
        commands.put("R", p -> {
            target.resetAndHalt();
            lastStop = new StopEvent.VectorCatch("reset");
            return new Response.Reply(List.of());
        });
    }

    private Response kill(boolean reply) {
        removeAllBreakpoints();
        host.saveState();
        target.resetAndHalt();
        lastStop = new StopEvent.VectorCatch("reset");
        return reply ? Response.Reply.of("OK") : new Response.Reply(List.of());
    }

    /** Whether the last reply switched acknowledgements off (the server tells its channel). */
    boolean takeNoAckRequest() {
        boolean r = noAckRequested;
        noAckRequested = false;
        return r;
    }

    Response handle(String packet) {
        Function<String, Response> handler = null;
        String best = "";
        for (Map.Entry<String, Function<String, Response>> e : commands.entrySet()) {
            String key = e.getKey();
            boolean matches = key.length() == 1 ? packet.startsWith(key) && (key.equals("H") || key.equals("T") || !isWordCommand(packet))
                    : packet.startsWith(key) && (key.endsWith(":") || key.endsWith(",") || key.endsWith(";") || packet.length() == key.length()
                    || key.equals("qSupported"));
            if (matches && key.length() > best.length()) {
                best = key;
                handler = e.getValue();
            }
        }
        if (handler == null) return Response.Reply.of("");
        try {
            return handler.apply(packet);
        } catch (BadPacketException | NumberFormatException | IndexOutOfBoundsException e) {
            return Response.Reply.of(E_BAD);
        } catch (TargetMemoryException e) {
            return Response.Reply.of(E_MEMORY);
        } catch (RuntimeException e) {
            // A target that does not answer as the architecture says (a model bug, say) fails the
            // packet, not the server.
            host.log("xipkit: " + packet.split("[:,;]")[0] + " failed: " + e);
            return Response.Reply.of("E05");
        }
    }

    /** Packets named by a word (qXxx, vXxx, QXxx) never fall back to a one-letter command. */
    private static boolean isWordCommand(String packet) {
        return packet.length() > 1 && (packet.charAt(0) == 'q' || packet.charAt(0) == 'v' || packet.charAt(0) == 'Q');
    }

    // ---- stop replies ---------------------------------------------------------------------------------

    void noteStop(StopEvent e) {
        lastStop = e;
    }

    /** A stop reply for gdb (E.3): signal, the reason (swbreak, hwbreak, watch/rwatch/awatch) and the thread. */
    String stopReply(StopEvent e) {
        if (e instanceof StopEvent.Exited x) return String.format("W%02x", x.status() & 0xFF);
        if (e instanceof StopEvent.Breakpoint b) {
            // "swbreak" only for a BKPT gdb planted: gdb takes a swbreak stop where it has no
            // breakpoint for one it just removed and resumes silently, so a BKPT compiled into the
            // program would be re-executed for ever; a plain SIGTRAP shows it, as OpenOCD does.
            if (b.hardware()) return "T05hwbreak:;thread:1;";
            long pc = Integer.toUnsignedLong(target.readRegister(io.xipkit.tools.target.CoreRegister.PC));
            return softwareBreakpoints.containsKey(pc) ? "T05swbreak:;thread:1;" : "T05thread:1;";
        }
        if (e instanceof StopEvent.Watchpoint w) {
            String kind = switch (w.kind()) {
                case WRITE -> "watch";
                case READ -> "rwatch";
                case ACCESS -> "awatch";
            };
            return String.format("T05%s:%x;thread:1;", kind, w.address());
        }
        if (e instanceof StopEvent.HaltRequested) return "T02thread:1;";
        if (e instanceof StopEvent.Fault) return "T0bthread:1;";
        return "T05thread:1;";
    }

    /** Bytes of output for the gdb console ("O" packets, hex) after a stop for a fault. */
    List<String> consoleNotes(StopEvent e) {
        if (e instanceof StopEvent.Fault f) return List.of("O" + Hex.of("xipkit: " + f.report() + "\n"));
        return List.of();
    }

    // ---- registers ------------------------------------------------------------------------------------

    private Response readAllRegisters() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < registers.count(); i++) b.append(registers.read(target, i));
        return Response.Reply.of(b.toString());
    }

    private Response writeAllRegisters(String hex) {
        int pos = 0;
        for (int i = 0; i < registers.count() && pos < hex.length(); i++) {
            int n = registers.hexLength(i);
            registers.write(target, i, hex.substring(pos, pos + n));
            pos += n;
        }
        return Response.Reply.of("OK");
    }

    private String readRegister(String arg) {
        int n = (int) Hex.number(arg);
        if (n >= registers.count()) return E_BAD;
        return registers.read(target, n);
    }

    private Response writeRegister(String arg) {
        int eq = arg.indexOf('=');
        int n = (int) Hex.number(arg.substring(0, eq));
        if (n >= registers.count()) return Response.Reply.of(E_BAD);
        registers.write(target, n, arg.substring(eq + 1));
        return Response.Reply.of("OK");
    }

    // ---- memory ---------------------------------------------------------------------------------------

    private record Range(long address, int length) {}

    private static Range range(String s) {
        int comma = s.indexOf(',');
        if (comma < 0) throw new BadPacketException("expected addr,length");
        long address = Hex.number(s.substring(0, comma));
        long length = Hex.number(s.substring(comma + 1));
        if (address > 0xFFFF_FFFFL || length > PACKET_SIZE || address + length > 1L << 32) throw new BadPacketException("range");
        return new Range(address, (int) length);
    }

    private Response readMemory(String arg) {
        Range r = range(arg);
        int length = Math.min(r.length(), PACKET_SIZE / 2 - 8);
        try {
            return Response.Reply.of(Hex.bytes(target.readMemory(r.address(), length)));
        } catch (TargetMemoryException e) {
            // External flash reads fail on the bus while its controller is not in memory-mapped
            // mode (after reset, say); the flash driver reads it through the controller instead.
            FlashDriver d = flasher.driverAt(r.address());
            if (d == null || r.address() + length > d.region().end()) throw e;
            try {
                return Response.Reply.of(Hex.bytes(d.read(r.address(), length)));
            } catch (FlashException | TargetMemoryException f) {
                throw e;
            }
        }
    }

    private Response writeMemory(String arg, boolean binary) {
        int colon = arg.indexOf(':');
        if (colon < 0) throw new BadPacketException("expected addr,length:data");
        Range r = range(arg.substring(0, colon));
        String data = arg.substring(colon + 1);
        byte[] bytes = binary ? latin1(data) : Hex.parseBytes(data);
        if (bytes.length != r.length()) return Response.Reply.of(E_BAD);
        if (bytes.length == 0) return Response.Reply.of("OK");
        if (!target.memoryMap().covers(r.address(), r.length()) && !isDeviceSpace(r.address())) return Response.Reply.of(E_MEMORY);
        for (MemoryMap.Region f : target.memoryMap().flashRegions()) {
            if (r.address() < f.end() && r.address() + r.length() > f.base()) return Response.Reply.of(E_FLASH);
        }
        target.writeMemory(r.address(), bytes);
        return Response.Reply.of("OK");
    }

    /** Peripheral and system space (0x4000_0000 up, outside the memory map): writes go to the bus, which answers. */
    private boolean isDeviceSpace(long address) {
        return address >= 0x4000_0000L && target.memoryMap().regionAt(address).isEmpty();
    }

    private static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) s.charAt(i);
        return b;
    }

    // ---- run control ----------------------------------------------------------------------------------

    private static String afterSignal(String arg) {
        int semi = arg.indexOf(';');
        Hex.number(semi < 0 ? arg : arg.substring(0, semi));
        return semi < 0 ? "" : arg.substring(semi + 1);
    }

    private Response resumeAt(String address, boolean step) {
        if (!address.isEmpty()) target.writeRegister(io.xipkit.tools.target.CoreRegister.PC, (int) Hex.number(address));
        return new Response.Resume(step);
    }

    private Response vCont(String p) {
        String action = p.substring("vCont;".length());
        int colon = action.indexOf(':');
        String first = (colon < 0 ? action : action.substring(0, colon)).split(";")[0];
        if (first.isEmpty()) throw new BadPacketException("vCont without action");
        return switch (first.charAt(0)) {
            case 'c', 'C' -> new Response.Resume(false);
            case 's', 'S' -> new Response.Resume(true);
            case 't' -> {
                target.halt();
                lastStop = new StopEvent.HaltRequested();
                yield Response.Reply.of(stopReply(lastStop));
            }
            default -> Response.Reply.of(E_BAD);
        };
    }

    // ---- breakpoints and watchpoints ------------------------------------------------------------------

    private Response breakpoint(String arg, boolean insert) {
        String[] f = arg.split("[,;]");
        if (f.length < 3) throw new BadPacketException("expected type,addr,kind");
        int type = (int) Hex.number(f[0]);
        long address = Hex.number(f[1]);
        int kind = (int) Hex.number(f[2]);
        if (address > 0xFFFF_FFFFL) return Response.Reply.of(E_BAD);
        boolean ok;
        switch (type) {
            case 0 -> ok = softwareBreakpoint(address, insert);
            case 1 -> ok = insert ? target.setHardwareBreakpoint(address) : target.clearHardwareBreakpoint(address);
            case 2, 3, 4 -> {
                StopEvent.WatchKind k = type == 2 ? StopEvent.WatchKind.WRITE : type == 3 ? StopEvent.WatchKind.READ : StopEvent.WatchKind.ACCESS;
                ok = insert ? target.setWatchpoint(address, kind, k) : target.clearWatchpoint(address, kind, k);
            }
            default -> {
                return Response.Reply.of("");
            }
        }
        return Response.Reply.of(ok || !insert ? "OK" : E_HARDWARE);
    }

    /**
     * Z0: a BKPT instruction written into RAM; in flash or ROM (where a write cannot put one) the
     * breakpoint becomes an FPB comparator, as on hardware.
     */
    private boolean softwareBreakpoint(long address, boolean insert) {
        boolean ram = target.memoryMap().regionAt(address).map(r -> r.kind() == MemoryMap.Kind.RAM).orElse(false);
        if (!ram) return insert ? target.setHardwareBreakpoint(address) : target.clearHardwareBreakpoint(address);
        if (insert) {
            if (softwareBreakpoints.containsKey(address)) return true;
            softwareBreakpoints.put(address, target.readMemory(address, 2));
            target.writeMemory(address, new byte[] {0x00, (byte) 0xBE});   // BKPT #0 (A7.7.17: 0xBE00)
        } else {
            byte[] old = softwareBreakpoints.remove(address);
            if (old != null) target.writeMemory(address, old);
        }
        return true;
    }

    void removeAllBreakpoints() {
        for (Map.Entry<Long, byte[]> e : softwareBreakpoints.entrySet()) target.writeMemory(e.getKey(), e.getValue());
        softwareBreakpoints.clear();
    }

    // ---- qXfer ----------------------------------------------------------------------------------------

    private static Response xfer(String document, String offsetLength) {
        Range r = rangeUnbounded(offsetLength);
        if (r.address() >= document.length()) return Response.Reply.of("l");
        int end = (int) Math.min(document.length(), r.address() + r.length());
        return Response.Reply.of((end == document.length() ? "l" : "m") + document.substring((int) r.address(), end));
    }

    private static Range rangeUnbounded(String s) {
        int comma = s.indexOf(',');
        if (comma < 0) throw new BadPacketException("expected offset,length");
        long offset = Hex.number(s.substring(0, comma));
        long length = Math.min(Hex.number(s.substring(comma + 1)), PACKET_SIZE - 16);
        if (offset > Integer.MAX_VALUE) throw new BadPacketException("offset");
        return new Range(offset, (int) length);
    }

    // ---- flash ----------------------------------------------------------------------------------------

    private Response flashErase(String p) {
        Range r = rangeUnboundedAddress(p.substring("vFlashErase:".length()));
        // Erasing is deferred to vFlashDone, where only blocks whose content changes are erased
        // (pyOCD's choice); the range must still be flash.
        for (long a = r.address(); a < r.address() + r.length(); ) {
            FlashDriver d = flasher.driverAt(a);
            if (d == null) return Response.Reply.of(E_FLASH);
            a = d.region().end();
        }
        return Response.Reply.of("OK");
    }

    private static Range rangeUnboundedAddress(String s) {
        int comma = s.indexOf(',');
        if (comma < 0) throw new BadPacketException("expected addr,length");
        long address = Hex.number(s.substring(0, comma));
        long length = Hex.number(s.substring(comma + 1));
        if (address > 0xFFFF_FFFFL || length > 1L << 32 || address + length > 1L << 32) throw new BadPacketException("range");
        return new Range(address, (int) Math.min(length, Integer.MAX_VALUE));
    }

    private Response flashWrite(String p) {
        String rest = p.substring("vFlashWrite:".length());
        int colon = rest.indexOf(':');
        if (colon < 0) throw new BadPacketException("expected addr:data");
        long address = Hex.number(rest.substring(0, colon));
        byte[] data = latin1(rest.substring(colon + 1));
        if (address + data.length > 1L << 32) return Response.Reply.of(E_FLASH);
        try {
            flasher.stage(address, data);
        } catch (FlashException e) {
            // A refused write drops the whole load: nothing of it reaches the flash or the state files.
            flasher.discard();
            host.log("xipkit: load refused: " + e.getMessage());
            return Response.Reply.of(E_FLASH);
        }
        return Response.Reply.of("OK");
    }

    private Response flashDone() {
        if (!flasher.hasStaged()) return Response.Reply.of("OK");
        try {
            lastLoad = flasher.commit();
        } catch (FlashException | TargetMemoryException e) {
            host.log("xipkit: flash programming failed: " + e.getMessage());
            return Response.Reply.of(E_FLASH);
        }
        host.log("xipkit: load: " + lastLoad.summary());
        host.saveState();
        return Response.Reply.of("OK");
    }

    // ---- monitor --------------------------------------------------------------------------------------

    private Response monitor(String p) {
        String command = new String(Hex.parseBytes(p.substring("qRcmd,".length())), java.nio.charset.StandardCharsets.UTF_8).trim();
        String[] w = command.split("\\s+");
        String out;
        boolean quit = false;
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "reset" -> {
                boolean run = w.length > 1 && w[1].equals("run");
                if (w.length > 1 && !w[1].equals("run") && !w[1].equals("halt")) {
                    out = "usage: monitor reset [halt|run]\n";
                } else if (run) {
                    removeAllBreakpoints();
                    target.resetAndRun();
                    // gdb believes the target halted; it stays halted until the next continue.
                    target.halt();
                    lastStop = new StopEvent.HaltRequested();
                    out = "reset; the core runs on continue\n";
                } else {
                    target.resetAndHalt();
                    lastStop = new StopEvent.VectorCatch("reset");
                    out = String.format("reset; halted at the reset vector, pc 0x%08x\n", target.readRegister(io.xipkit.tools.target.CoreRegister.PC));
                }
            }
            case "halt" -> {
                target.halt();
                lastStop = new StopEvent.HaltRequested();
                out = "halted\n";
            }
            case "fault" -> out = host.faultReport() + "\n";
            case "flash" -> out = flashCommand(w);
            case "chips" -> out = host.chips() + "\n";
            case "warnings" -> out = host.warnings() + "\n";
            case "state" -> out = stateCommand(w);
            case "quit" -> {
                out = "xipkit gdb server stopping\n";
                quit = true;
            }
            case "help", "" -> out = HELP;
            default -> out = "unknown monitor command '" + w[0] + "' (try: monitor help)\n";
        }
        if (quit) {
            pendingQuit = true;
        }
        List<String> packets = new ArrayList<>();
        packets.add(Hex.of(out));
        return new Response.Reply(packets);
    }

    private boolean pendingQuit;

    /** Whether a monitor quit asked the server to stop after its reply. */
    boolean quitRequested() {
        return pendingQuit;
    }

    private static final String HELP = """
            monitor reset [halt|run]   reset the board (halt at the reset vector, or run); flash keeps its content
            monitor halt               halt the core
            monitor fault              the last fault report, with symbols
            monitor flash info         flash memories, erase blocks and the last load
            monitor flash erase A L    erase the flash blocks of [A, A+L)
            monitor chips              external flash chips: part, state, model warnings
            monitor warnings           model warnings so far: count, first time, chip/peripheral, PC, message
            monitor state save         write the flash memories to the --state directory now
            monitor state save NAME    keep a copy of the flash memories in memory under NAME
            monitor state restore      load the --state directory's flash files back into the board, reset halted
            monitor state restore NAME put the flash saved as NAME back (through to --state files), reset halted
            monitor quit               stop the gdb server
            monitor help               this list
            """;

    /** {@code monitor state save [NAME]}, {@code monitor state restore [NAME]}. */
    private String stateCommand(String[] w) {
        String usage = "usage: monitor state save [NAME] | monitor state restore [NAME]\n";
        if (w.length < 2 || w.length > 3) return usage;
        String name = w.length == 3 ? w[2] : null;
        switch (w[1]) {
            case "save":
                return (name == null ? host.saveState() : host.saveState(name)) + "\n";
            case "restore":
                String done;
                try {
                    done = host.restoreState(name);
                } catch (IllegalArgumentException e) {
                    return "state not restored: " + e.getMessage() + "\n";
                }
                // The core and peripherals were running on other flash: a reset, as a power cycle.
                target.resetAndHalt();
                lastStop = new StopEvent.VectorCatch("reset");
                return done + String.format("; reset, halted at the reset vector, pc 0x%08x\n",
                        target.readRegister(io.xipkit.tools.target.CoreRegister.PC));
            default:
                return usage;
        }
    }

    private String flashCommand(String[] w) {
        if (w.length >= 2 && w[1].equals("info")) {
            StringBuilder b = new StringBuilder();
            for (FlashDriver d : flasher.drivers()) {
                MemoryMap.Region r = d.region();
                b.append(String.format("%-12s 0x%08x..0x%08x  %d KiB, erase block %d bytes, controller %s%s%n", r.name(), r.base(), r.end() - 1,
                        r.size() >> 10, r.blockSize(), r.controller(), r.bank() > 0 ? " bank " + r.bank() : ""));
            }
            b.append("last load: ").append(lastLoad == null ? "none" : lastLoad.summary()).append('\n');
            return b.toString();
        }
        if (w.length == 4 && w[1].equals("erase")) {
            long address = Long.decode(w[2]);
            long length = Long.decode(w[3]);
            FlashDriver d = flasher.driverAt(address);
            if (d == null || address + length > d.region().end() || length <= 0) return "flash erase: not inside one flash memory\n";
            MemoryMap.Region r = d.region();
            long from = r.base() + (address - r.base()) / r.blockSize() * r.blockSize();
            long to = r.base() + (address + length - r.base() + r.blockSize() - 1) / r.blockSize() * r.blockSize();
            try {
                d.erase(from, to - from);
            } catch (FlashException e) {
                return "flash erase failed: " + e.getMessage() + "\n";
            }
            host.saveState();
            return String.format("erased 0x%08x..0x%08x (%d blocks)%n", from, to - 1, (to - from) / r.blockSize());
        }
        return "usage: monitor flash info | monitor flash erase <addr> <len>\n";
    }
}
