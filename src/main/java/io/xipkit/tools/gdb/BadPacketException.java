package io.xipkit.tools.gdb;

/** A packet whose arguments do not parse: answered with an error reply, the session goes on. */
final class BadPacketException extends RuntimeException {
    BadPacketException(String message) {
        super(message, null, false, false);
    }
}
