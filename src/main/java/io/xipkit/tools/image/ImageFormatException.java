// TEMPORARY STAND-IN for branch h-loader (io.xipkit.tools.image). Written by h-cli only so that
// tools/run/ImageLoading compiles and its tests run; same public signatures as the h-loader API.
// At merge: take h-loader's version of this file and delete any stand-in it does not have.
package io.xipkit.tools.image;

/** An image file that cannot be loaded; one-line message naming the file and the problem. */
public final class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }
}
