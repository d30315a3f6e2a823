package io.xipkit.tools.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.xipkit.bus.FlashOperation;
import io.xipkit.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.CRC32;

/**
 * Reads a scenario file (format in docs/CAMPAIGNS.md). Paths inside it (images, files to send) are
 * relative to {@code base}, the directory the campaign runs from, so the same file names the same
 * firmware whatever machine or shard runs it.
 */
public final class ScenarioParser {
    private static final Set<String> TOP = Set.of("name", "board", "images", "stimulus", "run", "invariant", "cuts");

    private ScenarioParser() {}

    public static Scenario load(Path file, Path base) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CampaignException("no scenario file " + file);
        } catch (IOException e) {
            throw new CampaignException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, base, file.getFileName().toString());
    }

    public static Scenario parse(String yaml, Path base, String where) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new CampaignException(where + ": not YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new CampaignException(where + ": expected a mapping at the top");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) throw new CampaignException(where + ": unknown key \"" + k + "\" (known: " + TOP + ")");
        }
        String name = text(root, "name", where);
        String board = text(root, "board", where);
        List<String> images = new ArrayList<>();
        for (JsonNode n : list(root, "images")) {
            Path p = base.resolve(n.asText());
            if (!Files.isRegularFile(p)) throw new CampaignException(where + ": image " + n.asText() + " not found");
            images.add(p.toString());
        }
        List<Scenario.Stimulus> stimulus = new ArrayList<>();
        for (JsonNode n : list(root, "stimulus")) stimulus.add(stimulus(n, base, where));
        long runPicos = duration(root.get("run"), "run", where);
        JsonNode inv = root.get("invariant");
        if (inv == null || !inv.isObject()) throw new CampaignException(where + ": missing invariant");
        Scenario.Invariant invariant = new Scenario.Invariant(duration(inv.get("within"), "invariant.within", where),
                patterns(inv, "must", where), patterns(inv, "must-not", where),
                inv.has("after-must") ? duration(inv.get("after-must"), "invariant.after-must", where) : -1);
        if (invariant.must().isEmpty() && invariant.mustNot().isEmpty()) {
            throw new CampaignException(where + ": the invariant checks nothing (give must and/or must-not patterns)");
        }
        JsonNode cuts = root.get("cuts");
        Set<FlashOperation.Kind> kinds = EnumSet.allOf(FlashOperation.Kind.class);
        List<CutPosition> positions = List.of(CutPosition.START, CutPosition.MIDDLE, CutPosition.END);
        long seed = 1;
        int torn = 0;
        CutPosition recovery = null;
        if (cuts != null) {
            if (cuts.has("operations")) {
                kinds = EnumSet.noneOf(FlashOperation.Kind.class);
                for (JsonNode k : list(cuts, "operations")) kinds.add(enumOf(FlashOperation.Kind.class, k.asText(), "cuts.operations", where));
            }
            if (cuts.has("positions")) {
                List<CutPosition> ps = new ArrayList<>();
                for (JsonNode k : list(cuts, "positions")) {
                    CutPosition p = enumOf(CutPosition.class, k.asText(), "cuts.positions", where);
                    if (p == CutPosition.TORN) throw new CampaignException(where + ": cuts.positions: give seeded torn cuts as cuts.torn: N");
                    ps.add(p);
                }
                positions = List.copyOf(ps);
            }
            if (cuts.has("seed")) seed = cuts.get("seed").asLong();
            if (cuts.has("recovery")) {
                recovery = enumOf(CutPosition.class, cuts.get("recovery").asText(), "cuts.recovery", where);
                if (recovery == CutPosition.TORN) throw new CampaignException(where + ": cuts.recovery: start, middle or end");
            }
            if (cuts.has("torn")) {
                JsonNode n = cuts.get("torn");
                if (!n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 1000) {
                    throw new CampaignException(where + ": cuts.torn wants a count of seeded torn patterns per operation (0..1000)");
                }
                torn = n.asInt();
            }
        }
        return new Scenario(name, board, List.copyOf(images), List.copyOf(stimulus), runPicos, invariant,
                Set.copyOf(kinds), positions, seed, torn, recovery);
    }

    private static Scenario.Stimulus stimulus(JsonNode n, Path base, String where) {
        String after = n.has("after") ? n.get("after").asText() : null;
        long at = n.has("at") ? duration(n.get("at"), "stimulus.at", where) : 0;
        byte[] bytes;
        if (n.has("text")) {
            bytes = n.get("text").asText().getBytes(StandardCharsets.ISO_8859_1);
        } else if (n.has("file")) {
            Path p = base.resolve(n.get("file").asText());
            try {
                bytes = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new CampaignException(where + ": cannot read stimulus file " + n.get("file").asText());
            }
            String frame = n.has("frame") ? n.get("frame").asText() : "none";
            if (frame.equals("length-crc32")) bytes = lengthCrc32(bytes);
            else if (!frame.equals("none")) throw new CampaignException(where + ": unknown frame \"" + frame + "\" (none, length-crc32)");
        } else {
            throw new CampaignException(where + ": a stimulus step needs text or file");
        }
        return new Scenario.Stimulus(after, at, bytes);
    }

    /** 4-byte little-endian length, the bytes, their 4-byte little-endian CRC-32 (IEEE 802.3, as zlib crc32). */
    static byte[] lengthCrc32(byte[] image) {
        CRC32 crc = new CRC32();
        crc.update(image);
        return ByteBuffer.allocate(image.length + 8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(image.length).put(image).putInt((int) crc.getValue()).array();
    }

    private static List<Pattern> patterns(JsonNode inv, String key, String where) {
        List<Pattern> out = new ArrayList<>();
        for (JsonNode n : list(inv, key)) {
            try {
                out.add(Pattern.compile(n.asText(), Pattern.DOTALL));
            } catch (PatternSyntaxException e) {
                throw new CampaignException(where + ": invariant." + key + ": bad pattern " + n.asText());
            }
        }
        return List.copyOf(out);
    }

    /** "1500ms", "2s", "250us", "100ns" in virtual time. */
    static long duration(JsonNode n, String key, String where) {
        if (n == null) throw new CampaignException(where + ": missing " + key);
        var m = java.util.regex.Pattern.compile("(\\d+)\\s*(s|ms|us|ns)").matcher(n.asText().trim());
        if (!m.matches()) throw new CampaignException(where + ": " + key + " wants a duration like 500ms, got \"" + n.asText() + "\"");
        long v = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> Clock.PICOS_PER_MILLI * 1000;
            case "ms" -> Clock.PICOS_PER_MILLI;
            case "us" -> Clock.PICOS_PER_NANO * 1000;
            default -> Clock.PICOS_PER_NANO;
        };
        return Math.multiplyExact(v, unit);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String s, String key, String where) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CampaignException(where + ": " + key + ": unknown value \"" + s + "\"");
        }
    }

    private static String text(JsonNode root, String key, String where) {
        JsonNode n = root.get(key);
        if (n == null || !n.isValueNode() || n.asText().isBlank()) throw new CampaignException(where + ": missing " + key);
        return n.asText();
    }

    private static List<JsonNode> list(JsonNode root, String key) {
        JsonNode n = root.get(key);
        List<JsonNode> out = new ArrayList<>();
        if (n == null) return out;
        if (n.isArray()) n.forEach(out::add);
        else out.add(n);
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
