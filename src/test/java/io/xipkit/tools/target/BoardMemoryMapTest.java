package io.xipkit.tools.target;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import org.junit.jupiter.api.Test;

class BoardMemoryMapTest {
    private static MemoryMap map(String board) {
        Board b = TestBoards.create(board, BoardHost.inMemory());
        return BoardMemoryMap.of(b);
    }

    @Test
    void h750HasOne128KSectorOfInternalFlashAndTheW25Q128WindowIn4KBlocks() {
        MemoryMap m = map("stm32h750-w25q128");
        assertThat(m.regionAt(0x0800_0000L)).get().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(MemoryMap.Kind.FLASH);
            assertThat(r.size()).isEqualTo(128 << 10);
            assertThat(r.blockSize()).isEqualTo(128 << 10);
            assertThat(r.controller()).isEqualTo("FLASH");
        });
        assertThat(m.regionAt(0x9000_0000L)).get().satisfies(r -> {
            assertThat(r.size()).isEqualTo(16 << 20);
            assertThat(r.blockSize()).isEqualTo(4096);
            assertThat(r.controller()).isEqualTo("QUADSPI");
        });
        assertThat(m.regionAt(0x2400_0000L)).get().extracting(MemoryMap.Region::kind).isEqualTo(MemoryMap.Kind.RAM);
        assertThat(m.regionAt(0x0810_0000L)).isEmpty();
    }

    @Test
    void dualFlashDoublesTheWindowAndTheEraseUnit() {
        MemoryMap m = map("stm32h757-mt25tl01g");
        assertThat(m.regionAt(0x9000_0000L)).get().satisfies(r -> {
            assertThat(r.size()).isEqualTo(128L << 20);
            assertThat(r.blockSize()).isEqualTo(8192);
        });
        assertThat(m.regionAt(0x0810_0000L)).get().extracting(MemoryMap.Region::bank).isEqualTo(2);
    }

    @Test
    void l476HasTwoBanksOf2KPages() {
        MemoryMap m = map("nucleo-l476rg");
        assertThat(m.flashRegions()).extracting(MemoryMap.Region::base, MemoryMap.Region::blockSize, MemoryMap.Region::bank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x0800_0000L, 2048L, 1),
                        org.assertj.core.groups.Tuple.tuple(0x0808_0000L, 2048L, 2));
    }

    @Test
    void coversSpansAdjacentRegionsButNotGaps() {
        MemoryMap m = map("stm32h750-w25q128");
        assertThat(m.covers(0x3001_FFF0L, 0x20)).isTrue();   // sram1 into sram2
        assertThat(m.covers(0x2001_FFF0L, 0x20)).isFalse();  // past the end of DTCM
    }
}
