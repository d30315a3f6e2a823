package io.xipkit.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.Main;
import io.xipkit.tools.image.LoadableImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sample application's images for the reference boot loader's tests, signed as a user would:
 * {@code xipkit image sign --key KEY --version V --header-size 0x400 --pad-header --slot-size 0x20000
 * --align 1 --security-counter N [--confirm]} (docs/UPDATE.md section 5), with the committed test
 * key the boot loader trusts or with another one.
 */
final class McubootImages {
    static final Path KEYS = Path.of("firmware", "stm32h7", "mcuboot", "keys");
    static final String TRUSTED = "test-ed25519.pem", OTHER = "other-ed25519.pem";
    static final int SLOT_SIZE = 0x20000, SLOT0 = 0, SLOT1 = 0x20000, HEADER = 0x400;
    /** Trailer fields from the slot's end (BOOT_MAX_ALIGN 8, docs/UPDATE.md section 2). */
    static final int MAGIC_OFF = 16, IMAGE_OK_OFF = 24, COPY_DONE_OFF = 32;
    static final byte[] TRAILER_MAGIC = {0x77, (byte) 0xc2, (byte) 0x95, (byte) 0xf3, 0x60, (byte) 0xd2, (byte) 0xef, 0x7f,
        0x35, 0x52, 0x50, 0x0f, 0x2c, (byte) 0xb6, 0x79, (byte) 0x80};

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private McubootImages() {}

    /**
     * The ELF's bytes from its vector table (slot + 0x400) on: what objcopy -O binary gives (the
     * first load segment also covers the ELF's own headers below the vector table, left out).
     */
    static byte[] payload(String board, String program) {
        LoadableImage image = H7Firmware.image(board, program);
        long start = H7Firmware.symbol(board, program, "__vectors") & 0xFFFF_FFFFL;
        List<LoadableImage.Segment> xip = image.segments().stream()
                .filter(s -> s.end() > start && s.size() > 0).toList();
        long end = xip.stream().mapToLong(LoadableImage.Segment::end).max().orElseThrow();
        byte[] out = new byte[(int) (end - start)];
        Arrays.fill(out, (byte) 0xFF);
        for (LoadableImage.Segment s : xip) {
            long from = Math.max(s.address(), start);
            System.arraycopy(s.data(), (int) (from - s.address()), out, (int) (from - start), (int) (s.end() - from));
        }
        return out;
    }

    /** {@code program} signed with {@code version} and security counter {@code counter}. */
    static byte[] signed(String board, String program, String version, int counter, String key, boolean confirm) {
        return CACHE.computeIfAbsent(board + "|" + program + "|" + version + "|" + counter + "|" + key + "|" + confirm, k -> {
            try {
                Path dir = Files.createTempDirectory("mcuboot-images");
                Path in = dir.resolve("in.bin"), out = dir.resolve("out.bin");
                Files.write(in, payload(board, program));
                List<String> args = new ArrayList<>(List.of("image", "sign", "--key", KEYS.resolve(key).toString(),
                        "--version", version, "--header-size", "0x400", "--pad-header", "--slot-size", "0x20000",
                        "--align", "1", "--security-counter", String.valueOf(counter)));
                if (confirm) args.add("--confirm");
                args.add(in.toString());
                args.add(out.toString());
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                assertThat(status).as("image sign: %s", err).isZero();
                byte[] b = Files.readAllBytes(out);
                Files.delete(in);
                Files.delete(out);
                Files.delete(dir);
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).clone();
    }

    /** Signed with the trusted key, not padded (what the app receives over the console). */
    static byte[] update(String board, String program, String version, int counter) {
        return signed(board, program, version, counter, TRUSTED, false);
    }

    /** Padded to the slot with image_ok set (--confirm): what a factory programs into a slot. */
    static byte[] factory(String board, String program, String version, int counter) {
        return signed(board, program, version, counter, TRUSTED, true);
    }

    /** Little-endian u16 at {@code offset}. */
    static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    /** Header + payload + TLV areas: the bytes of the image before any padding. */
    static int imageLength(byte[] image) {
        int end = HEADER + (u16(image, 12) | u16(image, 14) << 16) + u16(image, 10);
        return end + u16(image, end + 2);
    }
}
