package io.xipkit.tools.sign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Trailer sizes and field offsets for a 0x20000 slot, worked out from MCUboot docs/design.md
 * "Image trailer" and imgtool's sizing (docs/imgtool.md): T = 128 sectors x 3 x align + 4 x
 * BOOT_MAX_ALIGN + align_up(16, BOOT_MAX_ALIGN), BOOT_MAX_ALIGN = max(8, align); from the end:
 * the MAGIC field, then image_ok, copy_done, swap_info, swap_size, one BOOT_MAX_ALIGN each. The
 * table in docs/UPDATE.md section 2 is this one.
 */
class ImageTrailerTest {
    @ParameterizedTest
    @CsvSource({
        "1,  8,  0x1b0,  0x1ffe8, 0x1ffe0, 0x1ffd8, 0x1ffd0",
        "4,  8,  0x630,  0x1ffe8, 0x1ffe0, 0x1ffd8, 0x1ffd0",
        "16, 16, 0x1850, 0x1ffe0, 0x1ffd0, 0x1ffc0, 0x1ffb0",
        "32, 32, 0x30a0, 0x1ffc0, 0x1ffa0, 0x1ff80, 0x1ff60"})
    void fieldOffsetsForEachWriteAlignment(int align, int maxAlign, String size, String imageOk, String copyDone,
            String swapInfo, String swapSize) {
        ImageTrailer t = ImageTrailer.forAlignment(align, ImageTrailer.DEFAULT_MAX_SECTORS, false);
        long slot = 0x20000;
        assertThat(t.maxAlign()).isEqualTo(maxAlign);
        assertThat(t.size()).isEqualTo(Integer.decode(size));
        assertThat(t.magicOffset(slot)).isEqualTo(0x1fff0);
        assertThat(t.imageOkOffset(slot)).isEqualTo(Integer.decode(imageOk));
        assertThat(t.copyDoneOffset(slot)).isEqualTo(Integer.decode(copyDone));
        assertThat(t.swapInfoOffset(slot)).isEqualTo(Integer.decode(swapInfo));
        assertThat(t.swapSizeOffset(slot)).isEqualTo(Integer.decode(swapSize));
    }

    @ParameterizedTest
    @CsvSource({"8, 0x20", "16, 0x30", "32, 0x60"})
    void overwriteOnlyKeepsOnlyMagicImageOkAndCopyDone(int maxAlign, String size) {
        // 2 x BOOT_MAX_ALIGN + align_up(16, BOOT_MAX_ALIGN)
        assertThat(new ImageTrailer(1, maxAlign, 128, true).size()).isEqualTo(Integer.decode(size));
    }
}
