package io.xipkit.tools.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {

    @Test
    void picksFormatByContentNotByExtension(@TempDir Path dir) throws Exception {
        Path elfNamedBin = dir.resolve("firmware.bin");
        Files.write(elfNamedBin, TestImages.bytes("blinky.elf"));
        Path hexNamedDat = dir.resolve("firmware.dat");
        Files.write(hexNamedDat, TestImages.bytes("blinky.hex"));

        assertThat(ImageLoader.load(elfNamedBin, OptionalLong.empty()).symbols().addressOf("counter")).hasValue(0x2000_0000);
        assertThat(ImageLoader.load(hexNamedDat, OptionalLong.empty()).segments().get(0).size()).isEqualTo(0x60);
    }

    @Test
    void rawBinaryIsPlacedAtTheGivenAddress() throws Exception {
        LoadableImage image = ImageLoader.load(TestImages.path("blinky-text.bin"), OptionalLong.of(0x0800_0000L));
        byte[] elfText = ElfImage.load(TestImages.path("blinky.elf")).segments().get(0).data();
        assertThat(image.segments()).containsExactly(new LoadableImage.Segment(0x0800_0000L, elfText));
        assertThat(image.entry()).isEmpty();
    }

    @Test
    void rawBinaryWithoutAddressIsAClearError() {
        assertThatThrownBy(() -> ImageLoader.load(TestImages.path("blinky-text.bin"), OptionalLong.empty()))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("blinky-text.bin: neither an ELF nor an Intel HEX file; give --address to load it as a raw binary");
    }

    @Test
    void addressWithAnElfIsRefused() {
        assertThatThrownBy(() -> ImageLoader.load(TestImages.path("blinky.elf"), OptionalLong.of(0)))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("blinky.elf: is an ELF file, which carries its own addresses; --address is only for raw binaries");
    }

    @Test
    void rawBinaryMustFitBelowFourGiB(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("a.bin");
        Files.write(bin, new byte[16]);
        assertThatThrownBy(() -> ImageLoader.load(bin, OptionalLong.of(0xFFFF_FFF8L)))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("a.bin: 16 bytes at 0xFFFFFFF8 run past the 4 GiB address space");
        assertThatThrownBy(() -> ImageLoader.load(bin, OptionalLong.of(1L << 32)))
                .hasMessage("a.bin: load address 0x100000000 is outside the 32-bit address space");
        assertThat(ImageLoader.load(bin, OptionalLong.of(0xFFFF_FFF0L)).segments().get(0).end()).isEqualTo(1L << 32);
        Path empty = dir.resolve("e.bin");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ImageLoader.load(empty, OptionalLong.of(0))).hasMessage("e.bin: file is empty");
    }

    @Test
    void missingFileIsReportedByPath(@TempDir Path dir) {
        Path missing = dir.resolve("gone.hex");
        assertThatThrownBy(() -> ImageLoader.load(missing, OptionalLong.empty()))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void segmentRejectsWrapPastFourGiB() {
        assertThatThrownBy(() -> new LoadableImage.Segment(0xFFFF_FFFFL, new byte[2]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadableImage.Segment(-1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LoadableImage.Segment(1, new byte[] {1})).isEqualTo(new LoadableImage.Segment(1, Arrays.copyOf(new byte[] {1}, 1)));
    }
}
