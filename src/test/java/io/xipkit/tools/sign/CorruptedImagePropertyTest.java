package io.xipkit.tools.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever is done to a signed image's bytes, verify and info either answer or report a malformed
 * file (SignException: exit status 2) — never another exception (exit status 5) — and any change
 * inside header, payload or TLVs is never reported authentic.
 */
class CorruptedImagePropertyTest {
    private static final ImageKey KEY = KeyFiles.generate(KeyType.ED25519, new SecureRandom(new byte[] {7}));
    private static final byte[] SIGNED;
    private static final byte[] PADDED;

    static {
        try {
            byte[] body = new byte[0x100];
            for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 7);
            ImageTrailer trailer = ImageTrailer.forAlignment(4, ImageTrailer.DEFAULT_MAX_SECTORS, false);
            SignOptions o = new SignOptions(ImageVersion.parse("1.2.3+4"), 0x200, true, 0x4000, false, false, trailer,
                    OptionalLong.of(3), 0, false);
            SIGNED = ImageSigner.sign(body, o, Optional.of(KEY));
            PADDED = trailer.pad(SIGNED, 0x4000, true);
        } catch (SignException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A position and the byte XORed into it (never 0). */
    record Change(int position, int xor) {}

    @Provide
    Arbitrary<List<Change>> changesInTheImage() {
        return Combinators.combine(Arbitraries.integers().between(0, SIGNED.length - 1), Arbitraries.integers().between(1, 255))
                .as(Change::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Change>> changesNearEitherEnd() {
        Arbitrary<Integer> pos = Arbitraries.oneOf(Arbitraries.integers().between(0, 0x3FF),
                Arbitraries.integers().between(PADDED.length - 80, PADDED.length - 1));
        return Combinators.combine(pos, Arbitraries.integers().between(1, 255)).as(Change::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void aChangedImageIsNeverAuthenticAndNeverCrashesTheVerifier(@ForAll("changesInTheImage") List<Change> changes) {
        byte[] t = apply(SIGNED, changes);
        if (Arrays.equals(t, SIGNED)) return;   // changes that cancel out
        try {
            ImageVerifier.Result r = ImageVerifier.verify(t, Optional.of(KEY));
            assertThat(r).as("changed image %s", HexFormat.of().formatHex(t)).isInstanceOf(ImageVerifier.Result.Invalid.class);
        } catch (SignException malformed) {
            assertThat(malformed.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 400)
    void infoDescribesOrRejectsAnyChangedOrTruncatedPaddedImage(@ForAll("changesNearEitherEnd") List<Change> changes,
            @ForAll("cuts") int cut) {
        byte[] t = apply(PADDED, changes);
        t = Arrays.copyOf(t, Math.max(0, t.length - cut));
        try {
            assertThat(ImageInfo.describe(t, "x.bin")).contains("#### End of Image");
        } catch (SignException malformed) {
            assertThat(malformed.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, PADDED.length));
    }

    private static byte[] apply(byte[] image, List<Change> changes) {
        byte[] t = image.clone();
        for (Change c : changes) t[c.position()] ^= (byte) c.xor();
        return t;
    }
}
