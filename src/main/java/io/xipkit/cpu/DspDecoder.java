package io.xipkit.cpu;

/**
 * Decoder for the DSP-extension encodings of ARMv7E-M (parallel add/subtract, saturating
 * arithmetic, packing, SIMD extends, SEL, DSP multiplies). PLACEHOLDER: claims nothing yet.
 */
final class DspDecoder {
    private DspDecoder() {}

    /**
     * Returns the op for a 32-bit encoding this decoder owns, or null when the encoding is not a
     * DSP one (the base decoder then handles it).
     */
    static Op decode32(int pc, int hw1, int hw2) {
        return null;
    }
}
