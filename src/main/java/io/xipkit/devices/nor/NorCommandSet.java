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
 */
final class NorCommandSet {
    private final Map<Integer, NorCommand> commands = new HashMap<>();
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
    }

    /** The command {@code opcode} (2 bytes in octal protocols) means in {@code protocol}, or null. */
    NorCommand lookup(Protocol protocol, int opcode) {
        return commands.get(key(protocol, opcode));
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
