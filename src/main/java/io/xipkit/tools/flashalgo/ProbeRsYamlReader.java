package io.xipkit.tools.flashalgo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads flash algorithms from a probe-rs target description (a chip-family YAML with a
 * {@code flash_algorithms} list) or from a single entry.
 *
 * <p>Schema: probe-rs-target src/flash_algorithm.rs (RawFlashAlgorithm, {@code deny_unknown_fields}:
 * name, description, default, instructions (standard base64), load_address, data_load_address,
 * pc_init, pc_uninit, pc_program_page, pc_erase_sector, pc_erase_all, pc_verify, pc_blank_check,
 * pc_read, vendor_functions, data_section_offset, rtt_location, rtt_poll_interval,
 * flash_properties, cores, stack_size, stack_overflow_check, transfer_encoding (raw | miniz),
 * big_endian) and src/flash_properties.rs (address_range {start, end}, page_size,
 * erased_byte_value, program_page_timeout, erase_sector_timeout, sectors [{size, address}]).
 * pc_* and data_section_offset are offsets from the start of the instructions (probe-rs
 * flashing/flash_algorithm.rs adds the code start to each).
 */
public final class ProbeRsYamlReader {
    static final Set<String> ENTRY_KEYS = Set.of("name", "description", "default", "instructions", "load_address",
            "data_load_address", "pc_init", "pc_uninit", "pc_program_page", "pc_erase_sector", "pc_erase_all", "pc_verify",
            "pc_blank_check", "pc_read", "vendor_functions", "data_section_offset", "rtt_location", "rtt_poll_interval",
            "flash_properties", "cores", "stack_size", "stack_overflow_check", "transfer_encoding", "big_endian");
    static final Set<String> PROPERTY_KEYS = Set.of("address_range", "page_size", "erased_byte_value", "program_page_timeout",
            "erase_sector_timeout", "sectors");

    private ProbeRsYamlReader() {}

    /**
     * Reads the algorithm called {@code select} (null: the file must hold exactly one) from YAML text.
     */
    public static AlgorithmImage read(String file, byte[] bytes, String select) throws AlgorithmFormatException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new AlgorithmFormatException(file + ": not valid YAML: " + oneLine(e.getOriginalMessage()));
        } catch (RuntimeException e) {
            throw new AlgorithmFormatException(file + ": not valid YAML: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (root == null || !root.isObject()) throw new AlgorithmFormatException(file + ": not a probe-rs target description (expected a mapping)");
        List<JsonNode> entries = new ArrayList<>();
        if (root.has("flash_algorithms")) {
            JsonNode list = root.get("flash_algorithms");
            if (!list.isArray()) throw new AlgorithmFormatException(file + ": flash_algorithms is not a list");
            list.forEach(entries::add);
        } else if (root.has("instructions")) {
            entries.add(root);
        } else {
            throw new AlgorithmFormatException(file + ": no flash_algorithms in this file");
        }
        if (entries.isEmpty()) throw new AlgorithmFormatException(file + ": flash_algorithms is empty");
        List<String> names = new ArrayList<>();
        JsonNode chosen = null;
        for (JsonNode e : entries) {
            String n = e.path("name").asText("");
            names.add(n);
            if (select != null && n.equals(select)) chosen = e;
        }
        if (select == null) {
            if (entries.size() > 1) {
                throw new AlgorithmFormatException(file + ": holds " + entries.size() + " flash algorithms; pick one with "
                        + file + "#NAME (" + String.join(", ", names) + ")");
            }
            chosen = entries.get(0);
        } else if (chosen == null) {
            throw new AlgorithmFormatException(file + ": no flash algorithm named '" + select + "' (there are: " + String.join(", ", names) + ")");
        }
        return entry(new Where(file, chosen.path("name").asText("?")), chosen);
    }

    /** Error context: the file and the entry. */
    private record Where(String file, String entry) {
        AlgorithmFormatException error(String problem) {
            return new AlgorithmFormatException(file + ": flash algorithm '" + entry + "': " + problem);
        }
    }

    private static AlgorithmImage entry(Where w, JsonNode e) throws AlgorithmFormatException {
        if (!e.isObject()) throw w.error("entry is not a mapping");
        unknownKeys(w, e, ENTRY_KEYS, "");
        String name = text(w, e, "name");
        text(w, e, "description");
        if (e.path("big_endian").asBoolean(false)) throw w.error("big-endian algorithms are not supported (Cortex-M targets are little-endian)");
        byte[] code;
        try {
            code = Base64.getDecoder().decode(text(w, e, "instructions").replaceAll("\\s", ""));
        } catch (IllegalArgumentException ex) {
            throw w.error("instructions are not base64: " + ex.getMessage());
        }
        if (code.length == 0) throw w.error("instructions are empty");
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(AlgorithmFunction.class);
        for (AlgorithmFunction f : AlgorithmFunction.values()) {
            if (f.probeRsKey() == null) continue;
            OptionalLong v = optional(w, e, f.probeRsKey());
            if (v.isPresent()) entries.put(f, v.getAsLong());
        }
        for (String required : new String[] {"pc_program_page", "pc_erase_sector", "data_section_offset"}) {
            if (!e.has(required)) throw w.error("missing " + required);
        }
        long dataOffset = number(w, e, "data_section_offset");
        String enc = e.has("transfer_encoding") && !e.get("transfer_encoding").isNull() ? e.get("transfer_encoding").asText() : "raw";
        if (!enc.equals("raw") && !enc.equals("miniz")) throw w.error("transfer_encoding '" + enc + "' is neither raw nor miniz");
        OptionalLong stack = optional(w, e, "stack_size");
        FlashProperties flash = properties(w, e.get("flash_properties"), e.path("description").asText());
        try {
            return new AlgorithmImage(name, AlgorithmFormat.PROBE_RS, code, optional(w, e, "load_address"),
                    optional(w, e, "data_load_address"), entries, dataOffset, flash, stack, enc.equals("miniz"), java.util.List.of());
        } catch (IllegalArgumentException ex) {
            throw w.error(ex.getMessage());
        }
    }

    private static FlashProperties properties(Where w, JsonNode p, String description) throws AlgorithmFormatException {
        if (p == null || !p.isObject()) throw w.error("missing flash_properties");
        unknownKeys(w, p, PROPERTY_KEYS, "flash_properties.");
        JsonNode range = p.get("address_range");
        if (range == null || !range.isObject()) throw w.error("missing flash_properties.address_range");
        long start = number(w, range, "start"), end = number(w, range, "end");
        if (end <= start) throw w.error(String.format("flash_properties.address_range is empty (0x%X..0x%X)", start, end));
        long erased = number(w, p, "erased_byte_value");
        if (erased > 0xFF) throw w.error("flash_properties.erased_byte_value 0x" + Long.toHexString(erased) + " is not a byte");
        List<SectorRun> runs = new ArrayList<>();
        JsonNode sectors = p.get("sectors");
        if (sectors != null && !sectors.isNull()) {
            if (!sectors.isArray()) throw w.error("flash_properties.sectors is not a list");
            for (JsonNode s : sectors) {
                if (!s.isObject()) throw w.error("flash_properties.sectors: an entry is not a mapping");
                long size = number(w, s, "size");
                if (size == 0) throw w.error("flash_properties.sectors: sector size 0");
                runs.add(new SectorRun(number(w, s, "address"), size));
            }
        }
        try {
            return new FlashProperties(description, 0, start, end - start, number(w, p, "page_size"), (int) erased,
                    number(w, p, "program_page_timeout"), number(w, p, "erase_sector_timeout"), runs);
        } catch (IllegalArgumentException ex) {
            throw w.error("flash_properties: " + ex.getMessage());
        }
    }

    private static void unknownKeys(Where w, JsonNode node, Set<String> known, String prefix) throws AlgorithmFormatException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            // probe-rs refuses unknown keys (serde deny_unknown_fields), so a typo must not pass here either.
            if (!known.contains(k)) throw w.error("unknown key " + prefix + k);
        }
    }

    private static String text(Where w, JsonNode e, String key) throws AlgorithmFormatException {
        JsonNode v = e.get(key);
        if (v == null || v.isNull()) throw w.error("missing " + key);
        if (!v.isValueNode()) throw w.error(key + " is not a string");
        return v.asText();
    }

    private static OptionalLong optional(Where w, JsonNode e, String key) throws AlgorithmFormatException {
        JsonNode v = e.get(key);
        if (v == null || v.isNull()) return OptionalLong.empty();
        return OptionalLong.of(number(w, e, key));
    }

    /** An unsigned 32-bit number: a YAML integer (0x hex or decimal) or the same as a string. */
    static long number(Where w, JsonNode e, String key) throws AlgorithmFormatException {
        JsonNode v = e.get(key);
        if (v == null || v.isNull()) throw w.error("missing " + key);
        BigInteger n;
        if (v.isIntegralNumber()) {
            n = v.bigIntegerValue();
        } else if (v.isTextual()) {
            String t = v.asText().strip().replace("_", "");
            try {
                n = t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
            } catch (NumberFormatException ex) {
                throw w.error(key + " '" + v.asText() + "' is not a number");
            }
        } else {
            throw w.error(key + " is not a number");
        }
        if (n.signum() < 0 || n.bitLength() > 32) throw w.error(key + " " + n + " is not a 32-bit unsigned number");
        return n.longValue();
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
