package io.xipkit.tools.state;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child process for {@link FlashStateFileTest}: operation g programs the 4 KiB unit (g mod 256)
 * with the value (g / 256 + 1), forever, announcing each completed operation on stdout. Never
 * flushes or closes anything: the parent kills it with SIGKILL.
 */
public final class StateFileCrashChild {
    static final long SIZE = 1 << 20;

    private StateFileCrashChild() {}

    public static void main(String[] args) throws Exception {
        FlashStateFile f = FlashStateFile.open(Path.of(args[0]), SIZE);
        for (int g = 1; ; g++) {
            int unit = g % 256;
            Arrays.fill(f.array(), unit * 4096, unit * 4096 + 4096, (byte) (g / 256 + 1));
            f.arrayChanged(unit * 4096, 4096);
            System.out.println("done " + g);
            System.out.flush();
        }
    }
}
