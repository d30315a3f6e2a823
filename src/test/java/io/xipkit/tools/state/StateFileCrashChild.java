package io.xipkit.tools.state;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child process for {@link FlashStateFileTest}: rewrites 1 MiB of the array with generation
 * {@code g} and flushes, forever, announcing each completed flush on stdout. The parent kills it.
 */
public final class StateFileCrashChild {
    private StateFileCrashChild() {}

    public static void main(String[] args) throws Exception {
        FlashStateFile f = FlashStateFile.open(Path.of(args[0]), 16L << 20);
        for (int g = 1; ; g++) {
            Arrays.fill(f.array(), 0, 1 << 20, (byte) g);
            f.registerImage()[1] = (byte) g;
            f.arrayChanged(0, 1 << 20);
            f.flush();
            System.out.println("flushed " + g);
            System.out.flush();
        }
    }
}
