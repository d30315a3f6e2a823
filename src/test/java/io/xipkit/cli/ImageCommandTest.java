package io.xipkit.cli;

import static io.xipkit.cli.MainTest.assertBadInput;
import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xipkit image}: the MCUboot image layout checked byte by byte against values worked out
 * by hand from MCUboot's docs/design.md ("Image format", "Image trailer") and docs/imgtool.md.
 *
 * <p>The known-answer image used throughout: a 0x100-byte body whose byte i is i, signed with
 * {@code --pad-header --header-size 0x200 --version 1.2.3+4} by the Ed25519 key of RFC 8032
 * section 7.1 TEST 1 (secret 9d61...7f60, public d75a...511a). From design.md:
 * <ul>
 * <li>0x000 header, little-endian: magic 3d b8 f3 96; load_addr 0; hdr_size 00 02; protect_tlv_size
 *     00 00; img_size 00 01 00 00 (0x100); flags 0; version 01 02 03 00 04 00 00 00; pad 0.</li>
 * <li>0x020..0x1ff: the header room --pad-header added, erased value 0xff (imgtool prepends erased
 *     bytes and writes the 32-byte header over the start).</li>
 * <li>0x200..0x2ff: the body.</li>
 * <li>0x300: unprotected TLV info 07 69, total 4 + (4+32) + (4+32) + (4+64) = 0x90 → 90 00;
 *     0x304: SHA256 10 00 20 00 + SHA-256(file[0..0x300)); 0x328: KEYHASH 01 00 20 00 +
 *     SHA-256(SubjectPublicKeyInfo) where the SPKI of an Ed25519 key is, by RFC 8410 section 4,
 *     30 2a 30 05 06 03 2b 65 70 03 21 00 || public key; 0x34c: ED25519 24 00 40 00 + the 64-byte
 *     signature of the 32-byte digest. File length 0x390.</li>
 * </ul>
 */
class ImageCommandTest {
    @TempDir
    Path dir;

    static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final byte[] MAGIC8 = HexFormat.of().parseHex("77c295f360d2ef7f3552500f2cb67980");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] sha256(byte[] b, int from, int to) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(b, from, to));
    }

    Path rfcKey() throws IOException {
        byte[] pkcs8 = hex("302e020100300506032b657004220420" + RFC8032_SECRET);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(dir.resolve("ed25519.pem"), pem);
    }

    Path body() throws IOException {
        byte[] b = new byte[0x100];
        for (int i = 0; i < b.length; i++) b[i] = (byte) i;
        return Files.write(dir.resolve("app.bin"), b);
    }

    byte[] sign(String... extra) throws Exception {
        Path out = dir.resolve("signed-" + System.nanoTime() + ".bin");
        String[] base = {"image", "sign", "--key", rfcKey().toString(), "--version", "1.2.3+4", "--header-size", "0x200",
            "--pad-header", "--slot-size", "0x20000"};
        String[] args = Stream.concat(Stream.concat(Arrays.stream(base), Arrays.stream(extra)),
                Stream.of(body().toString(), out.toString())).toArray(String[]::new);
        MainTest.Outcome o = xipkit(args);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        return Files.readAllBytes(out);
    }

    @Test
    void ed25519ImageMatchesTheHandDerivedLayoutFieldByField() throws Exception {
        byte[] img = sign();
        assertThat(img).hasSize(0x390);
        assertThat(Arrays.copyOfRange(img, 0, 32)).isEqualTo(hex(
                "3db8f396 00000000 0002 0000 00010000 00000000 01 02 0300 04000000 00000000"));
        for (int i = 0x20; i < 0x200; i++) assertThat(img[i]).as("header room byte 0x%x", i).isEqualTo((byte) 0xFF);
        for (int i = 0; i < 0x100; i++) assertThat(img[0x200 + i]).isEqualTo((byte) i);
        assertThat(Arrays.copyOfRange(img, 0x300, 0x308)).isEqualTo(hex("0769 9000 1000 2000"));
        byte[] digest = sha256(img, 0, 0x300);
        assertThat(Arrays.copyOfRange(img, 0x308, 0x328)).isEqualTo(digest);
        assertThat(Arrays.copyOfRange(img, 0x328, 0x32c)).isEqualTo(hex("0100 2000"));
        byte[] spki = hex("302a300506032b6570032100" + RFC8032_PUBLIC);
        assertThat(Arrays.copyOfRange(img, 0x32c, 0x34c)).isEqualTo(sha256(spki, 0, spki.length));
        assertThat(Arrays.copyOfRange(img, 0x34c, 0x350)).isEqualTo(hex("2400 4000"));
        // the signature is an RFC 8032 Ed25519 signature of the digest by the RFC's public key
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(pub);
        v.update(digest);
        assertThat(v.verify(Arrays.copyOfRange(img, 0x350, 0x390))).isTrue();
    }

    /**
     * The whole output, pinned by its SHA-256. These digests were measured on files MCUboot's imgtool
     * 2.4.0 (mcu-tools/mcuboot at 2d4bacc, run outside this repository) wrote for the same body, key
     * and options: an Ed25519 image depends on nothing random, so equal digests mean identical bytes.
     */
    @Test
    void ed25519ImagesAreTheBytesImgtoolWritesForTheSameInputs() throws Exception {
        assertThat(sha256Hex(sign())).isEqualTo("5c579545946ef02326e25c469e276c9d432e1a0e1243f74154909c83b2afa3d0");
        assertThat(sha256Hex(sign("--security-counter", "7", "--confirm", "--align", "4")))
                .isEqualTo("45898df122512be0eda71829a5be286680e5d868fb13d9608bc04962d79af1f5");
        assertThat(sha256Hex(sign("--security-counter", "auto", "--pad", "--align", "32")))
                .isEqualTo("a75bcfa19368c2686e32c8320edc6582ce7c0520177d81943b6819d58582ce8f");
    }

    static String sha256Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(sha256(b, 0, b.length));
    }

    @Test
    void ed25519SignaturesAreDeterministic() throws Exception {
        assertThat(sign()).isEqualTo(sign());
    }

    @Test
    void fullPublicKeyFormatCarriesTheSubjectPublicKeyInfoInsteadOfItsHash() throws Exception {
        // PUBKEY 02 00 2c 00 + the 44-byte SPKI; area total 4 + 36 + 48 + 68 = 0x9c
        byte[] img = sign("--public-key-format", "full");
        assertThat(Arrays.copyOfRange(img, 0x300, 0x304)).isEqualTo(hex("0769 9c00"));
        assertThat(Arrays.copyOfRange(img, 0x328, 0x32c)).isEqualTo(hex("0200 2c00"));
        assertThat(Arrays.copyOfRange(img, 0x32c, 0x358)).isEqualTo(hex("302a300506032b6570032100" + RFC8032_PUBLIC));
        assertThat(Arrays.copyOfRange(img, 0x358, 0x35c)).isEqualTo(hex("2400 4000"));
        assertThat(img).hasSize(0x39c);
        Path f = Files.write(dir.resolve("full.bin"), img);
        assertThat(xipkit("image", "verify", "--key", rfcKey().toString(), f.toString()).status()).isZero();
    }

    @Test
    void securityCounterGoesIntoTheProtectedAreaAndTheHash() throws Exception {
        // protected area at 0x300: info 08 69, total 4 + 4 + 4 = 0x0c; SEC_CNT 50 00 04 00 + u32 7.
        // header offset 10 holds protect_tlv_size 0x0c; the hash covers file[0..0x30c).
        byte[] img = sign("--security-counter", "7");
        assertThat(Arrays.copyOfRange(img, 10, 12)).isEqualTo(hex("0c00"));
        assertThat(Arrays.copyOfRange(img, 0x300, 0x30c)).isEqualTo(hex("0869 0c00 5000 0400 07000000"));
        assertThat(Arrays.copyOfRange(img, 0x30c, 0x314)).isEqualTo(hex("0769 9000 1000 2000"));
        assertThat(Arrays.copyOfRange(img, 0x314, 0x334)).isEqualTo(sha256(img, 0, 0x30c));
        assertThat(img).hasSize(0x30c + 0x90);
    }

    @Test
    void securityCounterAutoIsMajorMinorRevision() throws Exception {
        // imgtool: auto = major << 24 | minor << 16 | revision = 0x01020003
        byte[] img = sign("--security-counter", "auto");
        assertThat(Arrays.copyOfRange(img, 0x308, 0x30c)).isEqualTo(hex("03000201"));
    }

    @Test
    void confirmPadsTheSlotAndWritesTheTrailerForAlignment4() throws Exception {
        // --align 4 -> BOOT_MAX_ALIGN 8. From the end of the 0x20000 slot: MAGIC at 0x1fff0 (16
        // bytes), image_ok at 0x1fff0 - 8 = 0x1ffe8, copy_done 0x1ffe0, swap_info 0x1ffd8, swap_size
        // 0x1ffd0; trailer = 128 sectors * 3 * 4 + 4 * 8 + 16 = 0x630 bytes.
        byte[] img = sign("--align", "4", "--confirm");
        assertThat(img).hasSize(0x20000);
        assertThat(Arrays.copyOfRange(img, 0x1fff0, 0x20000)).isEqualTo(MAGIC8);
        assertThat(img[0x1ffe8]).isEqualTo((byte) 0x01);
        for (int i = 0x390; i < 0x1fff0; i++) {
            if (i != 0x1ffe8) assertThat(img[i]).as("byte 0x%x", i).isEqualTo((byte) 0xFF);
        }
        // the TLVs are unchanged by padding
        assertThat(Arrays.copyOf(img, 0x390)).isEqualTo(sign());
    }

    @Test
    void padWithoutConfirmLeavesImageOkErased() throws Exception {
        byte[] img = sign("--pad");
        assertThat(img).hasSize(0x20000);
        assertThat(Arrays.copyOfRange(img, 0x1fff0, 0x20000)).isEqualTo(MAGIC8);
        assertThat(img[0x1ffe8]).isEqualTo((byte) 0xFF);
    }

    @Test
    void alignment32PutsItsValueInTheMagicAndWidensEveryField() throws Exception {
        // BOOT_MAX_ALIGN 32: MAGIC = u16 LE 32 then 2d e1 5d 29 41 0b 8d 77 67 9c 11 0f 1f 8a; the
        // magic field is 32 bytes (MAGIC in its last 16), so image_ok is at 0x20000 - 32 - 32.
        byte[] img = sign("--align", "32", "--confirm");
        assertThat(Arrays.copyOfRange(img, 0x1fff0, 0x20000)).isEqualTo(hex("2000 2de15d29410b8d77679c110f1f8a"));
        assertThat(img[0x20000 - 64]).isEqualTo((byte) 0x01);
        assertThat(img[0x20000 - 63]).isEqualTo((byte) 0xFF);
    }

    @Test
    void imageAndTrailerLargerThanTheSlotIsBadInputAndLeavesNoOutput() throws Exception {
        // 0x390 bytes + a 0x630-byte trailer (align 4) = 0x9c0 > 0x900
        Path out = dir.resolve("out.bin");
        Files.writeString(out, "previous");
        MainTest.Outcome o = xipkit("image", "sign", "--key", rfcKey().toString(), "--version", "1", "--header-size", "0x200",
                "--pad-header", "--slot-size", "0x900", "--align", "4", body().toString(), out.toString());
        assertBadInput(o, "exceeds the slot size 0x900");
        assertThat(Files.readString(out)).isEqualTo("previous");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void withoutPadHeaderTheInputMustStartWithZeroedHeaderRoom() throws Exception {
        MainTest.Outcome o = xipkit("image", "sign", "--version", "1", "--header-size", "0x20", "--slot-size", "0x1000",
                body().toString(), dir.resolve("o.bin").toString());
        assertBadInput(o, "--pad-header");
        assertThat(dir.resolve("o.bin")).doesNotExist();
        byte[] room = new byte[0x120];
        Files.write(dir.resolve("room.bin"), room);
        MainTest.Outcome ok = xipkit("image", "sign", "--version", "1", "--header-size", "0x20", "--slot-size", "0x1000",
                dir.resolve("room.bin").toString(), dir.resolve("o.bin").toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        byte[] img = Files.readAllBytes(dir.resolve("o.bin"));
        // unsigned: only the SHA256 TLV, area total 4 + 36 = 0x28; img_size = 0x120 - 0x20
        assertThat(Arrays.copyOfRange(img, 12, 16)).isEqualTo(hex("00010000"));
        assertThat(Arrays.copyOfRange(img, 0x120, 0x124)).isEqualTo(hex("0769 2800"));
        assertThat(img).hasSize(0x120 + 0x28);
    }

    @Test
    void badOptionsAreOneLineAndExit2() throws Exception {
        String k = rfcKey().toString();
        String in = body().toString();
        String out = dir.resolve("x.bin").toString();
        assertBadInput(xipkit("image", "sign", "--key", k, "--version", "1.2.3.4", "-H", "0x200", "--pad-header", "-S", "0x1000", in, out), "version");
        assertBadInput(xipkit("image", "sign", "--key", k, "--version", "1", "-H", "0x10", "--pad-header", "-S", "0x1000", in, out), "header-size");
        assertBadInput(xipkit("image", "sign", "--key", k, "--version", "1", "-H", "0x200", "--pad-header", "-S", "0x1000", "--align", "3", in, out), "align");
        assertBadInput(xipkit("image", "sign", "--key", dir.resolve("none.pem").toString(), "--version", "1", "-H", "0x200", "--pad-header", "-S", "0x1000", in, out), "none.pem");
        assertBadInput(xipkit("image", "sign", "--key", in, "--version", "1", "-H", "0x200", "--pad-header", "-S", "0x1000", in, out), "PEM");
        assertBadInput(xipkit("image", "keygen", "--type", "rsa-2048", out), "rsa-2048");
        assertBadInput(xipkit("image"), "subcommand");
        assertBadInput(xipkit("image", "sign", "--version", "1", in, out), "--header-size");
        assertBadInput(xipkit("image", "sign", "--key", k, "--version", "1", "-H", "0x200", "--pad-header", "-S", "0x1000", in,
                dir.toString()), "cannot write");
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void malformedImagesAreBadInputForVerifyAndInfo() throws Exception {
        byte[] img = sign();
        Path shortFile = Files.write(dir.resolve("short.bin"), Arrays.copyOf(img, 20));
        assertBadInput(xipkit("image", "info", shortFile.toString()), "shorter than the 32-byte header");
        Path noMagic = Files.write(dir.resolve("nomagic.bin"), body() == null ? null : Files.readAllBytes(body()));
        assertBadInput(xipkit("image", "verify", noMagic.toString()), "header magic");
        byte[] badTlvMagic = img.clone();
        badTlvMagic[0x300] = 0x08;
        Path f = Files.write(dir.resolve("badtlv.bin"), badTlvMagic);
        assertBadInput(xipkit("image", "verify", "--key", rfcKey().toString(), f.toString()), "TLV area magic 0x6908");
        byte[] truncated = Arrays.copyOf(img, 0x380);
        Path t = Files.write(dir.resolve("trunc.bin"), truncated);
        assertBadInput(xipkit("image", "info", t.toString()), "claims 0x90 bytes");
    }

    @Test
    void verifyAcceptsTheImageAndPrintsWhatImgtoolPrints() throws Exception {
        Path f = Files.write(dir.resolve("ok.bin"), sign());
        MainTest.Outcome o = xipkit("image", "verify", "--key", rfcKey().toString(), f.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("Image was correctly validated\nImage version: 1.2.3+4\nImage digest: ");
    }

    @Test
    void tamperedEd25519ImagesAreRejected() throws Exception {
        byte[] img = sign("--security-counter", "3");
        // body, protected TLV (SEC_CNT value), SHA256 value, KEYHASH value, KEYHASH type (0x01 -> 0x05:
        // the image then names no key), signature length (0x40 -> 0x41: the area no longer parses), signature
        int[] bits = {0x250 * 8 + 3, 0x308 * 8, 0x314 * 8 + 7, 0x338 * 8 + 1, 0x334 * 8 + 2, 0x35a * 8, 0x360 * 8 + 5};
        String[] reasons = {"invalid hash", "invalid hash", "invalid hash", "key hash", "names no key", "runs past",
            "signature does not verify"};
        for (int i = 0; i < bits.length; i++) {
            byte[] t = img.clone();
            t[bits[i] / 8] ^= (byte) (1 << (bits[i] % 8));
            Path f = Files.write(dir.resolve("t" + i + ".bin"), t);
            MainTest.Outcome o = xipkit("image", "verify", "--key", rfcKey().toString(), f.toString());
            int expected = reasons[i].equals("runs past") ? ExitStatus.BAD_INPUT : ImageCommand.NOT_AUTHENTIC;
            assertThat(o.status()).as("bit %d: %s", bits[i], o.err()).isEqualTo(expected);
            assertThat(o.err()).startsWith("xipkit: ").contains(reasons[i]);
            assertThat(o.err().lines()).hasSize(1);
        }
    }

    @Test
    void ecdsaKeygenSignVerifyGetpubRoundTripAndTampering() throws Exception {
        Path key = dir.resolve("ec.pem");
        assertThat(xipkit("image", "keygen", "--type", "ecdsa-p256", key.toString()).status()).isZero();
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        MainTest.Outcome pub = xipkit("image", "getpub", "--key", key.toString());
        // SPKI of a P-256 key (RFC 5480): 30 59 30 13 06 07 2a8648ce3d0201 06 08 2a8648ce3d030107 03 42 00 04 X Y
        assertThat(pub.out()).startsWith("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
        Path pubFile = Files.writeString(dir.resolve("ec.pub.pem"), pub.out());
        Path out = dir.resolve("ec.bin");
        MainTest.Outcome s = xipkit("image", "sign", "--key", key.toString(), "--version", "2.0.0", "-H", "0x200", "--pad-header",
                "-S", "0x20000", body().toString(), out.toString());
        assertThat(s.status()).as(s.err()).isZero();
        byte[] img = Files.readAllBytes(out);
        // TLVs at 0x300: SHA256, KEYHASH, then ECDSASIG 22 00 with a 70..72-byte DER signature (SEQUENCE 30 ..)
        assertThat(Arrays.copyOfRange(img, 0x304, 0x308)).isEqualTo(hex("1000 2000"));
        assertThat(Arrays.copyOfRange(img, 0x328, 0x32c)).isEqualTo(hex("0100 2000"));
        assertThat(img[0x34c]).isEqualTo((byte) 0x22);
        int sigLen = ByteBuffer.wrap(img, 0x34e, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat(sigLen).isBetween(70, 72);
        assertThat(img[0x350]).isEqualTo((byte) 0x30);
        assertThat(img).hasSize(0x350 + sigLen);
        assertThat(Arrays.copyOfRange(img, 0x302, 0x304)).isEqualTo(
                ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (4 + 36 + 36 + 4 + sigLen)).array());
        assertThat(xipkit("image", "verify", "--key", pubFile.toString(), out.toString()).status()).isZero();
        assertThat(xipkit("image", "verify", "--key", key.toString(), out.toString()).status()).isZero();
        byte[] t = img.clone();
        t[0x350 + sigLen - 1] ^= 1;
        Files.write(out, t);
        assertThat(xipkit("image", "verify", "--key", pubFile.toString(), out.toString()).status()).isEqualTo(ImageCommand.NOT_AUTHENTIC);
        t = img.clone();
        t[0x210] ^= 0x40;
        Files.write(out, t);
        assertThat(xipkit("image", "verify", "--key", pubFile.toString(), out.toString()).err()).contains("invalid hash");
    }

    @Test
    void anImageSignedWithAnotherKeyIsRejected() throws Exception {
        Path other = dir.resolve("other.pem");
        assertThat(xipkit("image", "keygen", "--type", "ed25519", other.toString()).status()).isZero();
        Path f = Files.write(dir.resolve("ok.bin"), sign());
        MainTest.Outcome o = xipkit("image", "verify", "--key", other.toString(), f.toString());
        assertThat(o.status()).isEqualTo(ImageCommand.NOT_AUTHENTIC);
        assertThat(o.err()).contains("key hash does not match");
    }

    @Test
    void infoShowsWhatImgtoolDumpinfoShows() throws Exception {
        Path f = Files.write(dir.resolve("conf.bin"), sign("--security-counter", "5", "--align", "4", "--confirm"));
        MainTest.Outcome o = xipkit("image", "info", f.toString());
        assertThat(o.status()).as(o.err()).isZero();
        String s = o.out();
        assertThat(s).startsWith("Printing content of signed image: conf.bin \n\n"
                + "#### Image header (offset: 0x0) ############################\n"
                + "magic:              0x96f3b83d\n"
                + "load_addr:          0x0\n"
                + "hdr_size:           0x200\n"
                + "protected_tlv_size: 0xc\n"
                + "img_size:           0x100\n"
                + "flags:              0x0\n"
                + "version:            1.2.3+4\n"
                + "############################################################\n"
                + "#### Payload (offset: 0x200) ###############################\n"
                + "|                                                          |\n"
                + "|               FW image (size: 0x100 Bytes)               |\n"
                + "|                                                          |\n"
                + "############################################################\n"
                + "#### Protected TLV area (offset: 0x300) ####################\n"
                + "magic:     0x6908\n"
                + "area size: 0xc\n"
                + "        ---------------------------------------------\n"
                + "        type: SEC_CNT (0x50)\n"
                + "        len:  0x4\n"
                + "        data: 0x05 0x00 0x00 0x00 \n"
                + "############################################################\n"
                + "#### TLV area (offset: 0x30c) ##############################\n"
                + "magic:     0x6907\n"
                + "area size: 0x90\n"
                + "        ---------------------------------------------\n"
                + "        type: SHA256 (0x10)\n"
                + "        len:  0x20\n");
        assertThat(s).contains("        type: KEYHASH (0x1)\n", "        type: ED25519 (0x24)\n        len:  0x40\n");
        assertThat(s).contains("swap status: (len: unknown)\n"
                + "enc. keys:   Image not encrypted\n"
                + "swap size:   unknown\n"
                + "swap_info:   INVALID (0xff)\n"
                + "copy_done:   INVALID (0xff)\n"
                + "image_ok:    SET (0x1)\n"
                + "boot magic:  0x77 0xc2 0x95 0xf3 0x60 0xd2 0xef 0x7f \n"
                + "             0x35 0x52 0x50 0x0f 0x2c 0xb6 0x79 0x80 \n\n"
                + "#### End of Image  #########################################\n");
        assertThat(s.getBytes(StandardCharsets.UTF_8).length).isPositive();
    }
}
