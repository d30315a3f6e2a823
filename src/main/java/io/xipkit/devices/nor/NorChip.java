package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorPart.Command;
import io.xipkit.devices.nor.NorPart.Kind;
import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.peripherals.xspi.XspiTarget;
import io.xipkit.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A SPI NOR flash part driven phase by phase, behaving as its {@link NorPart} catalog entry
 * (written from the datasheet) says.
 *
 * <p>Time: the chip never schedules anything. A program, erase or register write sets a
 * busy-until instant computed from the catalog timing; every entry point first "settles" the chip
 * against {@link Clock#nowPicos()}: an operation whose end has passed is committed then. Content
 * changes are committed at the end of the operation because the part ignores reads while busy;
 * power cuts and resets in the middle compute the partial state the part could show.
 *
 * <p>Phases: the chip records the bytes and clocks it received before the data phase and
 * interprets them with its own expectation of the command (address width, mode bits, dummy
 * cycles), the way the real part clocks pins. A controller that sends 4 address bytes to a part
 * in 3-byte mode, or too few dummy cycles, sees the data shifted as on hardware. A phase on the
 * wrong number of lines garbles the command: the model ignores it and logs a warning.
 *
 * <p>Randomness (power-cut partial states, RANDOM timing, wear bit errors) comes from a generator
 * seeded at construction and owned by the chip, so every run is reproducible.
 */
public final class NorChip implements XspiTarget {
    /** Bus protocol state of the part. */
    public enum Protocol { SPI, QPI, OPI, DOPI, DPI }

    private static final int LOG_CAPACITY = 100_000;
    private static final int WARNING_CAPACITY = 10_000;

    private final NorPart part;
    private final NorStorage storage;
    private final byte[] array;
    private final int size;
    private final int sizeMask; // size is a power of two for every catalog part
    private final Clock clock;
    private final RandomGenerator rng;
    private final byte[] sfdp;

    // Compiled catalog data.
    private final Map<Integer, Cmd> commands = new HashMap<>();
    private final Set<Integer> busyAccepted = new HashSet<>();
    private final List<NorPart.Register> regSpecs;
    private final Map<String, Integer> regIndex = new HashMap<>();
    private final Map<String, Field> fields = new HashMap<>();
    private final long[] cur;
    private final long[] nv;

    // Options.
    private TimingMode timingMode = TimingMode.TYPICAL;
    private double bitErrorRate; // per bit per erase once past endurance; 0 = off

    // Volatile device state.
    private boolean powered = true;
    private Protocol protocol = Protocol.SPI;
    private boolean addr4;
    private boolean wel;
    private boolean volatileWel;
    private boolean resetEnabled;
    private boolean deepPowerDown;
    private Cmd xipCmd; // continuous-read mode: the read command implied by the next transaction
    private long busyUntil;
    private Op op;        // running program/erase/register write
    private Op suspended; // suspended program/erase
    private long generation;
    private boolean protectionError;

    // Power cut plan.
    private long cutAt = Long.MAX_VALUE;
    private long cutOpIndex = -1;
    private double cutFraction;

    // Observability.
    private final ArrayDeque<NorOperation> log = new ArrayDeque<>();
    private long opIndex;
    private final ArrayDeque<ModelWarning> warnings = new ArrayDeque<>();
    private final NorCounters counters = new NorCounters();

    // Transaction state.
    private boolean selected;
    private Cmd cmd;
    private boolean ignored;
    private boolean continuousTx;
    private final byte[] in = new byte[16];
    private int inLen;
    private int inHalfClocks;
    private long acc;
    private int accBits;
    private boolean parsed;
    private long address;
    private int mode = -1;
    private long shiftBits;
    private long streamPos;
    private boolean dataSeen;
    private final byte[] pageBuf;
    private final byte[] regBuf = new byte[8];
    private long dataLen;
    private long txStart;
    private int wrapLen; // window the current read wraps in (bytes), 0 = linear

    private static final class Cmd {
        final Command spec;
        final Kind kind;
        final int opcode;
        final int opcodeBytes;
        final PhaseFormat inst, addr, data;
        final int addrMode; // 0 none, 3, 4, -1 follows address mode
        final int modeClocks;
        final byte[] id;
        final int[] regs;
        WrapRule wrap; // set once, after all commands are known

        Cmd(Command spec, int[] regs) {
            this.spec = spec;
            this.kind = spec.kind();
            this.opcode = spec.opcode();
            this.opcodeBytes = spec.opcodeBytes();
            PhaseFormat[] f = spec.formats();
            inst = f[0];
            addr = f[1];
            data = f[2];
            String a = spec.addr();
            addrMode = a == null ? (addr == null ? 0 : 3) : a.equals("mode") ? -1 : Integer.parseInt(a);
            modeClocks = spec.modeClocks();
            if (spec.idBytes() != null) {
                String[] p = spec.idBytes().trim().split("\\s+");
                id = new byte[p.length];
                for (int i = 0; i < p.length; i++) id[i] = (byte) Integer.parseInt(p[i], 16);
            } else {
                id = null;
            }
            this.regs = regs;
        }
    }

    /** A compiled {@link NorPart.Wrap}: {@code enableField} null = always on. */
    private record WrapRule(String enableField, long enabledValue, String lengthField, int[] lengths) {}

    /** One segment of a named field: bits lo..hi of a register. */
    private record Seg(int reg, int lo, int hi) {}

    private record Field(Seg[] segs) {}

    private static final class Op {
        final long index;
        final Kind kind;
        final String name;
        final int opcode;
        final long addr;
        final long len;
        final byte[] data; // program: page image (FFh = untouched)
        long start;
        long end;
        double progressAtSuspend;
        long remaining;

        Op(long index, Kind kind, String name, int opcode, long addr, long len, byte[] data, long start, long end) {
            this.index = index;
            this.kind = kind;
            this.name = name;
            this.opcode = opcode;
            this.addr = addr;
            this.len = len;
            this.data = data;
            this.start = start;
            this.end = end;
        }
    }

    public NorChip(NorPart part, NorStorage storage, Clock clock, long seed) {
        if (storage.size() != part.sizeBytes()) {
            throw new IllegalArgumentException(part.part() + " needs " + part.sizeBytes() + " bytes of storage, got " + storage.size());
        }
        if (Long.bitCount(part.sizeBytes()) != 1) throw new IllegalArgumentException(part.part() + ": size must be a power of two");
        this.part = part;
        this.storage = storage;
        this.array = storage.array();
        this.size = array.length;
        this.sizeMask = size - 1;
        this.clock = clock;
        this.rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        this.pageBuf = new byte[part.pageSize()];
        this.regSpecs = part.registers();
        for (int i = 0; i < regSpecs.size(); i++) regIndex.put(regSpecs.get(i).name(), i);
        cur = new long[regSpecs.size()];
        nv = new long[regSpecs.size()];
        for (Map.Entry<String, String> e : part.fields().entrySet()) fields.put(e.getKey(), parseField(e.getValue()));
        for (Command c : part.commands()) {
            int[] regs;
            if (c.regs() != null) {
                regs = c.regs().stream().mapToInt(this::reg).toArray();
            } else if (c.reg() != null) {
                regs = new int[] {reg(c.reg())};
            } else {
                regs = new int[0];
            }
            Cmd cc = new Cmd(c, regs);
            int key = key(protocolOf(cc.inst), cc.opcode);
            if (commands.put(key, cc) != null) {
                throw new IllegalArgumentException(part.part() + ": opcode " + c.op() + " defined twice for " + protocolOf(cc.inst));
            }
        }
        for (String b : part.busyAccepted()) busyAccepted.add((int) NorPart.Hex.parse(b));
        for (NorPart.Wrap w : part.wrap()) compileWrap(w);
        this.sfdp = SfdpBuilder.build(part);
        loadRegisters();
        powerUpState();
    }

    /** Attaches a wrap rule to the reads it names, checking the entry's fields and lengths. */
    private void compileWrap(NorPart.Wrap w) {
        if (w.enableField() != null && !fields.containsKey(w.enableField())) {
            throw new IllegalArgumentException(part.part() + ": wrap enable field " + w.enableField() + " is not defined");
        }
        if (w.lengthField() == null || !fields.containsKey(w.lengthField())) {
            throw new IllegalArgumentException(part.part() + ": wrap length field " + w.lengthField() + " is not defined");
        }
        int[] lengths = w.lengths().stream().mapToInt(Integer::intValue).toArray();
        if (lengths.length == 0) throw new IllegalArgumentException(part.part() + ": wrap rule without lengths");
        for (int l : lengths) {
            if (l <= 0 || Integer.bitCount(l) != 1 || l > size) {
                throw new IllegalArgumentException(part.part() + ": wrap length " + l + " is not a power of two within the array");
            }
        }
        WrapRule rule = new WrapRule(w.enableField(), w.enabledValue(), w.lengthField(), lengths);
        for (String r : w.reads()) {
            String[] p = r.trim().split("\\s+");
            Cmd hit = null;
            if (p.length == 2) {
                for (Cmd c : commands.values()) {
                    if (c.kind == Kind.READ && c.opcode == (int) NorPart.Hex.parse(p[0]) && c.spec.proto().equals(p[1])) hit = c;
                }
            }
            if (hit == null) throw new IllegalArgumentException(part.part() + ": wrap read '" + r + "' names no read command (expected \"opcode proto\")");
            hit.wrap = rule;
        }
    }

    // ------------------------------------------------------------------ public API

    public NorPart part() {
        return part;
    }

    public NorStorage storage() {
        return storage;
    }

    public void setTimingMode(TimingMode mode) {
        this.timingMode = mode;
    }

    /** Past the part's endurance, each erase leaves each bit of the unit stuck at 0 with this probability. */
    public void setBitErrorRatePastEndurance(double perBit) {
        if (perBit < 0 || perBit > 1) throw new IllegalArgumentException("bit error rate must be within [0, 1]");
        this.bitErrorRate = perBit;
    }

    public byte[] sfdp() {
        return sfdp.clone();
    }

    @Override
    public long generation() {
        return generation;
    }

    public boolean isPowered() {
        settle();
        return powered;
    }

    public Protocol protocol() {
        settle();
        return protocol;
    }

    public boolean fourByteAddressing() {
        settle();
        return addr4;
    }

    public boolean continuousReadActive() {
        settle();
        return xipCmd != null;
    }

    public boolean isBusy() {
        settle();
        return clock.nowPicos() < busyUntil;
    }

    public boolean inDeepPowerDown() {
        settle();
        return deepPowerDown;
    }

    /** Virtual instant at which the current busy period ends (0 if idle). */
    public long busyUntilPicos() {
        settle();
        return clock.nowPicos() < busyUntil ? busyUntil : 0;
    }

    /** Current value of a register as the part would report it. */
    public long registerValue(String name) {
        settle();
        refreshDynamic();
        return cur[reg(name)];
    }

    public int eraseCount(long addr) {
        return storage.eraseCounts()[(int) ((addr & sizeMask) / NorStorage.WEAR_UNIT)];
    }

    public List<NorOperation> operationLog() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }

    public List<ModelWarning> warnings() {
        return Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    public NorCounters counters() {
        return counters;
    }

    /** Cuts the supply now. The chip stays off until {@link #powerOn()}. */
    public void powerCut() {
        settle();
        if (powered) cut(clock.nowPicos());
    }

    /** Arms a cut at a virtual instant; it takes effect (at that instant) on the next access. */
    public void armPowerCutAt(long picos) {
        cutAt = picos;
        cutOpIndex = -1;
    }

    /**
     * Arms a cut while the operation with log index {@code index} runs, at {@code fraction}
     * (0..1) of its duration.
     */
    public void armPowerCutDuringOperation(long index, double fraction) {
        if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("fraction must be within [0, 1]");
        cutOpIndex = index;
        cutFraction = fraction;
        cutAt = Long.MAX_VALUE;
    }

    /** Index the next logged operation will get. */
    public long nextOperationIndex() {
        return opIndex;
    }

    public void powerOn() {
        settle();
        if (powered) return;
        powered = true;
        powerUpState();
        generation++;
        logOp("POWER_ON", -1, -1, 0, clock.nowPicos(), clock.nowPicos(), "ok");
    }

    // ------------------------------------------------------------------ XspiTarget

    @Override
    public void select() {
        settle();
        resetTx();
        if (!powered) return;
        selected = true;
        counters.transactions++;
        txStart = clock.nowPicos();
        if (xipCmd != null && !deepPowerDown) {
            cmd = xipCmd;
            continuousTx = true;
        }
    }

    @Override
    public void instruction(int opcode, int bytes, PhaseFormat format) {
        settle();
        if (!selected || ignored) return;
        if (cmd != null) { // e.g. continuous-read mode: the part clocks these bits in as address
            feed(opcode, bytes, format);
            return;
        }
        decode(opcode, bytes, format);
    }

    @Override
    public void address(long value, int bytes, PhaseFormat format) {
        settle();
        if (!selected || ignored) return;
        if (cmd == null) {
            ignore("address phase without instruction");
            return;
        }
        feed(value, bytes, format);
    }

    @Override
    public void alternate(long value, int bytes, PhaseFormat format) {
        address(value, bytes, format);
    }

    @Override
    public void dummy(int cycles) {
        settle();
        if (!selected || ignored || cmd == null) return;
        inHalfClocks += 2 * cycles;
    }

    @Override
    public void read(byte[] dst, int off, int len, PhaseFormat format) {
        settle();
        if (!selected || ignored || cmd == null || !checkData(format)) {
            Arrays.fill(dst, off, off + len, (byte) 0xFF);
            return;
        }
        if (!parsed) parse();
        if (ignored) {
            Arrays.fill(dst, off, off + len, (byte) 0xFF);
            return;
        }
        dataSeen = true;
        dataLen += len;
        switch (cmd.kind) {
            case READ -> readArray(dst, off, len);
            case READ_SFDP -> readStream(sfdp, address & 0xFFFF, false, dst, off, len);
            case READ_ID, RELEASE_POWER_DOWN -> readStream(cmd.id == null ? new byte[0] : cmd.id, 0,
                    cmd.kind == Kind.RELEASE_POWER_DOWN, dst, off, len);
            case READ_REGISTER -> {
                refreshDynamic();
                int[] rs = targetRegs(cmd);
                if (rs.length == 0) {
                    Arrays.fill(dst, off, off + len, (byte) 0xFF);
                    return;
                }
                readStream(registerBytes(rs[0]), 0, true, dst, off, len);
            }
            default -> {
                warn("read phase on " + cmd.spec.name() + " (" + cmd.spec.op() + "h), which outputs nothing");
                Arrays.fill(dst, off, off + len, (byte) 0xFF);
            }
        }
    }

    @Override
    public void write(byte[] src, int off, int len, PhaseFormat format) {
        settle();
        if (!selected || ignored || cmd == null || !checkData(format)) return;
        if (!parsed) parse();
        if (ignored) return;
        dataSeen = true;
        switch (cmd.kind) {
            case PROGRAM -> {
                for (int i = 0; i < len; i++) programByte(src[off + i]);
            }
            case WRITE_REGISTER -> {
                for (int i = 0; i < len; i++) {
                    if (dataLen < regBuf.length) regBuf[(int) dataLen] = src[off + i];
                    dataLen++;
                }
            }
            default -> warn("data written to " + cmd.spec.name() + " (" + cmd.spec.op() + "h), which takes none: ignored");
        }
    }

    @Override
    public void deselect() {
        settle();
        if (!selected) return;
        selected = false;
        decideContinuousRead();
        if (cmd != null && !ignored) {
            if (!parsed) parse();
            if (!ignored) execute();
        }
        resetTx();
    }

    @Override
    public DirectRead directRead(ReadCommand rc) {
        settle();
        long now = clock.nowPicos();
        if (!powered || deepPowerDown || now < busyUntil || suspended != null || selected) return null;
        Cmd c;
        if (rc.instructionBytes() == 0) {
            if (xipCmd == null) return null;
            c = xipCmd;
        } else {
            if (xipCmd != null) return null;
            c = commands.get(key(protocol, rc.opcode()));
            if (c == null || !c.inst.equals(rc.instructionFormat()) || c.opcodeBytes != rc.instructionBytes()) return null;
        }
        if (c.kind != Kind.READ || (c.spec.qe() && !quadEnabled())) return null;
        if (wrapLength(c) != 0) return null; // a wrapping read is not a linear view of the array
        if (!c.addr.equals(rc.addressFormat()) || rc.addressBytes() != addressBytes(c) || !c.data.equals(rc.dataFormat())) return null;
        if (confirmsInFirstDummyClock(c)) {
            int altClocks = 0;
            int sample = 1;
            if (rc.alternateBytes() != 0) {
                if (!rc.alternateFormat().equals(c.addr)) return null;
                altClocks = rc.alternateBytes() * 8 / rc.alternateFormat().bitsPerClock();
                sample = (int) (rc.alternate() >>> (8 * rc.alternateBytes() - c.addr.lines())) & 1;
            }
            if (xipKeeps(sample) != (rc.instructionBytes() == 0)) return null;
            if (altClocks + rc.dummyCycles() != dummyCycles(c)) return null;
            return new DirectRead(array, 0, size, generation);
        }
        int modeBytes = modeBytes(c);
        if (modeBytes == 0) {
            if (rc.alternateBytes() != 0) return null;
        } else {
            if (rc.alternateBytes() != modeBytes || !rc.alternateFormat().equals(c.addr)) return null;
            boolean keeps = xipKeeps((int) (rc.alternate() & 0xFF));
            if (keeps != (rc.instructionBytes() == 0)) return null; // the read would change the mode
        }
        if (rc.dummyCycles() != dummyCycles(c)) return null;
        return new DirectRead(array, 0, size, generation);
    }

    // ------------------------------------------------------------------ decoding

    private void decode(int opcode, int bytes, PhaseFormat format) {
        PhaseFormat expected = switch (protocol) {
            case SPI -> PhaseFormat.S1;
            case QPI -> PhaseFormat.S4;
            case OPI -> PhaseFormat.S8;
            case DOPI -> PhaseFormat.D8;
            case DPI -> PhaseFormat.S2;
        };
        int expectedBytes = (protocol == Protocol.OPI || protocol == Protocol.DOPI) ? 2 : 1;
        if (!format.equals(expected) || bytes != expectedBytes) {
            ignore(String.format("instruction %Xh sent as %d byte(s) on %s lines while the part is in %s mode: ignored",
                    opcode, bytes, format, protocol));
            return;
        }
        if (deepPowerDown) {
            Cmd c = commands.get(key(protocol, opcode));
            if (c == null || c.kind != Kind.RELEASE_POWER_DOWN) {
                ignore(String.format("instruction %Xh in deep power-down: ignored", opcode));
                return;
            }
        }
        long now = clock.nowPicos();
        int plainOp = bytes == 2 ? (opcode >>> 8) & 0xFF : opcode & 0xFF;
        if (now < busyUntil && !busyAccepted.contains(plainOp)) {
            ignore(String.format("instruction %Xh while busy (until %d ps): ignored", opcode, busyUntil));
            return;
        }
        Cmd c = commands.get(key(protocol, opcode));
        if (c == null) {
            ignore(String.format("unknown instruction %Xh in %s mode: ignored", opcode, protocol));
            resetEnabled = false;
            return;
        }
        if (c.kind == Kind.RESET && !resetEnabled) {
            ignore("Reset (" + c.spec.op() + "h) not preceded by Enable Reset: ignored");
            return;
        }
        if (c.kind != Kind.RESET_ENABLE) resetEnabled = false;
        if (c.spec.qe() && !quadEnabled()) {
            ignore(c.spec.name() + " (" + c.spec.op() + "h) while QE=0: ignored (IO2/IO3 are /WP and /HOLD)");
            return;
        }
        cmd = c;
    }

    private void feed(long value, int bytes, PhaseFormat format) {
        PhaseFormat expected = cmd.addr != null ? cmd.addr : cmd.inst;
        if (format.dtr() != expected.dtr()) {
            ignore(String.format("%s (%sh) expects address/mode at %s rate, got %s: command garbled, ignored",
                    cmd.spec.name(), cmd.spec.op(), expected.dtr() ? "DTR" : "STR", format.dtr() ? "DTR" : "STR"));
            return;
        }
        int cl = format.lines();
        int pl = expected.lines();
        if (cl == pl) {
            for (int i = bytes - 1; i >= 0; i--) pushBits((int) (value >>> (8 * i)) & 0xFF, 8);
        } else {
            // The part samples its own lines each clock; lines the controller does not drive float high.
            warn(String.format("%s (%sh): address/mode clocked on %d line(s), part samples %d", cmd.spec.name(), cmd.spec.op(), cl, pl));
            int clocks = bytes * 8 / cl;
            for (int c = clocks - 1; c >= 0; c--) {
                int v = (int) (value >>> (c * cl)) & ((1 << cl) - 1);
                int sample = 0;
                for (int j = 0; j < pl; j++) sample |= (j < cl ? (v >>> j) & 1 : 1) << j;
                pushBits(sample, pl);
            }
        }
        inHalfClocks += bytes * 16 / format.bitsPerClock();
    }

    private void pushBits(int v, int n) {
        acc = (acc << n) | (v & ((1 << n) - 1));
        accBits += n;
        while (accBits >= 8) {
            accBits -= 8;
            if (inLen < in.length) in[inLen++] = (byte) (acc >>> accBits);
        }
        acc &= (1L << accBits) - 1;
    }

    private boolean checkData(PhaseFormat format) {
        if (cmd.data == null) {
            if (cmd.kind == Kind.READ_REGISTER || cmd.kind == Kind.READ_ID) return true;
            warn(cmd.spec.name() + " (" + cmd.spec.op() + "h) has no data phase: data ignored");
            return false;
        }
        if (!format.equals(cmd.data)) {
            ignore(String.format("%s (%sh) transfers data on %s lines, controller used %s: garbled, ignored",
                    cmd.spec.name(), cmd.spec.op(), cmd.data, format));
            return false;
        }
        return true;
    }

    /** Interprets what was clocked in before the data phase with the part's own expectation. */
    private void parse() {
        parsed = true;
        int a = addressBytes(cmd);
        int m = modeBytes(cmd);
        int d = dummyCycles(cmd);
        PhaseFormat af = cmd.addr != null ? cmd.addr : cmd.inst;
        int expectedHalf = (a + m) * 16 / af.bitsPerClock() + 2 * d;
        // A register write whose address bits the part ignores (Winbond 77h: 24 don't-care bits)
        // may get them as dummy clocks; only the clock count matters to the part.
        boolean dontCareAddress = cmd.kind == Kind.WRITE_REGISTER && inHalfClocks == expectedHalf
                && (cmd.regs.length == 0 || regSpecs.get(cmd.regs[0]).address() == null);
        if (inLen < a && cmd.kind != Kind.PROGRAM && !dontCareAddress) {
            if (cmd.kind != Kind.ERASE || inLen == 0) {
                warn(String.format("%s (%sh): %d address byte(s) received, part expects %d", cmd.spec.name(), cmd.spec.op(), inLen, a));
            }
            if (cmd.kind == Kind.ERASE) {
                ignored = true;
                return;
            }
        }
        long adr = 0;
        for (int i = 0; i < a; i++) adr = (adr << 8) | (i < inLen ? in[i] & 0xFF : 0xFF);
        address = adr;
        mode = (m > 0 && inLen > a) ? in[a] & 0xFF : (m > 0 ? 0xFF : -1);
        if (cmd.kind == Kind.READ) wrapLen = wrapLength(cmd);
        if (cmd.data != null) {
            long shiftHalf = inHalfClocks - expectedHalf;
            shiftBits = shiftHalf * cmd.data.bitsPerClock() / 2;
            if (shiftBits != 0 && (cmd.kind == Kind.READ || cmd.kind == Kind.READ_SFDP)) {
                warn(String.format("%s (%sh): controller clocked %d half-cycles before data, part expects %d: data shifted by %d bits",
                        cmd.spec.name(), cmd.spec.op(), inHalfClocks, expectedHalf, shiftBits));
            }
        }
        if (cmd.kind == Kind.PROGRAM) {
            // Bytes beyond the address the controller sent before the data phase are data to the part.
            int extra = inLen - a;
            address = adr;
            if (extra < 0) {
                warn(String.format("%s (%sh): %d address byte(s) received, part expects %d", cmd.spec.name(), cmd.spec.op(), inLen, a));
                ignored = true;
                return;
            }
            Arrays.fill(pageBuf, (byte) 0xFF);
            dataLen = 0;
            for (int i = a; i < inLen; i++) programByte(in[i]);
        }
    }

    /**
     * The part latches the mode bits as they are clocked in, whatever happens to the rest of the
     * transaction (a garbled data phase does not undo them).
     */
    private void decideContinuousRead() {
        if (cmd == null || cmd.kind != Kind.READ || part.xip() == null) return;
        boolean dq0 = confirmsInFirstDummyClock(cmd);
        if (cmd.modeClocks == 0 && !dq0) return;
        int a = addressBytes(cmd);
        if (inLen < a || (!dq0 && inLen == a)) return;
        if (ignored && !continuousTx) return; // garbled before the mode bits (e.g. QE=0, wrong lines)
        int sample;
        if (dq0) { // DQ0 in the first clock after the address; undriven lines read 1
            int lines = (cmd.addr != null ? cmd.addr : cmd.inst).lines();
            sample = inLen > a ? ((in[a] & 0xFF) >>> (8 - lines)) & 1 : 1;
        } else {
            sample = in[a] & 0xFF;
        }
        Cmd before = xipCmd;
        xipCmd = xipKeeps(sample) ? cmd : null;
        if (before != xipCmd) generation++;
    }

    /** Micron XIP: fast reads (those with dummy clocks) take the confirmation bit in the first dummy clock. */
    private boolean confirmsInFirstDummyClock(Cmd c) {
        return part.xip() != null && "dq0-first-dummy".equals(part.xip().rule()) && c.spec.dummy() > 0;
    }

    private void programByte(byte b) {
        int page = pageBuf.length;
        int pos = (int) ((address + dataLen) % page);
        pageBuf[pos] = b; // later bytes overwrite earlier ones within the page (datasheet: wrap to page start)
        dataLen++;
    }

    // ------------------------------------------------------------------ reads

    private void readArray(byte[] dst, int off, int len) {
        counters.bytesRead += len;
        if (suspended != null && (suspended.kind == Kind.ERASE || suspended.kind == Kind.CHIP_ERASE)) {
            long a = streamAddress(streamPos);
            if (a < suspended.addr + suspended.len && a + len > suspended.addr) {
                warn(String.format("read of %Xh inside the region whose erase is suspended: data undefined on the part", a));
            }
        }
        if (shiftBits == 0) {
            // Linear: the array is one window of its own size; wrapping: the aligned L-byte window.
            int window = wrapLen == 0 ? size : wrapLen;
            int base = (int) (address & sizeMask) & ~(window - 1);
            int pos = (int) ((address + streamPos) & (window - 1));
            streamPos += len;
            int done = 0;
            while (done < len) {
                int n = Math.min(len - done, window - pos);
                System.arraycopy(array, base + pos, dst, off + done, n);
                done += n;
                pos = 0;
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            long bit = (streamPos + i) * 8 + shiftBits;
            dst[off + i] = (byte) ((arrayBit(bit) << 8 | arrayBit(bit + 8)) >>> (8 - (int) Math.floorMod(bit, 8L)));
        }
        streamPos += len;
    }

    /** The 8 bits of the array stream starting at the byte containing {@code bit}; before the start: 1s. */
    private int arrayBit(long bit) {
        long byteIdx = Math.floorDiv(bit, 8L);
        if (byteIdx < 0) return 0xFF;
        return array[streamAddress(byteIdx)] & 0xFF;
    }

    /**
     * Array address of byte {@code idx} of the current read's stream: linear (wrapping at the end of
     * the array) or, for a wrapping read, inside the aligned window holding the start address.
     */
    private int streamAddress(long idx) {
        if (wrapLen == 0) return (int) ((address + idx) & sizeMask);
        long start = address & sizeMask;
        return (int) ((start & ~(long) (wrapLen - 1)) | ((start + idx) & (wrapLen - 1)));
    }

    /** Window length in bytes a read with {@code c} wraps in now, or 0 if it runs linearly. */
    private int wrapLength(Cmd c) {
        WrapRule w = c.wrap;
        if (w == null) return 0;
        if (w.enableField() != null && get(w.enableField()) != w.enabledValue()) return 0;
        long code = get(w.lengthField());
        return code < w.lengths().length ? w.lengths()[(int) code] : 0;
    }

    private void readStream(byte[] src, long start, boolean repeat, byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) {
            long bit = (streamPos + i) * 8 + shiftBits;
            int hi = streamByte(src, start, repeat, Math.floorDiv(bit, 8L));
            int lo = streamByte(src, start, repeat, Math.floorDiv(bit, 8L) + 1);
            int sh = (int) Math.floorMod(bit, 8L);
            dst[off + i] = (byte) (((hi << 8) | lo) >>> (8 - sh));
        }
        streamPos += len;
    }

    private static int streamByte(byte[] src, long start, boolean repeat, long idx) {
        if (idx < 0 || src.length == 0) return 0xFF;
        long p = start + idx;
        if (repeat) p %= src.length;
        return p < src.length ? src[(int) p] & 0xFF : 0xFF;
    }

    private byte[] registerBytes(int r) {
        NorPart.Register spec = regSpecs.get(r);
        byte[] b = new byte[spec.bytes()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (cur[r] >>> (8 * i));
        return b;
    }

    // ------------------------------------------------------------------ execution at CS rising edge

    private void execute() {
        long now = clock.nowPicos();
        Cmd c = cmd;
        switch (c.kind) {
            case READ -> {
                counters.reads++;
                logOp(c.spec.name(), c.opcode, address & sizeMask, dataLen, txStart, now, xipCmd != null ? "ok, continuous-read mode" : "ok");
            }
            case READ_SFDP, READ_ID, READ_REGISTER -> {
                counters.reads++;
                if (c.kind != Kind.READ_REGISTER) logOp(c.spec.name(), c.opcode, address, dataLen, txStart, now, "ok");
            }
            case WRITE_ENABLE -> wel = true;
            case VOLATILE_WRITE_ENABLE -> volatileWel = true;
            case WRITE_DISABLE -> {
                wel = false;
                volatileWel = false;
            }
            case WRITE_REGISTER -> writeRegisters(c, now);
            case PROGRAM -> startProgram(c, now);
            case ERASE -> startErase(c, now, (address & sizeMask) & ~(c.spec.eraseSize() - 1), c.spec.eraseSize(), Kind.ERASE);
            case CHIP_ERASE -> startErase(c, now, 0, size, Kind.CHIP_ERASE);
            case ENTER_QPI, EXIT_QPI -> {
                if (c.spec.wel() && !requireWel(c)) return;
                protocol = c.kind == Kind.ENTER_QPI ? Protocol.QPI : Protocol.SPI;
                setIf("QPI_N", c.kind == Kind.ENTER_QPI ? 0 : 1); // Micron: 35h/F5h write EVCR bit 7
                if (fields.containsKey("QPI_N")) applyRegisterSideEffects(); // EVCR bit 6 may still select dual
                generation++;
                logOp(c.spec.name(), c.opcode, -1, 0, now, now, "ok, now " + protocol);
            }
            case ENTER_4B, EXIT_4B -> {
                if (c.spec.wel() && !requireWel(c)) return;
                addr4 = c.kind == Kind.ENTER_4B;
                if (c.spec.wel()) wel = false;
                generation++;
                logOp(c.spec.name(), c.opcode, -1, 0, now, now, "ok");
            }
            case RESET_ENABLE -> resetEnabled = true;
            case RESET -> softReset(c, now);
            case DEEP_POWER_DOWN -> {
                deepPowerDown = true;
                xipCmd = null;
                generation++;
                logOp(c.spec.name(), c.opcode, -1, 0, now, now + duration("deepPowerDown"), "ok");
            }
            case RELEASE_POWER_DOWN -> {
                if (deepPowerDown) {
                    deepPowerDown = false;
                    busyUntil = now + duration("releasePowerDown");
                    generation++;
                    logOp(c.spec.name(), c.opcode, -1, 0, now, busyUntil, "ok");
                }
            }
            case SUSPEND -> suspend(c, now);
            case RESUME -> resume(c, now);
            case CLEAR_FLAGS -> {
                protectionError = false;
                logOp(c.spec.name(), c.opcode, -1, 0, now, now, "ok");
            }
            case MODE_RESET -> {
                if (xipCmd != null) generation++;
                xipCmd = null;
            }
        }
    }

    private boolean requireWel(Cmd c) {
        if (wel) return true;
        ignoredLogged(c, "WEL=0: ignored");
        return false;
    }

    private void ignoredLogged(Cmd c, String why) {
        long now = clock.nowPicos();
        counters.ignoredCommands++;
        warn(c.spec.name() + " (" + c.spec.op() + "h): " + why);
        logOp(c.spec.name(), c.opcode, parsed ? address : -1, dataLen, now, now, why);
    }

    private void writeRegisters(Cmd c, long now) {
        // Set Read Parameters (C0h) writes a volatile register without write enable (Winbond/GigaDevice QPI parts).
        boolean vol = volatileWel || c.spec.noWriteEnable();
        volatileWel = false;
        if (!wel && !vol && !c.spec.nonVolatileWithoutWriteEnable()) {
            ignoredLogged(c, "WEL=0: ignored");
            return;
        }
        if (dataLen == 0) {
            ignoredLogged(c, "no data: ignored");
            return;
        }
        boolean anyNv = false;
        int b = 0;
        int[] targets = targetRegs(c);
        if (targets.length == 0) {
            ignoredLogged(c, String.format("no register at address %Xh: ignored", address));
            return;
        }
        for (int r : targets) {
            NorPart.Register spec = regSpecs.get(r);
            if (b + spec.bytes() > dataLen) break; // the part latches only complete registers
            long v = 0;
            for (int i = 0; i < spec.bytes(); i++) v |= (long) (regBuf[b + i] & 0xFF) << (8 * i);
            b += spec.bytes();
            long mask = spec.writableMask();
            cur[r] = (cur[r] & ~mask) | (v & mask);
            if (!vol && !spec.volatileOnly()) {
                nv[r] = (nv[r] & ~mask) | (v & mask);
                anyNv = true;
            }
        }
        counters.registerWrites++;
        applyRegisterSideEffects();
        generation++;
        if (anyNv) {
            saveRegisters();
            long end = now + duration("writeStatus");
            op = new Op(opIndex, Kind.WRITE_REGISTER, c.spec.name(), c.opcode, -1, dataLen, null, now, end);
            busyUntil = end;
            logOp(c.spec.name(), c.opcode, -1, dataLen, now, end, "ok");
            armCutIfPlanned(op);
        } else {
            if (!vol) wel = false;
            logOp(c.spec.name(), c.opcode, -1, dataLen, now, now, "ok (volatile)");
        }
    }

    private void startProgram(Cmd c, long now) {
        if (!wel) {
            ignoredLogged(c, "WEL=0: ignored");
            return;
        }
        if (dataLen == 0) {
            ignoredLogged(c, "no data: ignored");
            wel = false;
            return;
        }
        long page = (address & sizeMask) & ~(long) (pageBuf.length - 1);
        if (isProtected(page, pageBuf.length) || inSuspendedRegion(page, pageBuf.length)) {
            protectionFailure(c, page);
            return;
        }
        long end = now + programDuration((int) Math.min(dataLen, pageBuf.length));
        op = new Op(opIndex, Kind.PROGRAM, c.spec.name(), c.opcode, page, pageBuf.length, pageBuf.clone(), now, end);
        busyUntil = end;
        counters.programs++;
        counters.bytesProgrammed += Math.min(dataLen, pageBuf.length);
        generation++;
        logOp(c.spec.name(), c.opcode, address & sizeMask, dataLen, now, end, "started");
        armCutIfPlanned(op);
    }

    private void startErase(Cmd c, long now, long addr, long len, Kind kind) {
        if (!wel) {
            ignoredLogged(c, "WEL=0: ignored");
            return;
        }
        if (suspended != null) {
            ignoredLogged(c, "erase while an operation is suspended: ignored");
            return;
        }
        boolean prot = kind == Kind.CHIP_ERASE ? anyProtection() : isProtected(addr, len);
        if (prot) {
            protectionFailure(c, addr);
            return;
        }
        String timing = kind == Kind.CHIP_ERASE ? "chipErase" : eraseTiming(len);
        long end = now + duration(timing);
        op = new Op(opIndex, kind, c.spec.name(), c.opcode, addr, len, null, now, end);
        busyUntil = end;
        counters.erases++;
        counters.bytesErased += len;
        generation++;
        logOp(c.spec.name(), c.opcode, addr, len, now, end, "started");
        armCutIfPlanned(op);
    }

    private void protectionFailure(Cmd c, long addr) {
        if (fields.containsKey("PROT_ERR")) { // Micron: flag status bit 1 set, WEL cleared
            protectionError = true;
            wel = false;
        }
        counters.ignoredCommands++;
        warn(String.format("%s (%sh) at %Xh: protected region, ignored", c.spec.name(), c.spec.op(), addr));
        long now = clock.nowPicos();
        logOp(c.spec.name(), c.opcode, addr, dataLen, now, now, "protected: ignored");
    }

    private String eraseTiming(long len) {
        for (NorPart.Erase e : part.erases()) if (e.size() == len) return e.timing();
        throw new IllegalStateException(part.part() + ": no erase timing for " + len + " bytes");
    }

    private void suspend(Cmd c, long now) {
        if (op == null || now >= busyUntil || (op.kind != Kind.PROGRAM && op.kind != Kind.ERASE)) {
            long t = clock.nowPicos();
            logOp(c.spec.name(), c.opcode, -1, 0, t, t, "nothing to suspend: ignored");
            return;
        }
        long latency = duration("suspend");
        long stopAt = Math.min(op.end, now + latency);
        op.progressAtSuspend = (double) (stopAt - op.start) / Math.max(1, op.end - op.start);
        op.remaining = op.end - stopAt;
        busyUntil = stopAt;
        if (op.remaining <= 0) return; // finishes within the latency: nothing left to suspend
        suspended = op;
        op = null;
        counters.suspends++;
        generation++;
        logOp(c.spec.name(), c.opcode, suspended.addr, suspended.len, now, stopAt, "suspended " + suspended.name);
    }

    private void resume(Cmd c, long now) {
        if (suspended == null) return;
        op = suspended;
        suspended = null;
        // Progress is kept: the remaining time runs from now.
        long done = (long) (op.progressAtSuspend * (op.end - op.start));
        long total = op.end - op.start;
        op.start = now - done;
        op.end = now + op.remaining;
        if (op.end - op.start != total) op.start = op.end - total;
        busyUntil = op.end;
        generation++;
        logOp(c.spec.name(), c.opcode, op.addr, op.len, now, op.end, "resumed " + op.name);
    }

    private void softReset(Cmd c, long now) {
        if (op != null && now < op.end) abortPartially(op, now);
        if (suspended != null) abortPartially(suspended, -1);
        op = null;
        suspended = null;
        volatileReset();
        busyUntil = now + duration("reset");
        generation++;
        logOp(c.spec.name(), c.opcode, -1, 0, now, busyUntil, "ok");
    }

    // ------------------------------------------------------------------ time and power

    /** Commits what virtual time has completed; applies an armed power cut. */
    private void settle() {
        long now = clock.nowPicos();
        long horizon = Math.min(now, cutAt);
        if (op != null && op.end <= horizon) complete(op);
        if (powered && now >= cutAt) {
            long t = cutAt;
            cutAt = Long.MAX_VALUE;
            cut(t);
        }
        if (busyUntil != 0 && now >= busyUntil && op == null) {
            busyUntil = 0;
            generation++;
        }
    }

    private void complete(Op o) {
        switch (o.kind) {
            case PROGRAM -> {
                int base = (int) o.addr;
                for (int i = 0; i < o.data.length; i++) array[base + i] &= o.data[i];
                storage.arrayChanged(o.addr, o.len);
            }
            case ERASE, CHIP_ERASE -> eraseNow(o.addr, o.len);
            default -> { }
        }
        wel = false;
        op = null;
        busyUntil = 0;
        generation++;
    }

    private void eraseNow(long addr, long len) {
        Arrays.fill(array, (int) addr, (int) (addr + len), (byte) 0xFF);
        int[] counts = storage.eraseCounts();
        for (long u = addr; u < addr + len; u += NorStorage.WEAR_UNIT) {
            int idx = (int) (u / NorStorage.WEAR_UNIT);
            counts[idx]++;
            if (bitErrorRate > 0 && counts[idx] > part.endurance()) injectBitErrors(u);
        }
        storage.arrayChanged(addr, len);
        storage.metadataChanged();
    }

    /** A worn-out unit fails to erase some bits: they stay 0. */
    private void injectBitErrors(long unit) {
        double expected = bitErrorRate * NorStorage.WEAR_UNIT * 8;
        long n = (long) expected + (rng.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
        for (long i = 0; i < n; i++) {
            int bit = rng.nextInt(NorStorage.WEAR_UNIT * 8);
            array[(int) unit + bit / 8] &= (byte) ~(1 << (bit % 8));
        }
    }

    private void cut(long t) {
        if (op != null && t < op.end) abortPartially(op, t);
        else if (op != null) complete(op);
        if (suspended != null) abortPartially(suspended, -1);
        op = null;
        suspended = null;
        powered = false;
        counters.powerCuts++;
        volatileReset();
        busyUntil = 0;
        generation++;
        logOp("POWER_CUT", -1, -1, 0, t, t, "ok");
    }

    /**
     * State an interrupted operation leaves: a program has programmed a random subset of the bits it
     * targeted (never 0 to 1), an erase has set a random subset of the 0 bits of its region to 1.
     * The subset's share grows with the fraction of the operation that ran.
     */
    private void abortPartially(Op o, long t) {
        double f = t < 0 ? o.progressAtSuspend : (double) (t - o.start) / Math.max(1, o.end - o.start);
        f = Math.max(0, Math.min(1, f));
        switch (o.kind) {
            case PROGRAM -> {
                int base = (int) o.addr;
                for (int i = 0; i < o.data.length; i++) {
                    int old = array[base + i] & 0xFF;
                    int targeted = old & ~o.data[i] & 0xFF;
                    if (targeted == 0) continue;
                    int cleared = 0;
                    for (int b = 0; b < 8; b++) {
                        if ((targeted & (1 << b)) != 0 && rng.nextDouble() < f) cleared |= 1 << b;
                    }
                    array[base + i] = (byte) (old & ~cleared);
                }
                storage.arrayChanged(o.addr, o.len);
            }
            case ERASE, CHIP_ERASE -> {
                int from = (int) o.addr;
                int to = (int) (o.addr + o.len);
                for (int i = from; i < to; i++) {
                    int old = array[i] & 0xFF;
                    if (old == 0xFF) continue;
                    int set = 0;
                    for (int b = 0; b < 8; b++) {
                        if ((old & (1 << b)) == 0 && rng.nextDouble() < f) set |= 1 << b;
                    }
                    array[i] = (byte) (old | set);
                }
                storage.arrayChanged(o.addr, o.len);
            }
            default -> { }
        }
        logOp("ABORTED " + o.name, o.opcode, o.addr, o.len, o.start, t < 0 ? o.start : t,
                String.format("interrupted at %.3f of its duration", f));
    }

    private void armCutIfPlanned(Op o) {
        if (o.index == cutOpIndex) {
            cutAt = o.start + Math.round(cutFraction * (o.end - o.start));
            cutOpIndex = -1;
        }
    }

    private long duration(String timing) {
        NorPart.Timing t = part.timing(timing);
        return pick(t.typPicos(), t.maxPicos());
    }

    /**
     * Programming {@code bytes} bytes of one page. Parts whose entry gives byte-program times
     * (JESD216 BFPT DWORD 11: the first byte, then each additional byte; Winbond tBP1/tBP2) take
     * first + (bytes - 1) x next, never more than a whole page (tPP): a 16-byte log record is
     * done long before a full page would be. Other parts take tPP whatever the count.
     */
    private long programDuration(int bytes) {
        NorPart.Timing page = part.timing("pageProgram");
        NorPart.Timing first = part.timings().get("byteProgramFirst");
        NorPart.Timing next = part.timings().get("byteProgramNext");
        if (first == null || next == null) return pick(page.typPicos(), page.maxPicos());
        long extra = Math.max(0, bytes - 1);
        long typ = Math.min(page.typPicos(), first.typPicos() + extra * next.typPicos());
        long max = Math.min(page.maxPicos(), first.maxPicos() + extra * next.maxPicos());
        return pick(typ, max);
    }

    private long pick(long typ, long max) {
        return switch (timingMode) {
            case TYPICAL -> typ;
            case MAXIMUM -> max;
            case RANDOM -> max <= typ ? typ : typ + rng.nextLong(max - typ + 1);
        };
    }

    private void powerUpState() {
        volatileReset();
        deepPowerDown = false;
    }

    /** What a power cycle or software reset returns to: volatile bits from their non-volatile copies. */
    private void volatileReset() {
        for (int r = 0; r < cur.length; r++) {
            cur[r] = regSpecs.get(r).volatileOnly() ? regSpecs.get(r).resetValue() : nv[r];
        }
        for (NorPart.PowerUpCopy pc : part.powerUp()) {
            long v = get(pc.from());
            if (pc.allOnes()) v = v == (1L << fieldWidth(pc.from())) - 1 ? 1 : 0;
            set(pc.to(), v);
        }
        wel = false;
        volatileWel = false;
        resetEnabled = false;
        protectionError = false;
        protocol = Protocol.SPI;
        addr4 = part.addressing().equals("4") || part.powerUp4Byte()
                // Micron NVCR bit 0: 0 selects 4-byte addressing at power-up and reset.
                || (part.switchableAddressing() && fields.containsKey("ADDR_NV_3BYTE") && get("ADDR_NV_3BYTE") == 0);
        xipCmd = null;
        applyRegisterSideEffects();
        xipCmd = powerUpXipCommand();
    }

    /** Micron NVCR bits 11:9: the part can start in XIP with the read the code selects (111 = off). */
    private Cmd powerUpXipCommand() {
        NorPart.Xip x = part.xip();
        if (x == null || x.powerUpField() == null || !fields.containsKey(x.powerUpField()) || x.powerUpOps() == null) return null;
        long code = get(x.powerUpField());
        if (code == (1L << fieldWidth(x.powerUpField())) - 1 || code >= x.powerUpOps().size()) return null;
        return commands.get(key(protocol, (int) NorPart.Hex.parse(x.powerUpOps().get((int) code))));
    }

    // ------------------------------------------------------------------ registers and fields

    private void loadRegisters() {
        byte[] img = storage.registerImage();
        boolean factory = true;
        for (byte b : img) if (b != 0) factory = false;
        int p = 1;
        for (int r = 0; r < nv.length; r++) {
            NorPart.Register spec = regSpecs.get(r);
            long v = 0;
            for (int i = 0; i < spec.bytes(); i++) v |= (long) (img[p + i] & 0xFF) << (8 * i);
            p += spec.bytes();
            nv[r] = factory ? spec.resetValue() : v;
        }
        if (factory) saveRegisters();
    }

    private void saveRegisters() {
        byte[] img = storage.registerImage();
        img[0] = 1; // "written" marker: distinguishes a stored all-zero register set from factory state
        int p = 1;
        for (int r = 0; r < nv.length; r++) {
            NorPart.Register spec = regSpecs.get(r);
            for (int i = 0; i < spec.bytes() && p < img.length; i++) img[p++] = (byte) (nv[r] >>> (8 * i));
        }
        storage.metadataChanged();
    }

    /**
     * Mode switches a register write causes (Macronix CR2 OPI enable, Micron EVCR protocol bits).
     * Micron EVCR bit 7 = 0 selects the quad I/O protocol and bit 6 = 0 the dual I/O protocol; with
     * both at 0 the quad protocol is taken.
     */
    private void applyRegisterSideEffects() {
        boolean quadN = fields.containsKey("QPI_N");
        boolean dualN = fields.containsKey("DPI_N");
        if (quadN || dualN) {
            if (quadN && get("QPI_N") == 0) protocol = Protocol.QPI;
            else if (dualN && get("DPI_N") == 0) protocol = Protocol.DPI;
            else if (protocol == Protocol.QPI || protocol == Protocol.DPI) protocol = Protocol.SPI;
        }
        if (fields.containsKey("OPI_MODE")) {
            long v = get("OPI_MODE");
            protocol = v == 1 ? Protocol.OPI : v == 2 ? Protocol.DOPI : protocol == Protocol.QPI ? Protocol.QPI : Protocol.SPI;
        }
    }

    /** Bits the part computes rather than stores. */
    private void refreshDynamic() {
        boolean busy = clock.nowPicos() < busyUntil;
        setIf("WIP", busy ? 1 : 0);
        setIf("READY", busy ? 0 : 1);
        setIf("WEL", wel ? 1 : 0);
        setIf("SUS", suspended != null ? 1 : 0);
        setIf("ESUS", suspended != null && suspended.kind == Kind.ERASE ? 1 : 0);
        setIf("PSUS", suspended != null && suspended.kind == Kind.PROGRAM ? 1 : 0);
        setIf("ADS", addr4 ? 1 : 0);
        setIf("PROT_ERR", protectionError ? 1 : 0);
    }

    private void setIf(String name, long v) {
        if (fields.containsKey(name)) set(name, v);
    }

    private long get(String name) {
        Field f = fields.get(name);
        long v = 0;
        int shift = 0;
        for (Seg s : f.segs) {
            int w = s.hi - s.lo + 1;
            v |= ((cur[s.reg] >>> s.lo) & ((1L << w) - 1)) << shift;
            shift += w;
        }
        return v;
    }

    private void set(String name, long v) {
        Field f = fields.get(name);
        for (Seg s : f.segs) {
            int w = s.hi - s.lo + 1;
            long m = ((1L << w) - 1) << s.lo;
            cur[s.reg] = (cur[s.reg] & ~m) | ((v << s.lo) & m);
            v >>>= w;
        }
    }

    private int fieldWidth(String name) {
        int w = 0;
        for (Seg s : fields.get(name).segs) w += s.hi - s.lo + 1;
        return w;
    }

    private boolean quadEnabled() {
        return !fields.containsKey("QE") || get("QE") == 1;
    }

    private int reg(String name) {
        Integer i = regIndex.get(name);
        if (i == null) throw new IllegalArgumentException(part.part() + ": no register named " + name);
        return i;
    }

    private Field parseField(String spec) {
        String[] parts = spec.split(",");
        Seg[] segs = new Seg[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int dot = p.lastIndexOf('.');
            if (dot < 0) throw new IllegalArgumentException(part.part() + ": bad field '" + spec + "' (expected REG.bit or REG.lo-hi)");
            int r = reg(p.substring(0, dot));
            String bits = p.substring(dot + 1);
            int dash = bits.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? bits : bits.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(bits.substring(dash + 1));
            segs[i] = new Seg(r, lo, hi);
        }
        return new Field(segs);
    }

    // ------------------------------------------------------------------ protection

    private boolean anyProtection() {
        if (!fields.containsKey("BP") || part.protection() == null) return false;
        long[] r = protectedRange();
        return r[1] > r[0] || (fields.containsKey("CMP") && get("CMP") == 1);
    }

    /** [lo, hi) protected by BP/TB/SEC, before CMP. */
    private long[] protectedRange() {
        long bp = get("BP");
        if (bp == 0) return new long[] {0, 0};
        long all = (1L << fieldWidth("BP")) - 1;
        long len;
        boolean sec = fields.containsKey("SEC") && get("SEC") == 1;
        if (bp == all) {
            len = size;
        } else if (sec) {
            len = Math.min(part.protection().secUnitBytes() << (bp - 1), part.protection().secUnitBytes() * 8);
        } else {
            len = Math.min((long) size, bp - 1 >= 40 ? size : part.protection().unitBytes() << (bp - 1));
        }
        boolean bottom = fields.containsKey("TB") && get("TB") == 1;
        if (bp == all) return new long[] {0, size};
        return bottom ? new long[] {0, len} : new long[] {size - len, size};
    }

    private boolean isProtected(long addr, long len) {
        if (!fields.containsKey("BP") || part.protection() == null) return false;
        long[] r = protectedRange();
        boolean inRange = addr < r[1] && addr + len > r[0];
        boolean cmp = fields.containsKey("CMP") && get("CMP") == 1;
        if (!cmp) return inRange;
        // Complement: everything outside [lo, hi) is protected.
        return addr < r[0] || addr + len > r[1];
    }

    private boolean inSuspendedRegion(long addr, long len) {
        return suspended != null && addr < suspended.addr + suspended.len && addr + len > suspended.addr;
    }

    // ------------------------------------------------------------------ helpers

    /** Registers a register command acts on; for addressed registers (Macronix CR2) the one at the address. */
    private int[] targetRegs(Cmd c) {
        if (c.addr == null || c.regs.length == 0 || regSpecs.get(c.regs[0]).address() == null) return c.regs;
        for (int r : c.regs) if (regSpecs.get(r).addressValue() == address) return new int[] {r};
        return new int[0];
    }

    private int addressBytes(Cmd c) {
        return c.addrMode == -1 ? (addr4 ? 4 : 3) : c.addrMode;
    }

    private int modeBytes(Cmd c) {
        if (c.modeClocks == 0) return 0;
        return Math.max(1, c.modeClocks * c.addr.bitsPerClock() / 8);
    }

    private int dummyCycles(Cmd c) {
        String f = c.spec.dummyField();
        if (f != null && fields.containsKey(f)) {
            long v = get(f);
            List<Integer> codes = c.spec.dummyCodes();
            if (codes != null && !codes.isEmpty()) return v < codes.size() ? codes.get((int) v) : c.spec.dummy();
            long all = (1L << fieldWidth(f)) - 1;
            if (v != 0 && v != all) return (int) v; // Micron VCR: 0 and all-ones select the default
        }
        return c.spec.dummy();
    }

    private boolean xipKeeps(int modeBits) {
        NorPart.Xip x = part.xip();
        if (x == null) return false;
        if (x.enableField() != null && fields.containsKey(x.enableField()) && get(x.enableField()) != 0) return false;
        return switch (x.rule()) {
            case "mask" -> (modeBits & (int) NorPart.Hex.parse(x.mask())) == (int) NorPart.Hex.parse(x.value());
            case "nibbles-differ" -> (modeBits >>> 4) != (modeBits & 0xF);
            case "bit0-zero", "dq0-first-dummy" -> (modeBits & 1) == 0;
            default -> throw new IllegalStateException(part.part() + ": unknown XIP rule " + x.rule());
        };
    }

    private static Protocol protocolOf(PhaseFormat inst) {
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

    private void ignore(String why) {
        ignored = true;
        counters.ignoredCommands++;
        warn(why);
    }

    private void warn(String message) {
        counters.warnings++;
        if (warnings.size() >= WARNING_CAPACITY) warnings.removeFirst();
        warnings.addLast(new ModelWarning(clock.nowPicos(), message));
    }

    private void logOp(String name, int opcode, long addr, long len, long start, long end, String outcome) {
        if (log.size() >= LOG_CAPACITY) log.removeFirst();
        log.addLast(new NorOperation(opIndex++, name, opcode, addr, len, start, end, outcome));
    }

    private void resetTx() {
        selected = false;
        cmd = null;
        ignored = false;
        continuousTx = false;
        inLen = 0;
        inHalfClocks = 0;
        acc = 0;
        accBits = 0;
        parsed = false;
        address = 0;
        mode = -1;
        shiftBits = 0;
        streamPos = 0;
        dataSeen = false;
        dataLen = 0;
        wrapLen = 0;
    }
}
