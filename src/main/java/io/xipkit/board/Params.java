package io.xipkit.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The type-specific keys of a board-file entry, read with one-line errors that name the file
 * the line and the key ("board file x.yaml: line 21: peripherals[3].hse: expected a frequency such as 25MHz").
 */
public final class Params {

    private final String source;
    private final String at;
    private final Node node;
    private final KeyLines lines;

    Params(String source, String at, Node node, KeyLines lines) {
        this.source = source;
        this.at = at;
        this.node = node;
        this.lines = lines;
    }

    public BoardException error(String key, String problem) {
        return lines.error(source, at + key, problem);
    }

    /** Fails on keys other than {@code allowed} (so a typo never passes silently). */
    public void allowOnly(Set<String> allowed) {
        for (String k : YamlNodes.keys(node)) {
            if (!allowed.contains(k)) {
                throw error(k, "unknown key (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    public boolean has(String key) {
        return !YamlNodes.isNull(YamlNodes.get(node, key));
    }

    public String text(String key) {
        Node v = YamlNodes.get(node, key);
        if (YamlNodes.isNull(v)) throw error(key, "missing");
        if (!YamlNodes.isScalar(v) || YamlNodes.text(v).isBlank()) throw error(key, "expected a non-empty string");
        return YamlNodes.text(v);
    }

    public String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    public boolean flag(String key, boolean fallback) {
        if (!has(key)) return fallback;
        Node v = YamlNodes.get(node, key);
        if (!YamlNodes.isBoolean(v)) throw error(key, "expected true or false");
        return YamlNodes.text(v).equalsIgnoreCase("true");
    }

    /** A non-negative integer: a number, or text in decimal/hex with an optional unit (KiB, MHz...). */
    public long quantity(String key) {
        Node v = YamlNodes.get(node, key);
        if (YamlNodes.isNull(v)) throw error(key, "missing");
        return parseQuantity(key, v);
    }

    public long quantity(String key, long fallback) {
        return has(key) ? quantity(key) : fallback;
    }

    /** A mapping from small numbers to names (e.g. {@code leds: {3: LD1}}); empty when absent. */
    public java.util.Map<Integer, String> names(String key) {
        java.util.Map<Integer, String> out = new java.util.HashMap<>();
        if (!has(key)) return out;
        Node v = YamlNodes.get(node, key);
        if (!YamlNodes.isMapping(v)) throw error(key, "expected a mapping such as {3: LD1}");
        for (String k : YamlNodes.keys(v)) {
            Node name = YamlNodes.get(v, k);
            try {
                out.put(Integer.parseInt(k.trim()), YamlNodes.isScalar(name) ? YamlNodes.text(name) : "");
            } catch (NumberFormatException e) {
                throw error(key, "\"" + k + "\" is not a number");
            }
        }
        return out;
    }

    /** A list of quantities. */
    public List<Long> quantities(String key) {
        Node v = YamlNodes.get(node, key);
        if (!YamlNodes.isSequence(v)) throw error(key, "expected a list");
        List<Long> out = new ArrayList<>();
        for (Node e : YamlNodes.entries(v)) out.add(parseQuantity(key, e));
        return out;
    }

    /** A YAML number and text such as "0x2000_0000" or "25MHz" go the same way: SnakeYAML keeps a scalar as written. */
    private long parseQuantity(String key, Node v) {
        String text = YamlNodes.shown(v);
        try {
            return Quantity.parse(text, Quantity.PARAMETER_UNITS, true);
        } catch (Quantity.Invalid e) {
            throw switch (e.problem) {
                case NOT_A_NUMBER -> error(key, "expected a number such as 0x20000000, 4MiB or 25MHz, got \"" + text + "\"");
                case UNKNOWN_UNIT -> error(key, "unknown unit \"" + e.unit + "\" in \"" + text + "\"");
                case OUT_OF_RANGE -> error(key, "number out of range: \"" + text + "\"");
            };
        }
    }
}
