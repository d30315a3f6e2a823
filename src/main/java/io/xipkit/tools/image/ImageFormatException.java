package io.xipkit.tools.image;

/**
 * A firmware image file that cannot be loaded. The message is one line naming the file and the
 * problem (for example {@code "app.hex:17: checksum mismatch (expected 0x3C, found 0x3D)"}), so the
 * CLI can print it as it is.
 */
public final class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
