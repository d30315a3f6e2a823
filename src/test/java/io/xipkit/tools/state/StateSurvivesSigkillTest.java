package io.xipkit.tools.state;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cli.MainTest;
import io.xipkit.cpu.StopReason;
import io.xipkit.time.Clock;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's acceptance test for {@code --state}: {@code xipkit run} in a child JVM is killed with
 * SIGKILL at random instants while firmware programs and erases flash (the NUCLEO-L476RG
 * dual-bank update over the console, and an endless erase/program loop on the STM32H750's
 * W25Q128JV), and after every kill the state directory must hold exactly the flash operations
 * completed before it, with no corrupt file, and must boot.
 *
 * <p><b>Ground truth.</b> Runs are deterministic (virtual time, the same input), so the same board
 * built in this JVM with a recording host (the {@link Reference}) yields the sequence of storage
 * changes the models make, each with the bytes it leaves: change k of memory M is the k-th
 * completed operation (program, erase, option-byte or register write, loader store) of M. Each
 * state file counts the changes it has taken, written after the change's bytes; for a count n the
 * file must hold the reference after exactly n changes, except that change n+1 (the one in flight
 * at the kill) may be there whole or in part, each byte old or new, as on hardware. Independently
 * of that counter, everything the firmware reported on its console before the kill (a round
 * done, "send N bytes" after the erase) must be in the file: the reference tells how many changes
 * preceded each console line.
 *
 * <p>Cost: each instant starts a JVM and runs it to its instant (about 1.5 s of CPU), then boots
 * the result in-process. The 50 instants the issue asks for took 123 s of wall time with the
 * shared 2-core machine at load 8 and 209 s at load 16 (2026-12-03) when the children ran one
 * after the other; they now run side by side, one per core (at least two), while this thread
 * checks the finished ones; {@code -Dxipkit.sigkill.instants=N} runs fewer (split
 * between the two firmware), {@code -Dxipkit.sigkill.seed} picks other instants.
 */
class StateSurvivesSigkillTest {
    private static final int INSTANTS = Integer.getInteger("xipkit.sigkill.instants", 50);
    /**
     * How often a waiting parent looks at the child's state file: not spinning, since children
     * run side by side and need the cores. The kill lands up to this much after the target change,
     * still at a random point of the run (what is checked is the count the file holds then).
     */
    private static final long POLL_NANOS = 100_000;
    private static final Path L476 = Path.of("firmware/elf/nucleo-l476rg");
    private static final Path H750_LOOP = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-flash_loop.elf");

    /** One firmware scenario: which memory the kill instants are counted on, and how far. */
    private record Scenario(String board, List<Path> images, byte[] input, String watched, int lastChange,
                            String bootsWith) {}

    @Test
    void sigkillAtRandomInstantsLeavesExactlyTheCompletedOperationsAndTheStateBoots(@TempDir Path tmp) throws Exception {
        Scenario update = new Scenario("nucleo-l476rg", List.of(L476.resolve("app-v1.elf")), updateMessage("app-v2.bin"),
                "flash", 0, "app v1 running from bank 1");
        Scenario loop = new Scenario("stm32h750-w25q128", List.of(H750_LOOP), new byte[0], "qspi-flash1", 32,
                "loop: erasing and programming");
        Reference updateRef = new Reference(update);
        // The L476 update: the loader's stores, a mass erase, 263 double-word programs, the option bytes.
        updateRef.runUntilConsole("app v2 running from bank 2", 3000);
        update = new Scenario(update.board(), update.images(), update.input(), update.watched(),
                updateRef.memory("flash").changes.size(), update.bootsWith());
        Reference loopRef = new Reference(loop);

        Random random = new Random(Long.getLong("xipkit.sigkill.seed", 11L));
        // The children run side by side (each is one JVM, mostly one busy thread, and mostly waited
        // for); their results are checked here one after the other, in instant order, as they come:
        // the references are run forward on this thread only.
        ExecutorService children = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        int killedMidway = 0;
        try {
            List<Future<Kill>> kills = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            for (int i = 0; i < INSTANTS; i++) {
                Scenario s = i % 2 == 0 ? update : loop;
                Reference ref = i % 2 == 0 ? updateRef : loopRef;
                // After the images are loaded: a run killed while loading leaves half an image, as an
                // interrupted programmer does, which is not the board's own flash operations.
                int loaded = ref.loadedChanges(s.watched());
                int target = loaded + 1 + random.nextInt(s.lastChange() - loaded);
                Path dir = tmp.resolve("state-" + i);
                Path out = tmp.resolve("out-" + i + ".txt");
                targets.add(target);
                kills.add(children.submit(() -> runAndKill(s, dir, out, target)));
            }
            for (int i = 0; i < INSTANTS; i++) {
                boolean l4 = i % 2 == 0;
                Scenario s = l4 ? update : loop;
                Reference ref = l4 ? updateRef : loopRef;
                Path dir = tmp.resolve("state-" + i);
                Kill kill = result(kills.get(i));
                if (l4 && kill.changes() < s.lastChange()) killedMidway++;
                checkHoldsExactlyTheCompletedChanges(dir, ref, kill, "instant " + i + " (" + s.board() + ", target " + targets.get(i) + ")");
                checkBoots(s, dir);
            }
        } finally {
            children.shutdownNow();
            assertThat(children.awaitTermination(60, TimeUnit.SECONDS)).as("children killed").isTrue();
        }
        // The update's instants are spread over its operations, not all after its end.
        assertThat(killedMidway).isGreaterThanOrEqualTo(INSTANTS / 4);
    }

    /** A child's kill, its assertion failures thrown as they are. */
    private static Kill result(Future<Kill> kill) throws Exception {
        try {
            return kill.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) throw err;
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    /** The child's console output when it was killed, and the watched memory's change count then. */
    private record Kill(String console, long changes) {}

    private static Kill runAndKill(Scenario s, Path dir, Path out, int target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classpath, "io.xipkit.cli.Main", "run", "--board", s.board(), "--state", dir.toString()));
        for (Path p : s.images()) cmd.add(p.toString());
        Path input = Files.write(out.resolveSibling(out.getFileName() + ".in"), s.input());
        Process child = new ProcessBuilder(cmd).redirectInput(input.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path file = dir.resolve(s.watched() + ".flash");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(file)) {
                assertThat(child.isAlive()).as("child still running (output: %s)", Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("state file created in time").isLessThan(deadline);
                LockSupport.parkNanos(POLL_NANOS);
                if (Thread.interrupted()) throw new InterruptedException("the test ended before instant " + target);
            }
            MappedByteBuffer header;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                header = ch.map(FileChannel.MapMode.READ_ONLY, 0, FlashStateFile.HEADER);
            }
            while (FlashStateFile.changesPersisted(header) < target) {
                assertThat(child.isAlive()).as("child still running (output: %s)", Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("target change %d reached in time", target).isLessThan(deadline);
                LockSupport.parkNanos(POLL_NANOS);
                if (Thread.interrupted()) throw new InterruptedException("the test ended before instant " + target);
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed, not ended by itself").isEqualTo(128 + 9);
            return new Kill(Files.readString(out), FlashStateFile.changesPersisted(header));
        } finally {
            child.destroyForcibly();
        }
    }

    private static void checkHoldsExactlyTheCompletedChanges(Path dir, Reference ref, Kill kill, String what) throws Exception {
        // Everything the firmware reported before the kill is in the state.
        int lines = (int) kill.console().chars().filter(c -> c == '\n').count();
        ref.runUntilLines(lines);
        try (var listing = Files.list(dir)) {
            List<Path> files = listing.filter(p -> p.toString().endsWith(".flash")).sorted().toList();
            assertThat(files).as(what).isNotEmpty();
            for (Path file : files) {
                String name = file.getFileName().toString().replace(".flash", "");
                Recorder rec = ref.memory(name);
                assertThat(rec).as("%s: %s is a memory of the board", what, name).isNotNull();
                FlashStateFile state = FlashStateFile.open(file, rec.size()); // no corrupt file: it opens
                int n = (int) state.changesPersisted();
                ref.runUntilChanges(name, n);
                Recorder.Snapshot exact = rec.after(n);
                if (!Arrays.equals(state.array(), exact.array()) || !Arrays.equals(state.registerImage(), exact.image())
                        || !Arrays.equals(state.eraseCounts(), exact.counts())) {
                    ref.runUntilChangesOrIdle(name, n + 1); // the operation in flight, to tell torn from wrong
                }
                if (lines > 0) {
                    assertThat(n).as("%s: %s holds what the firmware reported before line %d", what, name, lines)
                            .isGreaterThanOrEqualTo(ref.changesBeforeLine(name, lines));
                }
                checkEqualsReferenceAfter(state, rec, n, what + ": " + name + " after " + n + " changes");
            }
        }
    }

    /** The state equals the reference after {@code n} changes, change n+1 possibly in part. */
    private static void checkEqualsReferenceAfter(FlashStateFile state, Recorder rec, int n, String what) {
        Recorder.Snapshot expected = rec.after(n);
        Change inFlight = n < rec.changes.size() ? rec.changes.get(n) : null;
        byte[] actual = state.array();
        int at = Arrays.mismatch(actual, expected.array());
        while (at >= 0) {
            assertThat(inFlight != null && inFlight.data() != null && at >= inFlight.addr()
                    && at < inFlight.addr() + inFlight.data().length
                    && actual[at] == inFlight.data()[(int) (at - inFlight.addr())])
                    .as("%s: byte %x is %02x, expected %02x (not the operation in flight either)", what, at,
                            actual[at], expected.array()[at])
                    .isTrue();
            int next = Arrays.mismatch(actual, at + 1, actual.length, expected.array(), at + 1, actual.length);
            at = next < 0 ? -1 : at + 1 + next;
        }
        boolean metaInFlight = inFlight != null && inFlight.image() != null;
        if (!Arrays.equals(state.registerImage(), expected.image())) {
            assertThat(metaInFlight).as("%s: register image", what).isTrue();
            assertThat(state.registerImage()).as("%s: register image", what).isEqualTo(inFlight.image());
        }
        if (!Arrays.equals(state.eraseCounts(), expected.counts())) {
            assertThat(metaInFlight).as("%s: erase counts", what).isTrue();
            assertThat(state.eraseCounts()).as("%s: erase counts", what).isEqualTo(inFlight.counts());
        }
    }

    /** {@code xipkit run} boots from the state directory alone. */
    private static void checkBoots(Scenario s, Path dir) throws Exception {
        String expected = s.bootsWith();
        if (s.board().equals("nucleo-l476rg")) {
            FlashStateFile f = FlashStateFile.open(dir.resolve("flash.flash"), 1 << 20);
            // Option bytes programmed (BFB2 set after the new bank was verified): bank 2 boots.
            if (!Arrays.equals(f.registerImage(), new byte[NonVolatileMemory.REGISTER_IMAGE_BYTES])) {
                expected = "app v2 running from bank 2";
            }
        }
        MainTest.Outcome run = MainTest.xipkit("run", "--board", s.board(), "--state", dir.toString(), "--max-time", "0.02");
        assertThat(run.out()).as("boot from %s: %s", dir, run.err()).contains(expected);
        assertThat(run.status()).as(run.err()).isEqualTo(4); // ran until the time limit: no fault
    }

    private static byte[] updateMessage(String bin) throws Exception {
        byte[] image = Files.readAllBytes(L476.resolve(bin));
        CRC32 crc = new CRC32();
        crc.update(image);
        return ByteBuffer.allocate(image.length + 8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(image.length).put(image).putInt((int) crc.getValue()).array();
    }

    /** One completed change: array bytes at {@code addr}, or the register image and erase counts. */
    private record Change(long addr, byte[] data, byte[] image, int[] counts) {}

    /** A memory that records every change the models report, with its result. */
    private static final class Recorder extends ArrayNonVolatileMemory {
        final List<Change> changes = new ArrayList<>();

        Recorder(long size) {
            super(size);
        }

        @Override
        protected void written(long addr, long len) {
            changes.add(new Change(addr, Arrays.copyOfRange(array(), (int) addr, (int) (addr + len)), null, null));
        }

        @Override
        public void metadataChanged() {
            changes.add(new Change(-1, null, registerImage().clone(), eraseCounts().clone()));
        }

        record Snapshot(byte[] array, byte[] image, int[] counts) {}

        /** The memory as it was after its first {@code n} changes. */
        Snapshot after(int n) {
            byte[] a = new byte[(int) size()];
            Arrays.fill(a, (byte) 0xFF);
            byte[] image = new byte[REGISTER_IMAGE_BYTES];
            int[] counts = new int[eraseCounts().length];
            for (Change c : changes.subList(0, Math.min(n, changes.size()))) {
                if (c.data() != null) System.arraycopy(c.data(), 0, a, (int) c.addr(), c.data().length);
                else {
                    image = c.image();
                    counts = c.counts();
                }
            }
            return new Snapshot(a, image, counts);
        }
    }

    /** The scenario run in this JVM on recording memories: the ground truth. */
    private static final class Reference implements BoardHost {
        private static final long SLICE = Clock.PICOS_PER_MILLI;
        private final Map<String, Recorder> memories = new LinkedHashMap<>();
        private final byte[] input;
        private int read;
        private final StringBuilder console = new StringBuilder();
        /** Per console line: the change count of every memory when the line was complete. */
        private final List<Map<String, Integer>> lineChanges = new ArrayList<>();
        private final Board board;
        private final Map<String, Integer> loaded = new LinkedHashMap<>();

        Reference(Scenario s) throws Exception {
            this.input = s.input();
            board = TestBoards.create(s.board(), this);
            for (Path p : s.images()) {
                LoadableImage image = ImageLoader.load(p, OptionalLong.empty());
                for (LoadableImage.Segment seg : image.segments()) board.loadSegment(image.name(), seg.address(), seg.data(), seg.stored()); // as run loads it
            }
            memories.forEach((name, m) -> loaded.put(name, m.changes.size()));
            board.reset();
        }

        /** The changes of {@code memory} made by building the board and loading the images. */
        int loadedChanges(String memory) {
            return loaded.get(memory);
        }

        Recorder memory(String name) {
            return memories.get(name);
        }

        @Override
        public NonVolatileMemory nonVolatile(String name, long size) {
            return memories.computeIfAbsent(name, n -> new Recorder(size));
        }

        @Override
        public void event(String line) {}

        @Override
        public int consoleInput() {
            return read < input.length ? input[read++] & 0xFF : END_OF_INPUT;
        }

        @Override
        public void consoleOutput(int b) {
            console.append((char) b);
            if (b == '\n') {
                Map<String, Integer> counts = new LinkedHashMap<>();
                memories.forEach((name, m) -> counts.put(name, m.changes.size()));
                lineChanges.add(counts);
            }
        }

        int changesBeforeLine(String memory, int lines) {
            return lineChanges.get(lines - 1).getOrDefault(memory, 0);
        }

        private void step() {
            StopReason stop = board.core().run(Long.MAX_VALUE, board.core().nowPicos() + SLICE);
            assertThat(stop).as("reference run (console: %s)", console).isInstanceOf(StopReason.TimeLimit.class);
            assertThat(board.core().nowPicos()).as("reference within 20 s of virtual time").isLessThan(20_000 * SLICE);
        }

        void runUntilConsole(String text, int maxSlices) {
            for (int i = 0; i < maxSlices && console.indexOf(text) < 0; i++) step();
            assertThat(console.toString()).contains(text);
        }

        void runUntilLines(int lines) {
            while (lineChanges.size() < lines) step();
        }

        /** Runs until {@code memory} has had {@code n} changes, or for 100 ms of virtual time without one. */
        void runUntilChangesOrIdle(String memory, int n) {
            for (int idle = 0; memories.get(memory).changes.size() < n && idle < 100; idle++) {
                int before = memories.get(memory).changes.size();
                step();
                if (memories.get(memory).changes.size() > before) idle = 0;
            }
        }

        /** Runs until {@code memory} has had {@code n} changes (the child got that far: so must the reference). */
        void runUntilChanges(String memory, int n) {
            while (memories.get(memory).changes.size() < n) step();
        }
    }
}
