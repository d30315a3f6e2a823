package io.xipkit.board;

import io.xipkit.cpu.CoreVariant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a board description (YAML) into a {@link BoardDescription}. Every problem becomes a
 * {@link BoardException} whose one-line message names the file, the line and the offending key, e.g.
 * {@code board file generic-m7.yaml: line 12: memories[1].size: expected a size such as 4MiB or 0x400000, got "lots"}.
 *
 * <p>Numbers may be written as decimal, hexadecimal ({@code 0x2000_0000}), or with a binary unit
 * for sizes ({@code 64KiB}, {@code 4MiB}, {@code 1GiB}) and a decimal unit for frequencies
 * ({@code 25MHz}). Unknown keys are errors, so a typo does not silently drop a memory.
 */
public final class BoardDescriptionParser {
    private static final Set<String> TOP_KEYS = Set.of("id", "summary", "core", "clock", "memories", "peripherals",
            "systick");
    private static final Set<String> SYSTICK_KEYS = Set.of("clksource-at-reset", "reference", "calib");
    private static final Pattern CORE_DIVIDED = Pattern.compile("core/([1-9][0-9]*)");
    private static final Set<String> MEMORY_KEYS = Set.of("name", "base", "size", "kind", "of");

    /** Parses {@code text}; {@code source} names the file in messages. */
    public BoardDescription parse(String source, String text) {
        Node root = YamlNodes.parse(source, text);
        if (!YamlNodes.isMapping(root)) {
            throw new BoardException("board file " + source + ": expected a mapping with keys " + sorted(TOP_KEYS));
        }
        KeyLines lines = KeyLines.of(source, root);
        Ctx ctx = new Ctx(source, lines);
        ctx.checkKeys(root, "", TOP_KEYS);
        String id = ctx.text(root, "id");
        String summary = YamlNodes.has(root, "summary") ? ctx.text(root, "summary") : "";
        CoreVariant core = ctx.core(root, "core");
        long clock = ctx.quantity(root, "clock", "a frequency such as 25MHz or 25000000", true);
        if (clock <= 0) throw ctx.error("clock", "must be positive");
        Node list = ctx.require(root, "memories");
        if (!YamlNodes.isSequence(list) || YamlNodes.entries(list).isEmpty()) throw ctx.error("memories", "expected a non-empty list");
        List<MemoryDescription> memories = new ArrayList<>();
        Map<String, MemoryDescription> byName = new HashMap<>();
        for (int i = 0; i < YamlNodes.entries(list).size(); i++) {
            Node m = YamlNodes.entries(list).get(i);
            String at = "memories[" + i + "].";
            if (!YamlNodes.isMapping(m)) throw ctx.error("memories[" + i + "]", "expected a mapping with keys " + sorted(MEMORY_KEYS));
            ctx.checkKeys(m, at, MEMORY_KEYS);
            String name = ctx.text(m, at, "name");
            long base = ctx.quantity(m, at, "base", "an address such as 0x20000000", false);
            MemoryKind kind = ctx.kind(m, at);
            long size;
            String of = null;
            if (kind == MemoryKind.MIRROR) {
                of = ctx.text(m, at, "of");
                MemoryDescription target = byName.get(of);
                if (target == null || target.kind() == MemoryKind.MIRROR) {
                    throw ctx.error(at + "of", "\"" + of + "\" is not a RAM or ROM memory listed before this mirror");
                }
                if (YamlNodes.has(m, "size")) throw ctx.error(at + "size", "a mirror has the size of the memory it mirrors");
                size = target.size();
            } else {
                if (YamlNodes.has(m, "of")) throw ctx.error(at + "of", "only a mirror has \"of\"");
                size = ctx.quantity(m, at, "size", "a size such as 4MiB or 0x400000", true);
                if (size <= 0 || size > (1L << 30)) throw ctx.error(at + "size", "must be between 1 byte and 1GiB");
            }
            if (base < 0 || base + size > (1L << 32)) {
                throw ctx.error(at + "base", String.format("0x%x + size 0x%x leaves the 32-bit address space", base, size));
            }
            if (byName.containsKey(name)) throw ctx.error(at + "name", "\"" + name + "\" is used twice");
            MemoryDescription d = new MemoryDescription(name, base, size, kind, of);
            for (MemoryDescription other : memories) {
                if (d.base() < other.end() && other.base() < d.end()) {
                    throw ctx.error(at + "base", String.format("%s (0x%08x..0x%08x) overlaps %s (0x%08x..0x%08x)",
                            name, d.base(), d.end() - 1, other.name(), other.base(), other.end() - 1));
                }
            }
            byName.put(name, d);
            memories.add(d);
        }
        List<PeripheralDescription> peripherals = new ArrayList<>();
        Node plist = YamlNodes.get(root, "peripherals");
        if (!YamlNodes.isNull(plist)) {
            if (!YamlNodes.isSequence(plist)) throw ctx.error("peripherals", "expected a list");
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < YamlNodes.entries(plist).size(); i++) {
                Node p = YamlNodes.entries(plist).get(i);
                String at = "peripherals[" + i + "].";
                if (!YamlNodes.isMapping(p)) throw ctx.error("peripherals[" + i + "]", "expected a mapping with at least \"type\"");
                String type = ctx.text(p, at, "type");
                String name = YamlNodes.has(p, "name") ? ctx.text(p, at, "name") : type;
                if (!names.add(name)) throw ctx.error(at + "name", "\"" + name + "\" is used twice");
                long base = YamlNodes.has(p, "base") ? ctx.quantity(p, at, "base", "an address such as 0x40011000", false) : -1;
                if (base >= (1L << 32)) throw ctx.error(at + "base", "leaves the 32-bit address space");
                long irq = YamlNodes.has(p, "irq") ? ctx.quantity(p, at, "irq", "an NVIC line number such as 37", false) : -1;
                if (irq >= 240) throw ctx.error(at + "irq", "NVIC lines are 0..239");
                peripherals.add(new PeripheralDescription(type, name, base, (int) irq, new Params(source, at, p, lines)));
            }
        }
        return new BoardDescription(id, summary, core, clock, memories, peripherals, sysTick(ctx, YamlNodes.get(root, "systick")));
    }

    /** The optional {@code systick:} mapping; absent keys keep the core model's defaults. */
    private static SysTickDescription sysTick(Ctx ctx, Node node) {
        SysTickDescription d = SysTickDescription.DEFAULT;
        if (YamlNodes.isNull(node)) return d;
        if (!YamlNodes.isMapping(node)) throw ctx.error("systick", "expected a mapping with keys " + sorted(SYSTICK_KEYS));
        String at = "systick.";
        ctx.checkKeys(node, at, SYSTICK_KEYS);
        boolean onCore = d.resetOnCoreClock();
        if (YamlNodes.has(node, "clksource-at-reset")) {
            String v = ctx.text(node, at, "clksource-at-reset");
            if (!v.equals("core") && !v.equals("reference")) {
                throw ctx.error(at + "clksource-at-reset", "expected core or reference, got \"" + v + "\"");
            }
            onCore = v.equals("core");
        }
        long hz = d.referenceHz();
        int divider = d.referenceDivider();
        if (YamlNodes.has(node, "reference")) {
            Matcher m = CORE_DIVIDED.matcher(YamlNodes.shown(YamlNodes.get(node, "reference")).trim());
            if (m.matches()) {
                divider = Integer.parseInt(m.group(1));
                hz = 0;
            } else {
                hz = ctx.quantity(node, at, "reference", "a frequency such as 1MHz, or core/8", true);
                if (hz <= 0) throw ctx.error(at + "reference", "must be positive");
            }
        }
        int calib = d.calib();
        if (YamlNodes.has(node, "calib")) {
            long v = ctx.quantity(node, at, "calib", "a 32-bit SYST_CALIB value such as 0x4000270F", false);
            if (v > 0xFFFFFFFFL || (v & 0x3F000000L) != 0) {
                throw ctx.error(at + "calib", "bits 29:24 are reserved and must be 0 (B3.3.6)");
            }
            calib = (int) v;
        }
        return new SysTickDescription(onCore, hz, divider, calib);
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", new java.util.TreeSet<>(keys));
    }

    /** Parsing context: the file name and its key lines, for messages. */
    private static final class Ctx {
        final String source;
        final KeyLines lines;

        Ctx(String source, KeyLines lines) {
            this.source = source;
            this.lines = lines;
        }

        BoardException error(String key, String problem) {
            return lines.error(source, key, problem);
        }

        void checkKeys(Node node, String at, Set<String> allowed) {
            for (String k : YamlNodes.keys(node)) {
                if (!allowed.contains(k)) {
                    throw error(at + k, "unknown key (expected one of " + sorted(allowed) + ")");
                }
            }
        }

        Node require(Node node, String key) {
            return require(node, "", key);
        }

        Node require(Node node, String at, String key) {
            Node v = YamlNodes.get(node, key);
            if (YamlNodes.isNull(v)) throw error(at + key, "missing");
            return v;
        }

        String text(Node node, String key) {
            return text(node, "", key);
        }

        String text(Node node, String at, String key) {
            Node v = require(node, at, key);
            if (!YamlNodes.isString(v) || YamlNodes.text(v).isBlank()) throw error(at + key, "expected a non-empty string");
            return YamlNodes.text(v);
        }

        CoreVariant core(Node node, String key) {
            String name = text(node, key);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "cortex-m7": return CoreVariant.CORTEX_M7;
                case "cortex-m4": return CoreVariant.CORTEX_M4;
                default: throw error(key, "unknown core \"" + name + "\" (expected cortex-m7 or cortex-m4)");
            }
        }

        MemoryKind kind(Node node, String at) {
            String name = text(node, at, "kind");
            try {
                return MemoryKind.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(at + "kind", "unknown kind \"" + name + "\" (expected ram, rom or mirror)");
            }
        }

        long quantity(Node node, String key, String expected, boolean units) {
            return quantity(node, "", key, expected, units);
        }

        /** A non-negative integer: a YAML number, or text in decimal/hex with an optional unit. */
        long quantity(Node node, String at, String key, String expected, boolean units) {
            String text = YamlNodes.shown(require(node, at, key));
            try {
                return Quantity.parse(text, units ? Quantity.DESCRIPTION_UNITS : Quantity.NO_UNITS, false);
            } catch (Quantity.Invalid e) {
                throw e.problem == Quantity.Problem.OUT_OF_RANGE ? error(at + key, "number too large: \"" + text + "\"")
                        : error(at + key, "expected " + expected + ", got \"" + text + "\"");
            }
        }
    }
}
