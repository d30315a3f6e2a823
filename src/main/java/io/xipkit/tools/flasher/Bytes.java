package io.xipkit.tools.flasher;

/** Little-endian word packing and erased-state checks for the drivers. */
final class Bytes {
    private Bytes() {}

    static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    /** {@code n} bytes in the erased state (FFh). */
    static byte[] erased(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    static boolean allErased(byte[] b) {
        for (byte x : b) if (x != (byte) 0xFF) return false;
        return true;
    }
}
