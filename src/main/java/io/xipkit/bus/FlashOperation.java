package io.xipkit.bus;

/**
 * One operation a flash memory model starts on its {@link NonVolatileMemory}: what it changes
 * ({@code address} and {@code length} are offsets in that storage's array; option-byte programming
 * and non-volatile register writes change the register image), and the virtual interval it keeps
 * the memory busy.
 *
 * <p>{@code result} is what the changed range holds once the operation completes, for models that
 * commit an operation at its end (the NOR chips, the H7 flash): until then their storage still
 * holds the old bytes. It is null for models that apply the operation at its start (the L4 flash)
 * and for register-image changes: their storage already holds the result.
 */
public record FlashOperation(Kind kind, long address, long length, long startPicos, long endPicos, byte[] result) {
    public enum Kind { PROGRAM, ERASE, OPTION_BYTES, REGISTER }

    public FlashOperation(Kind kind, long address, long length, long startPicos, long endPicos) {
        this(kind, address, length, startPicos, endPicos, null);
    }

    /** A program's result: the cells can only go from 1 to 0, so the old bytes AND the image. */
    public static byte[] programmed(byte[] array, long address, byte[] image) {
        byte[] r = new byte[image.length];
        for (int i = 0; i < image.length; i++) r[i] = (byte) (array[(int) address + i] & image[i]);
        return r;
    }

    /** An erase's result: every byte FFh. */
    public static byte[] erased(long length) {
        byte[] r = new byte[Math.toIntExact(length)];
        java.util.Arrays.fill(r, (byte) 0xFF);
        return r;
    }
}
