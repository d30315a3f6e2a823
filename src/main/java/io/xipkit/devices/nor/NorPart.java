package io.xipkit.devices.nor;

import io.xipkit.peripherals.xspi.PhaseFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One catalog entry: everything the model knows about a part, written from its datasheet into a
 * YAML resource. Adding a part means adding such an entry; {@link NorChip} interprets it.
 * Numbers in the YAML that are opcodes, ids or register values are hex strings ("EB", "EF 40 18").
 */
public record NorPart(
        String part,
        String vendor,
        String datasheet,
        String description,
        String jedecId,
        long sizeBytes,
        int pageSize,
        /** "3" (3-byte only), "4" (4-byte only), "3/4" (3-byte default, switchable). */
        String addressing,
        /** Field named ADS-default: if true the part powers up in 4-byte mode. */
        boolean powerUp4Byte,
        List<Erase> erases,
        Map<String, Timing> timings,
        long endurance,
        List<Register> registers,
        /** Named register bit fields the model acts on: "SR1.0", "SR1.2-4". */
        Map<String, String> fields,
        List<Command> commands,
        /** Opcodes (hex) the part still accepts while busy; all others are ignored. */
        List<String> busyAccepted,
        Protection protection,
        Xip xip,
        Sfdp sfdp,
        /** Multi-die package made of identical dies (e.g. twin-quad), or null. */
        Twin twin,
        List<String> notes,
        /**
         * Volatile register fields loaded from non-volatile ones at power-up and reset (Micron:
         * the volatile configuration registers take the NVCR settings).
         */
        List<PowerUpCopy> powerUp,
        /**
         * Multi-line protocols in which every single-line command keeps its opcode and moves all its
         * phases onto that many lines (Micron dual/quad I/O protocol); {@link ProtocolForms} derives
         * those commands when the catalog is loaded.
         */
        List<ProtocolForm> protocolForms,
        /**
         * Burst reads with wrap-around: which reads wrap, and the register fields that switch wrap
         * on and choose the window length.
         */
        List<Wrap> wrap,
        /** The datasheet's maximum clock frequencies, or null when the entry states none. */
        ClockLimits clockLimits) {

    public NorPart {
        erases = erases == null ? List.of() : List.copyOf(erases);
        timings = timings == null ? Map.of() : Map.copyOf(timings);
        registers = registers == null ? List.of() : List.copyOf(registers);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        commands = commands == null ? List.of() : List.copyOf(commands);
        busyAccepted = busyAccepted == null ? List.of() : List.copyOf(busyAccepted);
        notes = notes == null ? List.of() : List.copyOf(notes);
        powerUp = powerUp == null ? List.of() : List.copyOf(powerUp);
        protocolForms = protocolForms == null ? List.of() : List.copyOf(protocolForms);
        wrap = wrap == null ? List.of() : List.copyOf(wrap);
        if (addressing == null) addressing = "3";
        if (timings.containsKey("byteProgramFirst") != timings.containsKey("byteProgramNext")) {
            throw new IllegalArgumentException(part + ": byteProgramFirst and byteProgramNext go together");
        }
    }

    /**
     * At power-up/reset field {@code to} takes the value of field {@code from}; with
     * {@code allOnes} it becomes 1 when {@code from} is all ones and 0 otherwise (Micron NVCR XIP
     * mode 111 = disabled becomes VCR XIP bit 1 = disabled).
     */
    public record PowerUpCopy(String from, String to, boolean allOnes) {}

    /**
     * A protocol whose instructions are sent on {@code lines} lines (2 = DPI, 4 = QPI) and in which the
     * part accepts its single-line STR commands with every phase on those lines, except the opcodes
     * (hex) in {@code except}. Explicit commands of that protocol in the entry take precedence.
     * With {@code dtr} the part also takes its single-line-instruction DTR commands in that
     * protocol: instruction on those lines at single rate, address and data on those lines at double
     * rate (Micron's quad protocol EDh is 4-4D-4D).
     */
    public record ProtocolForm(int lines, List<String> except, boolean dtr) {
        public ProtocolForm {
            if (lines != 2 && lines != 4) {
                throw new IllegalArgumentException("protocol form: lines must be 2 or 4, not " + lines);
            }
            except = except == null ? List.of() : List.copyOf(except);
        }

        /** A protocol form for the STR commands only. */
        public ProtocolForm(int lines, List<String> except) {
            this(lines, except, false);
        }
    }

    /**
     * A burst-with-wrap rule. While it is on, each read in {@code reads} ("opcode proto", e.g.
     * "EB 1-4-4") returns the bytes of the naturally aligned window of {@code lengths[code]} bytes
     * that holds the start address, continuing at the window start after its last byte for as long
     * as chip select stays low; {@code code} is the value of {@code lengthField}. With
     * {@code enableField} the rule is on while that field equals {@code enabledValue} (Winbond W4 = 0,
     * ISSI read register bit 2 = 1); without it the reads always wrap (the QPI Burst Read with Wrap).
     */
    public record Wrap(List<String> reads, String enableField, int enabledValue, String lengthField,
                       List<Integer> lengths) {
        public Wrap {
            reads = reads == null ? List.of() : List.copyOf(reads);
            lengths = lengths == null ? List.of() : List.copyOf(lengths);
        }
    }

    /**
     * Maximum clock frequency (MHz) of the part's commands, from its datasheet's AC characteristics:
     * {@code str} for single-rate commands, {@code dtr} for double-rate ones (0: the part has none),
     * and {@code commands}, opcode (hex) to MHz, for single-rate commands with a lower limit of
     * their own (the plain 03h READ on most parts). {@code source} names the datasheet section.
     */
    public record ClockLimits(double str, double dtr, Map<String, Double> commands, String source) {
        public ClockLimits {
            commands = commands == null ? Map.of() : Map.copyOf(commands);
        }

        /** The limit in Hz for the command with this opcode at this rate, or 0 when the datasheet gives none. */
        public long maxHz(int opcode, boolean doubleRate) {
            Double own = doubleRate ? null : commands.get(String.format("%02X", opcode));
            double mhz = own != null ? own : doubleRate ? dtr : str;
            return Math.round(mhz * 1e6);
        }
    }

    /** A block/sector erase granularity. */
    public record Erase(long size, String timing) {}

    /** Typical and maximum duration in microseconds, with the datasheet table it comes from. */
    public record Timing(double typUs, double maxUs, String source) {
        public long typPicos() {
            return Math.round(typUs * 1_000_000d);
        }

        public long maxPicos() {
            return Math.round(maxUs * 1_000_000d);
        }
    }

    /**
     * A register. {@code bytes} wide (read/written least significant byte first unless the
     * command says otherwise), reset value {@code reset}, {@code writable} mask of bits that
     * writes change, {@code volatileOnly} for registers with no non-volatile copy.
     */
    public record Register(String name, int bytes, String reset, String writable, boolean volatileOnly,
                           String address) {
        public long resetValue() {
            return Hex.parse(reset == null ? "0" : reset);
        }

        public long writableMask() {
            return Hex.parse(writable == null ? "FF" : writable);
        }

        public long addressValue() {
            return address == null ? -1 : Hex.parse(address);
        }
    }

    /** What a command does; the {@link NorChip} state machine implements each kind. */
    public enum Kind {
        READ, READ_SFDP, READ_ID, READ_REGISTER, WRITE_REGISTER, PROGRAM, ERASE, CHIP_ERASE,
        WRITE_ENABLE, VOLATILE_WRITE_ENABLE, WRITE_DISABLE, ENTER_QPI, EXIT_QPI, ENTER_4B, EXIT_4B,
        RESET_ENABLE, RESET, DEEP_POWER_DOWN, RELEASE_POWER_DOWN, SUSPEND, RESUME, MODE_RESET, CLEAR_FLAGS
    }

    /**
     * One instruction ({@code wel}: the part requires WEL before accepting it, as Micron's B7h).
     * {@code proto} is instruction-address-data in JESD216 notation with an
     * optional D for DTR ("1-4-4", "8D-8D-8D", "1-0-1" = no address, data on 1 line, "1-0-0" =
     * instruction only). {@code addr}: "3", "4" or "mode" (follows the 3/4-byte address mode).
     * {@code op} is 2 bytes ("EE11") for octal OPI commands. {@code dummyField} names a register
     * field that configures the dummy clocks: with {@code dummyCodes} the field value indexes that
     * list (Macronix CR2 300h, Winbond Set Read Parameters), without it the value is the count
     * itself and 0 or all ones keep {@code dummy} (Micron VCR). {@code noWriteEnable}: a register
     * write the part takes without WEL and without busy time (Winbond/GigaDevice C0h).
     * {@code nonVolatileWithoutWriteEnable}: a non-volatile register write the part takes without
     * WEL, still busy for the status-write time (ISSI 65h, as ufprog issues it).
     */
    public record Command(String op, String name, Kind kind, String proto, String addr, int modeClocks,
                          int dummy, String dummyField, boolean qe, boolean wel, long eraseSize, String reg,
                          List<String> regs, String idBytes, List<Integer> dummyCodes, boolean noWriteEnable,
                          boolean nonVolatileWithoutWriteEnable) {
        public int opcode() {
            return (int) Hex.parse(op);
        }

        public int opcodeBytes() {
            return op.replace(" ", "").length() > 2 ? 2 : 1;
        }

        public PhaseFormat[] formats() {
            String[] p = proto.split("-");
            if (p.length != 3) throw new IllegalArgumentException("command " + op + ": bad proto " + proto);
            PhaseFormat[] f = new PhaseFormat[3];
            for (int i = 0; i < 3; i++) f[i] = p[i].equals("0") ? null : PhaseFormat.parse(p[i]);
            return f;
        }
    }

    /** Block protection: BP/TB/SEC/CMP fields, protected size = unitBytes * 2^(BP-1). */
    public record Protection(long unitBytes, long secUnitBytes) {}

    /**
     * Continuous-read (XIP / performance-enhance) rule for mode bits: "mask" (mode & mask ==
     * value keeps the mode), "nibbles-differ" (Macronix: P7-4 != P3-0), "bit0-zero" (mode byte
     * bit 0 = 0), "dq0-first-dummy" (Micron XIP: the confirmation bit is the value on DQ0 during
     * the first dummy clock, 0 = stay in XIP; lines nobody drives read 1). {@code enableField}:
     * a field that disables the rule while non-zero (Micron VCR bit 3). {@code powerUpField}: a
     * field whose value selects, at power-up, the read the part starts in XIP with, as an index
     * into {@code powerUpOps} (opcodes, 1-line-instruction form); all ones = none.
     */
    public record Xip(String rule, String mask, String value, String enableField, String powerUpField,
                      List<String> powerUpOps) {
        public Xip(String rule, String mask, String value, String enableField) {
            this(rule, mask, value, enableField, null, null);
        }
    }

    /**
     * What the SFDP area holds beyond what is derived from the rest of the entry: BFPT DWORDs
     * after the 16th ({@code bfptTail}, hex, taken from the part's own table) and parameter tables
     * the builder cannot derive ({@code tables}, e.g. the xSPI profile FF05h), both with sources.
     */
    public record Sfdp(int minorRevision, int bfptDwords, boolean fourByteTable, String qeRequirement,
                       String source, List<String> bfptTail, List<SfdpTable> tables,
                       List<BfptOverride> bfptOverrides) {
        public Sfdp {
            bfptTail = bfptTail == null ? List.of() : List.copyOf(bfptTail);
            tables = tables == null ? List.of() : List.copyOf(tables);
            bfptOverrides = bfptOverrides == null ? List.of() : List.copyOf(bfptOverrides);
            for (BfptOverride o : bfptOverrides) {
                if (o.dword() < 1 || o.dword() > 16) {
                    throw new IllegalArgumentException("SFDP override: BFPT DWORD " + o.dword() + " is not 1..16");
                }
            }
        }

        public Sfdp(int minorRevision, int bfptDwords, boolean fourByteTable, String qeRequirement, String source) {
            this(minorRevision, bfptDwords, fourByteTable, qeRequirement, source, null, null, null);
        }

        public Sfdp(int minorRevision, int bfptDwords, boolean fourByteTable, String qeRequirement, String source,
                    List<String> bfptTail, List<SfdpTable> tables) {
            this(minorRevision, bfptDwords, fourByteTable, qeRequirement, source, bfptTail, tables, null);
        }
    }

    /**
     * Bits of a BFPT DWORD (1-16) set to what the part itself reports, where the catalog carries no
     * fact to derive them from (the part's coarse typical times, suspend intervals, reserved bits a
     * vendor sets) or where the part reports more than its datasheet documents. {@code mask}
     * selects the bits, {@code value} gives them; {@code source} names the dump.
     */
    public record BfptOverride(int dword, String mask, String value, String source) {
        public int maskBits() {
            return (int) Hex.parse(mask);
        }

        public int valueBits() {
            return (int) Hex.parse(value);
        }
    }

    /** A raw SFDP parameter table: 16-bit id ("FF05"), revision, DWORDs as hex, where they come from. */
    public record SfdpTable(String id, int major, int minor, List<String> dwords, String source) {
        public SfdpTable {
            dwords = dwords == null ? List.of() : List.copyOf(dwords);
        }
    }

    public record Twin(String die, int dies, String mode) {}

    public Timing timing(String name) {
        Timing t = timings.get(name);
        if (t == null) throw new IllegalStateException(part + ": no timing '" + name + "' in catalog entry");
        return t;
    }

    public int[] jedecIdBytes() {
        String[] p = jedecId.trim().split("\\s+");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i], 16);
        return r;
    }

    /** Erase commands indexed by size. */
    public Map<Long, List<Command>> eraseCommands() {
        Map<Long, List<Command>> m = new HashMap<>();
        for (Command c : commands) {
            if (c.kind() == Kind.ERASE) m.computeIfAbsent(c.eraseSize(), k -> new java.util.ArrayList<>()).add(c);
        }
        return m;
    }

    public long smallestErase() {
        long s = sizeBytes;
        for (Erase e : erases) s = Math.min(s, e.size());
        return s;
    }

    public boolean switchableAddressing() {
        return addressing.equals("3/4");
    }

    /** Small hex helper shared by the catalog records. */
    static final class Hex {
        private Hex() {}

        static long parse(String s) {
            String t = s.trim().replace(" ", "").replace("_", "");
            if (t.startsWith("0x") || t.startsWith("0X")) t = t.substring(2);
            return Long.parseUnsignedLong(t, 16);
        }
    }
}
