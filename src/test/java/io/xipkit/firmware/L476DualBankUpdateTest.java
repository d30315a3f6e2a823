package io.xipkit.firmware;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.Peripheral;
import io.xipkit.bus.SystemBus;
import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.CoreVariant;
import io.xipkit.cpu.StopReason;
import io.xipkit.peripherals.stm32.L4Boot;
import io.xipkit.peripherals.stm32.BoardFileGeometries;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.Stm32L4Syscfg;
import io.xipkit.time.Clock;
import io.xipkit.tools.image.ElfImage;
import io.xipkit.tools.image.LoadableImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The dual-bank in-application update of firmware/nucleo-l476rg on an STM32L476: v1 in bank 1
 * receives v2 over the console, reboots into bank 2; v2 updates back to bank 1; a power cut while
 * the new bank is programmed leaves the old firmware booting; the buggy variant erases the bank it
 * runs from and reports the fault.
 *
 * <p>The test talks to the board through {@link L476Board}, the small interface below. Until the
 * lead's board "nucleo-l476rg" exists, {@link FlashOnlyBoard} implements it with this branch's
 * models (flash, SYSCFG, boot decision, Cortex-M4 core, SRAM) plus register stand-ins for what
 * other branches model (RCC and GPIOA as plain storage, USART2 as a byte pipe with TXE always set).
 * The lead replaces {@link #boot} by the real board (Runner + --state directory) and keeps the tests.
 */
class L476DualBankUpdateTest {
    private static final Path ELF = Path.of("firmware", "elf", "nucleo-l476rg");
    private static final long MS = Clock.PICOS_PER_MILLI;

    /** What the test needs of a nucleo-l476rg board. */
    interface L476Board {
        /** Stores an ELF image as a programmer would (into bank 1 on a factory-fresh part). */
        void program(Path elf) throws Exception;

        /** Releases reset: boot decision (BFB2) and run. */
        void powerOn();

        /** Bytes for USART2 RX, handed to the firmware one at a time whenever RDR is free. */
        void send(byte[] bytes);

        /** Runs until the console output contains {@code text}, for at most {@code picos} more of virtual time. */
        StopReason runUntilOutput(String text, long picos);

        /** Everything USART2 transmitted since power-on. */
        String output();

        /** Virtual picoseconds since power-on. */
        long now();
    }

    /** The board with flash state kept in {@code state} (what `--state dir` keeps between runs). */
    static L476Board boot(NonVolatileMemory state) {
        return new CatalogBoard(state);
    }

    private static byte[] updateMessage(String bin) throws Exception {
        byte[] image = Files.readAllBytes(ELF.resolve(bin));
        CRC32 crc = new CRC32();
        crc.update(image);
        ByteBuffer b = ByteBuffer.allocate(image.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(image.length).put(image).putInt((int) crc.getValue());
        return b.array();
    }

    private L476Board factoryBoardWith(NonVolatileMemory state, String elf) throws Exception {
        L476Board board = boot(state);
        board.program(ELF.resolve(elf));
        board.powerOn();
        return board;
    }

    /** How much of each board's output earlier expectations consumed: each expectation looks at newer output. */
    private final Map<L476Board, Integer> consumed = new IdentityHashMap<>();

    private String fresh(L476Board board) {
        return board.output().substring(consumed.getOrDefault(board, 0));
    }

    private StopReason expectOutput(L476Board board, String text, long picos) {
        StopReason stop = board.runUntilOutput(text, picos);
        // runUntilOutput looks at all output; keep running while the match is only in consumed output.
        long deadline = board.now() + picos;
        while (!fresh(board).contains(text) && board.now() < deadline && stop instanceof StopReason.TimeLimit) {
            stop = board.runUntilOutput(text, MS);
        }
        String fresh = fresh(board);
        assertThat(fresh.contains(text))
                .as("console shows \"%s\"; run ended with %s; new output: %s", text, stop, tail(fresh))
                .isTrue();
        consumed.put(board, board.output().length() - fresh.length() + fresh.indexOf(text) + text.length());
        return stop;
    }

    /** The end of the console output, printable, for assertion messages. */
    private static String tail(String output) {
        String t = output.length() > 300 ? "..." + output.substring(output.length() - 300) : output;
        return t.replace("\r", "").replace("\n", "|");
    }

    @Test
    void v1FromBank1UpdatesToV2WhichBootsFromBank2AndBack() throws Exception {
        NonVolatileMemory state = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);
        L476Board board = factoryBoardWith(state, "app-v1.elf");
        expectOutput(board, "app v1 running from bank 1\r\nready", 50 * MS);
        board.send(updateMessage("app-v2.bin"));
        expectOutput(board, "erasing bank 2", 50 * MS);
        expectOutput(board, "crc ok, booting bank 2", 2_000 * MS);
        expectOutput(board, "app v2 running from bank 2\r\nready", 100 * MS);

        board.send(updateMessage("app-v1.bin"));
        expectOutput(board, "erasing bank 1", 50 * MS);
        expectOutput(board, "app v1 running from bank 1\r\nready", 2_000 * MS);
        assertThat(board.output()).doesNotContain("FAULT");

        L476Board afterPowerCycle = boot(state);
        afterPowerCycle.powerOn();
        expectOutput(afterPowerCycle, "app v1 running from bank 1", 50 * MS);
    }

    @Test
    void powerCutWhileProgrammingTheNewBankLeavesTheOldFirmwareBooting() throws Exception {
        NonVolatileMemory state = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);
        L476Board board = factoryBoardWith(state, "app-v1.elf");
        expectOutput(board, "ready", 50 * MS);
        byte[] message = updateMessage("app-v2.bin");
        board.send(message);
        expectOutput(board, "send ", 100 * MS);
        // Cut at an arbitrary instant after part of the image reached bank 2 (deterministic in virtual time).
        board.runUntilOutput("never printed", 37 * 81_690 * Clock.PICOS_PER_NANO + 12_345_678);
        assertThat(board.output()).doesNotContain("crc ok");
        assertThat(state.array()[BoardFileGeometries.L476_BANK] & 0xFF).as("bank 2 partly programmed").isNotEqualTo(0xFF);

        L476Board afterCut = boot(state);
        afterCut.powerOn();
        expectOutput(afterCut, "app v1 running from bank 1\r\nready", 50 * MS);
        // The interrupted update can be redone.
        afterCut.send(message);
        expectOutput(afterCut, "app v2 running from bank 2", 2_000 * MS);
    }

    @Test
    void powerCutDuringTheUpdateBackToBank1KeepsBank2Booting() throws Exception {
        NonVolatileMemory state = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);
        L476Board board = factoryBoardWith(state, "app-v1.elf");
        expectOutput(board, "ready", 50 * MS);
        board.send(updateMessage("app-v2.bin"));
        expectOutput(board, "app v2 running from bank 2\r\nready", 2_000 * MS);
        board.send(updateMessage("app-v1.bin"));
        expectOutput(board, "send ", 100 * MS);
        board.runUntilOutput("never printed", 5 * MS);

        L476Board afterCut = boot(state);
        afterCut.powerOn();
        expectOutput(afterCut, "app v2 running from bank 2", 50 * MS);
    }

    @Test
    void buggyBankSelectionErasesTheRunningBankAfterTheSwapAndFaults() throws Exception {
        NonVolatileMemory state = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);
        L476Board board = factoryBoardWith(state, "buggy-v1.elf");
        expectOutput(board, "app v1-buggy running from bank 1", 50 * MS);
        board.send(updateMessage("buggy-v2.bin"));
        // From bank 1 the mistake is invisible: 0x0808_0000 is bank 2.
        expectOutput(board, "app v2-buggy running from bank 2\r\nready", 2_000 * MS);
        board.send(updateMessage("buggy-v1.bin"));
        StopReason stop = board.runUntilOutput("FAULT", 200 * MS);
        // The console sends at 115200 baud in virtual time: let the handler finish its report. The
        // run must then end by itself (the fault handler's loop is reported), not by a time limit.
        if (stop instanceof StopReason.TimeLimit) stop = board.runUntilOutput("\u0000no such output", 200 * MS);
        String out = board.output().substring(board.output().indexOf("app v2-buggy"));
        assertThat(out).as(tail(out)).contains("erasing bank 2").contains("FAULT: CFSR=").doesNotContain("crc ok");
        assertThat(stop).as("reported, not a hang").isNotInstanceOf(StopReason.TimeLimit.class);
    }

    // ================================================================================================

    /**
     * The real board "nucleo-l476rg" from the board catalog, its flash in {@code state}, its
     * console USART2 connected to an in-memory pipe (bytes handed over as the receiver can take
     * them, as the CLI does with standard input).
     */
    static final class CatalogBoard implements L476Board, BoardHost {
        final NonVolatileMemory state;
        final Board board;
        final Core core;
        final java.util.ArrayDeque<Byte> input = new java.util.ArrayDeque<>();
        final java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();

        CatalogBoard(NonVolatileMemory state) {
            this.state = state;
            board = TestBoards.create("nucleo-l476rg", this);
            core = board.core();
        }

        @Override
        public NonVolatileMemory nonVolatile(String name, long size) {
            assertThat(name).isEqualTo("flash");
            assertThat(size).isEqualTo(state.size());
            return state;
        }

        @Override
        public void event(String line) {}

        @Override
        public void consoleOutput(int b) {
            output.write(b);
        }

        @Override
        public int consoleInput() {
            Byte b = input.poll();
            return b == null ? NO_INPUT_YET : b & 0xFF;
        }

        @Override
        public void program(Path elf) throws Exception {
            LoadableImage image = ElfImage.load(elf);
            for (LoadableImage.Segment s : image.segments()) board.loadSegment(image.name(), s.address(), s.data(), s.stored());
        }

        @Override
        public void powerOn() {
            board.reset();
        }

        @Override
        public void send(byte[] bytes) {
            for (byte b : bytes) input.add(b);
        }

        @Override
        public StopReason runUntilOutput(String text, long picos) {
            long maxPicos = core.nowPicos() + picos;
            while (true) {
                long sliceEnd = Math.min(maxPicos, core.nowPicos() + MS);
                StopReason stop = core.run(Long.MAX_VALUE, sliceEnd);
                if (output().contains(text)) return stop;
                if (!(stop instanceof StopReason.TimeLimit) || sliceEnd >= maxPicos) return stop;
            }
        }

        @Override
        public String output() {
            return output.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public long now() {
            return core.nowPicos();
        }
    }
}
