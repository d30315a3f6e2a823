package io.xipkit.tools.campaign;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.FlashOperation;
import io.xipkit.bus.FlashOperationObserver;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cpu.StopReason;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * One power-on of a scenario's board, in memory: its flash memories (kept by the campaign across a
 * cut), the console (output collected, stimulus fed as the UART can take it) and the flash
 * operations its models start. Everything happens in virtual time, so two runs of the same
 * scenario are identical.
 */
final class ScenarioBoard implements BoardHost {
    /** Console output is looked at once per slice of virtual time at most; stimulus fires on the byte. */
    static final long SLICE = Clock.PICOS_PER_MILLI;

    private Map<String, NonVolatileMemory> memories;
    private final List<Scenario.Stimulus> stimulus;
    private final StringBuilder output = new StringBuilder();
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    final Board board;
    /** Symbols of the loaded images, to name the PC of model warnings. */
    io.xipkit.tools.run.SymbolLookup symbols = io.xipkit.tools.run.SymbolLookup.NONE;
    private int nextStep;
    private int armedAt;

    /**
     * @param built    the campaign's board description and translation choice
     * @param memories flash storage by name, shared with earlier power-ons; filled on first use
     * @param observer told of each flash operation (with the memory's name) before it changes storage
     */
    ScenarioBoard(CampaignBoard built, Map<String, NonVolatileMemory> memories, List<Scenario.Stimulus> stimulus,
                  NamedObserver observer) {
        this.memories = memories;
        this.stimulus = stimulus;
        board = built.build(this);
        observe(observer);
    }

    /** This power-on frozen at the current instant: the board with its flash, and the console as far as it got. */
    record Frozen(io.xipkit.board.BoardSnapshot board, List<Scenario.Stimulus> stimulus, String output, List<Byte> input,
                  int nextStep, int armedAt, io.xipkit.tools.run.SymbolLookup symbols) {}

    Frozen freeze() {
        return freeze(null);
    }

    /** The same, recycling the flash arrays of {@code earlier} (a freeze of this power-on no longer needed, or null). */
    Frozen freeze(Frozen earlier) {
        return new Frozen(io.xipkit.board.BoardSnapshot.of(board, memories, earlier == null ? null : earlier.board()), stimulus,
                output.toString(), List.copyOf(input), nextStep, armedAt, symbols);
    }

    /**
     * The frozen power-on run on from its instant, independent of the original and of other copies:
     * its memories are the copies the board's models use, in {@code memories} (which must be empty).
     */
    ScenarioBoard(Frozen f, Map<String, NonVolatileMemory> memories, NamedObserver observer) {
        this(f, memories, observer, (snapshot, host) -> snapshot.resumeWith(host, Map.of()));
    }

    private ScenarioBoard(Frozen f, Map<String, NonVolatileMemory> memories, NamedObserver observer,
                          java.util.function.BiFunction<io.xipkit.board.BoardSnapshot, ScenarioBoard,
                                  io.xipkit.board.BoardSnapshot.Resumed<Map<String, NonVolatileMemory>>> resume) {
        this.stimulus = f.stimulus();
        this.output.append(f.output());
        this.input.addAll(f.input());
        this.nextStep = f.nextStep();
        this.armedAt = f.armedAt();
        this.symbols = f.symbols();
        io.xipkit.board.BoardSnapshot.Resumed<Map<String, NonVolatileMemory>> r = resume.apply(f.board(), this);
        this.memories = memories;
        if (r == null) {
            board = null;
            return;
        }
        memories.putAll(r.companion());
        board = r.board();
        observe(observer);
    }

    /**
     * The frozen power-on run on from its instant on given storages ({@link io.xipkit.board.BoardSnapshot#resumeOnto}:
     * {@code onto} maps the storages of the frozen board to those to use), or null when it cannot be.
     */
    static ScenarioBoard resumedOnto(Frozen f, Map<NonVolatileMemory, ArrayNonVolatileMemory> onto, NamedObserver observer) {
        ScenarioBoard b = new ScenarioBoard(f, new java.util.TreeMap<>(), observer, (snapshot, host) -> snapshot.resumeOnto(host, onto));
        return b.board == null ? null : b;
    }

    /** Tells {@code observer} of each flash operation the board's models start. */
    private void observe(NamedObserver observer) {
        // Each model stores into the memories Stm32Factories names: the L4 flash interface "flash",
        // the H7 flash "flash-bank1"/"flash-bank2", a NOR chip the name it is registered under.
        for (Map.Entry<String, Object> e : board.models().entrySet()) {
            if (e.getValue() instanceof L4Flash f) f.setOperationObserver(named(observer, "flash"));
            if (e.getValue() instanceof H7FlashMemory h7) {
                h7.setOperationObserver(0, named(observer, "flash-bank1"));
                h7.setOperationObserver(1, named(observer, "flash-bank2"));
            }
            if (e.getValue() instanceof io.xipkit.devices.nor.NorChip chip) {
                chip.setOperationObserver(named(observer, e.getKey()));
            }
        }
    }

    private static FlashOperationObserver named(NamedObserver observer, String memory) {
        return op -> observer.starting(memory, op);
    }

    /** An observer that also learns which memory an operation changes. */
    interface NamedObserver {
        NamedObserver NONE = (m, op) -> {};

        void starting(String memory, FlashOperation op);
    }

    @Override
    public NonVolatileMemory nonVolatile(String name, long size) {
        return memories.computeIfAbsent(name, n -> new ArrayNonVolatileMemory(size));
    }

    @Override
    public void event(String line) {}

    @Override
    public void consoleOutput(int b) {
        output.append((char) (b & 0xFF));
        fireSteps();
    }

    @Override
    public int consoleInput() {
        fireSteps();
        Byte b = input.poll();
        return b == null ? NO_INPUT_YET : b & 0xFF;
    }

    private void fireSteps() {
        while (nextStep < stimulus.size()) {
            Scenario.Stimulus s = stimulus.get(nextStep);
            if (board != null && board.core().nowPicos() < s.atPicos()) return;
            if (s.after() != null) {
                int at = output.indexOf(s.after(), Math.max(armedAt, output.length() - s.after().length() - 1));
                if (at < 0) return;
                armedAt = at + s.after().length();
            } else {
                armedAt = output.length();
            }
            for (byte x : s.bytes()) input.add(x);
            nextStep++;
        }
    }

    void load(List<String> images) {
        for (String path : images) {
            io.xipkit.tools.image.LoadableImage image;
            try {
                image = io.xipkit.tools.image.ImageLoader.load(java.nio.file.Path.of(path), java.util.OptionalLong.empty());
            } catch (io.xipkit.tools.image.ImageFormatException e) {
                throw new CampaignException(path + ": " + e.getMessage());
            }
            for (var s : image.segments()) board.loadSegment(image.name(), s.address(), s.data(), s.stored());
            symbols = symbols.or(io.xipkit.tools.run.ImageLoading.symbolsOf(image));
        }
    }

    void powerOn() {
        board.reset();
    }

    long now() {
        return board.core().nowPicos();
    }

    /** Runs until virtual time {@code untilPicos} or until the core stops by itself (lockup, fault report). */
    StopReason runUntil(long untilPicos) {
        return runUntil(untilPicos, null);
    }

    /** The same, stopping earlier when {@code decided} (if not null) holds for the output at the end of a slice. */
    StopReason runUntil(long untilPicos, java.util.function.Predicate<String> decided) {
        StopReason stop = null;
        while (now() < untilPicos) {
            stop = board.core().run(Long.MAX_VALUE, Math.min(untilPicos, now() + SLICE));
            if (!(stop instanceof StopReason.TimeLimit) || decided != null && decided.test(output.toString())) return stop;
        }
        return stop;
    }

    String output() {
        return output.toString();
    }
}
