package io.xipkit.board;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each key and list entry of a board file is, so that an error names the line as well as
 * the key: the line of every key and entry by its path ({@code /memories/1/size}), from the
 * node tree's start marks. Building it also rejects a key written twice in one mapping, which a
 * tree reader would otherwise settle silently by keeping one of the two values.
 */
final class KeyLines {
    private final Map<String, Integer> lineByPointer;

    private KeyLines(Map<String, Integer> lineByPointer) {
        this.lineByPointer = lineByPointer;
    }

    /** The lines of the keys under {@code root}; a key repeated in one mapping is an error naming its second line. */
    static KeyLines of(String source, Node root) {
        KeyLines k = new KeyLines(new HashMap<>());
        k.walk(source, "", "", root);
        return k;
    }

    /** {@code pointer} as stored ({@code /memories/1/size}), {@code key} as messages write it ({@code memories[1].size}). */
    private void walk(String source, String pointer, String key, Node n) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String name = YamlNodes.keyText(t.getKeyNode());
                String p = pointer + "/" + name;
                String k = key.isEmpty() ? name : key + "." + name;
                if (lineByPointer.putIfAbsent(p, YamlNodes.line(t.getKeyNode())) != null) {
                    lineByPointer.put(p, YamlNodes.line(t.getKeyNode()));
                    throw error(source, k, "written twice in one mapping");
                }
                walk(source, p, k, t.getValueNode());
            }
        } else if (n instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                Node e = s.getValue().get(i);
                lineByPointer.put(pointer + "/" + i, YamlNodes.line(e));
                walk(source, pointer + "/" + i, key + "[" + i + "]", e);
            }
        }
    }

    /**
     * The line of {@code key} written as in messages ({@code memories[1].size}), or of the nearest
     * enclosing entry when the key is absent (a missing key), or -1.
     */
    int line(String key) {
        String pointer = "/" + key.replace("[", ".").replace("]", "").replace('.', '/');
        while (!pointer.isEmpty()) {
            Integer line = lineByPointer.get(pointer);
            if (line != null) return line;
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
        return -1;
    }

    /** "board file F: line N: key: problem" (without the line when it is unknown). */
    BoardException error(String source, String key, String problem) {
        int line = line(key);
        return new BoardException("board file " + source + ": " + (line > 0 ? "line " + line + ": " : "") + key + ": " + problem);
    }
}
