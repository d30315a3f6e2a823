package io.xipkit.tools.flasher;

/** A flash operation that failed: the message names the memory, the phase and the address. */
public final class FlashException extends RuntimeException {
    public FlashException(String message) {
        super(message);
    }
}
