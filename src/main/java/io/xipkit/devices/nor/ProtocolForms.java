package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorPart.Command;
import io.xipkit.devices.nor.NorPart.ProtocolForm;
import io.xipkit.peripherals.xspi.PhaseFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives the commands of a part's multi-line protocols from its single-line command set. Some
 * parts (Micron's dual and quad I/O protocols) take every instruction with the same opcode on 2 or 4
 * lines, and then address and data travel on those lines too; listing each such form by hand is
 * error-prone, so a catalog entry declares the protocol ({@link ProtocolForm}) and its exceptions
 * instead. For each single-line STR command with a 1-byte opcode whose address and data phases use
 * at most {@code lines} lines, the derived command has instruction, address and data on
 * {@code lines} lines (absent phases stay absent: 1-0-0 becomes 2-0-0, 1-1-0 becomes 4-4-0, 1-1-4
 * gives no dual form) and keeps everything else (dummy and mode clocks, dummy field, kind,
 * registers). DTR commands give a derived form only when the protocol form says {@code dtr}: then
 * a command whose instruction goes on one line at single rate and whose address/data go at double
 * rate keeps that split (1-4D-4D becomes 4-4D-4D, 1-1D-1D becomes 2-2D-2D or 4-4D-4D): the
 * instruction stays single rate, as the Micron quad/dual protocols and every QUADSPI send it. An
 * explicit command of the entry with the same opcode and rate in that protocol wins, so entries
 * list only the forms that differ (other dummy clocks).
 */
public final class ProtocolForms {
    private ProtocolForms() {}

    /**
     * The entry with the derived commands appended after its own (so lookups that take the first
     * command of a protocol, such as the SFDP builder's, still see the explicit ones first).
     * Applying it twice changes nothing: derived commands count as explicit the second time.
     */
    public static NorPart apply(NorPart p) {
        if (p.protocolForms().isEmpty()) return p;
        List<Command> all = new ArrayList<>(p.commands());
        for (ProtocolForm f : p.protocolForms()) all.addAll(derive(p.part(), p.commands(), f));
        return new NorPart(p.part(), p.vendor(), p.datasheet(), p.description(), p.jedecId(), p.sizeBytes(),
                p.pageSize(), p.addressing(), p.powerUp4Byte(), p.erases(), p.timings(), p.endurance(), p.registers(),
                p.fields(), all, p.busyAccepted(), p.protection(), p.xip(), p.sfdp(), p.twin(), p.notes(), p.powerUp(),
                p.protocolForms(), p.wrap(), p.clockLimits());
    }

    /** The commands {@code form} adds to {@code commands} (which it does not modify). */
    public static List<Command> derive(String part, List<Command> commands, ProtocolForm form) {
        int n = form.lines();
        Set<Integer> singleLine = new HashSet<>();
        Set<Integer> explicit = new HashSet<>();
        Set<Integer> explicitDtr = new HashSet<>();
        for (Command c : commands) {
            PhaseFormat[] f = c.formats();
            if (c.opcodeBytes() != 1 || f[0].dtr()) continue;
            boolean dtr = anyDtr(f);
            if (dtr && !form.dtr()) continue;
            if (f[0].lines() == 1) singleLine.add(c.opcode());
            if (f[0].lines() == n) (dtr ? explicitDtr : explicit).add(c.opcode());
        }
        Set<Integer> except = new HashSet<>();
        for (String e : form.except()) {
            int op = opcode(part, n, e);
            if (!singleLine.contains(op)) {
                throw new IllegalArgumentException(String.format(
                        "%s: protocol form with %d lines excepts %02Xh, which is no single-line command of the entry", part, n, op));
            }
            except.add(op);
        }
        List<Command> derived = new ArrayList<>();
        for (Command c : commands) {
            PhaseFormat[] f = c.formats();
            if (c.opcodeBytes() != 1 || f[0].dtr() || f[0].lines() != 1) continue;
            boolean dtr = anyDtr(f);
            if (dtr && !form.dtr()) continue;
            if (except.contains(c.opcode()) || (dtr ? explicitDtr : explicit).contains(c.opcode())) continue;
            if (lines(f[1]) > n || lines(f[2]) > n) continue;
            String proto = n + "-" + phase(f[1], n) + "-" + phase(f[2], n);
            derived.add(new Command(c.op(), c.name(), c.kind(), proto, c.addr(), c.modeClocks(), c.dummy(),
                    c.dummyField(), c.qe(), c.wel(), c.eraseSize(), c.reg(), c.regs(), c.idBytes(), c.dummyCodes(),
                    c.noWriteEnable(), c.nonVolatileWithoutWriteEnable()));
        }
        return derived;
    }

    private static int opcode(String part, int lines, String hex) {
        try {
            long v = NorPart.Hex.parse(hex);
            if (v > 0xFF) throw new NumberFormatException();
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(part + ": protocol form with " + lines + " lines: except '" + hex
                    + "' is not a 1-byte hex opcode");
        }
    }

    /** A present phase moved onto {@code n} lines at its own rate; an absent one stays absent. */
    private static String phase(PhaseFormat p, int n) {
        if (p == null) return "0";
        return p.dtr() ? n + "D" : String.valueOf(n);
    }

    private static boolean anyDtr(PhaseFormat[] f) {
        for (PhaseFormat p : f) if (p != null && p.dtr()) return true;
        return false;
    }

    private static int lines(PhaseFormat p) {
        return p == null ? 0 : p.lines();
    }
}
