package io.xipkit.cpu.disasm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code arm-none-eabi-objdump -d} listing: the instructions (address, halfwords, text) and the
 * symbol labels, so the same halfwords can be fed to {@link ThumbDisassembler} and compared.
 */
record ObjdumpListing(String name, List<Line> lines, TreeMap<Long, String> symbols) {

    record Line(int lineNumber, int address, int hw1, int hw2, int size, String text) {}

    private static final Pattern LABEL = Pattern.compile("^([0-9a-f]+) <(.+)>:$");
    private static final Pattern INSN =
            Pattern.compile("^ *([0-9a-f]+):\\t([0-9a-f]{4})(?: ([0-9a-f]{4}))? *\\t(.*)$");

    static ObjdumpListing load(String resource) throws IOException {
        try (InputStream in = ObjdumpListing.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static ObjdumpListing parse(String name, String text) {
        List<Line> lines = new ArrayList<>();
        TreeMap<Long, String> symbols = new TreeMap<>();
        String[] rows = text.split("\n");
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i];
            Matcher label = LABEL.matcher(row);
            if (label.matches()) {
                symbols.put(Long.parseLong(label.group(1), 16), label.group(2));
                continue;
            }
            Matcher insn = INSN.matcher(row);
            if (!insn.matches() || insn.group(4).startsWith(".")) {
                continue;  // headers, blank lines, and data (.word/.short) from mapping symbols
            }
            int address = (int) Long.parseLong(insn.group(1), 16);
            int hw1 = Integer.parseInt(insn.group(2), 16);
            int hw2 = insn.group(3) == null ? 0 : Integer.parseInt(insn.group(3), 16);
            int size = insn.group(3) == null ? 2 : 4;
            lines.add(new Line(i + 1, address, hw1, hw2, size, insn.group(4)));
        }
        return new ObjdumpListing(name, lines, symbols);
    }

    /**
     * objdump's target naming: the nearest label at or below the address (compared unsigned, so a
     * wrapped-around negative target names the last label), with a hex offset.
     */
    SymbolResolver resolver() {
        return address -> {
            var entry = symbols.floorEntry(Integer.toUnsignedLong(address));
            if (entry == null) {
                return null;
            }
            long offset = Integer.toUnsignedLong(address) - entry.getKey();
            return offset == 0 ? entry.getValue() : entry.getValue() + "+0x" + Long.toHexString(offset);
        };
    }

    /** Whitespace differences (objdump pads with tabs and spaces) are not significant. */
    static String normalize(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
