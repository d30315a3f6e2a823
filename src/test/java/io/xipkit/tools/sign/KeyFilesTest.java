package io.xipkit.tools.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files in the PEM forms imgtool and OpenSSL write, with public keys derived from known answers. */
class KeyFilesTest {
    @TempDir
    Path dir;

    /** RFC 6979 appendix A.2.5: the P-256 key pair (private x, public Ux, Uy). */
    static final String X = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    static final String UX = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
    static final String UY = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

    private Path pem(String label, String derHex) throws Exception {
        return Files.writeString(dir.resolve(label.replace(' ', '_') + ".pem"), "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder().encodeToString(HexFormat.of().parseHex(derHex)) + "\n-----END " + label + "-----\n");
    }

    @Test
    void aSec1EcKeyWithoutItsPublicPartGetsThePublicKeyOfRfc6979() throws Exception {
        // SEC 1 ECPrivateKey (RFC 5915): 30 31 | 02 01 01 | 04 20 <x> | a0 0a 06 08 <prime256v1>; no [1] publicKey
        ImageKey k = KeyFiles.read(pem("EC PRIVATE KEY", "3031020101" + "0420" + X + "a00a06082a8648ce3d030107"));
        assertThat(k.type()).isEqualTo(KeyType.ECDSA_P256);
        // SubjectPublicKeyInfo (RFC 5480): 30 59 30 13 <id-ecPublicKey> <prime256v1> 03 42 00 04 Ux Uy
        assertThat(HexFormat.of().formatHex(k.publicKeyDer()))
                .isEqualTo("3059301306072a8648ce3d020106082a8648ce3d030107034200" + "04" + UX + UY);
    }

    @Test
    void aPkcs8Ed25519KeyGetsThePublicKeyOfRfc8032() throws Exception {
        ImageKey k = KeyFiles.read(pem("PRIVATE KEY", "302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(k.type()).isEqualTo(KeyType.ED25519);
        assertThat(HexFormat.of().formatHex(k.publicKeyDer()))
                .isEqualTo("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    }

    @Test
    void generatedKeysSurviveTheirPemRoundTrip() throws Exception {
        for (KeyType t : KeyType.values()) {
            ImageKey k = KeyFiles.generate(t, new SecureRandom());
            Path f = Files.writeString(dir.resolve(t + ".pem"), KeyFiles.privatePem(k));
            ImageKey back = KeyFiles.read(f);
            assertThat(back.type()).isEqualTo(t);
            assertThat(back.publicKeyDer()).isEqualTo(k.publicKeyDer());
            // the same private key: what it signs verifies with the original public key
            byte[] region = "region".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] digest = ImageKey.sha256(region);
            assertThat(Signer.verify(k, region, digest, Signer.sign(back, region, digest))).isTrue();
            Path pub = Files.writeString(dir.resolve(t + ".pub.pem"), KeyFiles.publicPem(k));
            assertThat(KeyFiles.read(pub).privateKey()).isEmpty();
            assertThat(KeyFiles.read(pub).keyHash()).isEqualTo(k.keyHash());
        }
    }

    @Test
    void otherCurvesAndGarbageAreRefusedWithOneLine() throws Exception {
        // secp384r1 (1.3.132.0.34) in a SEC 1 key
        Path p384 = pem("EC PRIVATE KEY", "300f020101" + "0401" + "01" + "a00706052b81040022");
        assertThatThrownBy(() -> KeyFiles.read(p384)).isInstanceOf(SignException.class).hasMessageContaining("P-256");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyFiles.read(junk)).isInstanceOf(SignException.class).hasMessageContaining("junk.pem");
        Path rsa = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyFiles.read(rsa)).isInstanceOf(SignException.class).hasMessageContaining("unsupported PEM type");
    }
}
