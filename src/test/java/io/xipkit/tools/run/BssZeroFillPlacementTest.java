package io.xipkit.tools.run;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.LoadableImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An ELF segment's zero fill (p_memsz beyond p_filesz) is run-time memory, not file content: a
 * probe programs only the file's bytes into flash, so loading an XIP image must not write zeros
 * into the NOR chip after it, while a RAM image keeps its zero fill as QEMU places it (and as
 * SYS_HEAPINFO counts it).
 */
class BssZeroFillPlacementTest {
    /** Its .bss (0x800 bytes, run address in AXI SRAM) has its load address 0x90003240 in the QUADSPI window. */
    private static final Path XIP_APP = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-selfupdate-app.elf");
    private static final long BSS_LOAD_ADDRESS = 0x9000_3240L;

    private static final class Host implements BoardHost {
        final Map<String, NonVolatileMemory> memories = new TreeMap<>();

        @Override
        public NonVolatileMemory nonVolatile(String name, long size) {
            return memories.computeIfAbsent(name, n -> new ArrayNonVolatileMemory(size));
        }

        @Override
        public void event(String line) {}
    }

    @Test
    void theElfLoaderKeepsTheZeroFillButMarksWhatTheFileHolds() throws Exception {
        LoadableImage image = ElfImage.load(XIP_APP);
        LoadableImage.Segment bss = image.segments().stream().filter(s -> s.address() == BSS_LOAD_ADDRESS).findFirst().orElseThrow();
        assertThat(bss.size()).isEqualTo(0x800);
        assertThat(bss.stored()).isZero();
        assertThat(image.storedContent().segments()).noneMatch(s -> s.address() == BSS_LOAD_ADDRESS)
                .allMatch(s -> s.stored() == s.size());
    }

    @Test
    void loadingAnXipImageLeavesTheFlashAfterItErasedWhereItsBssLoadAddressIs() throws Exception {
        Host host = new Host();
        Board board = TestBoards.create("stm32h750-w25q128", host);
        ImageLoading.Loaded loaded = ImageLoading.place(board, XIP_APP, OptionalLong.empty());

        assertThat(loaded.segments()).noneMatch(p -> p.address() == BSS_LOAD_ADDRESS);
        byte[] chip = ((ArrayNonVolatileMemory) host.memories.get("qspi-flash1")).array();
        int at = (int) (BSS_LOAD_ADDRESS - 0x9000_0000L);
        for (int i = 0; i < 0x800; i++) {
            assertThat(chip[at + i]).as("chip byte 0x%x", at + i).isEqualTo((byte) 0xFF);
        }
        // The file's bytes right before it are programmed.
        LoadableImage image = ElfImage.load(XIP_APP);
        LoadableImage.Segment data = image.segments().stream().filter(s -> s.end() == BSS_LOAD_ADDRESS).findFirst().orElseThrow();
        for (int i = 0; i < data.size(); i++) {
            assertThat(chip[(int) (data.address() - 0x9000_0000L) + i]).isEqualTo(data.data()[i]);
        }
    }

    @Test
    void aRamImageKeepsItsZeroFill() throws Exception {
        Path hello = Path.of("firmware/elf/examples/generic-m7-hello.elf");
        LoadableImage image = ElfImage.load(hello);
        LoadableImage.Segment first = image.segments().get(0);
        assertThat(first.stored()).isLessThan(first.size());

        Board board = TestBoards.create("generic-m7", new Host());
        ImageLoading.Loaded loaded = ImageLoading.place(board, hello, OptionalLong.empty());
        assertThat(loaded.segments()).anyMatch(p -> p.address() == first.address() && p.length() == first.size());
    }
}
