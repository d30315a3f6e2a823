package io.xipkit.board;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A board file as SnakeYAML's node tree, read without constructing Java objects. Each node keeps
 * the line it starts on, so error messages can name lines without a second pass. SnakeYAML alone
 * (rather than Jackson's tree over it) because every {@code run} parses one board file before its
 * first instruction, and Jackson's object mapper costs about a tenth of a second of a cold start.
 */
final class YamlNodes {
    private YamlNodes() {}

    /** The tree of {@code text} (null for an empty file); malformed YAML is one line naming the file and line. */
    static Node parse(String source, String text) {
        try {
            // The composer alone: a Yaml object would also make a constructor and a representer
            // (some 30 ms of a cold start, docs/PERFORMANCE.md) to build Java objects this reader
            // never asks for.
            LoaderOptions options = new LoaderOptions();
            return new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? -1 : e.getProblemMark().getLine() + 1;
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            throw new BoardException("board file " + source + ": " + (line > 0 ? "line " + line + ": " : "")
                    + problem.lines().findFirst().orElse("malformed YAML"));
        } catch (YAMLException e) {
            String m = e.getMessage() == null ? "malformed YAML" : e.getMessage();
            throw new BoardException("board file " + source + ": " + m.lines().findFirst().orElse("malformed YAML"));
        }
    }

    static boolean isMapping(Node n) {
        return n instanceof MappingNode;
    }

    static boolean isSequence(Node n) {
        return n instanceof SequenceNode;
    }

    static boolean isScalar(Node n) {
        return n instanceof ScalarNode && !isNull(n);
    }

    /** Absent ({@code key:} with nothing after it, {@code ~}, {@code null}). */
    static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode && n.getTag().equals(Tag.NULL));
    }

    /**
     * A plain or quoted string, not a number, boolean or null. YAML 1.1's yes/no/on/off, which
     * SnakeYAML tags as booleans, are strings here as in YAML 1.2.
     */
    static boolean isString(Node n) {
        return n instanceof ScalarNode && (n.getTag().equals(Tag.STR) || (n.getTag().equals(Tag.BOOL) && !isBoolean(n)));
    }

    /** true or false, as YAML 1.2 and Jackson spell them (not YAML 1.1's yes/no/on/off). */
    static boolean isBoolean(Node n) {
        if (!(n instanceof ScalarNode) || !n.getTag().equals(Tag.BOOL)) return false;
        String v = text(n);
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    /** A scalar's text as written (without quotes). */
    static String text(Node n) {
        return ((ScalarNode) n).getValue();
    }

    /** A mapping's value for {@code key}, or null when the key is absent. */
    static Node get(Node mapping, String key) {
        for (NodeTuple t : ((MappingNode) mapping).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
        }
        return null;
    }

    static boolean has(Node mapping, String key) {
        return get(mapping, key) != null;
    }

    /** A mapping's keys in file order. */
    static List<String> keys(Node mapping) {
        List<String> out = new ArrayList<>();
        for (NodeTuple t : ((MappingNode) mapping).getValue()) out.add(keyText(t.getKeyNode()));
        return out;
    }

    static List<Node> entries(Node sequence) {
        return ((SequenceNode) sequence).getValue();
    }

    /** How a value is shown in a message: a scalar as written, a mapping or list by its kind. */
    static String shown(Node n) {
        if (n instanceof ScalarNode s) return s.getValue();
        return n instanceof MappingNode ? "a mapping" : "a list";
    }

    static String keyText(Node key) {
        return key instanceof ScalarNode s ? s.getValue() : shown(key);
    }

    /** 1-based line where {@code n} starts. */
    static int line(Node n) {
        return n.getStartMark() == null ? -1 : n.getStartMark().getLine() + 1;
    }
}
