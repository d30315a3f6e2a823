package io.xipkit.cpu;

/**
 * Decoder for the floating-point extension (coprocessors 10 and 11: FPv4-SP / FPv5).
 * PLACEHOLDER: everything is UNDEFINED (a NOCP/UNDEFINSTR fault) for now.
 */
final class FpDecoder {
    private FpDecoder() {}

    /** Decodes a 32-bit encoding in the coprocessor space (hw1 bits 15:10 = 111x11). */
    static Op decode32(CoreVariant variant, int pc, int hw1, int hw2) {
        return null;
    }
}
