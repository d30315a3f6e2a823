package io.xipkit.cli;

import io.xipkit.tools.sign.AtomicFile;
import io.xipkit.tools.sign.ImageInfo;
import io.xipkit.tools.sign.ImageKey;
import io.xipkit.tools.sign.ImageSigner;
import io.xipkit.tools.sign.ImageTrailer;
import io.xipkit.tools.sign.ImageVerifier;
import io.xipkit.tools.sign.ImageVersion;
import io.xipkit.tools.sign.KeyFiles;
import io.xipkit.tools.sign.KeyType;
import io.xipkit.tools.sign.SignException;
import io.xipkit.tools.sign.SignOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xipkit image}: MCUboot-format images, compatible with MCUboot's imgtool (sign, verify,
 * getpub, keygen, and info for its dumpinfo). Options mean what imgtool's of the same name mean.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Sign, verify and inspect MCUboot images (compatible with MCUboot's imgtool).",
        subcommands = {ImageCommand.Sign.class, ImageCommand.Verify.class, ImageCommand.Info.class,
                ImageCommand.Keygen.class, ImageCommand.Getpub.class},
        footer = {"", "Exit status: 0 ok; 1 verify: the image is not authentic; 2 bad input; 5 internal error."})
final class ImageCommand implements Callable<Integer> {
    /** {@code image verify}: the image parsed but its hash or signature is wrong (imgtool exits 1 too). */
    static final int NOT_AUTHENTIC = 1;

    private final Streams streams;

    ImageCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        streams.err().println("xipkit: image needs a subcommand: sign, verify, info, keygen or getpub");
        return ExitStatus.BAD_INPUT;
    }

    /** Runs a body that reports user errors as one {@code xipkit:} line and exit status 2. */
    interface Body {
        int run() throws SignException;
    }

    static int guarded(Streams streams, Body body) {
        try {
            return body.run();
        } catch (SignException e) {
            streams.out().flush();
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return ExitStatus.BAD_INPUT;
        }
    }

    static byte[] readFile(Path file) throws SignException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SignException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Add the MCUboot header, TLVs (SHA-256, key hash, signature) and optionally the trailer.")
    static final class Sign implements Callable<Integer> {
        private final Streams streams;

        @Option(names = {"-k", "--key"}, paramLabel = "KEY.pem", description = "Private key (PKCS#8 or SEC 1 PEM); without it the image is hashed only.")
        Path key;

        @Option(names = {"-v", "--version"}, required = true, paramLabel = "VERSION", description = "maj.min.rev+build, e.g. 1.2.3+4.")
        String version;

        @Option(names = {"-H", "--header-size"}, required = true, paramLabel = "SIZE", converter = RunCommand.Address.class,
                description = "Header size, e.g. 0x200 (at least 0x20).")
        long headerSize;

        @Option(names = "--pad-header", description = "Prepend --header-size bytes; otherwise the input must start with that many zero bytes.")
        boolean padHeader;

        @Option(names = {"-S", "--slot-size"}, required = true, paramLabel = "SIZE", converter = RunCommand.Address.class,
                description = "Slot size; image plus trailer must fit.")
        long slotSize;

        @Option(names = "--pad", description = "Pad to --slot-size and write the trailer magic.")
        boolean pad;

        @Option(names = "--confirm", description = "Mark the image confirmed (image_ok); implies --pad.")
        boolean confirm;

        @Option(names = "--align", paramLabel = "N", defaultValue = "1", description = "Flash write alignment: 1, 2, 4, 8, 16 or 32 (default 1).")
        int align;

        @Option(names = "--max-align", paramLabel = "N", description = "BOOT_MAX_ALIGN: 8, 16 or 32 (default max(8, --align)).")
        Integer maxAlign;

        @Option(names = {"-M", "--max-sectors"}, paramLabel = "N", defaultValue = "128", description = "Sectors the swap status has room for (default 128).")
        int maxSectors;

        @Option(names = "--overwrite-only", description = "Trailer for overwrite-only upgrades.")
        boolean overwriteOnly;

        @Option(names = {"-s", "--security-counter"}, paramLabel = "N|auto",
                description = "Add the protected security counter TLV; 'auto' derives it from the version.")
        String securityCounter;

        @Option(names = {"-L", "--load-addr"}, paramLabel = "ADDR", converter = RunCommand.Address.class,
                description = "RAM load address (sets the RAM_LOAD flag).")
        Long loadAddress;

        @Option(names = "--public-key-format", paramLabel = "hash|full", defaultValue = "hash",
                description = "Name the key by its SHA-256 (KEYHASH TLV, default) or in full (PUBKEY TLV).")
        String publicKeyFormat;

        @Parameters(index = "0", paramLabel = "IN") Path in;
        @Parameters(index = "1", paramLabel = "OUT") Path out;

        Sign(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            return guarded(streams, () -> {
                ImageVersion v = ImageVersion.parse(version);
                if (headerSize < 0x20 || headerSize > 0xFFFF) throw new SignException("--header-size must be 0x20..0xffff");
                if (!(align == 1 || align == 2 || align == 4 || align == 8 || align == 16 || align == 32)) {
                    throw new SignException("--align must be 1, 2, 4, 8, 16 or 32");
                }
                if (maxAlign != null && !(maxAlign == 8 || maxAlign == 16 || maxAlign == 32)) {
                    throw new SignException("--max-align must be 8, 16 or 32");
                }
                if (maxSectors < 1) throw new SignException("--max-sectors must be positive");
                if (slotSize > Integer.MAX_VALUE - 8) throw new SignException("--slot-size is too large");
                ImageTrailer trailer = new ImageTrailer(align, maxAlign == null ? Math.max(8, align) : maxAlign, maxSectors, overwriteOnly);
                SignOptions o = new SignOptions(v, (int) headerSize, padHeader, slotSize, pad, confirm, trailer,
                        counter(v), loadAddress == null ? 0 : loadAddress, fullPublicKey());
                Optional<ImageKey> k = key == null ? Optional.empty() : Optional.of(KeyFiles.read(key));
                byte[] image = ImageSigner.sign(readFile(in), o, k);
                AtomicFile.write(out, image);
                return ExitStatus.OK;
            });
        }

        private boolean fullPublicKey() throws SignException {
            return switch (publicKeyFormat) {
                case "hash" -> false;
                case "full" -> true;
                default -> throw new SignException("--public-key-format must be hash or full, got '" + publicKeyFormat + "'");
            };
        }

        private OptionalLong counter(ImageVersion v) throws SignException {
            if (securityCounter == null) return OptionalLong.empty();
            // imgtool's 'auto': major << 24 | minor << 16 | revision
            if (securityCounter.equalsIgnoreCase("auto")) {
                return OptionalLong.of((long) v.major() << 24 | (long) v.minor() << 16 | v.revision());
            }
            try {
                return OptionalLong.of(new RunCommand.Address().convert(securityCounter));
            } catch (RuntimeException e) {
                throw new SignException("--security-counter: expected a 32-bit number or 'auto', got '" + securityCounter + "'");
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check an image's hash and signature.")
    static final class Verify implements Callable<Integer> {
        private final Streams streams;

        @Option(names = {"-k", "--key"}, paramLabel = "KEY.pem", description = "Public or private key; without it only the hash is checked.")
        Path key;

        @Parameters(index = "0", paramLabel = "FILE") Path file;

        Verify(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            return guarded(streams, () -> {
                Optional<ImageKey> k = key == null ? Optional.empty() : Optional.of(KeyFiles.read(key));
                ImageVerifier.Result r = ImageVerifier.verify(readFile(file), k);
                if (r instanceof ImageVerifier.Result.Valid valid) {
                    streams.out().println("Image was correctly validated");
                    streams.out().println("Image version: " + valid.header().version());
                    streams.out().println("Image digest: " + HexFormat.of().formatHex(valid.digest()));
                    return ExitStatus.OK;
                }
                streams.err().println("xipkit: " + file + ": " + ((ImageVerifier.Result.Invalid) r).reason());
                return NOT_AUTHENTIC;
            });
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Print the header, TLVs and trailer (as imgtool dumpinfo).")
    static final class Info implements Callable<Integer> {
        private final Streams streams;

        @Parameters(index = "0", paramLabel = "FILE") Path file;

        Info(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            return guarded(streams, () -> {
                streams.out().print(ImageInfo.describe(readFile(file), String.valueOf(file.getFileName())));
                return ExitStatus.OK;
            });
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Generate a private key (PKCS#8 PEM).")
    static final class Keygen implements Callable<Integer> {
        private final Streams streams;

        @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE", description = "ecdsa-p256 or ed25519.")
        String type;

        @Parameters(index = "0", paramLabel = "OUT.pem") Path out;

        Keygen(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            return guarded(streams, () -> {
                ImageKey k = KeyFiles.generate(KeyType.fromCliName(type), new SecureRandom());
                AtomicFile.writePrivate(out, KeyFiles.privatePem(k).getBytes(StandardCharsets.US_ASCII));
                return ExitStatus.OK;
            });
        }
    }

    @Command(name = "getpub", mixinStandardHelpOptions = true, description = "Print the public key (PEM SubjectPublicKeyInfo).")
    static final class Getpub implements Callable<Integer> {
        private final Streams streams;

        @Option(names = {"-k", "--key"}, required = true, paramLabel = "KEY.pem") Path key;

        Getpub(Streams streams) {
            this.streams = streams;
        }

        @Override
        public Integer call() {
            return guarded(streams, () -> {
                streams.out().print(KeyFiles.publicPem(KeyFiles.read(key)));
                return ExitStatus.OK;
            });
        }
    }
}
