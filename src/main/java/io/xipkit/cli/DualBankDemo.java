package io.xipkit.cli;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cpu.StopReason;
import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.ImageFormatException;
import io.xipkit.tools.image.LoadableImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.zip.CRC32;

/**
 * The dual-bank update of the reference firmware on nucleo-l476rg, driven like a host tool
 * would: program v1, send v2 over the console (length, image, CRC-32), watch the board reset into
 * v2 from the other bank, and update back.
 */
final class DualBankDemo implements BoardHost {
    private static final long MS = 1_000_000_000L;
    private final Path dir;
    private final PrintStream out;
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final NonVolatileMemory flash = new ArrayNonVolatileMemory(1 << 20);
    private int shown;
    /** Console text before this index was matched already; each wait looks at newer output. */
    private int lastMatchFloor;

    private final boolean translation;

    DualBankDemo(Path dir, PrintStream out, boolean translation) {
        this.dir = dir;
        this.out = out;
        this.translation = translation;
    }

    boolean run() throws IOException, ImageFormatException {
        Board board = new BoardCatalog().withTranslation(translation).create("nucleo-l476rg", this);
        LoadableImage v1 = ElfImage.load(dir.resolve("app-v1.elf"));
        for (LoadableImage.Segment s : v1.segments()) board.loadSegment(v1.name(), s.address(), s.data(), s.stored());
        board.reset();
        if (!runUntil(board, "ready", 100 * MS)) return false;
        send(dir.resolve("app-v2.bin"));
        if (!runUntil(board, "app v2", 3_000 * MS) || !runUntil(board, "ready", 100 * MS)) return false;
        send(dir.resolve("app-v1.bin"));
        if (!runUntil(board, "app v1", 3_000 * MS) || !runUntil(board, "ready", 100 * MS)) return false;
        out.printf("   (%.1f ms of virtual time; the bank swap survives each reset through the option bytes)%n",
                board.core().nowPicos() / 1e9);
        return true;
    }

    private void send(Path bin) throws IOException {
        byte[] image = Files.readAllBytes(bin);
        CRC32 crc = new CRC32();
        crc.update(image);
        ByteBuffer b = ByteBuffer.allocate(image.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(image.length).put(image).putInt((int) crc.getValue());
        for (byte x : b.array()) input.add(x);
        out.printf("   > host sends %s (%d bytes + length + CRC-32) over USART2%n", bin.getFileName(), image.length);
    }

    private boolean runUntil(Board board, String text, long picos) {
        long end = board.core().nowPicos() + picos;
        while (board.core().nowPicos() < end) {
            StopReason stop = board.core().run(Long.MAX_VALUE, Math.min(end, board.core().nowPicos() + MS));
            String all = console.toString(StandardCharsets.ISO_8859_1);
            int nl;
            while ((nl = all.indexOf('\n', shown)) >= 0) {
                out.println("   | " + all.substring(shown, nl).replace("\r", ""));
                shown = nl + 1;
            }
            if (all.lastIndexOf(text) >= lastMatchFloor) {
                lastMatchFloor = all.lastIndexOf(text) + 1;
                return true;
            }
            if (!(stop instanceof StopReason.TimeLimit)) {
                out.println("   stopped: " + stop);
                return false;
            }
        }
        out.println("   timed out waiting for \"" + text + "\"");
        return false;
    }


    @Override
    public NonVolatileMemory nonVolatile(String name, long size) {
        return flash;
    }

    @Override
    public void event(String line) {}

    @Override
    public void consoleOutput(int b) {
        console.write(b);
    }

    @Override
    public int consoleInput() {
        Byte b = input.poll();
        return b == null ? NO_INPUT_YET : b & 0xFF;
    }
}
