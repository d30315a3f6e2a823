package io.xipkit.board;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoardTest {
    private final BoardCatalog catalog = TestBoards.catalog();

    @Test
    void segmentInNoMemoryIsOneLineNamingRangeSizeImageAndBoard() {
        Board board = catalog.create("generic-m7");
        assertThatThrownBy(() -> board.loadSegment("app.elf", 0x7000_0000L, new byte[4096]))
                .isInstanceOf(BoardException.class)
                .hasMessage("segment 0x70000000..0x70000fff (4096 bytes) of app.elf is in no memory of board generic-m7");
    }

    @Test
    void segmentRunningOffTheEndOfMemoryIsRefused() {
        Board board = catalog.create("generic-m7");
        assertThatThrownBy(() -> board.loadSegment("app.elf", 0x207F_FFF0L, new byte[32]))
                .hasMessageContaining("0x207ffff0..0x2080000f (32 bytes) of app.elf is in no memory");
    }

    @Test
    void mirrorsShowTheSameSsramBytes() {
        Board board = catalog.create("generic-m7");
        board.loadSegment("a.bin", 0x2000_0000L, new byte[] {0x78, 0x56, 0x34, 0x12});
        assertThat(board.bus().read32(0x2040_0000)).isEqualTo(0x1234_5678);
    }

    @Test
    void boardsAreIndependent() {
        Board a = catalog.create("generic-m7");
        Board b = catalog.create("generic-m7");
        a.bus().write32(0x2000_0000, 42);
        assertThat(b.bus().read32(0x2000_0000)).isZero();
        assertThat(a.core()).isNotSameAs(b.core());
    }

    @Test
    void resetTakesStackPointerAndEntryFromTheVectorTable() {
        Board board = catalog.create("generic-m7");
        board.loadSegment("v.bin", 0, new byte[] {0x00, 0x00, 0x40, 0x20, 0x41, 0x01, 0x00, 0x00});
        board.reset();
        assertThat(board.core().r[13]).isEqualTo(0x2040_0000);
        assertThat(board.core().pc).isEqualTo(0x140);
    }

    @Test
    void heapInfoIsThePsramLikeQemuWhenNothingIsLoadedThere() {
        // Measured with QEMU 7.2 (mps2-an500) and hello.elf: SYS_HEAPINFO answered
        // 0x60000000 0x61000000 0x61000000 0x60000000.
        Board board = catalog.create("generic-m7");
        board.loadSegment("hello.elf", 0, new byte[0x1000]);
        board.loadSegment("hello.elf", 0x2000_0000L, new byte[0x100]);
        assertThat(board.semihostingHeapInfo()).containsExactly(0x6000_0000, 0x6100_0000, 0x6100_0000, 0x6000_0000);
    }

    @Test
    void heapInfoIsTheLargestGapLeftBetweenLoadedSegments() {
        Board board = catalog.create("generic-m7");
        board.loadSegment("x.elf", 0x6000_0000L, new byte[0x100]);
        board.loadSegment("x.elf", 0x6040_0000L, new byte[0x100]);
        assertThat(board.semihostingHeapInfo()).containsExactly(0x6040_0100, 0x6100_0000, 0x6100_0000, 0x6040_0100);
    }
}
