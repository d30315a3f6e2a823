package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorChip.Protocol;
import io.xipkit.devices.nor.NorPart.Command;
import io.xipkit.devices.nor.NorPart.Kind;
import io.xipkit.peripherals.xspi.PhaseFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The part's instruction decoder: which command an opcode is in each protocol (a command belongs
 * to the protocol its instruction phase is sent in), and which opcodes the part still accepts
 * while busy.
 *
 * <p>Parts with a DTR protocol bit (field {@code DTR_N}, 0 = on: Micron MT25Q EVCR/NVCR bit 5)
 * also have a second table, the commands as the part takes them while that protocol is on: the
 * instruction still at single rate, address and data on both clock edges. Sources: MT25Q
 * datasheet, Signal Descriptions, pin C: command input latched on the rising edge; "in DTR
 * commands or protocol" address and data inputs latched on both edges and data output on both
 * edges (read via the translation at blog.csdn.net/weixin_43692144/article/details/116519863);
 * Features: "Supported protocols in both STR and DTR: extended I/O, dual I/O, quad I/O". A DTR
 * command of the entry keeps its own form; every STR command gets its address and data phases at
 * double rate with its other properties (dummy clocks included: what the STR reads' default dummy
 * count becomes in the DTR protocol was not found, so it is kept, unverified).
 */
final class NorCommandSet {
    private final Map<Integer, NorCommand> commands = new HashMap<>();
    private final Map<Integer, NorCommand> dtrProtocol; // null: the part has no DTR protocol bit
    private final Set<Integer> busyAccepted = new HashSet<>();

    NorCommandSet(NorPart part, NorRegisters registers) {
        for (Command c : part.commands()) {
            NorCommand cc = new NorCommand(c, registers);
            int key = key(protocolOf(cc.inst), cc.opcode);
            if (commands.put(key, cc) != null) {
                throw new IllegalArgumentException(part.part() + ": opcode " + c.op() + " defined twice for " + protocolOf(cc.inst));
            }
        }
        for (String b : part.busyAccepted()) busyAccepted.add((int) NorPart.Hex.parse(b));
        for (NorPart.Wrap w : part.wrap()) compileWrap(part, registers, w);
        dtrProtocol = registers.dtrN == null ? null : dtrProtocolForms(part, registers);
    }

    /** The command {@code opcode} (2 bytes in octal protocols) means in {@code protocol}, or null. */
    NorCommand lookup(Protocol protocol, int opcode) {
        return commands.get(key(protocol, opcode));
    }

    /** As {@link #lookup(Protocol, int)}, in the DTR protocol when {@code dtr} and the part has one. */
    NorCommand lookup(Protocol protocol, boolean dtr, int opcode) {
        return (dtr && dtrProtocol != null ? dtrProtocol : commands).get(key(protocol, opcode));
    }

    /** The commands in the DTR protocol: DTR ones as they are, STR ones with address and data at double rate. */
    private Map<Integer, NorCommand> dtrProtocolForms(NorPart part, NorRegisters registers) {
        Map<Integer, NorCommand> m = new HashMap<>();
        for (NorCommand c : commands.values()) {
            if (c.opcodeBytes != 1 || c.inst.dtr()) continue;
            boolean dtr = (c.addr != null && c.addr.dtr()) || (c.data != null && c.data.dtr());
            if (dtr) m.put(key(protocolOf(c.inst), c.opcode), c);
        }
        for (NorCommand c : commands.values()) {
            if (c.opcodeBytes != 1 || c.inst.dtr()) continue;
            int k = key(protocolOf(c.inst), c.opcode);
            if (m.containsKey(k)) continue;
            Command s = c.spec;
            String proto = c.inst.lines() + "-" + doubleRate(c.addr) + "-" + doubleRate(c.data);
            m.put(k, new NorCommand(new Command(s.op(), s.name(), s.kind(), proto, s.addr(), s.modeClocks(), s.dummy(),
                    s.dummyField(), s.qe(), s.wel(), s.eraseSize(), s.reg(), s.regs(), s.idBytes(), s.dummyCodes(),
                    s.noWriteEnable(), s.nonVolatileWithoutWriteEnable()), registers));
        }
        return m;
    }

    private static String doubleRate(PhaseFormat p) {
        return p == null ? "0" : p.lines() + "D";
    }

    /** Whether the part accepts the instruction (its first opcode byte) during a program/erase. */
    boolean acceptedWhileBusy(int plainOpcode) {
        return busyAccepted.contains(plainOpcode);
    }

    /** The instruction phase format and opcode length the part decodes in {@code protocol}. */
    static PhaseFormat instructionFormat(Protocol protocol) {
        return switch (protocol) {
            case SPI -> PhaseFormat.S1;
            case QPI -> PhaseFormat.S4;
            case OPI -> PhaseFormat.S8;
            case DOPI -> PhaseFormat.D8;
            case DPI -> PhaseFormat.S2;
        };
    }

    static int opcodeBytes(Protocol protocol) {
        return (protocol == Protocol.OPI || protocol == Protocol.DOPI) ? 2 : 1;
    }

    static Protocol protocolOf(PhaseFormat inst) {
        return switch (inst.lines()) {
            case 1 -> Protocol.SPI;
            case 2 -> Protocol.DPI;
            case 4 -> Protocol.QPI;
            case 8 -> inst.dtr() ? Protocol.DOPI : Protocol.OPI;
            default -> throw new IllegalArgumentException("no protocol mode with " + inst.lines() + "-line instructions");
        };
    }

    private static int key(Protocol p, int opcode) {
        return p.ordinal() << 16 | (opcode & 0xFFFF);
    }

    /** Attaches a wrap rule to the reads it names, checking the entry's fields and lengths. */
    private void compileWrap(NorPart part, NorRegisters registers, NorPart.Wrap w) {
        RegisterField enable = w.enableField() == null ? null : registers.field(w.enableField());
        if (w.enableField() != null && enable == null) {
            throw new IllegalArgumentException(part.part() + ": wrap enable field " + w.enableField() + " is not defined");
        }
        RegisterField length = w.lengthField() == null ? null : registers.field(w.lengthField());
        if (length == null) {
            throw new IllegalArgumentException(part.part() + ": wrap length field " + w.lengthField() + " is not defined");
        }
        int[] lengths = w.lengths().stream().mapToInt(Integer::intValue).toArray();
        if (lengths.length == 0) throw new IllegalArgumentException(part.part() + ": wrap rule without lengths");
        for (int l : lengths) {
            if (l <= 0 || Integer.bitCount(l) != 1 || l > part.sizeBytes()) {
                throw new IllegalArgumentException(part.part() + ": wrap length " + l + " is not a power of two within the array");
            }
        }
        NorCommand.WrapRule rule = new NorCommand.WrapRule(enable, w.enabledValue(), length, lengths);
        for (String r : w.reads()) {
            String[] p = r.trim().split("\\s+");
            NorCommand hit = null;
            if (p.length == 2) {
                for (NorCommand c : commands.values()) {
                    if (c.kind == Kind.READ && c.opcode == (int) NorPart.Hex.parse(p[0]) && c.spec.proto().equals(p[1])) hit = c;
                }
            }
            if (hit == null) throw new IllegalArgumentException(part.part() + ": wrap read '" + r + "' names no read command (expected \"opcode proto\")");
            hit.setWrap(rule);
        }
    }
}
