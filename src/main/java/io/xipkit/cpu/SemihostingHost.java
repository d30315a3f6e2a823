package io.xipkit.cpu;

/**
 * The host side of semihosting: files and console. The model decodes the semihosting call and
 * its parameter block; everything that touches the host goes through this interface, which the
 * tools layer implements (console on stdin/stdout, files relative to a directory).
 * Handles and return conventions follow the Arm semihosting specification (ARM DUI 0471 / the
 * "Semihosting for AArch32 and AArch64" specification, section 5).
 */
public interface SemihostingHost {
    /**
     * Opens a file; ":tt" is the console: modes 0–3 ("r…") stdin, 4–7 ("w…") stdout, 8–11 ("a…")
     * stderr, as QEMU does with SH_EXT_STDOUT_STDERR. Mode is the semihosting mode number 0–11
     * (fopen strings r, rb, r+, r+b, w, wb, w+, w+b, a, ab, a+, a+b). Returns a host handle (>= 0)
     * or -1 with {@link #errno()} set. The ":semihosting-features" file never reaches the host.
     * Handles are the host's own; the model maps them to guest handles.
     */
    int open(String name, int mode);

    /** Returns 0, or -1 with errno set. */
    int close(int handle);

    /** Writes; returns the number of bytes NOT written (0 on success). */
    int write(int handle, byte[] data, int length);

    /** Reads up to {@code length} bytes into {@code buffer}; returns the number of bytes read, or -1. */
    int read(int handle, byte[] buffer, int length);

    /** Reads one character from the console, or -1 at end of input. */
    int readc();

    /** 1 when the handle is a terminal (the console on a host terminal), else 0. */
    int isTty(int handle);

    /** Absolute seek; 0 or -1 with errno set. */
    int seek(int handle, long position);

    /** File length (for the console: what the host's fstat reports), or -1 with errno set. */
    long length(int handle);

    /** 0 or -1 (non-zero) with errno set. */
    int remove(String name);

    /** 0 or -1 (non-zero) with errno set. */
    int rename(String from, String to);

    /** Seconds since the epoch, as a host would report (tools may pin it for reproducibility). */
    long timeSeconds();

    /** The command line passed to the program (without the program name convention applied). */
    String commandLine();

    /** Host errno of the last failed call. */
    int errno();
}
