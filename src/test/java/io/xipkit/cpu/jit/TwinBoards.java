package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardHost;
import io.xipkit.board.MemoryDescription;
import io.xipkit.board.MemoryKind;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.Semihosting;
import io.xipkit.cpu.StopReason;
import io.xipkit.tools.run.ConsoleSemihostingHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two identical generic-m7 boards, one interpreting every instruction and one running translated
 * blocks, driven in lockstep through the same instruction budgets and compared after each: every
 * architectural register, the counts and virtual time, the stop reason, and at the end every RAM
 * byte and the program's output.
 */
final class TwinBoards {
    final Board interpreted;
    final Board translated;
    final BlockTranslator translator;
    private final ByteArrayOutputStream outI = new ByteArrayOutputStream(), outT = new ByteArrayOutputStream();

    TwinBoards(Consumer<Board> load) {
        interpreted = make(load, outI);
        translated = make(load, outT);
        interpreted.core().setTranslator(null);
        translator = new BlockTranslator(translated.core());
        translated.core().setTranslator(translator);
    }

    private static Board make(Consumer<Board> load, ByteArrayOutputStream out) {
        Board b = new BoardCatalog().create("generic-m7", BoardHost.inMemory());
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        b.core().setSemihosting(new Semihosting(new ConsoleSemihostingHost(new ByteArrayInputStream(new byte[0]), ps, ps,
                Path.of("").toAbsolutePath(), 0, "prog"), b.semihostingHeapInfo()));
        load.accept(b);
        return b;
    }

    /**
     * Runs both in slices of the given instruction budgets (cycled) until a stop other than the
     * budget or {@code maxInstructions}, comparing after every slice. Returns the final stop.
     */
    StopReason runCompared(long maxInstructions, long... slices) {
        Core i = interpreted.core(), t = translated.core();
        int k = 0;
        while (true) {
            long slice = Math.min(slices[k++ % slices.length], maxInstructions - i.instructions);
            StopReason si = i.run(slice, Long.MAX_VALUE);
            StopReason st = t.run(slice, Long.MAX_VALUE);
            assertSameState(si, st);
            boolean budget = si instanceof StopReason.InstructionLimit;
            if (!budget || i.instructions >= maxInstructions) {
                assertSameMemory();
                assertThat(outT.toString(StandardCharsets.UTF_8)).as("program output").isEqualTo(outI.toString(StandardCharsets.UTF_8));
                return si;
            }
        }
    }

    void assertSameState(StopReason si, StopReason st) {
        assertThat(describe(translated.core(), st)).as("state with translation vs interpreter")
                .isEqualTo(describe(interpreted.core(), si));
    }

    static String describe(Core c, StopReason stop) {
        return "stop=" + stable(stop) + " instructions=" + c.instructions + " cycles=" + c.cycles + " picos=" + c.nowPicos()
                + " pc=" + Integer.toHexString(c.pc) + " r=" + hex(c.r, 16) + " xpsr=" + Integer.toHexString(c.xpsr())
                + " msp=" + Integer.toHexString(c.msp()) + " psp=" + Integer.toHexString(c.psp())
                + " control=" + c.control + " primask=" + c.primask + " basepri=" + c.basepri + " faultmask=" + c.faultmask
                + " s=" + hex(c.s, 32) + " fpscr=" + Integer.toHexString(c.fpscr) + " excl=" + c.exclusiveOpen
                + " sleeping=" + c.sleeping + " thumb=" + c.thumb;
    }

    /** A record as its toString would show it, but with the contents of int arrays rather than their identities (a fault's snapshot). */
    private static String stable(Object o) {
        if (o instanceof int[] a) return hex(a, a.length);
        if (o == null || !o.getClass().isRecord()) return String.valueOf(o);
        StringBuilder b = new StringBuilder(o.getClass().getSimpleName()).append('[');
        for (java.lang.reflect.RecordComponent c : o.getClass().getRecordComponents()) {
            try {
                b.append(c.getName()).append('=').append(stable(c.getAccessor().invoke(o))).append(' ');
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.append(']').toString();
    }

    private static String hex(int[] v, int n) {
        List<String> s = new ArrayList<>();
        for (int j = 0; j < n; j++) s.add(Integer.toHexString(v[j]));
        return s.toString();
    }

    /**
     * Twins running {@code program} (Thumb halfwords) from reset at {@code code}, the stack in
     * SSRAM2&3 and every other exception at 0x800 (nothing there), with R6 = {@code r6}: the
     * loop counter of the tests' small loops.
     */
    static TwinBoards program(int code, List<Integer> program, int r6) {
        return program(code, program, r6, 0x800);
    }

    /** As {@link #program(int, List, int)}, with every exception but reset at {@code handler}. */
    static TwinBoards program(int code, List<Integer> program, int r6, int handler) {
        return new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors(0x20100000, code, handler));
            b.loadSegment("code", code, toBytes(program));
            b.reset();
            b.core().r[6] = r6;
        });
    }

    /** A vector table: initial SP {@code stack}, reset at {@code reset}, every other exception up to SysTick at {@code handler}. */
    static byte[] vectors(int stack, int reset, int handler) {
        byte[] v = new byte[64];
        putWord(v, 0, stack);
        putWord(v, 4, reset | 1);
        for (int e = 2; e < 16; e++) putWord(v, 4 * e, handler | 1);
        return v;
    }

    static void putWord(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (value >>> (8 * i));
    }

    /** Thumb halfwords as little-endian bytes. */
    static byte[] toBytes(List<Integer> hw) {
        byte[] b = new byte[hw.size() * 2];
        for (int i = 0; i < hw.size(); i++) {
            b[2 * i] = (byte) (int) hw.get(i);
            b[2 * i + 1] = (byte) (hw.get(i) >>> 8);
        }
        return b;
    }

    void assertSameMemory() {
        for (MemoryDescription m : interpreted.description().memories()) {
            if (m.kind() != MemoryKind.RAM) continue;
            byte[] a = interpreted.memory(m.name()).fastPath().array();
            byte[] b = translated.memory(m.name()).fastPath().array();
            if (!Arrays.equals(a, b)) {
                int at = Arrays.mismatch(a, b);
                throw new AssertionError(String.format("RAM %s differs first at offset 0x%X: interpreter %02X, translation %02X",
                        m.name(), at, a[at], b[at]));
            }
        }
    }
}
