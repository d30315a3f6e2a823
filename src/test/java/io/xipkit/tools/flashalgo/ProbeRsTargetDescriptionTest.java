package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.xipkit.tools.target.MemoryMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe-rs target description of each board with a reference algorithm: the board's memory
 * map, the board as the one variant, and each algorithm as {@code algo convert --board} writes
 * it. Key names are checked against probe-rs-target's structs (all {@code deny_unknown_fields}):
 * ChipFamily and Chip (chip_family.rs, chip.rs), Core, ArmCoreAccessOptions, the three
 * MemoryRegion kinds and MemoryAccess (memory.rs); tags and value formats as probe-rs's own target
 * files spell them ({@code !Ram}/{@code !Nvm}/{@code !Generic}, {@code !Arm}, {@code !v1 0},
 * ranges in 0x hex).
 */
class ProbeRsTargetDescriptionTest {
    static final Set<String> FAMILY_KEYS = Set.of("name", "manufacturer", "chip_detection", "generated_from_pack",
            "pack_file_release", "variants", "flash_algorithms");
    static final Set<String> CHIP_KEYS = Set.of("name", "part", "svd", "documentation", "package_variants", "cores",
            "memory_map", "flash_algorithms", "rtt_scan_ranges", "jtag", "default_binary_format", "skip_reset_on_ram_boot");
    static final Set<String> CORE_KEYS = Set.of("name", "type", "core_access_options");
    static final Set<String> ARM_ACCESS_KEYS = Set.of("ap", "targetsel", "debug_base", "cti_base", "jtag_tap");
    static final Set<String> REGION_KEYS = Set.of("name", "range", "cores", "is_alias", "access");
    static final Set<String> ACCESS_KEYS = Set.of("read", "write", "execute", "boot");

    private static void keysWithin(JsonNode n, Set<String> allowed, String what) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) assertThat(allowed).as(what).contains(it.next());
    }

    private static String describe(String board, AlgorithmImage a) throws Exception {
        FlashSession s = FlashSession.open(board, null, TestBoards.translation());
        try {
            return ProbeRsTargetWriter.write(s.board(), s.target().memoryMap(), List.of(a));
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stm32h750-w25q128", "stm32h757-mt25tl01g", "nucleo-l476rg", "nucleo-h7s3l8"})
    void eachReferenceAlgorithmGoesOutWithItsBoardsMemoryMapInProbeRsTerms(String board) throws Exception {
        List<AlgorithmImage> algorithms = BoardAlgorithms.forBoard(board);
        assertThat(algorithms).isNotEmpty();
        FlashSession s = FlashSession.open(board, null, TestBoards.translation());
        MemoryMap map = s.target().memoryMap();
        s.close();
        for (AlgorithmImage a : algorithms) {
            String y = describe(board, a);
            JsonNode root = new YAMLMapper().readTree(y);
            keysWithin(root, FAMILY_KEYS, "ChipFamily");
            assertThat(root.get("generated_from_pack").asBoolean(true)).isFalse();
            assertThat(root.get("variants")).hasSize(1);
            JsonNode chip = root.get("variants").get(0);
            keysWithin(chip, CHIP_KEYS, "Chip");
            assertThat(chip.get("name").asText()).isEqualTo(board);
            JsonNode core = chip.get("cores").get(0);
            keysWithin(core, CORE_KEYS, "Core");
            assertThat(core.get("type").asText()).isEqualTo("armv7em");
            keysWithin(core.get("core_access_options"), ARM_ACCESS_KEYS, "ArmCoreAccessOptions");
            assertThat(chip.get("flash_algorithms").get(0).asText()).isEqualTo(root.get("flash_algorithms").get(0).get("name").asText());

            // The memory map, region by region, as the board's: kind (by tag), name, range, boot.
            List<String> tags = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^  - (![A-Za-z]+)$").matcher(y);
            while (m.find()) tags.add(m.group(1));
            JsonNode regions = chip.get("memory_map");
            assertThat(regions).hasSize(map.regions().size());
            assertThat(tags).hasSize(map.regions().size());
            int boots = 0;
            for (int i = 0; i < regions.size(); i++) {
                JsonNode r = regions.get(i);
                MemoryMap.Region want = map.regions().get(i);
                keysWithin(r, REGION_KEYS, "MemoryRegion");
                assertThat(tags.get(i)).isEqualTo(switch (want.kind()) {
                    case RAM -> "!Ram";
                    case FLASH -> "!Nvm";
                    case ROM -> "!Generic";
                });
                assertThat(r.get("name").asText()).isEqualTo(want.name());
                assertThat(Long.decode(r.get("range").get("start").asText())).isEqualTo(want.base());
                assertThat(Long.decode(r.get("range").get("end").asText())).isEqualTo(want.end());
                assertThat(r.get("cores").get(0).asText()).isEqualTo(ProbeRsTargetWriter.CORE);
                if (r.has("access")) {
                    keysWithin(r.get("access"), ACCESS_KEYS, "MemoryAccess");
                    if (r.get("access").path("boot").asBoolean(false)) boots++;
                }
            }
            assertThat(boots).as("one boot memory").isEqualTo(1);
            // probe-rs picks an algorithm by the NVM region holding its address range.
            assertThat(map.regionAt(a.flash().start())).get().extracting(MemoryMap.Region::kind).isEqualTo(MemoryMap.Kind.FLASH);
            // Value formats: hex_range as 0x lower-case hex, the tags probe-rs's own files use.
            assertThat(y).containsPattern("(?m)^      start: 0x[0-9a-f]+$").contains("core_access_options: !Arm\n      ap: !v1 0\n");

            // Round trip: the algorithm read back from the target description is the one written.
            AlgorithmImage back = ProbeRsYamlReader.read("t.yaml", y.getBytes(StandardCharsets.UTF_8), null);
            AlgorithmImage view = ProbeRsYamlWriter.probeRsView(a);
            assertThat(back.code()).isEqualTo(view.code());
            assertThat(back.entries()).isEqualTo(view.entries());
            assertThat(back.flash().start()).isEqualTo(view.flash().start());
            assertThat(back.flash().sectors()).isEqualTo(view.flash().sectors());
            assertThat(ProbeRsYamlWriter.write(back)).isEqualTo(ProbeRsYamlWriter.write(a));
        }
    }

    /**
     * The committed reference YAMLs (firmware/elf/flashalgo, made by mkyaml.sh from the FLM and
     * targets/BOARD.yaml) are whole target descriptions of the board each algorithm is for (the
     * Makefile's BOARD_ lines): byte for byte what the writer makes from the board description now,
     * so a board whose memories change shows up here until the fragment is written again.
     */
    @ParameterizedTest
    @CsvSource({"W25Q128JV_STM32H750, stm32h750-w25q128", "MT25TL01G_STM32H757, stm32h757-mt25tl01g",
            "STM32H750_INTERNAL, stm32h750-w25q128", "STM32H757_INTERNAL, stm32h757-mt25tl01g",
            "STM32L476_INTERNAL, nucleo-l476rg", "MX25UW25645G_NUCLEO_H7S3L8, nucleo-h7s3l8"})
    void eachCommittedReferenceYamlIsTheTargetDescriptionOfItsBoardWithItsMemoryMap(String algorithm, String board) throws Exception {
        String committed = new String(ReferenceAlgorithms.bytes(algorithm + ".yaml"), StandardCharsets.UTF_8);
        assertThat(committed).isEqualTo(describe(board, ReferenceAlgorithms.load(algorithm + ".FLM")));
        JsonNode chip = new YAMLMapper().readTree(committed).get("variants").get(0);
        assertThat(chip.get("name").asText()).isEqualTo(board);
        assertThat(chip.get("memory_map")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stm32h750-w25q128", "stm32h757-mt25tl01g", "nucleo-l476rg"})
    void theInternalFlashTheCoreBootsFromIsTheBootMemory(String board) throws Exception {
        AlgorithmImage internal = BoardAlgorithms.forBoard(board).get(0);
        JsonNode regions = new YAMLMapper().readTree(describe(board, internal)).get("variants").get(0).get("memory_map");
        List<String> boot = new ArrayList<>();
        for (JsonNode r : regions) if (r.path("access").path("boot").asBoolean(false)) boot.add(r.get("name").asText());
        assertThat(boot).containsExactly("flash-bank1");
    }

    @org.junit.jupiter.api.Test
    void aMirroredMemoryIsAnAlias() throws Exception {
        JsonNode regions = new YAMLMapper().readTree(describe("nucleo-l476rg", BoardAlgorithms.forBoard("nucleo-l476rg").get(0)))
                .get("variants").get(0).get("memory_map");
        List<String> aliases = new ArrayList<>();
        for (JsonNode r : regions) if (r.path("is_alias").asBoolean(false)) aliases.add(r.get("name").asText());
        assertThat(aliases).containsExactly("sram2-alias");
    }
}
