package io.xipkit.tools.gdb;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where the program's semihosting output goes under {@code xipkit gdb}: to gdb's console (the
 * server sends it as "O" packets, GDB manual E.3) while a gdb client is attached, to standard
 * output otherwise. Written and drained on the server's one thread.
 */
final class ProgramConsole extends OutputStream {
    private final PrintStream stdout;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean attached;

    ProgramConsole(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public void write(int b) {
        if (attached) pending.write(b);
        else stdout.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (attached) pending.write(b, off, len);
        else stdout.write(b, off, len);
    }

    @Override
    public void flush() {
        if (!attached) stdout.flush();
    }

    /** While attached, output waits for {@link #take}; on detach what gdb did not get goes to standard output. */
    void attach(boolean on) {
        if (!on && pending.size() > 0) {
            stdout.write(pending.toByteArray(), 0, pending.size());
            stdout.flush();
            pending.reset();
        }
        attached = on;
    }

    byte[] take() {
        byte[] b = pending.toByteArray();
        pending.reset();
        return b;
    }
}
