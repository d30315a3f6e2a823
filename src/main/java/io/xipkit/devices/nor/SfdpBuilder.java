package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorPart.Command;
import io.xipkit.devices.nor.NorPart.Kind;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a part's SFDP area (JEDEC JESD216B) from its catalog entry, so that the table a driver
 * discovers and the behaviour of the model come from the same data.
 *
 * <p>Layout: SFDP header at 0, parameter headers from 8, the Basic Flash Parameter Table (BFPT,
 * ID FF00h) and, for parts with 4-byte-address instructions, the 4-Byte Address Instruction Table
 * (ID FF84h). Field positions follow JESD216B §6.4 (BFPT DWORDs 1-16) and §6.6 (4-byte table).
 * Fields the catalog does not describe (suspend latencies, byte-program times, exit delays) are
 * left at all-ones, which JESD216 reserves as "not specified" for most of them.
 */
public final class SfdpBuilder {
    private SfdpBuilder() {}

    public static byte[] build(NorPart p) {
        List<String> tail = p.sfdp() == null ? List.of() : p.sfdp().bfptTail();
        int bfptDwords = (p.sfdp() == null ? 16 : Math.min(16, p.sfdp().bfptDwords())) + tail.size();
        int minor = p.sfdp() == null ? 6 : p.sfdp().minorRevision();
        boolean fourByte = p.sfdp() != null && p.sfdp().fourByteTable();
        List<NorPart.SfdpTable> extra = p.sfdp() == null ? List.of() : p.sfdp().tables();
        int headers = 1 + extra.size() + (fourByte ? 1 : 0);
        int bfptPtr = Math.max(0x30, (8 + 8 * headers + 15) & ~15);
        int next = bfptPtr + bfptDwords * 4;
        int total = next + 8;
        for (NorPart.SfdpTable t : extra) total += 4 * t.dwords().size();
        byte[] b = new byte[Math.max(256, total)];
        Arrays.fill(b, (byte) 0xFF);
        putInt(b, 0, 0x50444653); // "SFDP"
        b[4] = (byte) minor;
        b[5] = 1;
        b[6] = (byte) (headers - 1);
        b[7] = (byte) 0xFF;
        header(b, 8, 0x00, minor, bfptDwords, bfptPtr, 0xFF);
        int[] d = bfpt(p);
        for (int i = 0; i < Math.min(16, bfptDwords); i++) putInt(b, bfptPtr + 4 * i, d[i]);
        for (int i = 0; i < tail.size(); i++) putInt(b, bfptPtr + 64 + 4 * i, (int) NorPart.Hex.parse(tail.get(i)));
        int h = 16;
        // Tables in ascending ID order after the BFPT, as JESD216 asks of the parameter headers.
        for (NorPart.SfdpTable t : extra) {
            int id = (int) NorPart.Hex.parse(t.id());
            b[h] = (byte) id;
            b[h + 1] = (byte) t.minor();
            b[h + 2] = (byte) t.major();
            b[h + 3] = (byte) t.dwords().size();
            b[h + 4] = (byte) next;
            b[h + 5] = (byte) (next >>> 8);
            b[h + 6] = (byte) (next >>> 16);
            b[h + 7] = (byte) (id >>> 8);
            for (String w : t.dwords()) {
                putInt(b, next, (int) NorPart.Hex.parse(w));
                next += 4;
            }
            h += 8;
        }
        if (fourByte) {
            header(b, h, 0x84, 0, 2, next, 0xFF);
            int[] f = fourByteTable(p);
            putInt(b, next, f[0]);
            putInt(b, next + 4, f[1]);
        }
        return b;
    }

    private static void header(byte[] b, int at, int idLsb, int minor, int dwords, int ptr, int idMsb) {
        b[at] = (byte) idLsb;
        b[at + 1] = (byte) minor;
        b[at + 2] = 1;
        b[at + 3] = (byte) dwords;
        b[at + 4] = (byte) ptr;
        b[at + 5] = (byte) (ptr >>> 8);
        b[at + 6] = (byte) (ptr >>> 16);
        b[at + 7] = (byte) idMsb;
    }

    static int[] bfpt(NorPart p) {
        int[] d = new int[16];
        Arrays.fill(d, 0xFFFFFFFF);
        Command e4k = firstErase(p, 4096, false);
        int dw1 = 0xFF8000E0; // bits 7:5 and 31:23 unused: 1s (JESD216B §6.4.2)
        dw1 |= (e4k != null ? 0b01 : 0b11);
        dw1 |= 1 << 2; // write granularity: buffer of 64 bytes or more
        dw1 |= (e4k != null ? e4k.opcode() & 0xFF : 0xFF) << 8;
        if (read(p, "1-1-2") != null) dw1 |= 1 << 16;
        int addr = switch (p.addressing()) {
            case "3" -> 0b00;
            case "3/4" -> 0b01;
            default -> 0b10;
        };
        dw1 |= addr << 17;
        if (p.commands().stream().anyMatch(c -> c.kind() == Kind.READ && c.proto().contains("D"))) dw1 |= 1 << 19;
        if (read(p, "1-2-2") != null) dw1 |= 1 << 20;
        if (read(p, "1-4-4") != null) dw1 |= 1 << 21;
        if (read(p, "1-1-4") != null) dw1 |= 1 << 22;
        d[0] = dw1;
        long bits = p.sizeBytes() * 8;
        d[1] = bits <= (1L << 31) ? (int) (bits - 1) : 0x80000000 | (63 - Long.numberOfLeadingZeros(bits));
        d[2] = readField(p, "1-4-4") | readField(p, "1-1-4") << 16;
        d[3] = readField(p, "1-1-2") | readField(p, "1-2-2") << 16;
        int dw5 = 0xFFFFFFEE;
        if (read(p, "2-2-2") != null) dw5 |= 1;
        if (read(p, "4-4-4") != null) dw5 |= 1 << 4;
        d[4] = dw5;
        d[5] = 0x0000FFFF | readField(p, "2-2-2") << 16;
        d[6] = 0x0000FFFF | readField(p, "4-4-4") << 16;
        // DWORDs 8-9: up to four erase types, ascending size (JESD216B §6.4.9).
        int[] eraseFields = new int[4];
        Arrays.fill(eraseFields, 0xFF00); // unused erase type: size 0, instruction FFh (as parts report it)
        int n = 0;
        for (NorPart.Erase e : p.erases()) {
            Command c = firstErase(p, e.size(), true);
            if (c == null || n == 4) continue;
            eraseFields[n++] = (Long.numberOfTrailingZeros(e.size())) | (c.opcode() & 0xFF) << 8;
        }
        d[7] = eraseFields[0] | eraseFields[1] << 16;
        d[8] = eraseFields[2] | eraseFields[3] << 16;
        d[9] = eraseTimes(p);
        d[10] = programTimes(p);
        d[11] = hasKind(p, Kind.SUSPEND) ? 0x7FFFFFFF : 0xFFFFFFFF; // bit 31 = 0: suspend/resume supported
        Command sus = first(p, Kind.SUSPEND);
        Command res = first(p, Kind.RESUME);
        if (sus != null && res != null) {
            int s = sus.opcode() & 0xFF;
            int r = res.opcode() & 0xFF;
            d[12] = s << 24 | r << 16 | s << 8 | r;
        }
        int dw14 = 0xFFFFFFFF;
        Command dpd = first(p, Kind.DEEP_POWER_DOWN);
        Command rdp = first(p, Kind.RELEASE_POWER_DOWN);
        if (dpd != null && rdp != null) {
            dw14 = (dw14 & ~(1 << 31)) & ~(0xFF << 23) & ~(0xFF << 15);
            dw14 |= (dpd.opcode() & 0xFF) << 23 | (rdp.opcode() & 0xFF) << 15;
        }
        NorPart.Timing exitDpd = p.timings().get("releasePowerDown");
        if (dpd != null && rdp != null && exitDpd != null) {
            // Exit delay, bits 14:8: 5-bit count + 2-bit unit (128 ns, 1 µs, 8 µs, 64 µs).
            // A maximum delay: rounded up to the unit, as the parts encode it (MX25R6435F: 35 µs -> 40 µs).
            dw14 = (dw14 & ~(0x7F << 8)) | encodeTimeCeil(exitDpd.maxUs(), new double[] {0.128, 1, 8, 64}) << 8;
        }
        dw14 &= ~0xFC;
        dw14 |= 0xF << 4; // reserved
        dw14 |= p.fields().containsKey("READY") ? 0b10 << 2 : 0b01 << 2; // 70h bit 7 polling vs 05h bit 0
        dw14 |= 0b11;
        d[13] = dw14;
        // Bits 31:24 reserved (1s); bit 23 = 0: HOLD/RESET disable not supported (W25Q128JV dump K1, MX25R6435F Z1).
        int dw15 = 0xFF000000;
        int qer = p.sfdp() != null && p.sfdp().qeRequirement() != null ? Integer.parseInt(p.sfdp().qeRequirement()) : 0;
        dw15 = (dw15 & ~(0b111 << 20)) | (qer & 0b111) << 20;
        dw15 |= 0xF << 16; // 0-4-4 entry/exit methods: not described in the catalog
        dw15 |= 0x3F << 10;
        if (p.xip() != null && read(p, "1-4-4") != null) dw15 |= 1 << 9;
        Command qpi = first(p, Kind.ENTER_QPI);
        if (qpi != null) {
            int op = qpi.opcode() & 0xFF;
            dw15 |= (op == 0x38 ? (qpi.qe() ? 0b00001 : 0b00010) : op == 0x35 ? 0b00100 : 0) << 4;
            Command x = first(p, Kind.EXIT_QPI);
            if (x != null) dw15 |= ((x.opcode() & 0xFF) == 0xFF ? 0b0001 : (x.opcode() & 0xFF) == 0xF5 ? 0b0010 : 0);
        }
        d[14] = dw15;
        int dw16 = 0x80;
        Command e4 = first(p, Kind.ENTER_4B);
        if (e4 != null) dw16 |= (e4.wel() ? 0b10 : 0b01) << 24;
        if (p.commands().stream().anyMatch(c -> "4".equals(c.addr()))) dw16 |= 1 << 29;
        if (p.addressing().equals("4")) dw16 |= 1 << 30;
        Command x4 = first(p, Kind.EXIT_4B);
        if (x4 != null) dw16 |= (x4.wel() ? 0b10 : 0b01) << 14;
        if (hasKind(p, Kind.RESET)) dw16 |= 0b010000 << 8; // 66h + 99h
        d[15] = dw16;
        if (p.sfdp() != null) {
            for (NorPart.BfptOverride o : p.sfdp().bfptOverrides()) {
                int i = o.dword() - 1;
                d[i] = (d[i] & ~o.maskBits()) | (o.valueBits() & o.maskBits());
            }
        }
        return d;
    }

    /** The BFPT derived from the catalog entry alone, without the part's reported overrides. */
    static int[] derivedBfpt(NorPart p) {
        if (p.sfdp() == null || p.sfdp().bfptOverrides().isEmpty()) return bfpt(p);
        NorPart.Sfdp s = p.sfdp();
        NorPart bare = new NorPart(p.part(), p.vendor(), p.datasheet(), p.description(), p.jedecId(), p.sizeBytes(),
                p.pageSize(), p.addressing(), p.powerUp4Byte(), p.erases(), p.timings(), p.endurance(), p.registers(),
                p.fields(), p.commands(), p.busyAccepted(), p.protection(), p.xip(),
                new NorPart.Sfdp(s.minorRevision(), s.bfptDwords(), s.fourByteTable(), s.qeRequirement(), s.source(),
                        s.bfptTail(), s.tables(), null),
                p.twin(), p.notes(), p.powerUp(), p.protocolForms(), p.wrap(), p.clockLimits());
        return bfpt(bare);
    }

    private static int eraseTimes(NorPart p) {
        int v = 0;
        double maxRatio = 1;
        int slot = 0;
        for (NorPart.Erase e : p.erases()) {
            if (slot == 4) break;
            NorPart.Timing t = p.timing(e.timing());
            maxRatio = Math.max(maxRatio, t.maxUs() / t.typUs());
            int enc = encodeTime(t.typUs() / 1000.0, new double[] {1, 16, 128, 1000});
            int shift = 4 + slot * 7;
            v |= enc << shift;
            slot++;
        }
        int m = (int) Math.min(15, Math.max(0, Math.ceil(maxRatio / 2) - 1));
        return v | m;
    }

    private static int programTimes(NorPart p) {
        NorPart.Timing pp = p.timing("pageProgram");
        int m = (int) Math.min(15, Math.max(0, Math.ceil(pp.maxUs() / pp.typUs() / 2) - 1));
        int v = m | (Integer.numberOfTrailingZeros(p.pageSize()) << 4);
        v |= encodeTime(pp.typUs(), new double[] {8, 64}) << 8;
        NorPart.Timing first = p.timings().get("byteProgramFirst");
        NorPart.Timing next = p.timings().get("byteProgramNext");
        if (first != null && next != null) {
            // Bits 17:14 + 18 first byte, 22:19 + 23 each additional byte: (count + 1) x 1 or 8 µs,
            // rounded up as parts do (W25Q128JV: tBP1 30 µs reads back as 32, tBP2 2.5 µs as 3; K1).
            v |= encodeByteTime(first.typUs()) << 14 | encodeByteTime(next.typUs()) << 19;
        } else {
            v |= 0x3FF << 14; // byte program times: not described
        }
        NorPart.Timing ce = p.timings().get("chipErase");
        if (ce != null) v |= encodeTime(ce.typUs() / 1000.0, new double[] {16, 256, 4000, 64000}) << 24;
        else v |= 0x7F << 24;
        return v | 1 << 31;
    }

    /** JESD216 byte-program time: 4-bit count then a unit bit (1 µs / 8 µs), value = (count + 1) x unit, rounded up. */
    private static int encodeByteTime(double us) {
        int[] units = {1, 8};
        for (int u = 0; u < units.length; u++) {
            long n = (long) Math.ceil(us / units[u] - 1e-9);
            if (n >= 1 && n <= 16) return (int) (n - 1) | u << 4;
        }
        return 15 | 1 << 4;
    }

    /** JESD216 time encoding: 5-bit count (value = (count+1) * unit) followed by the unit index. */
    private static int encodeTime(double value, double[] units) {
        for (int u = 0; u < units.length; u++) {
            long count = Math.round(value / units[u]) - 1;
            if (count <= 31) return (int) Math.max(0, count) | u << 5;
        }
        return 31 | (units.length - 1) << 5;
    }

    private static int encodeTimeCeil(double value, double[] units) {
        // An exact encoding in the finest unit that holds it (W25Q128JV: 3 µs as 3 x 1 µs, K1), else rounded up.
        for (int u = 0; u < units.length; u++) {
            double n = value / units[u];
            if (Math.abs(n - Math.rint(n)) < 1e-9 && Math.rint(n) >= 1 && Math.rint(n) <= 32) return (int) Math.rint(n) - 1 | u << 5;
        }
        for (int u = 0; u < units.length; u++) {
            long count = (long) Math.ceil(value / units[u] - 1e-9) - 1;
            if (count <= 31) return (int) Math.max(0, count) | u << 5;
        }
        return 31 | (units.length - 1) << 5;
    }

    static int[] fourByteTable(NorPart p) {
        int support = 0xFFFFFFFF;
        String[] ops = {"13", "0C", "3C", "BC", "6C", "EC", "12", "34", "3E"};
        int bits = 0;
        for (int i = 0; i < ops.length; i++) {
            final String op = ops[i];
            if (p.commands().stream().anyMatch(c -> c.op().equalsIgnoreCase(op) && "4".equals(c.addr()))) bits |= 1 << i;
        }
        int erases = 0;
        int slot = 0;
        for (NorPart.Erase e : p.erases()) {
            if (slot == 4) break;
            Command c4 = p.commands().stream().filter(c -> c.kind() == Kind.ERASE && c.eraseSize() == e.size()
                    && "4".equals(c.addr())).findFirst().orElse(null);
            if (c4 != null) {
                bits |= 1 << (9 + slot);
                erases |= (c4.opcode() & 0xFF) << (8 * slot);
            } else {
                erases |= 0xFF << (8 * slot);
            }
            slot++;
        }
        for (; slot < 4; slot++) erases |= 0xFF << (8 * slot);
        String[] dtr = {"0E", "BE", "EE"};
        for (int i = 0; i < dtr.length; i++) {
            final String op = dtr[i];
            if (p.commands().stream().anyMatch(c -> c.op().equalsIgnoreCase(op) && "4".equals(c.addr()))) bits |= 1 << (13 + i);
        }
        // JESD216B §6.6.2: 1 = supported; unused high bits stay 0 (reserved bits 31:20 read 1).
        support = bits | 0xFFF00000;
        return new int[] {support, erases};
    }

    private static int readField(NorPart p, String proto) {
        Command c = read(p, proto);
        if (c == null) return 0xFF00; // not supported: no clocks, instruction FFh (as parts report it)
        return (c.dummy() & 0x1F) | (c.modeClocks() & 0x7) << 5 | (c.opcode() & 0xFF) << 8;
    }

    /** The 3-byte (or address-mode following) read command of a protocol. */
    static Command read(NorPart p, String proto) {
        for (Command c : p.commands()) {
            if (c.kind() == Kind.READ && c.proto().equals(proto) && !"4".equals(c.addr())) return c;
        }
        for (Command c : p.commands()) {
            if (c.kind() == Kind.READ && c.proto().equals(proto)) return c;
        }
        return null;
    }

    private static Command firstErase(NorPart p, long size, boolean any) {
        for (Command c : p.commands()) {
            if (c.kind() == Kind.ERASE && c.eraseSize() == size && !"4".equals(c.addr())) return c;
        }
        if (any) {
            for (Command c : p.commands()) if (c.kind() == Kind.ERASE && c.eraseSize() == size) return c;
        }
        return null;
    }

    private static Command first(NorPart p, Kind k) {
        for (Command c : p.commands()) if (c.kind() == k && c.opcodeBytes() == 1) return c;
        return null;
    }

    private static boolean hasKind(NorPart p, Kind k) {
        return first(p, k) != null;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
