package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorChip.Protocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part's register file as its catalog entry declares it: current values, their non-volatile
 * copies (persisted in the storage's register image), and the named fields the model acts on.
 * The fields the chip reads or writes on every transaction (status bits, QE, protection, protocol
 * selectors) are resolved to {@link RegisterField} handles here, once; a handle is {@code null}
 * when the part has no such field.
 */
final class NorRegisters {
    private final NorPart part;
    private final NorStorage storage;
    private final List<NorPart.Register> specs;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, RegisterField> fields = new HashMap<>();
    private final long[] cur;
    private final long[] nv;
    /** Power-up copies, resolved: {@code to[i]} takes {@code from[i]} (or its all-ones test). */
    private final RegisterField[] copyFrom;
    private final RegisterField[] copyTo;
    private final boolean[] copyAllOnes;

    // Fields the model computes or acts on; null when the part has none.
    final RegisterField wip, ready, wel, sus, esus, psus, ads, protErr;
    final RegisterField qe, bp, tb, sec, cmp;
    final RegisterField qpiN, dpiN, dtrN, opiMode, addrNv3Byte;

    NorRegisters(NorPart part, NorStorage storage) {
        this.part = part;
        this.storage = storage;
        this.specs = part.registers();
        for (int i = 0; i < specs.size(); i++) index.put(specs.get(i).name(), i);
        cur = new long[specs.size()];
        nv = new long[specs.size()];
        for (Map.Entry<String, String> e : part.fields().entrySet()) {
            fields.put(e.getKey(), RegisterField.parse(part.part(), e.getValue(), cur, this::index));
        }
        wip = field("WIP");
        ready = field("READY");
        wel = field("WEL");
        sus = field("SUS");
        esus = field("ESUS");
        psus = field("PSUS");
        ads = field("ADS");
        protErr = field("PROT_ERR");
        qe = field("QE");
        bp = field("BP");
        tb = field("TB");
        sec = field("SEC");
        cmp = field("CMP");
        qpiN = field("QPI_N");
        dpiN = field("DPI_N");
        dtrN = field("DTR_N");
        opiMode = field("OPI_MODE");
        addrNv3Byte = field("ADDR_NV_3BYTE");
        int n = part.powerUp().size();
        copyFrom = new RegisterField[n];
        copyTo = new RegisterField[n];
        copyAllOnes = new boolean[n];
        for (int i = 0; i < n; i++) {
            NorPart.PowerUpCopy pc = part.powerUp().get(i);
            copyFrom[i] = required(pc.from());
            copyTo[i] = required(pc.to());
            copyAllOnes[i] = pc.allOnes();
        }
        load();
    }

    /** The named field, or null if the entry does not define it. */
    RegisterField field(String name) {
        return fields.get(name);
    }

    /** The named field; the entry must define it. */
    RegisterField required(String name) {
        RegisterField f = fields.get(name);
        if (f == null) throw new IllegalArgumentException(part.part() + ": no field named " + name);
        return f;
    }

    int index(String name) {
        Integer i = index.get(name);
        if (i == null) throw new IllegalArgumentException(part.part() + ": no register named " + name);
        return i;
    }

    NorPart.Register spec(int r) {
        return specs.get(r);
    }

    long value(int r) {
        return cur[r];
    }

    /** The register as the part shifts it out: least significant byte first. */
    byte[] bytes(int r) {
        byte[] b = new byte[specs.get(r).bytes()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (cur[r] >>> (8 * i));
        return b;
    }

    /**
     * Latches a written value into the writable bits of register {@code r}, and into its
     * non-volatile copy unless the write is volatile or the register has none; returns whether the
     * non-volatile copy was written.
     */
    boolean latch(int r, long v, boolean volatileWrite) {
        NorPart.Register spec = specs.get(r);
        long mask = spec.writableMask();
        cur[r] = (cur[r] & ~mask) | (v & mask);
        if (volatileWrite || spec.volatileOnly()) return false;
        nv[r] = (nv[r] & ~mask) | (v & mask);
        return true;
    }

    /** What a power cycle or software reset returns to: volatile bits from their non-volatile copies. */
    void resetVolatile() {
        for (int r = 0; r < cur.length; r++) cur[r] = specs.get(r).volatileOnly() ? specs.get(r).resetValue() : nv[r];
        for (int i = 0; i < copyFrom.length; i++) {
            long v = copyFrom[i].get();
            if (copyAllOnes[i]) v = v == copyFrom[i].allOnes() ? 1 : 0;
            copyTo[i].set(v);
        }
    }

    /** Writes the bits the part computes rather than stores (status refresh before a register read). */
    void refreshStatus(boolean busy, boolean writeEnabled, NorPart.Kind suspendedKind, boolean addr4, boolean protectionError) {
        setIf(wip, busy ? 1 : 0);
        setIf(ready, busy ? 0 : 1);
        setIf(wel, writeEnabled ? 1 : 0);
        setIf(sus, suspendedKind != null ? 1 : 0);
        setIf(esus, suspendedKind == NorPart.Kind.ERASE ? 1 : 0);
        setIf(psus, suspendedKind == NorPart.Kind.PROGRAM ? 1 : 0);
        setIf(ads, addr4 ? 1 : 0);
        setIf(protErr, protectionError ? 1 : 0);
    }

    private static void setIf(RegisterField f, long v) {
        if (f != null) f.set(v);
    }

    boolean quadEnabled() {
        return qe == null || qe.get() == 1;
    }

    /**
     * The protocol the register values select (Macronix CR2 OPI enable, Micron EVCR protocol
     * bits). Micron EVCR bit 7 = 0 selects the quad I/O protocol and bit 6 = 0 the dual I/O
     * protocol; with both at 0 the quad protocol is taken.
     */
    Protocol protocolSelected(Protocol current) {
        Protocol p = current;
        if (qpiN != null || dpiN != null) {
            if (qpiN != null && qpiN.get() == 0) p = Protocol.QPI;
            else if (dpiN != null && dpiN.get() == 0) p = Protocol.DPI;
            else if (p == Protocol.QPI || p == Protocol.DPI) p = Protocol.SPI;
        }
        if (opiMode != null) {
            long v = opiMode.get();
            p = v == 1 ? Protocol.OPI : v == 2 ? Protocol.DOPI : p == Protocol.QPI ? Protocol.QPI : Protocol.SPI;
        }
        return p;
    }

    /** Whether the register values select the DTR protocol (Micron EVCR bit 5 = 0). */
    boolean dtrProtocol() {
        return dtrN != null && dtrN.get() == 0;
    }

    private void load() {
        byte[] img = storage.registerImage();
        boolean factory = true;
        for (byte b : img) if (b != 0) factory = false;
        int p = 1;
        for (int r = 0; r < nv.length; r++) {
            NorPart.Register spec = specs.get(r);
            long v = 0;
            for (int i = 0; i < spec.bytes(); i++) v |= (long) (img[p + i] & 0xFF) << (8 * i);
            p += spec.bytes();
            nv[r] = factory ? spec.resetValue() : v;
        }
        if (factory) save();
    }

    /** Stores the non-volatile copies in the storage's register image. */
    void save() {
        byte[] img = storage.registerImage();
        img[0] = 1; // "written" marker: distinguishes a stored all-zero register set from factory state
        int p = 1;
        for (int r = 0; r < nv.length; r++) {
            NorPart.Register spec = specs.get(r);
            for (int i = 0; i < spec.bytes() && p < img.length; i++) img[p++] = (byte) (nv[r] >>> (8 * i));
        }
        storage.metadataChanged();
    }
}
