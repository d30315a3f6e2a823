package io.xipkit.board;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list entry of a board file is, so that an error names the line as well as
 * the key. The tree the parser reads ({@code JsonNode}) keeps no positions; a second, streaming
 * pass over the same text records the line of every token by its path (Jackson's
 * {@code JsonLocation} of the token, {@code JsonStreamContext.pathAsPointer()} for the path).
 */
final class KeyLines {
    private static final KeyLines NONE = new KeyLines(Map.of());
    private final Map<String, Integer> lineByPointer;

    private KeyLines(Map<String, Integer> lineByPointer) {
        this.lineByPointer = lineByPointer;
    }

    /** The lines of {@code text}'s keys; none if the text does not parse (the parser reports that). */
    static KeyLines of(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                // A key's own line for FIELD_NAME; an entry's line for the first token of a list element.
                lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.getTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            return NONE;
        }
        return new KeyLines(lines);
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
