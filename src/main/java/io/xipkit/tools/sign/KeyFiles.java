package io.xipkit.tools.sign;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM key files as imgtool reads and writes them (RFC 7468 textual encoding): "PRIVATE KEY"
 * (PKCS#8, RFC 5208; what imgtool keygen writes), "EC PRIVATE KEY" (SEC 1, RFC 5915; what
 * {@code openssl ecparam -genkey} writes) and "PUBLIC KEY" (SubjectPublicKeyInfo, RFC 5280).
 */
public final class KeyFiles {
    /** id-ecPublicKey 1.2.840.10045.2.1 and prime256v1 1.2.840.10045.3.1.7 (RFC 5480 2.1.1). */
    private static final byte[] OID_EC_PUBLIC_KEY = hex("2a8648ce3d0201");
    private static final byte[] OID_P256 = hex("2a8648ce3d030107");
    /** id-Ed25519 1.3.101.112 (RFC 8410 3). */
    private static final byte[] OID_ED25519 = hex("2b6570");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private KeyFiles() {}

    /** Reads a private or public key file. */
    public static ImageKey read(Path file) throws SignException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new SignException("cannot read key file " + file + ": " + e.getMessage());
        }
        Matcher m = PEM.matcher(text);
        if (!m.find()) throw new SignException("key file " + file + " is not a PEM file (no BEGIN/END lines)");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new SignException("key file " + file + ": bad base64 in the PEM body");
        }
        try {
            return switch (m.group(1)) {
                case "PRIVATE KEY" -> fromPkcs8(der);
                case "EC PRIVATE KEY" -> fromPkcs8(ecPkcs8(der));
                case "PUBLIC KEY" -> fromSpki(der);
                default -> throw new SignException("unsupported PEM type '" + m.group(1) + "'");
            };
        } catch (SignException e) {
            throw new SignException("key file " + file + ": " + e.getMessage());
        }
    }

    /** A fresh key pair from the JDK's generators. */
    public static ImageKey generate(KeyType type, SecureRandom random) {
        try {
            KeyPairGenerator g;
            if (type == KeyType.ED25519) {
                g = KeyPairGenerator.getInstance("Ed25519");
                g.initialize(NamedParameterSpec.ED25519, random);
            } else {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            KeyPair kp = g.generateKeyPair();
            return new ImageKey(type, kp.getPublic(), Optional.of(kp.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + type, e);
        }
    }

    /** The private key as PEM "PRIVATE KEY" (PKCS#8); an EC key carries its public key, as imgtool's. */
    public static String privatePem(ImageKey key) {
        PrivateKey priv = key.privateKey().orElseThrow(() -> new IllegalArgumentException("no private key"));
        byte[] der;
        if (key.type() == KeyType.ECDSA_P256) {
            byte[] d = unsigned32(((ECPrivateKey) priv).getS());
            byte[] ecPrivateKey = Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {1}),
                    Der.encode(Der.OCTET_STRING, d),
                    Der.encode(0xA1, Der.encode(Der.BIT_STRING, new byte[] {0}, uncompressedPoint(key.publicKey()))));
            der = Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}),
                    Der.encode(Der.SEQUENCE, Der.encode(Der.OID, OID_EC_PUBLIC_KEY), Der.encode(Der.OID, OID_P256)),
                    Der.encode(Der.OCTET_STRING, ecPrivateKey));
        } else {
            der = priv.getEncoded();
        }
        return pem("PRIVATE KEY", der);
    }

    /** The public key as PEM "PUBLIC KEY" (what imgtool getpub --encoding pem prints). */
    public static String publicPem(ImageKey key) {
        return pem("PUBLIC KEY", key.publicKeyDer());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static ImageKey fromPkcs8(byte[] der) throws SignException {
        List<Der.Element> info = Der.parseOne(der).children();
        if (info.size() < 3 || info.get(1).tag() != Der.SEQUENCE || info.get(2).tag() != Der.OCTET_STRING) {
            throw new SignException("malformed PKCS#8 private key");
        }
        List<Der.Element> alg = info.get(1).children();
        try {
            if (isOid(alg, 0, OID_ED25519)) {
                PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
                return new ImageKey(KeyType.ED25519, ed25519PublicOf((EdECPrivateKey) priv), Optional.of(priv));
            }
            if (isOid(alg, 0, OID_EC_PUBLIC_KEY)) {
                if (!isOid(alg, 1, OID_P256)) throw new SignException("only the P-256 curve is supported for ECDSA keys");
                PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
                return new ImageKey(KeyType.ECDSA_P256, ecPublicOf((ECPrivateKey) priv), Optional.of(priv));
            }
        } catch (GeneralSecurityException e) {
            throw new SignException("unreadable private key: " + e.getMessage());
        }
        throw new SignException("unsupported key algorithm (expected ECDSA P-256 or Ed25519)");
    }

    private static ImageKey fromSpki(byte[] der) throws SignException {
        List<Der.Element> spki = Der.parseOne(der).children();
        if (spki.size() != 2 || spki.get(0).tag() != Der.SEQUENCE) throw new SignException("malformed public key");
        List<Der.Element> alg = spki.get(0).children();
        try {
            if (isOid(alg, 0, OID_ED25519)) {
                return new ImageKey(KeyType.ED25519, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)),
                        Optional.empty());
            }
            if (isOid(alg, 0, OID_EC_PUBLIC_KEY) && isOid(alg, 1, OID_P256)) {
                return new ImageKey(KeyType.ECDSA_P256, KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)),
                        Optional.empty());
            }
        } catch (GeneralSecurityException e) {
            throw new SignException("unreadable public key: " + e.getMessage());
        }
        throw new SignException("unsupported key algorithm (expected ECDSA P-256 or Ed25519)");
    }

    /** Wraps a SEC 1 ECPrivateKey (with its curve parameter [0]) into PKCS#8. */
    private static byte[] ecPkcs8(byte[] sec1) throws SignException {
        List<Der.Element> fields = Der.parseOne(sec1).children();
        boolean p256 = fields.stream().anyMatch(e -> {
            try {
                return e.tag() == 0xA0 && isOid(e.children(), 0, OID_P256);
            } catch (SignException x) {
                return false;
            }
        });
        if (!p256) throw new SignException("only the P-256 curve is supported for ECDSA keys");
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}),
                Der.encode(Der.SEQUENCE, Der.encode(Der.OID, OID_EC_PUBLIC_KEY), Der.encode(Der.OID, OID_P256)),
                Der.encode(Der.OCTET_STRING, sec1));
    }

    private static boolean isOid(List<Der.Element> seq, int index, byte[] oid) {
        return seq.size() > index && seq.get(index).tag() == Der.OID && Arrays.equals(seq.get(index).content(), oid);
    }

    /**
     * The Ed25519 public key of a private key: the JDK derives it only while generating, so the
     * generator is fed the key's own 32-byte seed (RFC 8032 5.1.5: the private key is those bytes).
     */
    private static PublicKey ed25519PublicOf(EdECPrivateKey priv) throws GeneralSecurityException, SignException {
        byte[] seed = priv.getBytes().orElseThrow(() -> new SignException("Ed25519 key without its private bytes"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
        KeyPair kp = g.generateKeyPair();
        if (!Arrays.equals(((EdECPrivateKey) kp.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new IllegalStateException("the JDK's Ed25519 generator did not take the seed as the private key");
        }
        return kp.getPublic();
    }

    /** Q = d x G on P-256 (SEC 1 2.2.1, affine double-and-add; a key, not a secret-timing path). */
    private static PublicKey ecPublicOf(ECPrivateKey priv) throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
        BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger a = spec.getCurve().getA();
        ECPoint q = ECPoint.POINT_INFINITY;
        ECPoint g = spec.getGenerator();
        BigInteger d = priv.getS();
        for (int i = d.bitLength() - 1; i >= 0; i--) {
            q = add(q, q, p, a);
            if (d.testBit(i)) q = add(q, g, p, a);
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, spec));
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
        if (s.equals(ECPoint.POINT_INFINITY)) return t;
        if (t.equals(ECPoint.POINT_INFINITY)) return s;
        BigInteger lambda;
        if (s.getAffineX().equals(t.getAffineX())) {
            if (!s.getAffineY().equals(t.getAffineY()) || s.getAffineY().signum() == 0) return ECPoint.POINT_INFINITY;
            BigInteger x = s.getAffineX();
            lambda = x.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(s.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = t.getAffineY().subtract(s.getAffineY()).multiply(t.getAffineX().subtract(s.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.pow(2).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
        BigInteger y3 = lambda.multiply(s.getAffineX().subtract(x3)).subtract(s.getAffineY()).mod(p);
        return new ECPoint(x3, y3);
    }

    /** 0x04 || X || Y (SEC 1 2.3.3, uncompressed). */
    private static byte[] uncompressedPoint(PublicKey pub) {
        ECPoint w = ((java.security.interfaces.ECPublicKey) pub).getW();
        byte[] out = new byte[65];
        out[0] = 4;
        System.arraycopy(unsigned32(w.getAffineX()), 0, out, 1, 32);
        System.arraycopy(unsigned32(w.getAffineY()), 0, out, 33, 32);
        return out;
    }

    private static byte[] unsigned32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    /** A "random" source that hands out one fixed byte string, to let the JDK derive a public key. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) throw new IllegalStateException("unexpected request for " + out.length + " bytes");
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
