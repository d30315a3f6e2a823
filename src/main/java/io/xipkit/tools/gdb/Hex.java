package io.xipkit.tools.gdb;

/** Hex encodings of the remote protocol: bytes as pairs of digits, register values little-endian. */
final class Hex {
    private Hex() {}

    static String bytes(byte[] data) {
        StringBuilder b = new StringBuilder(data.length * 2);
        for (byte x : data) b.append(Character.forDigit((x >>> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        return b.toString();
    }

    static String of(String text) {
        return bytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** @throws BadPacketException for an odd length or a non-hex digit */
    static byte[] parseBytes(String hex) {
        if ((hex.length() & 1) != 0) throw new BadPacketException("odd number of hex digits");
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (digit(hex.charAt(2 * i)) << 4 | digit(hex.charAt(2 * i + 1)));
        return out;
    }

    private static int digit(char c) {
        int d = Character.digit(c, 16);
        if (d < 0) throw new BadPacketException("not a hex digit: " + c);
        return d;
    }

    /** A big-endian hex number as addresses and lengths are written; at most 16 digits. */
    static long number(String hex) {
        if (hex.isEmpty() || hex.length() > 16) throw new BadPacketException("bad number: " + hex);
        long v = 0;
        for (int i = 0; i < hex.length(); i++) v = v << 4 | digit(hex.charAt(i));
        return v;
    }

    /** {@code value} as {@code bytes} little-endian bytes in hex. */
    static String le(long value, int bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes; i++) b.append(String.format("%02x", (value >>> (8 * i)) & 0xFF));
        return b.toString();
    }

    static long parseLe(String hex, int bytes) {
        byte[] b = parseBytes(hex);
        if (b.length != bytes) throw new BadPacketException("register value of " + b.length + " bytes, expected " + bytes);
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        return v;
    }
}
