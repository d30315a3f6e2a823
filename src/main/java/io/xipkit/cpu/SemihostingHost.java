package io.xipkit.cpu;

/**
 * The host side of semihosting: files and console. The model decodes the semihosting call and
 * its parameter block; everything that touches the host goes through this interface, which the
 * tools layer implements (console on stdin/stdout, files relative to a directory).
 * Handles and return conventions follow the Arm semihosting specification (ARM DUI 0471 / the
 * "Semihosting for AArch32 and AArch64" specification, section 5).
 */
public interface SemihostingHost {
    /** Opens a file; ":tt" is the console. Mode is the semihosting mode number 0–11. Returns a handle or -1. */
    int open(String name, int mode);

    int close(int handle);

    /** Writes; returns the number of bytes NOT written (0 on success). */
    int write(int handle, byte[] data, int length);

    /** Reads up to {@code length} bytes into {@code buffer}; returns the number of bytes read, or -1. */
    int read(int handle, byte[] buffer, int length);

    /** Reads one character from the console, or -1 at end of input. */
    int readc();

    int isTty(int handle);

    int seek(int handle, long position);

    long length(int handle);

    int remove(String name);

    int rename(String from, String to);

    /** Seconds since the epoch, as a host would report (tools may pin it for reproducibility). */
    long timeSeconds();

    /** The command line passed to the program (without the program name convention applied). */
    String commandLine();

    /** Host errno of the last failed call. */
    int errno();
}
