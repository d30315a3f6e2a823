package io.xipkit.board;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number as board files write them: decimal or 0x hex, with {@code _} between digits, and an
 * optional unit from a table the caller chooses ("4MiB", "25MHz", "0x2000_0000"). Callers word
 * their own messages from the {@link Problem} a text has.
 */
final class Quantity {
    private static final Pattern FORM = Pattern.compile("(?i)\\s*(0x[0-9a-f_]+|[0-9][0-9_]*)\\s*([a-z]*)\\s*");

    /** Units of the board description's own keys (clock, base, size): binary sizes and frequencies. */
    static final Map<String, Long> DESCRIPTION_UNITS = Map.of("", 1L, "hz", 1L, "kib", 1L << 10, "mib", 1L << 20,
            "gib", 1L << 30, "khz", 1_000L, "mhz", 1_000_000L);
    /** Units of peripheral parameters: also the short forms (k, kB, M, MB, G, GB, bytes) and GHz. */
    static final Map<String, Long> PARAMETER_UNITS = Map.ofEntries(Map.entry("", 1L), Map.entry("b", 1L), Map.entry("hz", 1L),
            Map.entry("k", 1L << 10), Map.entry("kib", 1L << 10), Map.entry("kb", 1L << 10),
            Map.entry("m", 1L << 20), Map.entry("mib", 1L << 20), Map.entry("mb", 1L << 20),
            Map.entry("g", 1L << 30), Map.entry("gib", 1L << 30), Map.entry("gb", 1L << 30),
            Map.entry("khz", 1_000L), Map.entry("mhz", 1_000_000L), Map.entry("ghz", 1_000_000_000L));
    /** No unit at all (addresses, line numbers). */
    static final Map<String, Long> NO_UNITS = Map.of("", 1L);

    /** What is wrong with a text. */
    enum Problem { NOT_A_NUMBER, UNKNOWN_UNIT, OUT_OF_RANGE }

    /** A text that is no quantity: the problem, and the unit as written (for {@link Problem#UNKNOWN_UNIT}). */
    static final class Invalid extends Exception {
        final Problem problem;
        final String unit;

        Invalid(Problem problem, String unit) {
            super(problem.name(), null, false, false);
            this.problem = problem;
            this.unit = unit;
        }
    }

    private Quantity() {}

    /**
     * The value of {@code text} with units from {@code units} (keys in lower case).
     *
     * @param unsignedHex whether hex may use all 64 bits (read as unsigned), else it must fit a positive long
     */
    static long parse(String text, Map<String, Long> units, boolean unsignedHex) throws Invalid {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new Invalid(Problem.NOT_A_NUMBER, "");
        Long multiplier = units.get(m.group(2).toLowerCase(Locale.ROOT));
        if (multiplier == null) throw new Invalid(Problem.UNKNOWN_UNIT, m.group(2));
        String digits = m.group(1).replace("_", "");
        try {
            boolean hex = digits.toLowerCase(Locale.ROOT).startsWith("0x");
            long n = !hex ? Long.parseLong(digits)
                    : unsignedHex ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits.substring(2), 16);
            return Math.multiplyExact(n, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Invalid(Problem.OUT_OF_RANGE, m.group(2));
        }
    }
}
