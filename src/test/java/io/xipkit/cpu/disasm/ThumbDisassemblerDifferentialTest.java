package io.xipkit.cpu.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Differential test against GNU objdump: every instruction in the golden listings under
 * {@code src/test/resources/disasm/} (assembled from the *.S sources there by {@code regen.sh}) is
 * disassembled from the same halfwords and compared after whitespace normalization, including
 * objdump's {@code @ ...} comments.
 *
 * <p>All mismatches are collected and reported together (count and the first 50).
 */
class ThumbDisassemblerDifferentialTest {

    /**
     * Known, deliberate differences: "listing:address" to the reason. Kept empty unless an objdump
     * quirk is not worth copying; anything listed here is still required to differ (so the list
     * cannot go stale) and is reported.
     */
    private static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

    private static List<String> goldenListings() throws IOException, URISyntaxException {
        Path dir = Path.of(ThumbDisassemblerDifferentialTest.class.getResource("/disasm/regen.sh").toURI()).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
                    .map(n -> "/disasm/" + n).toList();
        }
    }

    @Test
    void everyGoldenInstructionDisassemblesExactlyAsObjdump() throws Exception {
        List<String> listings = goldenListings();
        assertThat(listings).as("golden listings").isNotEmpty();
        List<String> mismatches = new ArrayList<>();
        List<String> staleKnown = new ArrayList<>(KNOWN_DIFFERENCES.keySet());
        int compared = 0;
        for (String resource : listings) {
            ObjdumpListing listing = ObjdumpListing.load(resource);
            ThumbDisassembler sequential = new ThumbDisassembler(listing.resolver());
            ThumbDisassembler stateless = new ThumbDisassembler(listing.resolver());
            int itState = 0;
            int expectedAddress = -1;
            for (ObjdumpListing.Line line : listing.lines()) {
                compared++;
                if (line.address() != expectedAddress) {
                    itState = 0;
                }
                String want = ObjdumpListing.normalize(line.text());
                Disassembly got = sequential.next(line.address(), line.hw1(), line.hw2());
                Disassembly gotStateless = stateless.disassemble(line.address(), line.hw1(), line.hw2(), itState);
                itState = nextItState(itState, line);
                expectedAddress = line.address() + line.size();

                String key = listing.name().substring("/disasm/".length()) + ":" + Integer.toHexString(line.address());
                String normalized = ObjdumpListing.normalize(got.text());
                boolean same = normalized.equals(want) && got.size() == line.size()
                        && ObjdumpListing.normalize(gotStateless.text()).equals(want);
                if (KNOWN_DIFFERENCES.containsKey(key)) {
                    if (!same) {
                        staleKnown.remove(key);
                    }
                    continue;
                }
                if (!same) {
                    mismatches.add(String.format("%s (line %d) %04x %s%n    objdump: %s%n    xipkit:  %s%s",
                            key, line.lineNumber(), line.hw1(), line.size() == 4 ? String.format("%04x", line.hw2()) : "    ",
                            want, normalized,
                            normalized.equals(ObjdumpListing.normalize(gotStateless.text())) ? ""
                                    : "\n    xipkit (stateless): " + ObjdumpListing.normalize(gotStateless.text())));
                }
            }
        }
        if (!mismatches.isEmpty()) {
            StringBuilder report = new StringBuilder();
            report.append(mismatches.size()).append(" of ").append(compared)
                    .append(" instructions differ from objdump; first 50:\n");
            mismatches.stream().limit(50).forEach(m -> report.append(m).append('\n'));
            throw new AssertionError(report.toString());
        }
        assertThat(compared).as("instructions compared").isGreaterThan(1000);
        assertThat(staleKnown).as("known differences that no longer differ (remove them)").isEmpty();
    }

    /** ITSTATE as the CPU advances it (ARMv7-M ARM A7.3.2), computed independently of the disassembler. */
    private static int nextItState(int state, ObjdumpListing.Line line) {
        if (line.size() == 2 && (line.hw1() & 0xff00) == 0xbf00 && (line.hw1() & 0xf) != 0) {
            return line.hw1() & 0xff;
        }
        if ((state & 0x7) == 0) {
            return 0;
        }
        return (state & 0xe0) | ((state << 1) & 0x1f);
    }
}
