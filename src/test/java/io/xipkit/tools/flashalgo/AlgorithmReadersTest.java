package io.xipkit.tools.flashalgo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AlgorithmReadersTest {
    static final String FLM = ReferenceAlgorithms.W25Q + ".FLM";
    static final String STLDR = ReferenceAlgorithms.W25Q + ".stldr";
    static final String YAML = ReferenceAlgorithms.W25Q + ".yaml";

    @Test
    void flmGivesTheFlashDeviceDescriptionAndPositionIndependentCode() {
        AlgorithmImage a = ReferenceAlgorithms.load(FLM);
        assertThat(a.format()).isEqualTo(AlgorithmFormat.FLM);
        assertThat(a.name()).isEqualTo("w25q128jv_stm32h750");
        assertThat(a.positionIndependent()).isTrue();
        FlashProperties f = a.flash();
        assertThat(f.device()).isEqualTo("W25Q128JV_STM32H750-W25Q128");
        assertThat(f.deviceType()).isEqualTo(5); // FlashOS.h EXTSPI
        assertThat(f.start()).isEqualTo(0x9000_0000L);
        assertThat(f.size()).isEqualTo(16 << 20);
        assertThat(f.pageSize()).isEqualTo(256);
        assertThat(f.erasedValue()).isEqualTo(0xFF);
        assertThat(f.programPageTimeoutMs()).isEqualTo(100);
        assertThat(f.eraseSectorTimeoutMs()).isEqualTo(1000);
        assertThat(f.sectors()).containsExactly(new SectorRun(0, 4096));
        assertThat(f.sectorCount()).isEqualTo(4096);
        assertThat(a.entries().keySet()).containsExactlyInAnyOrder(AlgorithmFunction.INIT, AlgorithmFunction.UNINIT,
                AlgorithmFunction.ERASE_SECTOR, AlgorithmFunction.ERASE_CHIP, AlgorithmFunction.PROGRAM_PAGE,
                AlgorithmFunction.VERIFY, AlgorithmFunction.BLANK_CHECK, AlgorithmFunction.READ);
        assertThat(a.entries().values()).allMatch(v -> (v & 1) == 1); // Thumb entry points
        assertThat(a.dataSectionOffset()).isEqualTo(a.code().length); // no PrgData: static base right after the code
    }

    @Test
    void stldrGivesStorageInfoAndItsLinkAddress() {
        AlgorithmImage a = ReferenceAlgorithms.load(STLDR);
        assertThat(a.format()).isEqualTo(AlgorithmFormat.STLDR);
        assertThat(a.format().successCode()).isEqualTo(1);
        assertThat(a.loadAddress()).isEqualTo(OptionalLong.of(0x2400_0004L));
        FlashProperties f = a.flash();
        assertThat(f.device()).isEqualTo("W25Q128JV_STM32H750-W25Q128");
        assertThat(f.deviceType()).isEqualTo(3); // Dev_Inf.h NOR_FLASH
        assertThat(f.start()).isEqualTo(0x9000_0000L);
        assertThat(f.size()).isEqualTo(16 << 20);
        assertThat(f.sectors()).containsExactly(new SectorRun(0, 4096));
        assertThat(a.entries().keySet()).contains(AlgorithmFunction.INIT, AlgorithmFunction.PROGRAM_PAGE, AlgorithmFunction.ERASE_SECTOR,
                AlgorithmFunction.ERASE_CHIP, AlgorithmFunction.READ, AlgorithmFunction.VERIFY, AlgorithmFunction.CHECKSUM);
        assertThat(AlgorithmFunction.PROGRAM_PAGE.nameIn(a.format())).isEqualTo("Write");
        assertThat(AlgorithmFunction.ERASE_SECTOR.nameIn(a.format())).isEqualTo("SectorErase");
        // The descriptor at address 0 is not part of what goes into RAM.
        assertThat(a.code().length).isLessThan(0x1000);
    }

    @Test
    void dualFlashAlgorithmDescribesBothDiesAsOne() throws Exception {
        FlashProperties f = ReferenceAlgorithms.load("MT25TL01G_STM32H757.FLM").flash();
        assertThat(f.size()).isEqualTo(128L << 20);
        assertThat(f.pageSize()).as("256 bytes per die, both at once").isEqualTo(512);
        assertThat(f.sectors()).containsExactly(new SectorRun(0, 8192));
        String committed = new String(ReferenceAlgorithms.bytes("MT25TL01G_STM32H757.yaml"), StandardCharsets.UTF_8);
        assertThat(ProbeRsYamlWriter.write(ReferenceAlgorithms.load("MT25TL01G_STM32H757.FLM")))
                .as("the committed target description's flash_algorithms part")
                .isEqualTo(committed.substring(committed.indexOf("\nflash_algorithms:\n") + 1));
        assertThat(DatasheetBound.of(ReferenceAlgorithms.load("MT25TL01G_STM32H757.FLM")).orElseThrow().sectorEraseUs()).isEqualTo(50000);
    }

    @Test
    void theTwoBuildsOfOneSourceDescribeTheSameFlash() {
        FlashProperties flm = ReferenceAlgorithms.load(FLM).flash();
        FlashProperties st = ReferenceAlgorithms.load(STLDR).flash();
        assertThat(List.of(st.start(), st.size(), st.pageSize(), (long) st.erasedValue()))
                .isEqualTo(List.of(flm.start(), flm.size(), flm.pageSize(), (long) flm.erasedValue()));
        assertThat(st.sectors()).isEqualTo(flm.sectors());
    }

    @Test
    void convertedFlmIsByteIdenticalToTheYamlTheFirmwareBuildMadeWithBinutils() throws Exception {
        String ours = ProbeRsYamlWriter.write(ReferenceAlgorithms.load(FLM));
        String committed = new String(ReferenceAlgorithms.bytes(YAML), StandardCharsets.UTF_8);
        // The committed file is a whole target description (mkyaml.sh with targets/BOARD.yaml); its
        // flash_algorithms part is the entry (ProbeRsTargetDescriptionTest checks the rest).
        assertThat(ours).isEqualTo(committed.substring(committed.indexOf("\nflash_algorithms:\n") + 1));
    }

    @Test
    void probeRsYamlReadsBackToTheSameAlgorithm() throws Exception {
        AlgorithmImage flm = ReferenceAlgorithms.load(FLM);
        AlgorithmImage back = ProbeRsYamlReader.read("a.yaml", ProbeRsYamlWriter.write(flm).getBytes(StandardCharsets.UTF_8), null);
        assertThat(back.code()).isEqualTo(flm.code());
        assertThat(back.entries()).isEqualTo(flm.entries());
        assertThat(back.dataSectionOffset()).isEqualTo(flm.dataSectionOffset());
        assertThat(back.loadAddress()).isEqualTo(flm.loadAddress());
        assertThat(back.name()).isEqualTo(flm.name());
        FlashProperties f = flm.flash();
        assertThat(back.flash()).isEqualTo(new FlashProperties(f.device(), 0, f.start(), f.size(), f.pageSize(), f.erasedValue(),
                f.programPageTimeoutMs(), f.eraseSectorTimeoutMs(), f.sectors()));
        // and once more: the writer is a fixed point
        assertThat(ProbeRsYamlWriter.write(back)).isEqualTo(ProbeRsYamlWriter.write(flm));
    }

    @Test
    void yamlKeysAndValueFormatsAreThoseProbeRsParses() throws Exception {
        String y = ProbeRsYamlWriter.write(ReferenceAlgorithms.load(FLM));
        // every key the writer emits is a RawFlashAlgorithm / FlashProperties / SectorDescription / Range field
        for (String line : y.split("\n")) {
            String t = line.strip();
            if (t.equals("flash_algorithms:")) continue;
            if (t.startsWith("- ")) t = t.substring(2);
            String key = t.substring(0, t.indexOf(':'));
            assertThat(ProbeRsYamlReader.ENTRY_KEYS.contains(key) || ProbeRsYamlReader.PROPERTY_KEYS.contains(key)
                    || List.of("start", "end", "size", "address").contains(key)).as(key).isTrue();
        }
        // hex_u_int / hex_option / hex_range: 0x + lower-case hex; timeouts u32 plain decimal; base64 standard alphabet
        assertThat(y).containsPattern("(?m)^  pc_program_page: 0x[0-9a-f]+$");
        assertThat(y).containsPattern("(?m)^  data_section_offset: 0x[0-9a-f]+$");
        assertThat(y).containsPattern("(?m)^      start: 0x90000000$");
        assertThat(y).containsPattern("(?m)^      end: 0x91000000$");
        assertThat(y).containsPattern("(?m)^    page_size: 0x100$");
        assertThat(y).containsPattern("(?m)^    erased_byte_value: 0xff$");
        assertThat(y).containsPattern("(?m)^    program_page_timeout: 100$");
        assertThat(y).containsPattern("(?m)^    erase_sector_timeout: 1000$");
        assertThat(y).containsPattern("(?m)^    - size: 0x1000\n      address: 0x0$");
        assertThat(y).containsPattern("(?m)^  instructions: [A-Za-z0-9+/]+=*$");
    }

    @Test
    void everyStldrConvertsToProbeRsYamlThatReadsBackToTheSameShimmedAlgorithm() throws Exception {
        for (String name : List.of(STLDR, "MT25TL01G_STM32H757.stldr", "STM32H750_INTERNAL.stldr", "STM32H757_INTERNAL.stldr", "STM32L476_INTERNAL.stldr")) {
            AlgorithmImage st = ReferenceAlgorithms.load(name);
            String yaml = ProbeRsYamlWriter.write(st);
            AlgorithmImage back = ProbeRsYamlReader.read("a.yaml", yaml.getBytes(StandardCharsets.UTF_8), null);
            AlgorithmImage shimmed = ProbeRsYamlWriter.probeRsView(st);
            assertThat(back).as(name).isEqualTo(new AlgorithmImage(shimmed.name(), shimmed.format(), shimmed.code(), shimmed.loadAddress(),
                    shimmed.dataLoadAddress(), shimmed.entries(), shimmed.dataSectionOffset(), back.flash(), shimmed.stackSize(), false, List.of()));
            FlashProperties f = st.flash();
            assertThat(back.flash()).as(name + ": a StorageInfo has no timeouts; probe-rs gets the runner's defaults")
                    .isEqualTo(new FlashProperties(f.device(), 0, f.start(), f.size(), f.pageSize(), f.erasedValue(),
                            AlgorithmRunner.DEFAULT_PAGE_MS, AlgorithmRunner.DEFAULT_ERASE_MS, f.sectors()));
            // The loader's own bytes come first, unchanged, at its link address (probe-rs load_address).
            assertThat(java.util.Arrays.copyOf(back.code(), st.code().length)).as(name).isEqualTo(st.code());
            assertThat(back.loadAddress()).isEqualTo(st.loadAddress());
            assertThat(yaml).containsPattern("(?m)^  load_address: 0x[0-9a-f]+$").doesNotContain("pc_uninit")
                    .contains("    program_page_timeout: 500\n", "    erase_sector_timeout: 6000\n");
            assertThat(ProbeRsYamlWriter.write(back)).as("the writer is a fixed point").isEqualTo(yaml);
        }
    }

    static final String TWO = """
            name: Family
            variants:
            - name: CHIP
              memory_map:
              - !Ram
                name: SRAM
                range: {start: 0x20000000, end: 0x20020000}
            flash_algorithms:
            - name: first
              description: First
              instructions: ABC=
              pc_program_page: 0x1
              pc_erase_sector: 0x1
              data_section_offset: 0x2
              flash_properties:
                address_range: {start: 0x8000000, end: 0x8010000}
                page_size: 0x400
                erased_byte_value: 0xff
                program_page_timeout: 100
                erase_sector_timeout: 1000
                sectors:
                - {size: 0x800, address: 0x0}
            - name: second
              description: Second
              instructions: ABC=
              load_address: 0x20000020
              pc_program_page: 0x1
              pc_erase_sector: 0x1
              data_section_offset: 0x2
              stack_size: 1024
              transfer_encoding: miniz
              flash_properties:
                address_range: {start: 0x8000000, end: 0x8010000}
                page_size: 0x400
                erased_byte_value: 0xff
                program_page_timeout: 100
                erase_sector_timeout: 1000
                sectors:
                - {size: 0x800, address: 0x0}
                - {size: 0x1000, address: 0x8000}
            """;

    @Test
    void aTargetFileWithSeveralAlgorithmsNeedsTheNameAfterAHash() {
        assertThatThrownBy(() -> ProbeRsYamlReader.read("t.yaml", TWO.getBytes(StandardCharsets.UTF_8), null))
                .hasMessage("t.yaml: holds 2 flash algorithms; pick one with t.yaml#NAME (first, second)");
        assertThatThrownBy(() -> ProbeRsYamlReader.read("t.yaml", TWO.getBytes(StandardCharsets.UTF_8), "third"))
                .hasMessage("t.yaml: no flash algorithm named 'third' (there are: first, second)");
    }

    @Test
    void theNamedEntryIsReadWithItsOptionalFields() throws Exception {
        AlgorithmImage a = ProbeRsYamlReader.read("t.yaml", TWO.getBytes(StandardCharsets.UTF_8), "second");
        assertThat(a.name()).isEqualTo("second");
        assertThat(a.code()).containsExactly(0x00, 0x10);
        assertThat(a.loadAddress()).isEqualTo(OptionalLong.of(0x2000_0020L));
        assertThat(a.stackSize()).isEqualTo(OptionalLong.of(1024));
        assertThat(a.miniz()).isTrue();
        assertThat(a.flash().sectors()).containsExactly(new SectorRun(0, 0x800), new SectorRun(0x8000, 0x1000));
        assertThat(a.flash().sectorAt(0x0800_9000L)).containsExactly(0x0800_9000L, 0x1000L);
        assertThat(a.flash().sectorCount()).isEqualTo(16 + 8);
    }

    @Test
    void unknownKeysAreRefusedAsProbeRsRefusesThem() {
        String typo = TWO.replace("stack_size: 1024", "stacksize: 1024");
        assertThatThrownBy(() -> ProbeRsYamlReader.read("t.yaml", typo.getBytes(StandardCharsets.UTF_8), "second"))
                .hasMessage("t.yaml: flash algorithm 'second': unknown key stacksize");
    }

    @Test
    void malformedValuesGiveOneLineNamingTheField() {
        String bad = TWO.replace("page_size: 0x400\n    erased_byte_value: 0xff\n    program_page_timeout: 100\n    erase_sector_timeout: 1000\n    sectors:\n    - {size: 0x800, address: 0x0}\n    - {size",
                "page_size: lots\n    erased_byte_value: 0xff\n    program_page_timeout: 100\n    erase_sector_timeout: 1000\n    sectors:\n    - {size: 0x800, address: 0x0}\n    - {size");
        assertThatThrownBy(() -> ProbeRsYamlReader.read("t.yaml", bad.getBytes(StandardCharsets.UTF_8), "second"))
                .hasMessage("t.yaml: flash algorithm 'second': page_size 'lots' is not a number");
        String noEnd = TWO.replace("address_range: {start: 0x8000000, end: 0x8010000}\n    page_size: 0x400\n    erased_byte_value: 0xff\n    program_page_timeout: 100\n    erase_sector_timeout: 1000\n    sectors:\n    - {size: 0x800, address: 0x0}\n- name",
                "address_range: {start: 0x8000000}\n    page_size: 0x400\n    erased_byte_value: 0xff\n    program_page_timeout: 100\n    erase_sector_timeout: 1000\n    sectors:\n    - {size: 0x800, address: 0x0}\n- name");
        assertThatThrownBy(() -> ProbeRsYamlReader.read("t.yaml", noEnd.getBytes(StandardCharsets.UTF_8), "first"))
                .hasMessage("t.yaml: flash algorithm 'first': missing end");
        assertThatThrownBy(() -> ProbeRsYamlReader.read("t.yaml", "a: [".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(AlgorithmFormatException.class).hasMessageStartingWith("t.yaml: not valid YAML: ");
    }

    @Test
    void anFlmWithoutItsCodeSectionIsNamedAsSuch() {
        byte[] b = ReferenceAlgorithms.bytes(FLM);
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf("PrgCode");
        b[at] = 'X';
        assertThatThrownBy(() -> FlmReader.read("a.FLM", b))
                .hasMessage("a.FLM: no PrgCode section: not a CMSIS flash algorithm (FLM)");
    }

    @Test
    void aFlashDeviceWithoutEndMarkerIsRefused() {
        byte[] b = ReferenceAlgorithms.bytes(FLM);
        // The sector list ends in the 0xFFFFFFFF pair at the end of DevDscr: break the marker.
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int dev = text.indexOf("W25Q128JV_STM32H750-W25Q128") - 2;
        b[dev + 168] = 0;
        assertThatThrownBy(() -> FlmReader.read("a.FLM", b))
                .hasMessageStartingWith("a.FLM: FlashDevice sector entry 2 (no end marker?) at 0x000100B0 (8 bytes) is not inside any section");
    }

    @Test
    void anElfWithNeitherDescriptorSaysWhatEachFormatMissed() {
        assertThatThrownBy(() -> AlgorithmFiles.load("firmware/elf/generic-m7/exceptions-O2.elf"))
                .hasMessage("exceptions-O2.elf: neither a CMSIS FLM (no PrgCode section: not a CMSIS flash algorithm (FLM)) "
                        + "nor a .stldr (no StorageInfo symbol: not an STM32CubeProgrammer external loader (.stldr))");
        assertThatThrownBy(() -> AlgorithmFiles.load("no/such.FLM")).hasMessage("no/such.FLM: file not found");
    }
}
