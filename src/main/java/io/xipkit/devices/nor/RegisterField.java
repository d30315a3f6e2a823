package io.xipkit.devices.nor;

/**
 * A named bit field of the register file ("SR1.2-4", or several segments such as Winbond's
 * "SR2.6,SR1.5"), resolved to register indices once when the chip is built so that reading or
 * writing it on a hot path (status refresh, every read's dummy clocks) costs no name lookup.
 * Segments are listed least significant first.
 */
final class RegisterField {
    /** Bits {@code lo..hi} of register {@code reg}. */
    private record Segment(int reg, int lo, int hi) {
        int width() {
            return hi - lo + 1;
        }
    }

    private final long[] values;
    private final Segment[] segments;
    private final int width;

    private RegisterField(long[] values, Segment[] segments) {
        this.values = values;
        this.segments = segments;
        int w = 0;
        for (Segment s : segments) w += s.width();
        this.width = w;
    }

    /**
     * Parses a field spec ("REG.bit" or "REG.lo-hi", comma separated) against the register file's
     * current values; {@code regIndex} maps a register name to its index (and rejects unknown names).
     */
    static RegisterField parse(String part, String spec, long[] values, java.util.function.ToIntFunction<String> regIndex) {
        String[] parts = spec.split(",");
        Segment[] segs = new Segment[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int dot = p.lastIndexOf('.');
            if (dot < 0) throw new IllegalArgumentException(part + ": bad field '" + spec + "' (expected REG.bit or REG.lo-hi)");
            int r = regIndex.applyAsInt(p.substring(0, dot));
            String bits = p.substring(dot + 1);
            int dash = bits.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? bits : bits.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(bits.substring(dash + 1));
            segs[i] = new Segment(r, lo, hi);
        }
        return new RegisterField(values, segs);
    }

    long get() {
        long v = 0;
        int shift = 0;
        for (Segment s : segments) {
            int w = s.width();
            v |= ((values[s.reg] >>> s.lo) & ((1L << w) - 1)) << shift;
            shift += w;
        }
        return v;
    }

    void set(long v) {
        for (Segment s : segments) {
            int w = s.width();
            long m = ((1L << w) - 1) << s.lo;
            values[s.reg] = (values[s.reg] & ~m) | ((v << s.lo) & m);
            v >>>= w;
        }
    }

    int width() {
        return width;
    }

    /** The field's all-ones value (Micron uses it as "not configured"). */
    long allOnes() {
        return (1L << width) - 1;
    }
}
