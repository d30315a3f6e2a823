package io.xipkit.peripherals.xspi;

/**
 * How one phase of an (Q/O/X)SPI transaction is clocked: on how many data lines and at which
 * rate. STR transfers one bit per line per clock, DTR two (both clock edges).
 */
public record PhaseFormat(int lines, boolean dtr) {
    public static final PhaseFormat S1 = new PhaseFormat(1, false);
    public static final PhaseFormat S2 = new PhaseFormat(2, false);
    public static final PhaseFormat S4 = new PhaseFormat(4, false);
    public static final PhaseFormat S8 = new PhaseFormat(8, false);
    public static final PhaseFormat D1 = new PhaseFormat(1, true);
    public static final PhaseFormat D2 = new PhaseFormat(2, true);
    public static final PhaseFormat D4 = new PhaseFormat(4, true);
    public static final PhaseFormat D8 = new PhaseFormat(8, true);

    public PhaseFormat {
        if (lines != 1 && lines != 2 && lines != 4 && lines != 8) {
            throw new IllegalArgumentException("phase lines must be 1, 2, 4 or 8, not " + lines);
        }
    }

    /** Bits moved per clock cycle. */
    public int bitsPerClock() {
        return dtr ? lines * 2 : lines;
    }

    /** Parses the usual notation: "1", "4", "8D" (D = double transfer rate). */
    public static PhaseFormat parse(String s) {
        String t = s.trim().toUpperCase();
        boolean d = t.endsWith("D");
        if (d || t.endsWith("S")) t = t.substring(0, t.length() - 1);
        try {
            return new PhaseFormat(Integer.parseInt(t), d);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad phase format '" + s + "' (expected e.g. 1, 4, 8D)");
        }
    }

    @Override
    public String toString() {
        return lines + (dtr ? "D" : "");
    }
}
