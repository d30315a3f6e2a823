package io.xipkit.tools.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IntelHexTest {

    @Test
    void objcopyOutputMatchesTheElfLoadImage() throws Exception {
        LoadableImage hex = IntelHex.load(TestImages.path("blinky.hex"));
        LoadableImage elf = ElfImage.load(TestImages.path("blinky.elf"));

        // objcopy writes only file contents (no .bss zero fill): .text 0x5c bytes then .data's 4
        // bytes at its LMA 0x0800005c, which abut and merge into one segment.
        assertThat(hex.segments()).hasSize(1);
        LoadableImage.Segment seg = hex.segments().get(0);
        assertThat(seg.address()).isEqualTo(0x0800_0000L);
        byte[] expected = new byte[0x60];
        System.arraycopy(elf.segments().get(0).data(), 0, expected, 0, 0x5c);
        System.arraycopy(elf.segments().get(1).data(), 0, expected, 0x5c, 4);
        assertThat(seg.data()).isEqualTo(expected);
        assertThat(hex.entry()).hasValue(0x0800_0013); // type 05 record
        assertThat(hex.symbols().isEmpty()).isTrue();
    }

    @Test
    void checksumMismatchNamesLineAndBothValues() {
        String text = ":020000040800F2\n:100000000040002013000008110000081100000844\n:00000001FF\n";
        assertFails(text, "app.hex:2: checksum mismatch (expected 0x43, found 0x44)");
    }

    @Test
    void separateRunsBecomeSeparateSegmentsInAddressOrder() throws Exception {
        LoadableImage image = parse(
                record(0x0010, 0, 0xAA, 0xBB),
                record(0x0000, 0, 1, 2),
                record(0x0002, 0, 3),
                ":00000001FF");
        assertThat(image.segments()).containsExactly(
                new LoadableImage.Segment(0, new byte[] {1, 2, 3}),
                new LoadableImage.Segment(0x10, new byte[] {(byte) 0xAA, (byte) 0xBB}));
        assertThat(image.entry()).isEmpty();
    }

    @Test
    void extendedSegmentAddressShiftsByFourAndWrapsWithinTheSegment() throws Exception {
        LoadableImage image = parse(
                record(0, 2, 0x10, 0x00),           // segment base 0x1000 << 4 = 0x10000
                record(0xFFFF, 0, 0x11, 0x22),      // 0x1FFFF, then wraps to 0x10000
                ":00000001FF");
        assertThat(image.segments()).containsExactly(
                new LoadableImage.Segment(0x10000, new byte[] {0x22}),
                new LoadableImage.Segment(0x1FFFF, new byte[] {0x11}));
    }

    @Test
    void linearAddressRecordsSetUpperHalf() throws Exception {
        LoadableImage image = parse(record(0, 4, 0x90, 0x00), record(0x0004, 0, 7), ":00000001FF");
        assertThat(image.segments()).containsExactly(new LoadableImage.Segment(0x9000_0004L, new byte[] {7}));
    }

    @Test
    void startSegmentAddressGivesCsTimesSixteenPlusIp() throws Exception {
        LoadableImage image = parse(record(0, 1 + 2, 0x12, 0x34, 0x00, 0x05), record(0, 0, 1), ":00000001FF");
        assertThat(image.entry()).hasValue(0x12345);
    }

    @Test
    void acceptsCrLfLowerCaseAndBlankLines() throws Exception {
        LoadableImage image = IntelHex.parse("a.hex",
                (record(0, 0, 0xab).toLowerCase() + "\r\n\r\n:00000001ff\r\n\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(image.segments().get(0).data()).containsExactly(0xAB);
    }

    @Test
    void reportsMalformedRecords() {
        assertFails("020000040800F2\n", "app.hex:1: record does not start with ':'");
        assertFails(":0200\n", "app.hex:1: record too short");
        assertFails(":020000040800F\n", "app.hex:1: odd number of hex digits");
        assertFails(":02000004080G00\n", "app.hex:1: invalid hex digit 'G' in column 13");
        assertFails(":030000040800F1\n", "app.hex:1: byte count 0x03 does not match record length (2 data bytes)");
        assertFails(record(0, 6, 1) + "\n", "app.hex:1: unknown record type 0x06");
        assertFails(record(0, 4, 1, 2, 3) + "\n", "app.hex:1: extended linear address record must have 2 data bytes, has 3");
        assertFails(record(0, 5, 1) + "\n", "app.hex:1: start linear address record must have 4 data bytes, has 1");
        assertFails(":0100000100FE\n", "app.hex:1: end-of-file record must have 0 data bytes, has 1");
    }

    @Test
    void reportsTruncationAndTrailingData() {
        assertFails(record(0, 0, 1) + "\n", "app.hex:2: missing end-of-file record (type 01); file truncated?");
        assertFails(":00000001FF\n" + record(0, 0, 1) + "\n", "app.hex:2: data after the end-of-file record");
    }

    @Test
    void reportsBytesDefinedTwice() {
        assertFails(record(0, 0, 1, 2, 3) + "\n" + record(2, 0, 9) + "\n:00000001FF\n",
                "app.hex:2: data at 0x00000002 overlaps data from line 1");
    }

    @Test
    void rejectsDataRunningPastFourGiB() {
        assertFails(record(0, 4, 0xFF, 0xFF) + "\n" + record(0xFFFF, 0, 1, 2) + "\n:00000001FF\n",
                "app.hex:2: data at 0xFFFFFFFF of 2 bytes runs past the 4 GiB address space");
    }

    @Test
    void everyTruncationOfARealFileFailsCleanlyOrParses() {
        byte[] full = TestImages.bytes("blinky.hex");
        for (int len = 0; len <= full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            try {
                IntelHex.parse("t.hex", cut);
            } catch (ImageFormatException e) {
                assertThat(e.getMessage()).startsWith("t.hex:");
            }
        }
    }

    /** Builds a record with a correct checksum. */
    static String record(int address, int type, int... data) {
        StringBuilder sb = new StringBuilder(":");
        int sum = data.length + (address >> 8) + (address & 0xFF) + type;
        sb.append(String.format("%02X%04X%02X", data.length, address, type));
        for (int d : data) {
            sb.append(String.format("%02X", d));
            sum += d;
        }
        return sb.append(String.format("%02X", (-sum) & 0xFF)).toString();
    }

    static LoadableImage parse(String... lines) throws ImageFormatException {
        return IntelHex.parse("app.hex", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void assertFails(String text, String message) {
        assertThatThrownBy(() -> IntelHex.parse("app.hex", text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage(message);
    }
}
