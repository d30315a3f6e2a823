package io.xipkit.tools.flashalgo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.ImageFormatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The layout of IAR-built external loaders (the MT25TL01G loader for an H743 board in the
 * cturvey/stm32extldr collection, read here but not kept): a NOBITS PrgData (bss) right after the
 * code and the DevInfo section (StorageInfo) at the same address, in a read-only segment that
 * overlaps the bss. The loader is placed by section: bss zeroed, DevInfo not loaded. Reproduced
 * by rewriting our own W25Q128JV .stldr's headers: section 2 becomes that bss, section 3 the
 * DevInfo, the StorageInfo symbol moves with it and the code segment grows over both.
 */
class IarStldrLayoutTest {
    private static final byte[] OURS = ReferenceAlgorithms.bytes("W25Q128JV_STM32H750.stldr");
    private static final int SHOFF = (int) get32(OURS, 32);             // e_shoff; 40-byte section headers
    private static final long TEXT_SIZE = get32(OURS, SHOFF + 40 + 20);  // section 1 (.text) sh_size
    /** Where the bss and DevInfo go: 2 bytes after the code (read from the rebuilt file, so a rebuild keeps the test valid). */
    static final long AT = 0x2400_0004L + TEXT_SIZE + 2;

    private static long get32(byte[] b, int off) {
        long v = 0;
        for (int i = 3; i >= 0; i--) v = v << 8 | (b[off + i] & 0xFF);
        return v;
    }

    private static void put32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static byte[] iarLayout() {
        byte[] b = OURS.clone();
        int ph = 52;                                      // e_phoff; 32-byte program headers
        put32(b, ph + 8, AT);                              // segment 0 (DevInfo) p_vaddr
        put32(b, ph + 12, AT);                             // p_paddr
        put32(b, ph + 32 + 20, AT - 0x2400_0004L + 0xFC);  // segment 1 (code) p_memsz: over the bss
        int sh = SHOFF;
        int bss = sh + 2 * 40, info = sh + 3 * 40;
        put32(b, bss + 4, 8);                              // SHT_NOBITS
        put32(b, bss + 8, 3);                              // SHF_WRITE | SHF_ALLOC
        put32(b, bss + 12, AT);
        put32(b, bss + 20, 0xFC);
        put32(b, info + 4, 1);                             // SHT_PROGBITS
        put32(b, info + 8, 2);                             // SHF_ALLOC
        put32(b, info + 12, AT);
        put32(b, info + 16, 0x1000);                       // the StorageInfo bytes
        put32(b, info + 20, 0xC8);
        int sym = (int) get32(b, sh + 4 * 40 + 16) + 47 * 16; // StorageInfo in .symtab (section 4)
        put32(b, sym + 4, AT);
        put16(b, sym + 14, 3);
        return b;
    }

    @Test
    void anIarLoaderIsPlacedBySectionWithItsBssZeroedAndItsDevInfoLeftOut() throws Exception {
        AlgorithmImage ours = ReferenceAlgorithms.load("W25Q128JV_STM32H750.stldr");
        AlgorithmImage iar = AlgorithmFiles.parse("iar.stldr", iarLayout(), null);
        assertThat(iar.flash()).isEqualTo(ours.flash());
        assertThat(iar.entries()).isEqualTo(ours.entries());
        byte[] code = iar.code();
        assertThat(Arrays.copyOf(code, ours.code().length)).isEqualTo(ours.code());
        assertThat(code).hasSize((int) (AT + 0xFC - 0x2400_0004L));
        assertThat(Arrays.copyOfRange(code, ours.code().length, code.length)).as("bss").containsOnly((byte) 0);
    }

    @Test
    void firmwareWithOverlappingSegmentsIsStillRefused() {
        assertThatThrownBy(() -> ElfImage.parse("iar.stldr", iarLayout())).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining(String.format("overlap at load address 0x%08X", AT));
    }
}
